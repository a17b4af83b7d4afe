// A primal flow over pools (issue 18): the sell amount allocated over a DAG of candidate pool edges, each token's
// holdings split among its out-edges, so paths that share a pool swap it once, at the pool's whole flow.
import type { Edge } from '../market/marketIndex';
import { tokenKey } from '../market/tokenKey';
import type { QuoteRequest, RoutePath } from '../types';
import { type ExactStates, exactLeg } from './evaluate';
import { fMarginal, fRateSlope, fSwap, fTradeDerivative, Sim } from './floatSim';
import { type Built, type Ctx, edgeGas, netOf } from './search';

/** Tuning knobs; exported for the benchmark and tests. */
export const FLOW_TUNING = {
  /** Newton rounds (a forward and a backward pass, then every token re-split) before the flow is taken as is. */
  iterations: 6,
  lineSearchTries: 6,
  /** Relative float gain of a round below which the flow counts as converged. */
  tolerance: 1e-7,
  /** Edges the flow optimises over; more cost a float swap each per pass. */
  maxEdges: 64,
  /** Gas pruning rounds: each drops every split edge whose surplus does not pay for its leg, then re-optimises. */
  pruneRounds: 1,
  /** Off: coldSearch runs no flow allocation (the plain splits only); for benchmarks and tests to compare. */
  enabled: true,
  /** Price impact of the best path from which the flow runs even where the best route's paths share no pool. */
  minImpact: 0.01,
};

/** A flow as evaluateFlow steps (one edge each, in topological order) with its exact result. */
export type Flow = Built & { steps: { edges: Edge[]; amountIn: bigint }[] };

/** The DAG: tokens in topological order (the sell token first), each token's out-edges, edges by tail order. */
type Dag = { order: number[]; edges: Edge[]; tail: Int32Array; head: Int32Array; first: Int32Array };

/**
 * Flow over the pool edges of the given candidate paths, warm-started from `start` (its legs' flow per edge):
 * Newton rounds that re-split each token's holdings among its out-edges to equalise marginal rate x the
 * downstream token's marginal value, gas-pruned, then rounded to integer draws token by token with exact math
 * (the steps evaluateFlow runs). Null when the exact math cannot fill it; the caller keeps whichever nets more.
 */
export function flowAllocate(
  ctx: Ctx,
  request: QuoteRequest,
  paths: ReadonlyArray<readonly Edge[]>,
  start: Built | null,
): Flow | null {
  const found = floatFlow(ctx, request, paths, start);
  return found && exactFlow(ctx, request, found.dag, found.shares);
}

/** The float part of flowAllocate: the DAG and each token's shares over its out-edges. */
function floatFlow(
  ctx: Ctx,
  request: QuoteRequest,
  paths: ReadonlyArray<readonly Edge[]>,
  start: Built | null,
): { dag: Dag; shares: Float64Array } | null {
  const X = Number(request.sellAmount);
  const warmEdges: Edge[] = [];
  const warm = start ? warmFlow(ctx, start, paths, warmEdges) : new Map<string, { input: number; weight: number }>();
  const dag = buildDag(ctx, [warmEdges, ...paths], warm);
  if (!dag) return null;
  const n = dag.edges.length;
  const gas = dag.edges.map((e) => edgeGas(ctx, [e]));
  // Float output less the gas of the legs used: what the rounds compare.
  const netOfPass = (p: Pass) => {
    let g = 0;
    for (let k = 0; k < n; k++) if (p.inputs[k] > 0) g += gas[k];
    return forward(ctx, dag, p.shares, X, false, true).total - g;
  };
  const dropped = new Uint8Array(n);
  let fw = forward(ctx, dag, initialShares(ctx, dag, warm, X), X, true);
  let best = { shares: fw.shares, net: netOfPass(fw) };
  for (let round = 0; round <= FLOW_TUNING.pruneRounds; round++) {
    fw = optimise(ctx, dag, X, dropped, fw);
    const net = netOfPass(fw);
    if (net > best.net) best = { shares: fw.shares, net };
    if (round === FLOW_TUNING.pruneRounds) break;
    // Gas: where a token splits, every edge whose surplus over what its input is worth there (the lowest used
    // edge's marginal) does not pay for its leg leaves the flow, one edge of each token kept.
    const { value } = backward(dag, fw);
    const floor = new Float64Array(dag.order.length).fill(Infinity);
    for (let k = 0; k < n; k++)
      if (fw.inputs[k] > 0) floor[dag.tail[k]] = Math.min(floor[dag.tail[k]], fw.rate[k] * value[dag.head[k]]);
    const used = new Int32Array(dag.order.length);
    for (let k = 0; k < n; k++) if (fw.inputs[k] > 0) used[dag.tail[k]]++;
    let pruned = false;
    for (let k = 0; k < n; k++) {
      const a = fw.inputs[k];
      if (!(a > 0) || !(gas[k] > 0) || used[dag.tail[k]] < 2) continue;
      if (value[dag.head[k]] * fw.outs[k] - floor[dag.tail[k]] * a < gas[k]) {
        dropped[k] = 1;
        used[dag.tail[k]]--;
        pruned = true;
      }
    }
    if (!pruned) break;
    fw = forward(ctx, dag, renormalise(dag, fw.shares, dropped), X, true);
  }
  return { dag, shares: best.shares };
}

