import { type Edge, type MarketIndex, indexMarket } from '../market/marketIndex';
import { tokenKey } from '../market/tokenKey';
import type { Market, QuoteRequest, Route } from '../types';
import { type ExactStates, exactLeg } from './evaluate';
import { baseStates, type FCl, type FState, type FSt, fMarginal, floatFromExact } from './floatSim';

/**
 * bridges: false = the bound only for routes without bridges. bridgeRates: per bridge id, a rate r with
 * out <= r * in for every single transfer the route can make (flat fee folded in); then no flat fee is subtracted.
 */
export type BoundOptions = { bridges?: boolean; bridgeRates?: Record<string, number> };

/** Dual prices: value of one raw unit of each token (key "chainId:address") in raw units of the buy token. */
export type DualPrices = Record<string, number>;

// Relative slack for float rounding in the bound (0.00001 bp): far below any quality threshold we report.
const SLACK = 1e-9;

/**
 * Certified upper bound on the output of any route (any paths, hops, splits) for the request:
 * out <= nu_A * X + sum over venues of their arbitrage value at prices nu (weak duality, nu_B = 1, nu >= 0).
 * With options.bridges === false the bound only holds for routes that use no bridge.
 * Bridge arbitrage is valued without flat fees, except that a cross-chain route pays at least the flat fee
 * of some bridge leaving the source chain and of some bridge entering the destination chain (valued at nu).
 */
export function dualUpperBound(
  market: Market,
  request: QuoteRequest,
  prices: DualPrices,
  options: BoundOptions = {},
): bigint {
  const withBridges = options.bridges !== false;
  const linear = options.bridgeRates;
  const index = indexMarket(market);
  const base = baseStates(index);
  const nu = (k: number) => {
    const t = index.tokens[k];
    const v = prices[tokenKey(t.chainId, t.address)] ?? 0;
    if (!(v >= 0)) throw new Error(`dual price for ${t.symbol} on ${t.chainId} must be >= 0`);
    return v;
  };
  const buyKey = tokenKey(request.destinationChainId, request.buyToken);
  if (prices[buyKey] !== 1) throw new Error('dual price of the buy token must be 1');
  let minFrom = Infinity;
  let minInto = Infinity;
  let bound = (prices[tokenKey(request.sourceChainId, request.sellToken)] ?? 0) * Number(request.sellAmount);
  index.venues.forEach((v, vi) => {
    bound += venueArb(index, base, vi, nu, withBridges, linear);
    const b = v.bridge;
    if (!b || !withBridges) return;
    // A cross-chain route leaves the source chain and enters the destination chain over some bridge.
    const out = nu(index.tokenIdx.get(tokenKey(b.toChainId, b.tokenOut))!);
    if (out > 0 && b.fromChainId === request.sourceChainId) minFrom = Math.min(minFrom, out * Number(b.fixedFee));
    if (out > 0 && b.toChainId === request.destinationChainId) minInto = Math.min(minInto, out * Number(b.fixedFee));
  });
  // Between two chains some bridge carrying value towards the buy token must be used, and it charges its flat fee.
  const minFixed = Math.max(minFrom === Infinity ? 0 : minFrom, minInto === Infinity ? 0 : minInto);
  if (withBridges && !linear && request.sourceChainId !== request.destinationChainId) bound -= minFixed;
  if (!Number.isFinite(bound)) throw new Error('dual bound is infinite at these prices');
  return BigInt(Math.ceil(bound * (1 + SLACK))) + 1n;
}

