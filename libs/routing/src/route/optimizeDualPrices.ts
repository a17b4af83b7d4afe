import { indexMarket, type MarketIndex } from '../market/marketIndex';
import { tokenKey } from '../market/tokenKey';
import type { Market, QuoteRequest } from '../types';
import type { BoundOptions, DualPrices } from './dualPrices';
import { baseStates, type FState, fMarginal } from './floatSim';
import { venueArbitrage, venueTokens } from './venueArbitrage';

export type OptimizeDualOptions = BoundOptions & {
  /** Sweeps over all blocks at most. Default 40. */
  sweeps?: number;
};

// Each block's price factor is searched within e^-WINDOW .. e^WINDOW per sweep.
const WINDOW = 0.02;
// A sweep that lowers the bound by less than this share of nu_A * X ends the search (1e-5 bp).
const TOLERANCE = 1e-9;

/**
 * Lowers the dual bound nu_A * X + sum of venue arbitrage values (convex in nu) by block coordinate descent.
 * Blocks: all free tokens at once, and each token with everything priced through it (its subtree in the tree
 * linking each token to the neighbour that values it most). Scaling a block leaves the venues inside it
 * unchanged, so a chain of tokens joined by deep pools moves as one across the pools' fee bands, which
 * single-token moves cannot do (each is pinned by the deep pool next to it). Each move finds the best factor
 * by regula falsi on the bound's derivative, kept where no uncapped bridge prices a profit. The result is just
 * another nu >= 0, so any bound computed from it is certified whatever the search did, and it is never above
 * the bound at the starting prices.
 */