const edgeKey = (e: Edge) => `${e.venue}.${e.i}.${e.j}`;

/**
 * The warm start from a route's legs, per edge (by edgeKey): its float input, and its weight, the sell amount of
 * the paths through it (comparable across tokens, where inputs are not).
 */
function warmFlow(
  ctx: Ctx,
  start: Built,
  paths: ReadonlyArray<readonly Edge[]>,
  edges: Edge[],
): Map<string, { input: number; weight: number }> {
  const { index } = ctx;
  const flow = new Map<string, { input: number; weight: number }>();
  // The route's edges are mostly among the candidates': found there, a hub's hundreds of edges are not scanned.
  const known = new Map<string, Edge>();
  for (const p of paths) for (const e of p) known.set(`${e.venue}.${e.from}.${e.to}`, e);
  for (const p of start.paths)
    for (const leg of p.legs) {
      const v = index.venueById.get(leg.poolId);
      const from = index.tokenIdx.get(tokenKey(leg.chainIdIn, leg.tokenIn));
      const to = index.tokenIdx.get(tokenKey(leg.chainIdOut, leg.tokenOut));
      if (v === undefined || from === undefined || to === undefined) continue;
      const e = known.get(`${v}.${from}.${to}`) ?? index.edgesFrom[from].find((x) => x.venue === v && x.to === to);
      if (!e) continue;
      const k = edgeKey(e);
      let w = flow.get(k);
      if (!w) {
        edges.push(e);
        flow.set(k, (w = { input: 0, weight: 0 }));
      }
      w.input += Number(leg.amountIn);
      w.weight += Number(p.amountIn);
    }
  return flow;
}

/**
 * The candidate edges as a DAG from the sell token: edges added heaviest warm flow first (then in the given
 * order), each unless it closes a cycle, so the start's flow keeps its edges; edges into the sell token or out of
 * the buy token, and tokens the sell token does not reach or that do not reach the buy token, are left out.
 * Null when fewer than two edges remain (no allocation to make).
 */