/** Arbitrage value of one venue (pre-trade state) at prices nu; flat bridge fees excluded. */
function venueArb(
  index: MarketIndex,
  base: FState[],
  vi: number,
  nu: (k: number) => number,
  withBridges: boolean,
  linear: Record<string, number> | undefined,
): number {
  const v = index.venues[vi];
  const s = base[vi];
  if (v.bridge) {
    if (!withBridges) return 0;
    const from = index.tokenIdx.get(tokenKey(v.bridge.fromChainId, v.bridge.tokenIn))!;
    const to = index.tokenIdx.get(tokenKey(v.bridge.toChainId, v.bridge.tokenOut))!;
    const gain = nu(to) * (linear?.[v.bridge.id] ?? 1 - v.bridge.feeBps / 1e4) - nu(from);
    if (gain <= 0) return 0;
    return v.bridge.capacity === undefined ? Infinity : gain * Number(v.bridge.capacity);
  }
  const p = v.pool;
  if (p.kind === 'stableSwap') {
    const coins = p.tokens.map((a) => index.tokenIdx.get(tokenKey(p.chainId, a))!);
    let sum = 0;
    for (let i = 0; i < coins.length; i++)
      for (let j = 0; j < coins.length; j++) if (i !== j) sum += stableArb(s as FSt, i, j, nu(coins[i]), nu(coins[j]));
    return sum;
  }
  const n0 = nu(index.tokenIdx.get(tokenKey(p.chainId, p.token0))!);
  const n1 = nu(index.tokenIdx.get(tokenKey(p.chainId, p.token1))!);
  if (s.k === 0) return Math.max(cpArb(s.r0, s.r1, s.g, n0, n1), cpArb(s.r1, s.r0, s.g, n1, n0));
  if (s.k === 1) return Math.max(clArb(s, true, n0, n1), clArb(s, false, n1, n0));
  return 0;
}

/**
 * Lowers the bound by coordinate descent on the dual prices (the bound is convex in nu): each listed token's
 * price is moved, others fixed, by golden-section search in a +-2% window. Any result is still a valid nu.
 */
export function refineDualPrices(
  market: Market,
  request: QuoteRequest,
  prices: DualPrices,
  tokens: Array<{ chainId: number; address: string }>,
  options: BoundOptions & { sweeps?: number } = {},
): DualPrices {
  const index = indexMarket(market);
  const base = baseStates(index);
  const nu = new Float64Array(index.tokens.length);
  index.tokens.forEach((t, k) => (nu[k] = prices[tokenKey(t.chainId, t.address)] ?? 0));
  const sell = index.tokenIdx.get(tokenKey(request.sourceChainId, request.sellToken))!;
  const buy = index.tokenIdx.get(tokenKey(request.destinationChainId, request.buyToken))!;
  const venuesOf = venuesByToken(index);
  const withBridges = options.bridges !== false;
  const X = Number(request.sellAmount);
  const get = (k: number) => nu[k];
  const local = (k: number, value: number) => {
    nu[k] = value;
    let f = k === sell ? value * X : 0;
    for (const v of venuesOf[k]) f += venueArb(index, base, v, get, withBridges, options.bridgeRates);
    return f;
  };
  const ids = [...new Set(tokens.map((t) => index.tokenIdx.get(tokenKey(t.chainId, t.address))).filter((k) => k !== undefined && k !== buy))] as number[];
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let sweep = 0; sweep < (options.sweeps ?? 2); sweep++)
    for (const k of ids) {
      const start = nu[k];
      if (!(start > 0)) continue;
      const f0 = local(k, start);
      let a = Math.log(start) - 0.02;
      let b = Math.log(start) + 0.02;
      let c = b - phi * (b - a);
      let d = a + phi * (b - a);
      let fc = local(k, Math.exp(c));
      let fd = local(k, Math.exp(d));
      for (let it = 0; it < 30; it++) {
        if (fc < fd) {
          b = d;
          d = c;
          fd = fc;
          c = b - phi * (b - a);
          fc = local(k, Math.exp(c));
        } else {
          a = c;
          c = d;
          fc = fd;
          d = a + phi * (b - a);
          fd = local(k, Math.exp(d));
        }
      }
      const best = fc < fd ? c : d;
      nu[k] = Math.min(fc, fd) < f0 ? Math.exp(best) : start;
    }
  const out: DualPrices = {};
  index.tokens.forEach((t, k) => (out[tokenKey(t.chainId, t.address)] = nu[k]));
  return out;
}

