import { indexMarket, type MarketIndex } from '../market/marketIndex';
import { tokenKey } from '../market/tokenKey';
import type { Market, QuoteRequest } from '../types';
import type { BoundOptions, DualPrices } from './dualPrices';
import { baseStates, type FState, fMarginal } from './floatSim';
import { solveLinear } from './solveLinear';
import { venueArbitrage, venueTokens } from './venueArbitrage';

export type OptimizeDualOptions = BoundOptions & {
  /** Sweeps over all blocks at most. Default 40. */
  sweeps?: number;
  /** Damped Newton steps on all prices at once before the block sweeps. Default true. */
  newton?: boolean;
};

// Each block's price factor is searched within e^-WINDOW .. e^WINDOW per sweep.
const WINDOW = 0.02;
// A sweep that lowers the bound by less than this share of nu_A * X ends the search (1e-5 bp).
const TOLERANCE = 1e-9;

/**
 * Lowers the dual bound nu_A * X + sum of venue arbitrage values (convex in nu): damped Newton steps on all prices
 * (newtonPhase), then block coordinate descent.
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

  if (options.newton !== false)
    newtonPhase(index, base, nu, { sell, buy, X, withBridges, linear, uncapped, bridgeRate, settleBridges });
  settleBridges();
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

// Damped Newton is skipped on markets with more free tokens than this (a dense solve per step).
const NEWTON_MAX_TOKENS = 600;
const NEWTON_STEPS = 60;
// An uncapped bridge this close to pricing a profit ties its two tokens for the step.
const TIGHT = 1e-7;

type NewtonInput = {
  sell: number;
  buy: number;
  X: number;
  withBridges: boolean;
  linear: Record<string, number> | undefined;
  uncapped: number[];
  bridgeRate: (vi: number) => number;
  /** Moves prices back inside every uncapped bridge's no-profit band. */
  settleBridges: () => void;
};

/**
 * Damped Newton (Levenberg-Marquardt) on all prices at once, each step in relative units (nu_k * (1 + d)). Block
 * moves stall where many tokens pull on each other through deep pools; the Hessian, summed from each venue's
 * finite-difference block, moves them together. Tokens joined by an uncapped bridge at its no-profit edge move
 * as one (their ratio is a constraint there). Only steps that lower the bound are kept, so the result is never
 * above the start, and any nu >= 0 it ends at gives a certified bound.
 */
function newtonPhase(index: MarketIndex, base: FState[], nu: Float64Array, input: NewtonInput): void {
  const { sell, buy, X, withBridges, linear, uncapped, bridgeRate, settleBridges } = input;
  const n = index.tokens.length;
  const tokensOf = venueTokens(index);
  const get = (k: number) => nu[k];
  const value = (): number => {
    let f = nu[sell] * X;
    for (let vi = 0; vi < tokensOf.length; vi++) {
      f += venueArbitrage(index, base, vi, get, withBridges, linear);
      if (f === Infinity) return f;
    }
    return f;
  };
  let f = value();
  if (!Number.isFinite(f)) return;
  let lambda = 1e-3;
  const grad = new Float64Array(n);
  const local = new Float64Array(n);
  const group = new Int32Array(n);
  for (let step = 0; step < NEWTON_STEPS; step++) {
    // Groups: union-find over tight uncapped bridges; the buy token's group and unpriced tokens stay fixed.
    const parent = Int32Array.from({ length: n }, (_, k) => k);
    const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k])));
    for (const vi of uncapped) {
      const [from, to] = tokensOf[vi];
      if (nu[from] > 0 && bridgeRate(vi) * nu[to] >= nu[from] * (1 - TIGHT)) parent[find(from)] = find(to);
    }
    const fixedRoot = find(buy);
    const roots = new Map<number, number>();
    for (let k = 0; k < n; k++) {
      const r = find(k);
      if (r === fixedRoot || !(nu[k] > 0) || !Number.isFinite(nu[k])) group[k] = -1;
      else {
        if (!roots.has(r)) roots.set(r, roots.size);
        group[k] = roots.get(r)!;
      }
    }
    // A group with an unpriced member cannot scale (0 * anything): fix it.
    for (let k = 0; k < n; k++) if (!(nu[k] > 0) && find(k) !== fixedRoot && roots.has(find(k))) roots.delete(find(k));
    for (let k = 0; k < n; k++) if (group[k] >= 0 && !roots.has(find(k))) group[k] = -1;
    const ids = new Map<number, number>();
    for (let k = 0; k < n; k++)
      if (group[k] >= 0) group[k] = ids.get(find(k)) ?? ids.set(find(k), ids.size).get(find(k))!;
    const m = ids.size;
    if (m === 0 || m > NEWTON_MAX_TOKENS) return;
    const H = Array.from({ length: m }, () => new Float64Array(m));
    const g = new Float64Array(m);
    grad.fill(0);
    grad[sell] += X;
    for (let vi = 0; vi < tokensOf.length; vi++) {
      const ts = tokensOf[vi];
      for (const k of ts) local[k] = 0;
      if (!(venueArbitrage(index, base, vi, get, withBridges, linear, local) > 0)) continue;
      for (const k of ts) grad[k] += local[k];
      // Column t of the venue's Hessian by a forward difference of its gradient in nu_t; entries in units of nu.
      const g0 = ts.map((k) => local[k]);
      for (const t of ts) {
        const gt = group[t];
        if (gt < 0) continue;
        const saved = nu[t];
        const h = saved * 1e-7;
        nu[t] = saved + h;
        for (const k of ts) local[k] = 0;
        venueArbitrage(index, base, vi, get, withBridges, linear, local);
        nu[t] = saved;
        ts.forEach((k, a) => {
          const gk = group[k];
          if (gk >= 0) H[gk][gt] += ((local[k] - g0[a]) / h) * nu[k] * saved;
        });
      }
    }
    let gnorm = 0;
    for (let k = 0; k < n; k++) if (group[k] >= 0) g[group[k]] += grad[k] * nu[k];
    for (let a = 0; a < m; a++) gnorm += Math.abs(g[a]);
    if (!(gnorm > 0)) return;
    // Damping floor: a group with no curvature (only linear venues) still takes bounded steps.
    let maxDiag = 0;
    for (let a = 0; a < m; a++) maxDiag = Math.max(maxDiag, Math.abs(H[a][a]));
    const floor = maxDiag * 1e-4 + 1e-12 * gnorm;
    const start = Float64Array.from(nu);
    let accepted = false;
    for (let tries = 0; tries < 12 && !accepted; tries++) {
      const A = H.map((row, a) => {
        const r = Array.from(row);
        // Symmetrised (finite differences are not exactly symmetric) and damped towards a scaled gradient step.
        for (let b = 0; b < m; b++) r[b] = (row[b] + H[b][a]) / 2;
        r[a] += lambda * Math.max(Math.abs(row[a]), floor);
        r.push(-g[a]);
        return r;
      });
      const d = solveLinear(A);
      if (!d) {
        lambda *= 10;
        continue;
      }
      // Prices stay positive: a step may shrink a price by at most 90 %.
      for (let k = 0; k < n; k++) if (group[k] >= 0) nu[k] = start[k] * Math.max(0.1, 1 + d[group[k]]);
      settleBridges();
      const next = value();
      if (next < f) {
        const gain = f - next;
        f = next;
        accepted = true;
        lambda = Math.max(lambda / 4, 1e-9);
        if (gain <= nu[sell] * X * TOLERANCE) return;
      } else {
        nu.set(start);
        lambda *= 8;
      }
    }
    if (!accepted) return;
  }
}