function buildDag(ctx: Ctx, paths: ReadonlyArray<readonly Edge[]>, warm: Map<string, { weight: number }>): Dag | null {
  const seen = new Set<string>();
  const all: Edge[] = [];
  for (const p of paths)
    for (const e of p) {
      const k = edgeKey(e);
      if (seen.has(k) || e.members || e.from === ctx.to || e.to === ctx.from || e.from === e.to) continue;
      if (all.length >= FLOW_TUNING.maxEdges && !warm.has(k)) continue;
      seen.add(k);
      all.push(e);
    }
  // A stable sort: edges without warm flow keep the given order (best paths first).
  const sorted = all
    .map((e, k) => ({ e, k, w: warm.get(edgeKey(e))?.weight ?? 0 }))
    .sort((x, y) => y.w - x.w || x.k - y.k)
    .map((x) => x.e);
  const outOf = new Map<number, Edge[]>();
  const reaches = (src: number, dst: number): boolean => {
    const stack = [src];
    const visited = new Set<number>([src]);
    while (stack.length) {
      const t = stack.pop()!;
      if (t === dst) return true;
      for (const e of outOf.get(t) ?? [])
        if (!visited.has(e.to)) {
          visited.add(e.to);
          stack.push(e.to);
        }
    }
    return false;
  };
  for (const e of sorted) {
    if (reaches(e.to, e.from)) continue;
    let l = outOf.get(e.from);
    if (!l) outOf.set(e.from, (l = []));
    l.push(e);
  }
  // Tokens on some sell -> buy walk: reached forwards from the sell token and backwards from the buy token.
  const fwd = new Set<number>([ctx.from]);
  const stack = [ctx.from];
  while (stack.length)
    for (const e of outOf.get(stack.pop()!) ?? [])
      if (!fwd.has(e.to)) {
        fwd.add(e.to);
        stack.push(e.to);
      }
  if (!fwd.has(ctx.to)) return null;
  const into = new Map<number, Edge[]>();
  for (const l of outOf.values())
    for (const e of l) {
      let m = into.get(e.to);
      if (!m) into.set(e.to, (m = []));
      m.push(e);
    }
  const back = new Set<number>([ctx.to]);
  stack.push(ctx.to);
  while (stack.length)
    for (const e of into.get(stack.pop()!) ?? [])
      if (!back.has(e.from)) {
        back.add(e.from);
        stack.push(e.from);
      }
  const live = (e: Edge) => fwd.has(e.from) && back.has(e.to) && back.has(e.from);
  // Kahn's order from the sell token, the only live token nothing flows into; the buy token comes out last.
  const indeg = new Map<number, number>();
  for (const l of outOf.values()) for (const e of l) if (live(e)) indeg.set(e.to, (indeg.get(e.to) ?? 0) + 1);
  const order: number[] = [];
  const ready = [ctx.from];
  while (ready.length) {
    const t = ready.pop()!;
    order.push(t);
    for (const e of outOf.get(t) ?? []) {
      if (!live(e)) continue;
      const d = indeg.get(e.to)! - 1;
      indeg.set(e.to, d);
      if (d === 0) ready.push(e.to);
    }
  }
  const pos = new Map(order.map((t, i) => [t, i]));
  const edges: Edge[] = [];
  const first = new Int32Array(order.length + 1);
  order.forEach((t, i) => {
    first[i] = edges.length;
    for (const e of outOf.get(t) ?? []) if (live(e)) edges.push(e);
  });
  first[order.length] = edges.length;
  if (edges.length < 2 || order[order.length - 1] !== ctx.to) return null;
  return {
    order,
    edges,
    tail: Int32Array.from(edges, (e) => pos.get(e.from)!),
    head: Int32Array.from(edges, (e) => pos.get(e.to)!),
    first,
  };
}

/** Each token's split of the warm flow among its out-edges; a token the warm flow misses uses its best spot edge. */
function initialShares(ctx: Ctx, dag: Dag, warm: Map<string, { input: number }>, X: number): Float64Array {
  const shares = new Float64Array(dag.edges.length);
  for (let t = 0; t < dag.order.length; t++) {
    let sum = 0;
    for (let k = dag.first[t]; k < dag.first[t + 1]; k++) sum += warm.get(edgeKey(dag.edges[k]))?.input ?? 0;
    if (sum > X * 1e-15) {
      for (let k = dag.first[t]; k < dag.first[t + 1]; k++)
        shares[k] = (warm.get(edgeKey(dag.edges[k]))?.input ?? 0) / sum;
      continue;
    }
    let best = -1;
    let rate = -1;
    for (let k = dag.first[t]; k < dag.first[t + 1]; k++) {
      const r = fMarginal(ctx.base[dag.edges[k].venue], dag.edges[k]);
      if (r > rate) {
        rate = r;
        best = k;
      }
    }
    if (best >= 0) shares[best] = 1;
  }
  return shares;
}