const venuesCache = new WeakMap<MarketIndex, number[][]>();
function venuesByToken(index: MarketIndex): number[][] {
  let hit = venuesCache.get(index);
  if (!hit) {
    const sets = index.tokens.map(() => new Set<number>());
    for (const edges of index.edgesFrom)
      for (const e of edges) {
        sets[e.from].add(e.venue);
        sets[e.to].add(e.venue);
      }
    hit = sets.map((x) => [...x]);
    venuesCache.set(index, hit);
  }
  return hit;
}

/** Best profit selling token "in" into a constant product pool at prices nIn, nOut (closed form). */
function cpArb(rin: number, rout: number, g: number, nIn: number, nOut: number): number {
  if (nOut <= 0 || g * rout * nOut <= rin * nIn) return 0;
  if (nIn === 0) return nOut * rout;
  // Closed form rin * nIn/g * (u-1)^2 with u = sqrt(g rout nOut / (rin nIn)): no cancellation near equilibrium.
  const u = Math.sqrt((g * rout * nOut) / (rin * nIn));
  return ((rin * nIn) / g) * (u - 1) * (u - 1);
}

/** Walks the ranges of a V3 pool until its fee-adjusted price reaches the dual price ratio. */
function clArb(s: FCl, zeroForOne: boolean, nIn: number, nOut: number): number {
  const { sqrtAt, liqAbove } = s.t;
  let value = 0;
  let sp = s.sp;
  let i = s.idx;
  if (nOut <= 0) return 0;
  if (zeroForOne) {
    const target = Math.sqrt(nIn / (nOut * s.g));
    while (sp > target && i >= 0) {
      const lower = Math.max(sqrtAt[i], target);
      const l = liqAbove[i];
      // Factored so that the difference of two nearly equal values is never formed.
      value += l * (sp - lower) * (nOut - nIn / (s.g * lower * sp));
      sp = lower;
      if (lower === sqrtAt[i]) i--;
    }
  } else {
    const target = nIn === 0 ? Infinity : Math.sqrt((s.g * nOut) / nIn);
    while (sp < target && i + 1 < sqrtAt.length) {
      const upper = Math.min(sqrtAt[i + 1], target);
      const l = i >= 0 ? liqAbove[i] : 0;
      value += l * (upper - sp) * (nOut / (sp * upper) - nIn / s.g);
      sp = upper;
      if (upper === sqrtAt[i + 1]) i++;
    }
  }
  return Math.max(0, value);
}

/** Best single exchange i -> j against a StableSwap pool at prices nIn, nOut (bisection on the marginal). */
function stableArb(s: FSt, i: number, j: number, nIn: number, nOut: number): number {
  const e = { i, j } as Edge;
  if (nOut <= 0 || fMarginal(s, e) * nOut <= nIn) return 0;
  const ratio = nIn / nOut;
  const at = (dx: number) => {
    const x = s.xp[i] + dx * s.mul[i];
    const xp = s.xp.slice();
    xp[i] = x;
    xp[j] = stableYf(s, i, j, x);
    const post: FSt = { ...s, xp, d: s.d };
    return { m: fMarginal(post, e), dy: ((s.xp[j] - xp[j]) * (1 - s.fee)) / s.mul[j] };
  };
  let lo = 0;
  let hi = s.xp[i] / s.mul[i];
  for (let k = 0; k < 80 && at(hi).m > ratio; k++) hi *= 2;
  for (let k = 0; k < 100; k++) {
    const mid = (lo + hi) / 2;
    if (at(mid).m > ratio) lo = mid;
    else hi = mid;
  }
  return Math.max(0, nOut * at(hi).dy - nIn * hi);
}

function stableYf(s: FSt, i: number, j: number, x: number): number {
  const n = s.xp.length;
  const d = s.d;
  let c = d;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    if (k === j) continue;
    const xk = k === i ? x : s.xp[k];
    sum += xk;
    c = (c * d) / (xk * n);
  }
  c = (c * d) / (s.ann * n);
  const b = sum + d / s.ann;
  let y = d;
  for (let it = 0; it < 200; it++) {
    const prev = y;
    y = (y * y + c) / (2 * y + b - d);
    if (Math.abs(y - prev) <= y * 1e-16) break;
  }
  return y;
}

