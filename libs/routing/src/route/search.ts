// The route search shared by findBestRoute and the warm quoter: beam search, water-filling, Newton marginal
// equalisation, exact evaluation. One copy, so a quoter cache miss reproduces findBestRoute exactly.
import { GAS_PER_LEG, type Edge, type MarketIndex } from '../market/marketIndex';
import type { QuoteRequest, Route, RoutePath } from '../types';
import { type ExactStates, evaluatePaths, exactLeg } from './evaluate';
import { fMarginal, fPath, fPathMarginal, fRateSlope, type FState, fSwap, fTradeDerivative, Sim } from './floatSim';
import { gasByChain, gasCostInToken } from './gas';
import { mergeFlow, routeOf } from './mergeFlow';
import { solveLinear } from './solveLinear';

/** Tuning knobs; exported for the benchmark and tests, not part of the stable API. */
export const ROUTING_TUNING = {
  beamWidth: 6,
  singleCandidates: 8,
  /** 64: at 40 the 10,000-pool high-impact mix lost 50 bp median to paths never offered to the split. */
  splitCandidates: 64,
  chunks: 48,
  newtonIterations: 16,
  /**
   * Step cuts before a Newton step is given up: 6 cuts by 4 reach 2^-12. The 1,000-pool high-impact mix came out
   * the same to the thousandth of a bp as with 12 cuts, for 9-13% less CPU: shorter steps rarely gained anything.
   */
  lineSearchTries: 6,
  lineSearchCut: 4,
  /** Column generation rounds (entrantPaths, then Newton) in a cold search. */
  entrantRounds: 3,
  entrantsPerRound: 4,
  /**
   * Exact evaluations spent on the integer polish of a split. 0 (was 24): on the high-impact mix, without it the
   * quote cost x0.7-0.9 the CPU at 1,000 pools (several noisy runs) and lost 0.6 bp on one request of 20 (the
   * others within 0.06 bp, median 9,999.58 -> 9,999.61); the same output at 100 and 10,000 pools; optimality.test.ts
   * worst 0.0064 bp.
   */
  polishEvaluations: 0,
  /**
   * Paths a split optimises over (pool paths, or token paths with parallel pools aggregated): the Newton step's
   * cost grows with their square. A token-path split may expand to more pool paths, up to maxSplits. 32: at 24 the
   * 10,000-pool high-impact mix's worst request stopped 13.7 bp short of the bound, 12 bp of it on pools the route
   * never offered to the split (bound gap per venue); at 32 every one of its 10 requests gained, at the same CPU.
   */
  splitPaths: 32,
};

/**
 * Default cap on parallel (pool) paths in a route. High-impact trades on large markets spread over 100-130 pools at
 * the optimum on the 10,000-pool market (about a hundred pools on each busy pair): at 24 paths its high-impact
 * mix stopped 130 bp short at the median (bench/routing.mjs BENCH_DIAG=1). Gas pruning drops paths that do not pay
 * for their legs, so a higher cap costs little on small orders.
 */
export const DEFAULT_MAX_SPLITS = 512;

export type Candidate = { edges: Edge[]; out: number; gas: number };

export type Ctx = {
  index: MarketIndex;
  base: FState[];
  from: number;
  to: number;
  maxHops: number;
  maxBridges: number;
  /** Float cost of one gas unit per chain, in units of the buy token. */
  gasUnitCost: Map<number, number>;
  gasPrices?: Record<number, bigint>;
};

/**
 * Round-robin over groups of candidates sharing their first (or last) venue, best first: a split needs
 * paths that reach different liquidity, not ten variants ending in the same pool.
 */
export function diversify(sorted: Candidate[], limit: number, by: 'first' | 'last'): Candidate[] {
  const groups = new Map<number, Candidate[]>();
  for (const c of sorted) {
    const key = by === 'first' ? c.edges[0].venue : c.edges[c.edges.length - 1].venue;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(c);
  }
  const out: Candidate[] = [];
  const lists = [...groups.values()];
  for (let round = 0; out.length < limit; round++) {
    let added = false;
    for (const g of lists) {
      if (round < g.length) {
        out.push(g[round]);
        added = true;
        if (out.length >= limit) break;
      }
    }
    if (!added) break;
  }
  return out;
}

export function edgeGas(ctx: Ctx, edges: readonly Edge[]): number {
  let g = 0;
  for (const e of edges) g += Number(GAS_PER_LEG[e.kind]) * (ctx.gasUnitCost.get(e.chainIn) ?? 0);
  return g;
}

export type Partial = {
  tok: number;
  amt: number;
  edges: Edge[];
  toks: number[];
  swaps: number;
  bridges: number;
  /** edgeGas(ctx, edges), summed leg by leg in the same order. */
  gas: number;
};

/**
 * A token's edges grouped by the token they lead to, each group best rate first, with the rates of a set of venue
 * states: the beam prices only the edges whose rate bound can still beat its floor, and stops scanning a group
 * at the first that cannot. Built once per venue states (a market snapshot, or its aggregated view).
 */
type BeamTable = {
  edgesFrom: Edge[][];
  /** Per token, per position in edgesFrom[u]: d(out)/d(in) at the states (fMarginal). */
  rate: Float64Array[];
  /** The same as a bound for sorting and pruning: Infinity where the model gives no rate (NaN, negative). */
  bound: Float64Array[];
  /** Per token, per position: the token the edge leads to, and 1 for a bridge. */
  to: Int32Array[];
  bridge: Uint8Array[];
  /** Per token t, the edges into t: their source token, their index into edgesFrom of it (position), their venue. */
  intoFrom: Int32Array[];
  intoPos: Int32Array[];
  intoVenue: Int32Array[];
  /** Per token, per position: absolute slack on amount x rate as an output bound (StableSwap's float rounding). */
  slack: Float64Array[];
  /** Per token, per position: the edge's venue, its chain, its gas units (GAS_PER_LEG). */
  venue: Int32Array[];
  chain: Int32Array[];
  gasUnits: Float64Array[];
  /** Per token: 1 when its groups hold GROUPED_MIN edges or more on average (else the beam scans its edges in turn). */
  grouped: Uint8Array;
  /** Per token: positions by group, best bound first; group g spans order[start[g]..start[g + 1]). */
  order: Int32Array[];
  start: Int32Array[];
  target: Int32Array[];
  maxRate: Float64Array[];
  maxSlack: Float64Array[];
  /** Per token, per position: the most the venue can pay out in that direction (with slack); per group, the most. */
  cap: Float64Array[];
  maxCap: Float64Array[];
  /** Position of every edge in its token's list. */
  pos: Map<Edge, number>;
};

const beamTables = new WeakMap<FState[], BeamTable>();