type Pass = {
  shares: Float64Array;
  total: number;
  held: Float64Array;
  inputs: Float64Array;
  outs: Float64Array;
  /** d(out)/d(in) of each edge's one swap at its input, and how fast that falls with the input. */
  rate: Float64Array;
  slope: Float64Array;
};

/**
 * Runs the flow in topological order on one copy of the venue states; total = -Infinity when infeasible. Bridges'
 * flat fees are left out unless `fixed` (as gas is): charged on a first sliver of flow they would keep the Newton
 * rounds from ever opening a bridge.
 */
function forward(ctx: Ctx, dag: Dag, shares: Float64Array, X: number, derivs: boolean, fixed = false): Pass {
  const n = dag.edges.length;
  const sim = new Sim(ctx.base);
  const held = new Float64Array(dag.order.length);
  const inputs = new Float64Array(n);
  const outs = new Float64Array(n);
  const rate = new Float64Array(n);
  const slope = new Float64Array(n);
  held[0] = X;
  let total = -Infinity;
  for (let t = 0; t < dag.order.length; t++) {
    const h = held[t];
    for (let k = dag.first[t]; k < dag.first[t + 1]; k++) {
      const e = dag.edges[k];
      const a = h * shares[k];
      inputs[k] = a;
      if (derivs) {
        const s = sim.get(e.venue);
        rate[k] = a > 0 ? fTradeDerivative(s, e, a) : fMarginal(s, e);
        slope[k] = fRateSlope(s, e, a);
      }
      if (!(a > 0)) continue;
      const o = fSwap(sim.mut(e.venue), e, a, true, fixed);
      if (o < 0) return { shares, total, held, inputs, outs, rate, slope };
      outs[k] = o;
      held[dag.head[k]] += o;
    }
  }
  total = held[dag.order.indexOf(ctx.to)];
  return { shares, total, held, inputs, outs, rate, slope };
}

/**
 * Marginal value of each token in buy-token units at the pass's flow (shares fixed; the buy token's is 1), and
 * how fast it falls with the token's holdings: the curvature of each out-edge (its own, plus its head's carried
 * through its rate) combined in parallel over the used edges, as water-filling spreads an extra unit among them.
 * The per-edge curvature (value x rate) falls with that edge's input; the Newton step uses it.
 */
function backward(dag: Dag, p: Pass): { value: Float64Array; curv: Float64Array; edgeCurv: Float64Array } {
  const value = new Float64Array(dag.order.length);
  const curv = new Float64Array(dag.order.length);
  const edgeCurv = new Float64Array(dag.edges.length);
  for (let t = dag.order.length - 1; t >= 0; t--) {
    const lo = dag.first[t];
    const hi = dag.first[t + 1];
    if (lo === hi) {
      // The buy token is last in the order (every other token reaches it); it alone has no out-edges.
      value[t] = t === dag.order.length - 1 ? 1 : 0;
      continue;
    }
    let v = 0;
    let best = 0;
    let inv = 0;
    for (let k = lo; k < hi; k++) {
      const w = dag.head[k];
      const r = p.rate[k];
      const g = r * value[w];
      v += p.shares[k] * g;
      if (g > best) best = g;
      const c = Math.max(0, -p.slope[k]) * value[w] + r * r * curv[w];
      edgeCurv[k] = c;
      if (p.inputs[k] > 0 && c > 0) inv += 1 / c;
    }
    value[t] = p.held[t] > 0 ? v : best;
    curv[t] = inv > 0 ? 1 / inv : 0;
  }
  return { value, curv, edgeCurv };
}