export function optimizeDualPrices(
  market: Market,
  request: QuoteRequest,
  prices: DualPrices,
  options: OptimizeDualOptions = {},
): DualPrices {
  const index = indexMarket(market);
  const base = baseStates(index);
  const withBridges = options.bridges !== false;
  const linear = options.bridgeRates;
  const n = index.tokens.length;
  const nu = new Float64Array(n);
  index.tokens.forEach((t, k) => (nu[k] = prices[tokenKey(t.chainId, t.address)] ?? 0));
  const sell = index.tokenIdx.get(tokenKey(request.sourceChainId, request.sellToken))!;
  const buy = index.tokenIdx.get(tokenKey(request.destinationChainId, request.buyToken))!;
  const X = Number(request.sellAmount);
  const tokensOf = venueTokens(index);
  const venuesOf: number[][] = index.tokens.map(() => []);
  tokensOf.forEach((ts, vi) => ts.forEach((k) => venuesOf[k].push(vi)));
  const bridgeRate = (vi: number) => {
    const b = index.venues[vi].bridge!;
    return linear?.[b.id] ?? 1 - b.feeBps / 1e4;
  };
  const get = (k: number) => nu[k];
  const free = (k: number) => k !== buy && nu[k] > 0 && Number.isFinite(nu[k]);
  const uncapped = withBridges
    ? index.venues.flatMap((v, vi) => (v.bridge && v.bridge.capacity === undefined ? [vi] : []))
    : [];

  /** Scaling both ends of an uncapped bridge can round its zero gain up to a profit: nudge those back. */
  const settleBridges = () => {
    for (let round = 0; round < 64; round++) {
      let changed = false;
      for (const vi of uncapped) {
        const [from, to] = tokensOf[vi];
        const r = bridgeRate(vi);
        if (nu[to] * r <= nu[from]) continue;
        if (free(from)) nu[from] = nu[to] * r * (1 + 1e-15);
        else nu[to] = (nu[from] / r) * (1 - 1e-15);
        changed = true;
      }
      if (!changed) return;
    }
  };

  const inS = new Uint8Array(n);
  const grad = new Float64Array(n);
  /**
   * Bound terms that change when block S is scaled by e^t, and their derivative in t: the sold amount, the
   * venues on the block's boundary, and the venues inside it, whose arbitrage value (`inside` at t = 0)
   * scales with the block since the value is homogeneous of degree one in the prices.
   */
  const local = (
    S: number[],
    boundary: number[],
    inside: number,
    t: number,
    saved: Float64Array,
  ): { f: number; d: number } => {
    const c = Math.exp(t);
    for (let i = 0; i < S.length; i++) {
      nu[S[i]] = saved[i] * c;
      grad[S[i]] = 0;
    }
    let f = (inS[sell] ? nu[sell] * X : 0) + inside * c;
    if (inS[sell]) grad[sell] = X;
    for (const vi of boundary) f += venueArbitrage(index, base, vi, get, withBridges, linear, grad);
    let d = inside * c;
    for (const k of S) d += nu[k] * grad[k];
    return { f, d };
  };

  /** Best factor e^t for block S by regula falsi (Illinois) on the derivative, which grows with t. */
  const moveBlock = (S: number[]): number => {
    for (const x of S) inS[x] = 1;
    const seen = new Set<number>();
    const boundary: number[] = [];
    let inside = 0;
    for (const x of S)
      for (const vi of venuesOf[x])
        if (!seen.has(vi)) {
          seen.add(vi);
          if (tokensOf[vi].some((k) => !inS[k])) boundary.push(vi);
          else inside += venueArbitrage(index, base, vi, get, withBridges, linear);
        }
    // Uncapped bridges across the boundary bound the factor from one side.
    let lo = -WINDOW;
    let hi = WINDOW;
    for (const vi of boundary) {
      const bridge = index.venues[vi].bridge;
      if (!withBridges || !bridge || bridge.capacity !== undefined) continue;
      const [from, to] = tokensOf[vi];
      const r = bridgeRate(vi);
      if (inS[from] && !inS[to] && nu[to] > 0) lo = Math.max(lo, Math.log((r * nu[to]) / nu[from]) * (1 - 1e-12));
      if (!inS[from] && inS[to] && r > 0) hi = Math.min(hi, Math.log(nu[from] / (r * nu[to])) * (1 - 1e-12));
    }
    const saved = Float64Array.from(S, (x) => nu[x]);
    const at0 = local(S, boundary, inside, 0, saved);
    let best = { t: 0, f: at0.f };
    // With no arbitrage on its boundary and no sold amount inside, scaling a block cannot lower the bound.
    if (Number.isFinite(at0.f) && (at0.f > 0 || inS[sell]) && at0.d !== 0) {
      let a = 0;
      let da = at0.d;
      let b = da > 0 ? Math.min(0, lo) : Math.max(0, hi);
      let r = local(S, boundary, inside, b, saved);
      if (Number.isFinite(r.f) && r.f < best.f) best = { t: b, f: r.f };
      let db = r.d;
      if (Number.isFinite(r.f) && Math.sign(db) !== Math.sign(da)) {
        let side = 0;
        for (let it = 0; it < 40 && Math.abs(b - a) > 1e-13; it++) {
          const t = (a * db - b * da) / (db - da);
          r = local(S, boundary, inside, t, saved);
          if (!Number.isFinite(r.f)) break;
          if (r.f < best.f) best = { t, f: r.f };
          if (r.d === 0) break;
          if (Math.sign(r.d) === Math.sign(db)) {
            b = t;
            db = r.d;
            if (side === -1) da /= 2;
            side = -1;
          } else {
            a = t;
            da = r.d;
            if (side === 1) db /= 2;
            side = 1;
          }
        }
      }
    }
    const c = Math.exp(best.t);
    S.forEach((x, i) => (nu[x] = saved[i] * c));
    for (const x of S) inS[x] = 0;
    if (best.t !== 0) settleBridges();
    return at0.f - best.f;
  };

  for (let sweep = 0; sweep < (options.sweeps ?? 40); sweep++) {
    const children = parentTree(index, base, nu, buy, withBridges, bridgeRate);
    // Every free token at once is a block too: it moves all prices against the buy token's own pools.
    const blocks: number[][] = [index.tokens.map((_, k) => k).filter(free)];
    for (let k = 0; k < n; k++) if (free(k)) blocks.push(...blocksOf(k, children, free));
    let gained = 0;
    for (const S of blocks) gained += moveBlock(S);
    if (!(gained > nu[sell] * X * TOLERANCE)) break;
  }
  const out: DualPrices = {};
  index.tokens.forEach((t, k) => (out[tokenKey(t.chainId, t.address)] = nu[k]));
  return out;
}

/** children[w]: tokens whose most valuable neighbour (spot rate x price) is w. */
function parentTree(
  index: MarketIndex,
  base: FState[],
  nu: Float64Array,
  buy: number,
  withBridges: boolean,
  bridgeRate: (vi: number) => number,
): number[][] {
  const children: number[][] = index.tokens.map(() => []);
  index.edgesFrom.forEach((edges, u) => {
    if (u === buy) return;
    let best = -1;
    let bv = 0;
    for (const e of edges) {
      if (e.kind === 'bridge' && !withBridges) continue;
      const v = (e.kind === 'bridge' ? bridgeRate(e.venue) : fMarginal(base[e.venue], e)) * nu[e.to];
      if (v > bv) {
        bv = v;
        best = e.to;
      }
    }
    if (best >= 0) children[best].push(u);
  });
  return children;
}

/** The blocks tried for token k: its subtree, and k alone when that differs. */
function blocksOf(k: number, children: number[][], free: (k: number) => boolean): number[][] {
  const S = [k];
  const seen = new Set(S);
  for (let i = 0; i < S.length; i++)
    for (const c of children[S[i]])
      if (!seen.has(c) && free(c)) {
        seen.add(c);
        S.push(c);
      }
  return S.length > 1 ? [S, [k]] : [S];
}