// Relative slack on amount x rate as an output bound: a concave venue's float output exceeds it only by rounding.
const BOUND_REL = 1e-9;
// Absolute slack for StableSwap, relative to its output reserve: its float output, a difference of two nearly
// equal reserves, exceeds amount x rate by up to 2e-15 of the reserve at dust amounts (measured on the benchmark
// markets); 1e-12 leaves a wide margin.
const STABLE_ABS = 1e-12;

/**
 * The most edge e's venue can pay out from state s, whatever the input: the output reserve, or the sum over a V3
 * pool's ranges. Infinity where there is none (bridges) or the model gives no number.
 */
function outputCap(s: FState, e: Edge): number {
  let c = Infinity;
  if (s.k === 0) c = e.zeroForOne ? s.r1 : s.r0;
  else if (s.k === 2) c = s.xp[e.j] / s.mul[e.j];
  else if (s.k === 1) {
    const { sqrtAt, liqAbove } = s.t;
    let sp = s.sp;
    c = 0;
    if (e.zeroForOne)
      for (let i = s.idx; i >= 0; i--) {
        if (liqAbove[i] > 0) c += liqAbove[i] * (sp - sqrtAt[i]);
        sp = sqrtAt[i];
      }
    else
      for (let i = s.idx; i + 1 < sqrtAt.length; i++) {
        const l = i >= 0 ? liqAbove[i] : 0;
        if (l > 0) c += l * (1 / sp - 1 / sqrtAt[i + 1]);
        sp = sqrtAt[i + 1];
      }
  } else if (s.k === 4) {
    c = 0;
    for (let i = 0; i < s.ms.length; i++) c += outputCap(s.ms[i], e.members![i]);
  }
  return c >= 0 ? c : Infinity;
}

// Edges per group from which the beam collects candidates by group: below it, scanning them in turn costs less.
const GROUPED_MIN = 4;

function beamTable(index: MarketIndex, base: FState[]): BeamTable {
  const hit = beamTables.get(base);
  if (hit && hit.edgesFrom === index.edgesFrom) return hit;
  const t: BeamTable = {
    edgesFrom: index.edgesFrom,
    rate: [],
    bound: [],
    to: [],
    bridge: [],
    intoFrom: [],
    intoPos: [],
    intoVenue: [],
    slack: [],
    venue: [],
    chain: [],
    gasUnits: [],
    order: [],
    start: [],
    target: [],
    maxRate: [],
    maxSlack: [],
    cap: [],
    maxCap: [],
    pos: new Map(),
    grouped: new Uint8Array(index.edgesFrom.length),
  };
  const into: number[][] = index.edgesFrom.map(() => []);
  for (const [u, list] of index.edgesFrom.entries()) {
    const n = list.length;
    const rate = new Float64Array(n);
    const bound = new Float64Array(n);
    const to = new Int32Array(n);
    const bridge = new Uint8Array(n);
    const slack = new Float64Array(n);
    const venue = new Int32Array(n);
    const chain = new Int32Array(n);
    const gasUnits = new Float64Array(n);
    const groups = new Map<number, number[]>();
    for (let k = 0; k < n; k++) {
      const e = list[k];
      t.pos.set(e, k);
      venue[k] = e.venue;
      chain[k] = e.chainIn;
      gasUnits[k] = Number(GAS_PER_LEG[e.kind]);
      const s = base[e.venue];
      rate[k] = fMarginal(s, e);
      bound[k] = rate[k] >= 0 ? rate[k] : Infinity;
      to[k] = e.to;
      bridge[k] = e.kind === 'bridge' ? 1 : 0;
      into[e.to].push(u, k, e.venue);
      if (s.k === 2) slack[k] = (s.xp[e.j] / s.mul[e.j]) * STABLE_ABS;
      let g = groups.get(e.to);
      if (!g) groups.set(e.to, (g = []));
      g.push(k);
    }
    const order = new Int32Array(n);
    const start = new Int32Array(groups.size + 1);
    const target = new Int32Array(groups.size);
    const maxRate = new Float64Array(groups.size);
    const maxSlack = new Float64Array(groups.size);
    const cap = new Float64Array(n);
    for (let k = 0; k < n; k++) cap[k] = outputCap(base[list[k].venue], list[k]) * (1 + BOUND_REL);
    const maxCap = new Float64Array(groups.size);
    let at = 0;
    let g = 0;
    for (const [to, ks] of groups) {
      ks.sort((a, b) => bound[b] - bound[a] || a - b);
      start[g] = at;
      target[g] = to;
      maxRate[g] = bound[ks[0]];
      for (const k of ks) {
        order[at++] = k;
        if (slack[k] > maxSlack[g]) maxSlack[g] = slack[k];
        if (!(cap[k] <= maxCap[g])) maxCap[g] = cap[k];
      }
      g++;
    }
    start[g] = at;
    t.grouped[u] = n >= GROUPED_MIN * g ? 1 : 0;
    t.rate.push(rate);
    t.bound.push(bound);
    t.to.push(to);
    t.bridge.push(bridge);
    t.slack.push(slack);
    t.venue.push(venue);
    t.chain.push(chain);
    t.gasUnits.push(gasUnits);
    t.order.push(order);
    t.start.push(start);
    t.target.push(target);
    t.maxRate.push(maxRate);
    t.maxSlack.push(maxSlack);
    t.cap.push(cap);
    t.maxCap.push(maxCap);
  }
  for (const l of into) {
    const m = l.length / 3;
    const from = new Int32Array(m);
    const pos = new Int32Array(m);
    const venue = new Int32Array(m);
    for (let k = 0; k < m; k++) {
      from[k] = l[3 * k];
      pos[k] = l[3 * k + 1];
      venue[k] = l[3 * k + 2];
    }
    t.intoFrom.push(from);
    t.intoPos.push(pos);
    t.intoVenue.push(venue);
  }
  beamTables.set(base, t);
  return t;
}

/**
 * reach[h][t]: best product of spot rates from token t to the buy token within h legs. Spot rates bound
 * average rates from above (every venue is concave), so amount * reach is an upper bound on any path's output.
 */
export function rateBounds(ctx: Ctx): Float64Array[] {
  const n = ctx.index.tokens.length;
  const maxLegs = ctx.maxHops + ctx.maxBridges;
  const reach = [new Float64Array(n)];
  reach[0][ctx.to] = 1;
  // The rates at ctx.base, computed once per venue states.
  const { rate, to, bridge } = beamTable(ctx.index, ctx.base);
  const bridges = ctx.maxBridges > 0;
  for (let h = 1; h <= maxLegs; h++) {
    const prev = reach[h - 1];
    const cur = prev.slice();
    for (let u = 0; u < n; u++) {
      const r = rate[u];
      const t = to[u];
      const b = bridge[u];
      for (let k = 0; k < r.length; k++) {
        if (b[k] && !bridges) continue;
        const pv = prev[t[k]];
        if (pv === 0) continue;
        const v = r[k] * pv;
        if (v > cur[u]) cur[u] = v;
      }
    }
    reach.push(cur);
  }
  return reach;
}