/** Newton rounds with a backtracking line search on the float output; returns the best pass. */
function optimise(ctx: Ctx, dag: Dag, X: number, dropped: Uint8Array, start: Pass): Pass {
  let cur = start;
  for (let it = 0; it < FLOW_TUNING.iterations && cur.total > -Infinity; it++) {
    const target = newtonShares(dag, cur, dropped);
    let t = 1;
    let next: Pass | null = null;
    for (let tries = 0; tries < FLOW_TUNING.lineSearchTries; tries++, t /= 4) {
      const s = new Float64Array(cur.shares.length);
      for (let k = 0; k < s.length; k++) s[k] = cur.shares[k] + t * (target[k] - cur.shares[k]);
      const p = forward(ctx, dag, s, X, false);
      if (p.total > cur.total) {
        next = p;
        break;
      }
    }
    if (!next) break;
    // A full step that kept its promise: the diagonal curvature overstates; a longer step often gains more.
    // A full step that kept its promise: the diagonal curvature overstates it; longer steps often gain more.
    for (let m = 2; t === 1 && m <= 4; m *= 2) {
      const s = new Float64Array(cur.shares.length);
      for (let k = 0; k < s.length; k++) s[k] = Math.max(0, cur.shares[k] + m * (target[k] - cur.shares[k]));
      const p = forward(ctx, dag, normalised(dag, s), X, false);
      if (!(p.total > next.total)) break;
      next = p;
    }
    const gain = next.total - cur.total;
    cur = forward(ctx, dag, next.shares, X, true);
    if (gain <= cur.total * FLOW_TUNING.tolerance) break;
  }
  return cur;
}

/**
 * Each token's holdings re-split among its out-edges where (rate x downstream value) is linearised about the
 * current input meets one level lambda (the per-token water-filling, downstream values held fixed).
 */
function newtonShares(dag: Dag, p: Pass, dropped: Uint8Array): Float64Array {
  const { value, edgeCurv } = backward(dag, p);
  const out = Float64Array.from(p.shares);
  for (let t = 0; t < dag.order.length; t++) {
    const a = dag.first[t];
    const b = dag.first[t + 1];
    if (b - a < 2) continue;
    const H = p.held[t];
    const g: number[] = [];
    const G: number[] = [];
    let gMax = 0;
    for (let k = a; k < b; k++) {
      const gk = dropped[k] ? -Infinity : p.rate[k] * value[dag.head[k]];
      g.push(gk);
      if (gk > gMax) gMax = gk;
    }
    if (!(H > 0) || !(gMax > 0)) {
      // No flow here yet: all of it to the edge worth most, should any arrive.
      for (let k = a; k < b; k++) out[k] = g[k - a] === gMax && gMax > 0 ? 1 : 0;
      let s = 0;
      for (let k = a; k < b; k++) if (out[k] > 0 && s++ > 0) out[k] = 0;
      continue;
    }
    // A ridge so linear edges (bridges, a V3 range's flat rate) take a finite step.
    const ridge = (gMax / H) * 1e-3;
    let lamLo = Infinity;
    let lamHi = 0;
    for (let k = a; k < b; k++) {
      const Gk = edgeCurv[k] + ridge;
      G.push(Gk);
      if (g[k - a] === -Infinity) continue;
      lamLo = Math.min(lamLo, g[k - a] - Gk * H);
      lamHi = Math.max(lamHi, g[k - a] + Gk * p.inputs[k]);
    }
    if (lamLo === Infinity) continue;
    const sumAt = (lam: number) => {
      let s = 0;
      for (let k = a; k < b; k++) if (g[k - a] > -Infinity) s += Math.max(0, p.inputs[k] + (g[k - a] - lam) / G[k - a]);
      return s;
    };
    for (let i = 0; i < 40; i++) {
      const mid = (lamLo + lamHi) / 2;
      if (sumAt(mid) > H) lamLo = mid;
      else lamHi = mid;
    }
    const lam = (lamLo + lamHi) / 2;
    const total = sumAt(lam);
    if (!(total > 0)) continue;
    for (let k = a; k < b; k++)
      out[k] = g[k - a] > -Infinity ? Math.max(0, p.inputs[k] + (g[k - a] - lam) / G[k - a]) / total : 0;
  }
  return out;
}

