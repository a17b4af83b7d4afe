import { type MarketIndex, indexMarket } from '../market/marketIndex';
import { tokenKey } from '../market/tokenKey';
import type { Market, QuoteRequest, Route } from '../types';
import { type ExactStates, exactLeg } from './evaluate';
import { baseStates, type FState, fMarginal, floatFromExact } from './floatSim';
import type { BoundOptions, DualPrices } from './dualPrices';
import { optimizeDualPrices } from './optimizeDualPrices';
import { venueArbitrage } from './venueArbitrage';

export type { BoundOptions, DualPrices };

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
    bound += venueArbitrage(index, base, vi, nu, withBridges, linear);
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
  return bellmanFordPrices(
    index,
    mode === 'pre' ? base : post,
    buy,
    options.bridges !== false,
    options.rounds ?? 64,
    options.bridgeRates,
    mode === 'min' ? base : undefined,
  );
}

/**
 * Tightest certified bound we derive for a route's request, with duals read off the route's final state;
 * options.optimize then lowers it further by Newton steps and block coordinate descent on the prices (optimizeDualPrices:
 * slower, for benchmarks and tests).
 * Same-chain requests split on whether any bridge is used: without bridges the bridge-free bound holds;
 * with one, the all-venue bound minus the smallest flat fee holds; the larger of the two covers every route.
 */
export function dualBoundForRoute(market: Market, route: Route, options: { optimize?: boolean } = {}): bigint {
  const request = route.request;
  // Every nu >= 0 gives a valid bound, so take the best of a few: rates capped at pre-trade values (tight and
  // cycle-free), pre-trade rates (tight for small orders) and raw post-trade rates.
  const best = (bridges: boolean) => {
    let min: bigint | null = null;
    let start: DualPrices | null = null;
    for (const rates of ['min', 'pre', 'post'] as const) {
      const nu = dualPricesAfterRoute(market, route, request, { bridges, rates });
      let b = dualUpperBound(market, request, nu, { bridges });
      if (bridges && request.sourceChainId === request.destinationChainId) b -= flatFeeFloor(market, request, nu);
      if (min === null || b < min) [min, start] = [b, nu];
    }
    return { bound: min!, start: start! };
  };
  const all = best(true).bound;
  // Flat fees, linearised: no single transfer can carry more than the trader could ever hold, at most
  // H / nu_in with H the bound on holdings at prices nu, so out <= (g - fee * nu_in / H) * in on every bridge.
  let linear = all;
  let start: { nu: DualPrices; bridgeRates: Record<string, number> } | null = null;
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
    if (b < linear || !start) start = { nu: nu2, bridgeRates };
    if (b < linear) linear = b;
  }
  if (options.optimize && start) {
    const nu = optimizeDualPrices(market, request, start.nu, { bridgeRates: start.bridgeRates });
    const b = dualUpperBound(market, request, nu, { bridgeRates: start.bridgeRates });
    if (b < linear) linear = b;
  }
  if (request.sourceChainId !== request.destinationChainId) return linear;
  const free = best(false);
  let noBridge = free.bound;
  if (options.optimize) {
    const b = dualUpperBound(market, request, optimizeDualPrices(market, request, free.start, { bridges: false }), {
      bridges: false,
    });
    if (b < noBridge) noBridge = b;
  }
  return noBridge > linear ? noBridge : linear;
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