const venueEdges = new WeakMap<Edge[][], Map<number, Edge[]>>();

/** Edges by venue, built once per search graph. */
function edgesByVenue(index: MarketIndex): Map<number, Edge[]> {
  let g = venueEdges.get(index.edgesFrom);
  if (g) return g;
  g = new Map();
  for (const list of index.edgesFrom)
    for (const e of list) {
      const v = g.get(e.venue);
      if (v) v.push(e);
      else g.set(e.venue, [e]);
    }
  venueEdges.set(index.edgesFrom, g);
  return g;
}

/**
 * rateBounds after a trade, from the bounds before it (`reach`, on ctx.base) and the venues the trade moved:
 * each edge is priced at the higher of its rate before and after, so only what a raised rate (the reverse of a
 * traded direction) reaches is recomputed. An upper bound on the post-trade rateBounds, at a fraction of its cost.
 */
export function raisedRateBounds(ctx: Ctx, reach: Float64Array[], moved: Map<number, FState>): Float64Array[] {
  const byVenue = edgesByVenue(ctx.index);
  const table = beamTable(ctx.index, ctx.base);
  const raised = new Map<Edge, number>();
  const raisedVenue = new Uint8Array(ctx.base.length);
  for (const [v, st] of moved)
    for (const e of byVenue.get(v) ?? []) {
      if (e.kind === 'bridge' && ctx.maxBridges === 0) continue;
      const r = fMarginal(st, e);
      if (r > fMarginal(ctx.base[v], e)) {
        raised.set(e, r);
        raisedVenue[v] = 1;
      }
    }
  if (raised.size === 0) return reach;
  const out = reach.map((r) => r.slice());
  const n = ctx.index.tokens.length;
  // Tokens whose bound rose at the previous layer (a list and its flags), and at this one.
  let rose = new Int32Array(n);
  let nRose = 0;
  let next = new Int32Array(n);
  const flag = new Uint8Array(n);
  const bridges = ctx.maxBridges > 0;
  for (let h = 1; h < out.length; h++) {
    const prev = out[h - 1];
    const cur = out[h];
    let nNext = 0;
    flag.fill(0);
    // Raises cur[u] to v; the max does not depend on the order.
    const bump = (u: number, v: number) => {
      if (v > cur[u]) {
        cur[u] = v;
        if (!flag[u]) {
          flag[u] = 1;
          next[nNext++] = u;
        }
      }
    };
    for (let i = 0; i < nRose; i++) {
      const t = rose[i];
      bump(t, prev[t]);
      const from = table.intoFrom[t];
      const pos = table.intoPos[t];
      const venue = table.intoVenue[t];
      for (let k = 0; k < from.length; k++) {
        const u = from[k];
        if (!bridges && table.bridge[u][pos[k]]) continue;
        const r = raisedVenue[venue[k]] ? raised.get(ctx.index.edgesFrom[u][pos[k]]) : undefined;
        bump(u, (r ?? table.rate[u][pos[k]]) * prev[t]);
      }
    }
    for (const [e, r] of raised) bump(e.from, r * prev[e.to]);
    [rose, next] = [next, rose];
    nRose = nNext;
  }
  return out;
}

// Partial paths that cannot reach this share of the best output found so far are dropped.
export const PRUNE_SHARE = 0.5;

/** Sorts buf[0..n) ascending: insertion sort for the usual handful, the typed array sort beyond. */
function sortPositions(buf: Int32Array, n: number): void {
  if (n > 32) {
    buf.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = buf[i];
    let j = i - 1;
    while (j >= 0 && buf[j] > v) {
      buf[j + 1] = buf[j];
      j--;
    }
    buf[j + 1] = v;
  }
}

/** Venue states a marginal beam runs on: `states` where `moved` differ from `snapshot`, whose beam table is cached. */
export type BeamStates = { snapshot: FState[]; moved: Iterable<number> };

// Candidate positions of one partial path's token, reused across calls.
let candBuf = new Int32Array(1024);

/**
 * Layered beam search: keeps the best few partial paths per token and layer. By default a path is valued by
 * its float output for `amount`, and paths below PRUNE_SHARE of the best output are dropped. With `floor`, a
 * path is valued by its marginal rate (product of marginal rates at ctx.base, `amount` = 1) and only paths
 * whose rate can still beat `floor` are kept: the entrants of the optimality condition at a solution.
 * `states`: ctx.base is `states.snapshot` except at the venues `states.moved` (a marginal beam after a trade).
 *
 * Each partial path prices only the edges whose bound (amount x rate at the snapshot: every venue is concave) can
 * still pass the checks below, and prices them in edge order, so the result is the same as pricing every edge.
 */