/** Shares scaled so each token's add up to one. */
function normalised(dag: Dag, shares: Float64Array): Float64Array {
  return renormalise(dag, shares, new Uint8Array(shares.length));
}

/** Shares with the dropped edges removed, each token's rest scaled back to one. */
function renormalise(dag: Dag, shares: Float64Array, dropped: Uint8Array): Float64Array {
  const out = Float64Array.from(shares);
  for (let t = 0; t < dag.order.length; t++) {
    let s = 0;
    for (let k = dag.first[t]; k < dag.first[t + 1]; k++) if (dropped[k]) out[k] = 0;
    for (let k = dag.first[t]; k < dag.first[t + 1]; k++) s += out[k];
    if (s > 0) for (let k = dag.first[t]; k < dag.first[t + 1]; k++) out[k] /= s;
  }
  return out;
}

/**
 * Integer draws from the float shares, token by token with exact math (the last used edge of a token takes what
 * is left of it), then replayed by evaluateFlow, whose result the route is.
 */
function exactFlow(ctx: Ctx, request: QuoteRequest, dag: Dag, shares: Float64Array): Flow | null {
  const states: ExactStates = new Map();
  const held: bigint[] = dag.order.map(() => 0n);
  held[0] = request.sellAmount;
  const steps: { edges: Edge[]; amountIn: bigint }[] = [];
  const routePaths: RoutePath[] = [];
  try {
    for (let t = 0; t < dag.order.length; t++) {
      const h = held[t];
      if (h <= 0n) continue;
      const used: number[] = [];
      // A sliver below a trillionth of the holdings is left to the other edges: its leg may round to nothing.
      for (let k = dag.first[t]; k < dag.first[t + 1]; k++) if (shares[k] > 1e-12) used.push(k);
      if (used.length === 0) {
        if (dag.order[t] !== ctx.to) return null;
        continue;
      }
      let left = h;
      for (let u = 0; u < used.length; u++) {
        const k = used[u];
        let a = u === used.length - 1 ? left : BigInt(Math.floor(Number(h) * shares[k]));
        if (a > left) a = left;
        if (a <= 0n) continue;
        const leg = exactLeg(ctx.index, states, dag.edges[k], a);
        // An edge the exact math cannot fill leaves its share to the token's last edge, which must fill.
        if (!leg && u < used.length - 1) continue;
        if (!leg) return null;
        routePaths.push({ amountIn: a, amountOut: leg.amountOut, legs: [leg] });
        left -= a;
        held[dag.head[k]] += leg.amountOut;
        steps.push({ edges: [dag.edges[k]], amountIn: a });
      }
    }
    // The legs above are what evaluateFlow makes of these steps (the same exact math in the same order; the
    // tests replay it), so the route is built from them rather than run twice.
    const amountOut = held[dag.order.length - 1];
    return { paths: routePaths, amountOut, net: netOf(ctx, routePaths, amountOut), steps };
  } catch {
    // A StableSwap pool drained past its solver's convergence.
    return null;
  }
}

/**
 * The flow coldSearch offers next to its splits, when it has at most maxSplits steps (QuoteOptions.maxSplits: each
 * step is a path of the route), for same-chain requests.
 */
export function flowRoute(
  ctx: Ctx,
  request: QuoteRequest,
  paths: ReadonlyArray<readonly Edge[]>,
  start: Built | null,
  maxSplits: number,
): Built | null {
  // Cross-chain routes settle per path from inventory on the destination (libs/chain routePathCalls): every path
  // must cross, which a flow's steps on one side of a bridge do not.
  if (request.sourceChainId !== request.destinationChainId) return null;
  const flow = flowAllocate(ctx, request, paths, start);
  return flow && flow.paths.length <= maxSplits ? flow : null;
}
