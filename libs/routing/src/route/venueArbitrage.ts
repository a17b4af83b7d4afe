import { type Edge, type MarketIndex } from '../market/marketIndex';
import { tokenKey } from '../market/tokenKey';
import { type FCl, type FState, type FSt, fMarginal } from './floatSim';

/**
 * Arbitrage value of one venue (pre-trade state) at prices nu: the most value, at nu, that any trade against it
 * can make; flat bridge fees excluded. Infinity for an uncapped bridge priced at a profit.
 * When `grad` is given, adds d(value)/d(nu_k) to grad[k]: by the envelope theorem, the optimal trade's
 * output of token k minus its input of token k.
 */
export function venueArbitrage(
  index: MarketIndex,
  base: FState[],
  vi: number,
  nu: (k: number) => number,
  withBridges: boolean,
  linear: Record<string, number> | undefined,
  grad?: Float64Array,
): number {
  const v = index.venues[vi];
  const s = base[vi];
  const tokens = venueTokens(index)[vi];
  if (v.bridge) {
    if (!withBridges) return 0;
    const [from, to] = tokens;
    const rate = linear?.[v.bridge.id] ?? 1 - v.bridge.feeBps / 1e4;
    const gain = nu(to) * rate - nu(from);
    if (gain <= 0) return 0;
    if (v.bridge.capacity === undefined) return Infinity;
    const cap = Number(v.bridge.capacity);
    if (grad) {
      grad[from] -= cap;
      grad[to] += cap * rate;
    }
    return gain * cap;
  }
  const p = v.pool;
  if (p.kind === 'stableSwap') {
    const coins = tokens;
    // Summed over every ordered pair: a route may exchange several pairs against one pool.
    let sum = 0;
    for (let i = 0; i < coins.length; i++)
      for (let j = 0; j < coins.length; j++) {
        if (i === j) continue;
        const r = stableArb(s as FSt, i, j, nu(coins[i]), nu(coins[j]));
        if (r.value <= 0) continue;
        sum += r.value;
        if (grad) {
          grad[coins[i]] -= r.dx;
          grad[coins[j]] += r.dy;
        }
      }
    return sum;
  }
  const [t0, t1] = tokens;
  const n0 = nu(t0);
  const n1 = nu(t1);
  let a: Arb;
  let b: Arb;
  if (s.k === 0) {
    a = cpArb(s.r0, s.r1, s.g, n0, n1);
    b = cpArb(s.r1, s.r0, s.g, n1, n0);
  } else if (s.k === 1) {
    a = clArb(s, true, n0, n1);
    b = clArb(s, false, n1, n0);
  } else return 0;
  // Selling token0 and selling token1 cannot both pay at the same prices; take the one that does.
  if (b.value > a.value) {
    if (grad) {
      grad[t1] -= b.dx;
      grad[t0] += b.dy;
    }
    return b.value;
  }
  if (grad) {
    grad[t0] -= a.dx;
    grad[t1] += a.dy;
  }
  return a.value;
}

const tokensCache = new WeakMap<MarketIndex, number[][]>();
/** Token indexes of each venue: a pool's coins in order, a bridge's [from, to]. */
export function venueTokens(index: MarketIndex): number[][] {
  let hit = tokensCache.get(index);
  if (!hit) {
    hit = index.venues.map((v) => {
      if (v.bridge)
        return [
          index.tokenIdx.get(tokenKey(v.bridge.fromChainId, v.bridge.tokenIn))!,
          index.tokenIdx.get(tokenKey(v.bridge.toChainId, v.bridge.tokenOut))!,
        ];
      const p = v.pool;
      return (p.kind === 'stableSwap' ? p.tokens : [p.token0, p.token1]).map((a) =>
        index.tokenIdx.get(tokenKey(p.chainId, a))!,
      );
    });
    tokensCache.set(index, hit);
  }
  return hit;
}

type Arb = { value: number; dx: number; dy: number };
const NONE: Arb = { value: 0, dx: 0, dy: 0 };

/** Best profit selling token "in" into a constant product pool at prices nIn, nOut (closed form). */
function cpArb(rin: number, rout: number, g: number, nIn: number, nOut: number): Arb {
  if (nOut <= 0 || g * rout * nOut <= rin * nIn) return NONE;
  if (nIn === 0) return { value: nOut * rout, dx: Infinity, dy: rout };
  // Closed form rin * nIn/g * (u-1)^2 with u = sqrt(g rout nOut / (rin nIn)): no cancellation near equilibrium.
  const u = Math.sqrt((g * rout * nOut) / (rin * nIn));
  return { value: ((rin * nIn) / g) * (u - 1) * (u - 1), dx: (rin * (u - 1)) / g, dy: (rout * (u - 1)) / u };
}