export function beamSearch(
  ctx: Ctx,
  amount: number,
  reach: Float64Array[],
  floor?: number,
  states?: BeamStates,
): Candidate[] {
  const { index, base, to } = ctx;
  const marginal = floor !== undefined;
  let bestOut = 0;
  const beats = (v: number) => (marginal ? v > floor : v >= bestOut * PRUNE_SHARE);
  const width = ROUTING_TUNING.beamWidth;
  const table = beamTable(index, states ? states.snapshot : base);
  // Edges of venues whose state differs from the table's: always priced, never skipped by its rates.
  let movedPos: Map<number, number[]> | null = null;
  let movedVenue: Uint8Array | null = null;
  if (states) {
    const byVenue = edgesByVenue(index);
    movedPos = new Map();
    movedVenue = new Uint8Array(states.snapshot.length);
    for (const v of states.moved) {
      movedVenue[v] = 1;
      for (const e of byVenue.get(v) ?? []) {
        let l = movedPos.get(e.from);
        if (!l) movedPos.set(e.from, (l = []));
        l.push(table.pos.get(e)!);
      }
    }
  }
  const results: Candidate[] = [];
  let frontier: Partial[] = [{ tok: ctx.from, amt: amount, edges: [], toks: [ctx.from], swaps: 0, bridges: 0, gas: 0 }];
  const maxLegs = ctx.maxHops + ctx.maxBridges;
  const n = index.tokens.length;
  for (let layer = 0; layer < maxLegs && frontier.length > 0; layer++) {
    // Buckets by token, in the order they were opened (the next layer's frontier order).
    const buckets: (Partial[] | undefined)[] = new Array(n);
    const opened: number[] = [];
    const left = reach[maxLegs - layer - 1];
    for (const p of frontier) {
      if (!beats(p.amt * reach[maxLegs - layer][p.tok])) continue;
      const list = index.edgesFrom[p.tok];
      const rate = table.rate[p.tok];
      const bound = table.bound[p.tok];
      const order = table.order[p.tok];
      const start = table.start[p.tok];
      const target = table.target[p.tok];
      const maxRate = table.maxRate[p.tok];
      const maxSlack = marginal ? null : table.maxSlack[p.tok];
      // An output-valued beam also bounds a leg by what its venue can pay out at all.
      const cap = marginal ? null : table.cap[p.tok];
      const maxCap = marginal ? null : table.maxCap[p.tok];
      const venue = table.venue[p.tok];
      const chain = table.chain[p.tok];
      const gasUnits = table.gasUnits[p.tok];
      const slack = table.slack[p.tok];
      const f = p.amt * (1 + BOUND_REL);
      const grouped = table.grouped[p.tok] === 1;
      let nc = list.length;
      if (grouped) {
        if (candBuf.length < list.length) candBuf = new Int32Array(list.length * 2);
        nc = 0;
        // The checks below only tighten while this partial path is expanded, so an edge whose bound fails them
        // now would fail them at its turn: collect the rest, then run them in edge order.
        for (let g = 0; g < target.length; g++) {
          const t = target[g];
          if (!(left[t] > 0) || p.toks.includes(t)) continue;
          const sl = maxSlack ? maxSlack[g] : 0;
          const b = buckets[t];
          const worst = t !== to && b && b.length >= width ? b[b.length - 1].amt : -Infinity;
          const lt = t === to ? 1 : left[t];
          // Every completed path is kept by the output-valued beam: no bound applies.
          const all = t === to && !marginal;
          if (!all) {
            const ub = Math.min(f * maxRate[g] + sl, maxCap ? maxCap[g] : Infinity);
            if (!(ub > worst && beats(ub * lt))) continue;
          }
          for (let k = start[g]; k < start[g + 1]; k++) {
            const at = order[k];
            if (movedVenue && movedVenue[venue[at]]) continue;
            if (!all) {
              const ub = f * bound[at] + sl;
              if (!(ub > worst && beats(ub * lt))) break;
              // Sorted by rate, not capacity: a venue too shallow to pass says nothing of the next.
              const uc = cap ? Math.min(ub, cap[at]) : ub;
              if (!(uc > worst && beats(uc * lt))) continue;
            }
            candBuf[nc++] = at;
          }
        }
        const moved = movedPos?.get(p.tok);
        if (moved) for (let k = 0; k < moved.length; k++) candBuf[nc++] = moved[k];
        sortPositions(candBuf, nc);
      }
      for (let c = 0; c < nc; c++) {
        const at = grouped ? candBuf[c] : c;
        const e = list[at];
        if (e.kind === 'bridge' ? p.bridges >= ctx.maxBridges : p.swaps >= ctx.maxHops) continue;
        // A token that cannot reach the buy token in the legs left: no need to price the leg.
        if (!(left[e.to] > 0) || p.toks.includes(e.to)) continue;
        let reused = false;
        for (let k = 0; k < p.edges.length; k++) if (p.edges[k].venue === e.venue) reused = true;
        if (reused) continue;
        const isMoved = movedVenue !== null && movedVenue[e.venue] === 1;
        if (!grouped && !isMoved && (e.to !== to || marginal)) {
          // Scanned in turn: the same bound, checked edge by edge before the leg is priced.
          const b = buckets[e.to];
          const worst = e.to !== to && b && b.length >= width ? b[b.length - 1].amt : -Infinity;
          const ub = Math.min(f * bound[at] + (marginal ? 0 : slack[at]), cap ? cap[at] : Infinity);
          if (!(ub > worst && beats(ub * (e.to === to ? 1 : left[e.to])))) continue;
        }
        const r = isMoved ? fMarginal(base[e.venue], e) : rate[at];
        const out = marginal ? p.amt * r : fSwap(base[e.venue], e, p.amt, false);
        if (!(out > 0)) continue;
        if (e.to === to) {
          if (marginal && !beats(out)) continue;
          results.push({
            edges: [...p.edges, e],
            out,
            gas: p.gas + gasUnits[at] * (ctx.gasUnitCost.get(chain[at]) ?? 0),
          });
          if (out > bestOut) bestOut = out;
          continue;
        }
        if (!beats(out * left[e.to])) continue;
        let b = buckets[e.to];
        if (!b) {
          buckets[e.to] = b = [];
          opened.push(e.to);
        }
        if (b.length >= width && b[b.length - 1].amt >= out) continue;
        const np: Partial = {
          tok: e.to,
          amt: out,
          edges: [...p.edges, e],
          toks: [...p.toks, e.to],
          swaps: p.swaps + (e.kind === 'bridge' ? 0 : 1),
          bridges: p.bridges + (e.kind === 'bridge' ? 1 : 0),
          // The leg's gas as edgeGas prices it, summed in the same order.
          gas: p.gas + gasUnits[at] * (ctx.gasUnitCost.get(chain[at]) ?? 0),
        };
        let k = b.length;
        while (k > 0 && b[k - 1].amt < out) k--;
        b.splice(k, 0, np);
        if (b.length > width) b.pop();
      }
    }
    frontier = [];
    for (const t of opened) for (const q of buckets[t]!) frontier.push(q);
  }
  // Comparators answer -1, 0 or 1 as the difference's sign would: a double returned from a call is allocated.
  if (marginal) results.sort((a, b) => (b.out > a.out ? 1 : b.out < a.out ? -1 : 0));
  else
    results.sort((a, b) => {
      const va = a.out - a.gas;
      const vb = b.out - b.gas;
      return vb > va ? 1 : vb < va ? -1 : 0;
    });
  return results;
}

export type Built = { paths: RoutePath[]; amountOut: bigint; net: bigint };

export function netOf(ctx: Ctx, paths: RoutePath[], amountOut: bigint): bigint {
  const gas = gasCostInToken(ctx.index, ctx.to, gasByChain(paths.flatMap((p) => p.legs)), ctx.gasPrices);
  return amountOut - gas;
}

export function bestSinglePath(ctx: Ctx, request: QuoteRequest, cands: Candidate[]): Built | null {
  let best: Built | null = null;
  for (const c of cands) {
    const r = evaluatePaths(ctx.index, [{ edges: c.edges, amountIn: request.sellAmount }]);
    if (!r) continue;
    const net = netOf(ctx, r.paths, r.amountOut);
    if (!best || net > best.net) best = { paths: r.paths, amountOut: r.amountOut, net };
  }
  return best;
}

/**
 * Joint float simulation of all paths, in order, on one copy of the venue states. Outputs are sequential (as
 * the exact evaluation runs them); derivatives are taken over pools, not paths: a leg through a venue that the
 * paths trade in one direction is priced at the venue's whole flow, so two paths sharing a pool see the same
 * marginal price there, whichever runs first (the optimality condition of the flow over the pool graph).
 */