/**
 * Dual prices read off the market after a route has traded: nu_k = best product of marginal rates from
 * token k to the buy token (Bellman-Ford). At an optimal route these are the optimal duals, so the bound is tight.
 */
export function dualPricesAfterRoute(
  market: Market,
  route: Route | null,
  request: QuoteRequest = route!.request,
  options: BoundOptions & { rounds?: number; rates?: 'post' | 'min' | 'pre' } = {},
): DualPrices {
  const index = indexMarket(market);
  const base = baseStates(index);
  const states: ExactStates = new Map();
  for (const p of route?.paths ?? [])
    for (const l of p.legs) {
      const from = index.tokenIdx.get(tokenKey(l.chainIdIn, l.tokenIn))!;
      const v = index.venueById.get(l.poolId)!;
      const e = index.edgesFrom[from].find((x) => x.venue === v && index.tokens[x.to].address === l.tokenOut)!;
      exactLeg(index, states, e, l.amountIn);
    }
  const post: FState[] = base.map((s, v) => (states.has(v) ? floatFromExact(s, states.get(v)) : s));
  const mode = options.rates ?? 'min';
  const buy = index.tokenIdx.get(tokenKey(request.destinationChainId, request.buyToken))!;
  return bellmanFordPrices(index, mode === 'pre' ? base : post, buy, options.bridges !== false, options.rounds ?? 64, options.bridgeRates, mode === 'min' ? base : undefined);
}

/**
 * Tightest certified bound we derive for a route's request (options.refine adds a slow coordinate-descent
 * pass on the prices), with duals read off the route's final state.
 * Same-chain requests split on whether any bridge is used: without bridges the bridge-free bound holds;
 * with one, the all-venue bound minus the smallest flat fee holds; the larger of the two covers every route.
 */
export function dualBoundForRoute(market: Market, route: Route, options: { refine?: boolean } = {}): bigint {
  const request = route.request;
  // Every nu >= 0 gives a valid bound, so take the best of a few: rates capped at pre-trade values (tight and
  // cycle-free), pre-trade rates (tight for small orders) and raw post-trade rates.
  const best = (bridges: boolean) => {
    let min: bigint | null = null;
    for (const rates of ['min', 'pre', 'post'] as const) {
      const nu = dualPricesAfterRoute(market, route, request, { bridges, rates });
      let b = dualUpperBound(market, request, nu, { bridges });
      if (bridges && request.sourceChainId === request.destinationChainId) b -= flatFeeFloor(market, request, nu);
      if (min === null || b < min) min = b;
    }
    return min!;
  };
  const all = best(true);
  // Flat fees, linearised: no single transfer can carry more than the trader could ever hold, at most
  // H / nu_in with H the bound on holdings at prices nu, so out <= (g - fee * nu_in / H) * in on every bridge.
  let linear = all;
  for (const rates of ['min', 'pre', 'post'] as const) {
    const nu = dualPricesAfterRoute(market, route, request, { rates });
    // Holdings bound at these very prices, flat fees not subtracted (they may not be paid yet mid-route).
    const holdings = Number(dualUpperBound(market, request, nu, { bridgeRates: {} }));
    const bridgeRates: Record<string, number> = {};
    for (const b of market.bridges) {
      const nuIn = nu[tokenKey(b.fromChainId, b.tokenIn)] ?? 0;
      bridgeRates[b.id] = Math.max(0, 1 - b.feeBps / 1e4 - (Number(b.fixedFee) * nuIn) / holdings);
    }
    const nu2 = dualPricesAfterRoute(market, route, request, { rates, bridgeRates });
    const b = dualUpperBound(market, request, nu2, { bridgeRates });
    if (b < linear) linear = b;
    if (rates === 'min' && options.refine) {
      const refined = refineDualPrices(market, request, nu2, refineSet(market, route, nu2), { bridgeRates });
      const b2 = dualUpperBound(market, request, refined, { bridgeRates });
      if (b2 < linear) linear = b2;
    }
  }
  if (request.sourceChainId !== request.destinationChainId) return linear;
  const noBridge = best(false);
  return noBridge > linear ? noBridge : linear;
}