/** Walks the ranges of a V3 pool until its fee-adjusted price reaches the dual price ratio. */
function clArb(s: FCl, zeroForOne: boolean, nIn: number, nOut: number): Arb {
  const { sqrtAt, liqAbove } = s.t;
  let value = 0;
  let dx = 0;
  let dy = 0;
  let sp = s.sp;
  let i = s.idx;
  if (nOut <= 0) return NONE;
  if (zeroForOne) {
    const target = Math.sqrt(nIn / (nOut * s.g));
    while (sp > target && i >= 0) {
      const lower = Math.max(sqrtAt[i], target);
      const l = liqAbove[i];
      // Factored so that the difference of two nearly equal values is never formed.
      value += l * (sp - lower) * (nOut - nIn / (s.g * lower * sp));
      dy += l * (sp - lower);
      dx += (l * (sp - lower)) / (s.g * lower * sp);
      sp = lower;
      if (lower === sqrtAt[i]) i--;
    }
  } else {
    const target = nIn === 0 ? Infinity : Math.sqrt((s.g * nOut) / nIn);
    while (sp < target && i + 1 < sqrtAt.length) {
      const upper = Math.min(sqrtAt[i + 1], target);
      const l = i >= 0 ? liqAbove[i] : 0;
      value += l * (upper - sp) * (nOut / (sp * upper) - nIn / s.g);
      dy += (l * (upper - sp)) / (sp * upper);
      dx += (l * (upper - sp)) / s.g;
      sp = upper;
      if (upper === sqrtAt[i + 1]) i++;
    }
  }
  return value > 0 ? { value, dx, dy } : NONE;
}

/** Best single exchange i -> j against a StableSwap pool at prices nIn, nOut (bisection on the marginal). */
function stableArb(s: FSt, i: number, j: number, nIn: number, nOut: number): Arb {
  const e = { i, j } as Edge;
  if (nOut <= 0 || fMarginal(s, e) * nOut <= nIn) return NONE;
  const ratio = nIn / nOut;
  const n = s.xp.length;
  const xp = s.xp.slice();
  // Marginal rate (fee included) and output after selling dx of coin i; xp holds the post-trade balances.
  const at = (dx: number) => {
    xp[i] = s.xp[i] + dx * s.mul[i];
    xp[j] = stableYf(s, i, j, xp[i]);
    let dP = s.d;
    for (let k = 0; k < n; k++) dP = (dP * s.d) / (xp[k] * n);
    const m = (((s.ann + dP / xp[i]) / (s.ann + dP / xp[j])) * (1 - s.fee) * s.mul[i]) / s.mul[j];
    return { m, dy: ((s.xp[j] - xp[j]) * (1 - s.fee)) / s.mul[j] };
  };
  // Bracket from a small trade upwards, then regula falsi (Illinois) on the marginal to a relative 1e-12:
  // the value is flat at its maximum, so the shortfall is of order 1e-24 of it, far inside the bound's slack.
  let hi = (s.xp[i] / s.mul[i]) * 1e-6;
  let lo = 0;
  let fLo = fMarginal(s, e) - ratio;
  let fHi = at(hi).m - ratio;
  for (let k = 0; k < 200 && fHi > 0; k++) {
    [lo, fLo] = [hi, fHi];
    hi *= 4;
    fHi = at(hi).m - ratio;
  }
  let side = 0;
  let p = hi;
  let fp = fHi;
  for (let k = 0; k < 100 && hi - lo > hi * 1e-12; k++) {
    p = Math.min(Math.max((lo * fHi - hi * fLo) / (fHi - fLo), lo + (hi - lo) * 1e-3), hi - (hi - lo) * 1e-3);
    fp = at(p).m - ratio;
    if (fp > 0) {
      [lo, fLo] = [p, fp];
      if (side === 1) fHi /= 2;
      side = 1;
    } else {
      [hi, fHi] = [p, fp];
      if (side === -1) fLo /= 2;
      side = -1;
    }
    if (Math.abs(fp) <= ratio * 1e-14) break;
  }
  // The value is concave in dx with slope nOut * (marginal - ratio), and its maximum lies in [lo, hi]:
  // the tangent at p over the bracket bounds it from above, so the bound stays certified.
  const dy = at(p).dy;
  const value = nOut * dy - nIn * p + nOut * Math.abs(fp) * (hi - lo);
  return value > 0 ? { value, dx: p, dy } : NONE;
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
  // Newton from the pre-trade balance: above the answer (selling i lowers j), so it converges monotonically.
  let y = Math.min(s.xp[j], d);
  for (let it = 0; it < 200; it++) {
    const prev = y;
    y = (y * y + c) / (2 * y + b - d);
    if (Math.abs(y - prev) <= y * 1e-16) break;
  }
  return y;
}