export function jointSim(
  ctx: Ctx,
  paths: Candidate[],
  x: number[],
  chargeFixed = true,
): { sim: Sim; outs: number[]; derivs: number[]; total: number; flow: Map<number, { dir: number; amount: number }> } {
  const sim = new Sim(ctx.base);
  const outs: number[] = [];
  const derivs: number[] = [];
  // Per venue: total input and the one direction it is traded in (-1 once traded in two directions).
  const flow = new Map<number, { dir: number; amount: number }>();
  let total = 0;
  for (let p = 0; p < paths.length; p++) {
    if (x[p] <= 0) {
      outs.push(0);
      continue;
    }
    let a = x[p];
    for (const e of paths[p].edges) {
      const dir = e.i * 16 + e.j;
      const f = flow.get(e.venue);
      if (!f) flow.set(e.venue, { dir, amount: a });
      else if (f.dir === dir) f.amount += a;
      else f.dir = -1;
      a = fSwap(sim.mut(e.venue), e, a, true, chargeFixed);
      if (a < 0) break;
    }
    outs.push(a < 0 ? -1 : a);
    total += a < 0 ? -Infinity : a;
  }
  // Numeric keys (venue, direction): string keys here cost more than the float math (allocation and GC).
  const legRate = new Map<number, number>();
  for (let p = 0; p < paths.length; p++) {
    if (outs[p] < 0) {
      derivs.push(0);
      continue;
    }
    let d = 1;
    for (const e of paths[p].edges) {
      const dir = e.i * 16 + e.j;
      const key = e.venue * 256 + dir;
      let r = legRate.get(key);
      if (r === undefined) {
        const f = flow.get(e.venue);
        r = f && f.dir === dir ? fTradeDerivative(ctx.base[e.venue], e, f.amount) : fMarginal(sim.get(e.venue), e);
        legRate.set(key, r);
      }
      d *= r;
    }
    derivs.push(d);
  }
  return { sim, outs, derivs, total, flow };
}

/**
 * Greedy water-filling in equal chunks on the joint state: each chunk goes where it buys the most.
 * Flat costs (gas, bridge fixed fees) are ignored here: charged on a first chunk they would lock in
 * whichever path started first. The pruning pass after the Newton step charges them.
 */
export function greedy(ctx: Ctx, paths: Candidate[], X: number, chunks: number): number[] {
  const sim = new Sim(ctx.base);
  const x = paths.map(() => 0);
  const d = X / chunks;
  for (let c = 0; c < chunks; c++) {
    let bp = -1;
    let bv = -Infinity;
    for (let p = 0; p < paths.length; p++) {
      const o = fPath(sim, paths[p].edges, d, false, false);
      if (o < 0) continue;
      const v = o;
      if (v > bv) {
        bv = v;
        bp = p;
      }
    }
    if (bp < 0) return [];
    fPath(sim, paths[bp].edges, d, true, false);
    x[bp] += d;
  }
  return x;
}

/**
 * Newton steps on the split fractions until marginal outputs of all used paths are equal. The Jacobian of the
 * marginals is taken in full (finite differences, one joint simulation per path): paths sharing a pool move
 * each other's marginal, and a diagonal step would oscillate between them.
 */
export function equalizeMarginals(ctx: Ctx, paths: Candidate[], x: number[], X: number): number[] {
  let cur = x.slice();
  const first = jointSim(ctx, paths, cur, false);
  let total = first.total;
  let m = first.derivs;
  const n = cur.length;
  if (n < 2) return cur;
  for (let it = 0; it < ROUTING_TUNING.newtonIterations; it++) {
    // Converged: used paths share one marginal and no unused path beats it.
    let lo = Infinity;
    let hi = 0;
    let entrant = 0;
    for (let p = 0; p < n; p++) {
      if (cur[p] > 0) {
        lo = Math.min(lo, m[p]);
        hi = Math.max(hi, m[p]);
      } else entrant = Math.max(entrant, m[p]);
    }
    if (hi - lo <= hi * 1e-12 && entrant <= hi * (1 + 1e-12)) break;
    if (entrant > hi * (1 + 1e-7)) {
      // An unused path beats every used one, yet Newton may keep it out: paths crossing at a hub token leave the
      // Jacobian nearly singular. Move flow to it from the weakest used path, as far as that pays.
      const r = exchange(ctx, paths, cur, m);
      if (r && r.total >= total) {
        ({ x: cur, derivs: m, total } = r);
        continue;
      }
    }
    const H = marginalJacobian(ctx, paths, cur, m, X);
    // Solve m + H step = lambda, sum(step) = 0 on the paths kept; paths driven below zero leave the set.
    const inSet = cur.map(() => true);
    let step = cur.map(() => 0);
    for (let guard = 0; guard <= n; guard++) {
      const solved = kktStep(H, m, cur, inSet);
      if (!solved) break;
      step = solved;
      let dropped = false;
      for (let p = 0; p < n; p++)
        if (inSet[p] && cur[p] + step[p] < 0) {
          inSet[p] = false;
          dropped = true;
        }
      if (!dropped) break;
    }
    let moved = 0;
    for (const v of step) moved = Math.max(moved, Math.abs(v));
    if (moved <= X * 1e-14) break;
    // Trust region: two paths that reach the same pools by crossed routes leave the Jacobian nearly singular,
    // and the step along that direction would be huge; its sign is right, so cap its length at X / 4.
    let t = moved > X / 4 ? X / 4 / moved : 1;
    let accepted = false;
    for (let tries = 0; tries < ROUTING_TUNING.lineSearchTries; tries++) {
      const next = cur.map((v, p) => Math.max(0, v + t * step[p]));
      const sum = next.reduce((a, b) => a + b, 0);
      const scale = X / sum;
      for (let p = 0; p < n; p++) next[p] *= scale;
      const r = jointSim(ctx, paths, next, false);
      // Near the optimum the objective moves below float resolution; judge such steps by the marginals.
      if (r.total >= total - Math.abs(total) * 1e-15) {
        cur = next;
        m = r.derivs;
        total = r.total;
        accepted = true;
        break;
      }
      t /= ROUTING_TUNING.lineSearchCut;
    }
    if (!accepted) break;
  }
  return cur;
}

/**
 * Moves flow from the used path with the lowest marginal to the path with the highest, as far as the
 * receiving path's marginal stays above the giving one's (regula falsi on their difference, which falls).
 */