/** Tokens worth re-pricing: those the route touches and those on the best marginal chains from them. */
function refineSet(market: Market, route: Route, nu: DualPrices): Array<{ chainId: number; address: string }> {
  const index = indexMarket(market);
  const base = baseStates(index);
  const seeds = new Set<number>([index.tokenIdx.get(tokenKey(route.request.sourceChainId, route.request.sellToken))!]);
  for (const p of route.paths)
    for (const l of p.legs) {
      seeds.add(index.tokenIdx.get(tokenKey(l.chainIdIn, l.tokenIn))!);
      seeds.add(index.tokenIdx.get(tokenKey(l.chainIdOut, l.tokenOut))!);
    }
  const out = new Set<number>(seeds);
  const price = (k: number) => nu[tokenKey(index.tokens[k].chainId, index.tokens[k].address)] ?? 0;
  for (const start of seeds) {
    let cur = start;
    for (let h = 0; h < 8; h++) {
      let best = -1;
      let bv = 0;
      for (const e of index.edgesFrom[cur]) {
        const v = fMarginal(base[e.venue], e) * price(e.to);
        if (v > bv) {
          bv = v;
          best = e.to;
        }
      }
      if (best < 0 || out.has(best)) break;
      out.add(best);
      cur = best;
    }
  }
  return [...out].map((k) => index.tokens[k]);
}

/** Smallest flat fee a route must pay once it uses any bridge (valued at nu), for same-chain requests. */
function flatFeeFloor(market: Market, request: QuoteRequest, nu: DualPrices): bigint {
  let minFixed = Infinity;
  for (const b of market.bridges) {
    const v = nu[tokenKey(b.toChainId, b.tokenOut)] ?? 0;
    if (v > 0) minFixed = Math.min(minFixed, v * Number(b.fixedFee));
  }
  return Number.isFinite(minFixed) ? BigInt(Math.floor(minFixed)) : 0n;
}

function bellmanFordPrices(
  index: MarketIndex,
  states: FState[],
  buy: number,
  withBridges: boolean,
  rounds: number,
  bridgeRates?: Record<string, number>,
  capStates?: FState[],
): DualPrices {
  const nu = new Float64Array(index.tokens.length);
  nu[buy] = 1;
  const edges = index.edgesFrom.flat().filter((e) => withBridges || e.kind !== 'bridge');
  // Capping each rate at its pre-trade value keeps an arbitrage-free market free of positive cycles, while the
  // arbitrage terms (valued on pre-trade states) stay zero in the direction the route did not trade.
  const rates = edges.map(
    (e) =>
      bridgeRates?.[index.venues[e.venue].bridge?.id ?? ''] ??
      Math.min(fMarginal(states[e.venue], e), capStates ? fMarginal(capStates[e.venue], e) : Infinity),
  );
  for (let round = 0; round < rounds; round++) {
    let changed = false;
    edges.forEach((e, k) => {
      if (e.from === buy) return;
      const v = rates[k] * nu[e.to];
      if (v > nu[e.from] * (1 + 1e-15)) {
        nu[e.from] = v;
        changed = true;
      }
    });
    if (!changed) break;
  }
  // A cycle left by a suboptimal route can price an uncapped bridge at a profit (infinite bound); clamp those.
  for (let round = 0; round < 16; round++) {
    let changed = false;
    edges.forEach((e, k) => {
      if (e.kind !== 'bridge' || index.venues[e.venue].bridge!.capacity !== undefined) return;
      if (rates[k] * nu[e.to] <= nu[e.from]) return;
      if (e.to === buy) nu[e.from] = rates[k] * nu[e.to];
      else nu[e.to] = nu[e.from] / rates[k];
      changed = true;
    });
    if (!changed) break;
  }
  const out: DualPrices = {};
  index.tokens.forEach((t, k) => (out[tokenKey(t.chainId, t.address)] = nu[k]));
  return out;
}