function exchange(
  ctx: Ctx,
  paths: Candidate[],
  cur: number[],
  m: number[],
): { x: number[]; derivs: number[]; total: number } | null {
  let from = -1;
  let to = -1;
  for (let p = 0; p < cur.length; p++) {
    if (cur[p] > 0 && (from < 0 || m[p] < m[from])) from = p;
    if (to < 0 || m[p] > m[to]) to = p;
  }
  if (from < 0 || to < 0 || from === to) return null;
  const at = (d: number) => {
    const y = cur.slice();
    y[from] -= d;
    y[to] += d;
    if (y[from] < 0) y[from] = 0;
    const r = jointSim(ctx, paths, y, false);
    return { x: y, derivs: r.derivs, total: r.total, g: r.derivs[to] - r.derivs[from] };
  };
  let a = 0;
  let ga = m[to] - m[from];
  let b = cur[from];
  const rb = at(b);
  if (rb.g >= 0) return rb;
  let gb = rb.g;
  let best = rb;
  let side = 0;
  for (let it = 0; it < 30 && b - a > cur[from] * 1e-12; it++) {
    const d = (a * gb - b * ga) / (gb - ga);
    const r = at(d);
    if (r.total > best.total) best = r;
    if (Math.abs(r.g) <= m[to] * 1e-10) return r;
    if (r.g > 0) {
      a = d;
      ga = r.g;
      if (side === 1) gb /= 2;
      side = 1;
    } else {
      b = d;
      gb = r.g;
      if (side === -1) ga /= 2;
      side = -1;
    }
  }
  return best;
}

/**
 * The marginals' Jacobian of the flow model jointSim prices paths with: a path's marginal is the product of its
 * venues' trade derivatives r_e at their whole flow F_e, so d(m_q)/d(x_p) = sum over q's venues of
 * m_q / r_e * r_e'(F_e) * dF_e/dx_p, with dF_e/dx_p the product of p's rates before e (0 if p skips e).
 */
function flowJacobian(ctx: Ctx, paths: Candidate[], cur: number[]): number[][] {
  const n = paths.length;
  const H = paths.map(() => new Array<number>(n).fill(0));
  const { sim, flow } = jointSim(ctx, paths, cur, false);
  const legs = new Map<number, { r: number; slope: number; users: number[]; reach: number[] }>();
  const leg = (e: Edge) => {
    const dir = e.i * 16 + e.j;
    const key = e.venue * 256 + dir;
    let l = legs.get(key);
    if (!l) {
      const f = flow.get(e.venue);
      const priced = f && f.dir === dir;
      const r = priced ? fTradeDerivative(ctx.base[e.venue], e, f.amount) : fMarginal(sim.get(e.venue), e);
      const slope = priced ? fRateSlope(ctx.base[e.venue], e, f.amount) : 0;
      legs.set(key, (l = { r, slope, users: [], reach: [] }));
    }
    return l;
  };
  for (let p = 0; p < n; p++) {
    let d = 1;
    for (const e of paths[p].edges) {
      const l = leg(e);
      l.users.push(p);
      l.reach.push(d);
      d *= l.r;
    }
  }
  for (let q = 0; q < n; q++) {
    let mq = 1;
    for (const e of paths[q].edges) mq *= leg(e).r;
    for (const e of paths[q].edges) {
      const l = leg(e);
      if (!(l.r > 0) || l.slope === 0) continue;
      const c = (mq / l.r) * l.slope;
      for (let k = 0; k < l.users.length; k++) H[q][l.users[k]] += c * l.reach[k];
    }
  }
  return H;
}

/**
 * d(marginal_q)/d(x_p) by forward differences (analytic over the venues' flows when the paths run through
 * aggregate venues, whose swaps are costly), symmetrised; a ridge keeps linear venues (bridges) solvable. The
 * analytic form everywhere was a fifth cheaper at 1,000 pools but left a 10,000-pool high-impact request 242 bp
 * short of the bound (BENCHMARKS.md, merge of route1k): finite differences stay where no path is aggregate.
 */
function marginalJacobian(ctx: Ctx, paths: Candidate[], cur: number[], m: number[], X: number): number[][] {
  const n = cur.length;
  const flowModel = paths.some((c) => c.edges.some((e) => e.members));
  const H = flowModel ? flowJacobian(ctx, paths, cur) : cur.map(() => new Array<number>(n).fill(0));
  for (let p = 0; !flowModel && p < n; p++) {
    const eps = cur[p] > 0 ? Math.max(cur[p] * 1e-5, X * 1e-12) : X * 1e-6;
    const y = cur.slice();
    y[p] += eps;
    const d = jointSim(ctx, paths, y, false).derivs;
    for (let q = 0; q < n; q++) H[q][p] = (d[q] - m[q]) / eps;
  }
  for (let p = 0; p < n; p++) {
    for (let q = p + 1; q < n; q++) H[p][q] = H[q][p] = (H[p][q] + H[q][p]) / 2;
    const ridge = (Math.abs(m[p]) / X) * 1e-3;
    H[p][p] = Math.min(H[p][p], 0) - ridge;
  }
  return H;
}

/**
 * Newton step of the split: paths in the set solve m + H step = lambda with sum(step) = 0 together with the
 * paths leaving (step = -cur). Null when the system is singular.
 */
function kktStep(H: number[][], m: number[], cur: number[], inSet: boolean[]): number[] | null {
  const idx = cur.map((_, p) => p).filter((p) => inSet[p]);
  const k = idx.length;
  if (k === 0) return null;
  const step = cur.map((v, p) => (inSet[p] ? 0 : -v));
  // Unknowns: step of each kept path, then lambda. Rows: marginal equalities, then the sum constraint.
  const A: number[][] = [];
  for (let r = 0; r < k; r++) {
    const q = idx[r];
    let rhs = -m[q];
    for (let p = 0; p < cur.length; p++) if (!inSet[p]) rhs -= H[q][p] * step[p];
    A.push([...idx.map((p) => H[q][p]), -1, rhs]);
  }
  let freed = 0;
  for (let p = 0; p < cur.length; p++) if (!inSet[p]) freed += cur[p];
  A.push([...idx.map(() => 1), 0, freed]);
  const sol = solveLinear(A);
  if (!sol) return null;
  idx.forEach((p, r) => (step[p] = sol[r]));
  return step;
}

/** Float split found by splitRoute: the paths used and their shares of the sell amount (sum 1). */
export type SplitShape = { paths: Candidate[]; shares: number[] };

export type SplitOptions = {
  /** The split found at another amount on the same candidates: skips greedy, warm-starts the Newton step. */
  warm?: SplitShape;
  /** With `warm`: unused candidates (best marginal rate after the warm split first) offered next to it. */
  warmEntrants?: number;
  /**
   * Column generation (cold search): paths whose marginal rate at the solution beats the solution's join it.
   * The value is the best spot rate product from the sell token (amount x it bounds every output).
   */
  entrants?: number;
  /** With `entrants`: rateBounds(ctx), from which column generation bounds the post-trade rates. */
  reach?: Float64Array[];
};

const pathKey = (c: Candidate) => c.edges.map((e) => `${e.venue}.${e.i}`).join();

/**
 * Paths that the optimality condition says should carry flow: their marginal rate at the current split (pools
 * priced at their whole flow) beats the split's marginal rate. Found by a marginal-rate beam search on the
 * venue states the split leaves, so a thin side path that no full-amount valuation would rank is still found.
 */
export function entrantPaths(
  ctx: Ctx,
  paths: Candidate[],
  x: number[],
  spotBest?: number,
  reach?: Float64Array[],
): Candidate[] {
  const { sim, derivs } = jointSim(ctx, paths, x, false);
  let lambda = 0;
  for (let p = 0; p < paths.length; p++) if (x[p] > 0) lambda = Math.max(lambda, derivs[p]);
  if (!(lambda > 0)) return [];
  // No path beats the best spot rate, so within 0.1 bp of it the entrants could add less than 0.1 bp: skip.
  if (spotBest !== undefined && lambda >= spotBest * (1 - 1e-5)) return [];
  const states = ctx.base.slice();
  for (const [v, st] of sim.over) states[v] = st;
  const post: Ctx = { ...ctx, base: states };
  const bounds = reach ? raisedRateBounds(ctx, reach, sim.over) : rateBounds(post);
  // Post-trade spot rates sit a fee times the impact below the rate at the pool's flow: search a little wider.
  const found = beamSearch(post, 1, bounds, lambda * (1 - ENTRANT_SLACK), {
    snapshot: ctx.base,
    moved: sim.over.keys(),
  });
  const known = new Set(paths.map(pathKey));
  const fresh: Candidate[] = [];
  for (const c of found) {
    const k = pathKey(c);
    if (known.has(k)) continue;
    known.add(k);
    fresh.push(c);
    if (fresh.length >= ROUTING_TUNING.entrantsPerRound) break;
  }
  if (fresh.length === 0) return [];
  const m = jointSim(ctx, [...paths, ...fresh], [...x, ...fresh.map(() => 0)], false).derivs;
  return fresh.filter((_, k) => m[paths.length + k] > lambda * (1 + 1e-9));
}

const ENTRANT_SLACK = 0.005;

/**
 * Split of the sell amount over candidate paths. Cold: greedy water-filling, then Newton marginal equalisation;
 * with `entrants`, rounds of column generation (entrantPaths, then Newton again) until no path beats the
 * split's marginal rate. Warm (options.warm): see SplitOptions. Then gas pruning, rounding to integers and an
 * exact integer polish. Also returns the float split shape.
 */
export function splitRoute(
  ctx: Ctx,
  request: QuoteRequest,
  cands: Candidate[],
  maxSplits: number,
  options: SplitOptions = {},
): (Built & { shape: SplitShape; filled: number }) | null {
  const split = floatSplit(ctx, request, cands, maxSplits, options);
  const exact = split && exactSplit(ctx, request, split.paths, split.x);
  return exact && { ...exact, filled: split.filled };
}

/**
 * The float part of splitRoute: the paths and their (float) amounts, after gas pruning; `filled`: the paths that
 * carried flow before it.
 */
export function floatSplit(
  ctx: Ctx,
  request: QuoteRequest,
  cands: Candidate[],
  maxSplits: number,
  options: SplitOptions = {},
): { paths: Candidate[]; x: number[]; filled: number } | null {
  const X = Number(request.sellAmount);
  const { warm, warmEntrants = maxSplits } = options;
  let x: number[];
  let paths: Candidate[];
  let order: number[] = [];
  if (warm && warm.paths.length > 0) {
    paths = warm.paths.slice(0, maxSplits);
    x = paths.map((_, p) => warm.shares[p] * X);
    if (paths.length < maxSplits) {
      const inWarm = new Set(paths);
      const g = jointSim(ctx, paths, x).sim;
      const unused = cands
        .filter((c) => !inWarm.has(c))
        .map((c) => ({ c, m: fPathMarginal(g, c.edges) }))
        .sort((a, b) => b.m - a.m)
        .slice(0, Math.min(maxSplits - paths.length, warmEntrants));
      x = [...x, ...unused.map(() => 0)];
      paths = [...paths, ...unused.map((u) => u.c)];
    }
  } else {
    x = greedy(ctx, cands, X, ROUTING_TUNING.chunks);
    if (x.length === 0) return null;
    order = x
      .map((v, p) => p)
      .filter((p) => x[p] > 0)
      .sort((a, b) => x[b] - x[a]);
    paths = order.map((p) => cands[p]);
    if (paths.length > maxSplits) {
      paths = paths.slice(0, maxSplits);
      x = greedy(ctx, paths, X, ROUTING_TUNING.chunks);
      if (x.length === 0) return null;
    } else {
      // Room left: offer the best unused candidates to the Newton step; tiny optimal shares fall between chunks.
      const g = jointSim(ctx, cands, x).sim;
      const unused = cands
        .map((c, p) => ({ c, p, m: fPathMarginal(g, c.edges) }))
        .filter((u) => x[u.p] === 0)
        .sort((a, b) => b.m - a.m)
        .slice(0, maxSplits - paths.length);
      x = [...order.map((p) => x[p]), ...unused.map(() => 0)];
      paths = [...paths, ...unused.map((u) => u.c)];
    }
  }
  x = equalizeMarginals(ctx, paths, x, X);
  for (let round = 0; options.entrants !== undefined && round < ROUTING_TUNING.entrantRounds; round++) {
    const fresh = entrantPaths(ctx, paths, x, options.entrants, options.reach);
    if (fresh.length === 0) break;
    const keep = x.map((_, p) => p).filter((p) => x[p] > 0);
    paths = [...keep.map((p) => paths[p]), ...fresh];
    x = [...keep.map((p) => x[p]), ...fresh.map(() => 0)];
    x = equalizeMarginals(ctx, paths, x, X);
  }
  if (x.filter((v) => v > 0).length > maxSplits) {
    // More paths carry flow than allowed: keep the largest and split again over them.
    const keep = x
      .map((_, p) => p)
      .sort((a, b) => x[b] - x[a])
      .slice(0, maxSplits);
    paths = keep.map((p) => paths[p]);
    const kept = keep.reduce((t, p) => t + x[p], 0);
    x = keep.map((p) => (x[p] * X) / kept);
    x = equalizeMarginals(ctx, paths, x, X);
  }
  const filled = x.filter((v) => v > 0).length;
  // Gas-aware pruning: drop a path whose surplus over the marginal rate does not pay for its gas.
  for (let guard = 0; guard < maxSplits; guard++) {
    const used = x.filter((v) => v > 0).length;
    if (used < 2) break;
    const { outs, derivs } = jointSim(ctx, paths, x);
    // The lowest marginal of the used paths: one filling a bridge to capacity keeps a higher marginal.
    const lambda = Math.min(...x.map((v, p) => (v > 0 ? derivs[p] : Infinity)));
    let worst = -1;
    let worstV = 0;
    for (let p = 0; p < paths.length; p++) {
      if (x[p] <= 0) continue;
      const v = outs[p] - lambda * x[p] - paths[p].gas;
      if (v < worstV) {
        worstV = v;
        worst = p;
      }
    }
    if (worst < 0) break;
    // The pruned path leaves the candidate set, or the Newton step would bring it straight back.
    const freed = x[worst];
    paths = paths.filter((_, p) => p !== worst);
    x = x.filter((_, p) => p !== worst);
    const rest = x.reduce((a, b) => a + b, 0);
    x = rest > 0 ? x.map((v) => v + (freed * v) / rest) : x;
    x = equalizeMarginals(ctx, paths, x, X);
  }
  return { paths, x, filled };
}

/**
 * The exact part of splitRoute: float amounts rounded to integers that add up to the sell amount, exact
 * evaluation (paths the exact math cannot fill leave the split), integer polish.
 */
export function exactSplit(
  ctx: Ctx,
  request: QuoteRequest,
  paths: Candidate[],
  x: number[],
  keepOrder = false,
): (Built & { shape: SplitShape }) | null {
  const X = Number(request.sellAmount);
  let order: number[] = [];
  // Round to integers that add up to the exact sell amount; the largest path absorbs the remainder, or the
  // next one if that would push the largest past a bridge capacity it fills exactly. A path the exact math
  // cannot fill (a dust share whose leg rounds to nothing, a pool the float model overdraws) leaves the split,
  // and the rest is split again: one such path would otherwise lose the whole split to the best single path.
  // Paths run largest first, or in the given order (keepOrder: pool paths expanded from token paths).
  let exact: Exact | null = null;
  let edges: Edge[][] = [];
  for (let drops = 0; !exact; drops++) {
    order = x.map((v, p) => p).filter((p) => x[p] > 0);
    if (!keepOrder) order.sort((a, b) => x[b] - x[a]);
    const floors = order.map((p) => BigInt(Math.floor(x[p])));
    let sum = 0n;
    for (const a of floors) sum += a;
    if (floors.length === 0) return null;
    edges = order.map((p) => paths[p].edges);
    const bySize = floors.map((_, k) => k);
    if (keepOrder) bySize.sort((a, b) => x[order[b]] - x[order[a]]);
    for (let t = 0; t < Math.min(floors.length, ROUTING_TUNING.splitPaths) && !exact; t++) {
      const amounts = floors.slice();
      amounts[bySize[t]] += request.sellAmount - sum;
      const r = evaluateSplit(ctx, edges, amounts);
      if (r) exact = { amounts, paths: r.paths, amountOut: r.amountOut };
    }
    if (exact) break;
    const amounts = floors.slice();
    amounts[bySize[0]] += request.sellAmount - sum;
    const bad = firstInfeasible(ctx, edges, amounts);
    if (bad < 0 || bad === bySize[0] || drops >= MAX_DROPS) return null;
    const gone = order[bad];
    const freed = x[gone];
    paths = paths.filter((_, p) => p !== gone);
    x = x.filter((_, p) => p !== gone);
    const rest = x.reduce((a, b) => a + b, 0);
    x = x.map((v) => v + (freed * v) / rest);
    // A split expanded from token paths has hundreds of pool paths: a Newton step there costs seconds.
    if (paths.length <= ROUTING_TUNING.splitPaths) x = equalizeMarginals(ctx, paths, x, X);
  }
  exact = polishSplit(ctx, edges, exact);
  const shape: SplitShape = { paths: order.map((p) => paths[p]), shares: order.map((p) => x[p] / X) };
  return { paths: exact.paths, amountOut: exact.amountOut, net: netOf(ctx, exact.paths, exact.amountOut), shape };
}

type Exact = { amounts: bigint[]; paths: RoutePath[]; amountOut: bigint };

// Paths dropped from a split whose exact evaluation fails, before the split gives up.
const MAX_DROPS = 8;

/** Index of the first path the exact math cannot fill, run in order as evaluatePaths runs them; -1 if none. */
function firstInfeasible(ctx: Ctx, edges: Edge[][], amounts: bigint[]): number {
  const states: ExactStates = new Map();
  for (let p = 0; p < edges.length; p++) {
    let a = amounts[p];
    try {
      for (const e of edges[p]) {
        const leg = exactLeg(ctx.index, states, e, a);
        if (!leg) return p;
        a = leg.amountOut;
      }
    } catch {
      return p;
    }
  }
  return -1;
}

/** Exact evaluation of a split; null when infeasible, including a StableSwap pool drained past convergence. */
function evaluateSplit(ctx: Ctx, edges: Edge[][], amounts: bigint[]): ReturnType<typeof evaluatePaths> {
  try {
    return evaluatePaths(
      ctx.index,
      edges.map((e, j) => ({ edges: e, amountIn: amounts[j] })),
    );
  } catch {
    return null;
  }
}

/**
 * Exact integer polish: moves input between the largest path and each other one while the exact output grows,
 * doubling the step from a millionth of the smaller path. Catches what the float model's rounding missed.
 */
export function polishSplit(ctx: Ctx, edges: Edge[][], start: Exact): Exact {
  let best = start;
  let evals = 0;
  // Each evaluation runs every path: a split of hundreds of pool paths gets as many leg evaluations as one of 24.
  const budget = Math.floor(ROUTING_TUNING.polishEvaluations * Math.min(1, ROUTING_TUNING.splitPaths / edges.length));
  for (let j = 1; j < edges.length && evals < budget; j++) {
    for (const sign of [1n, -1n]) {
      let step = best.amounts[j] >> 20n;
      if (step === 0n) step = 1n;
      let improved = false;
      while (evals < budget) {
        const amounts = best.amounts.slice();
        amounts[0] -= sign * step;
        amounts[j] += sign * step;
        if (amounts[0] <= 0n || amounts[j] <= 0n) break;
        evals++;
        const r = evaluateSplit(ctx, edges, amounts);
        if (!r || r.amountOut <= best.amountOut) break;
        best = { amounts, paths: r.paths, amountOut: r.amountOut };
        improved = true;
        step *= 2n;
      }
      if (improved) break;
    }
  }
  return best;
}

export function toRoute(ctx: Ctx, request: QuoteRequest, paths: RoutePath[], maxSplits: number): Route {
  // paths sharing a pool in one direction become a flow with one swap there, when that nets more (mergeFlow.ts)
  return routeOf(ctx, request, mergeFlow(ctx, request, paths, maxSplits));
}
