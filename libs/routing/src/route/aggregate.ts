// Token-level routing: the parallel pools of a token pair act as one venue (split by equal marginal rates), the
// split runs over token paths, and the result expands back to pool paths the RouteExecutor runs as they are.
import type { Edge, MarketIndex } from '../market/marketIndex';
import { aggInputs, aggMember, type FAgg, type FState, fSwap, Sim } from './floatSim';
import { type Candidate, type Ctx, edgeGas, jointSim } from './search';

type Aggregated = { index: MarketIndex; base: FState[]; lift: Map<Edge, Edge> };

const cache = new WeakMap<FState[], Aggregated | null>();

/**
 * The search graph with every token pair served by two or more two-token pools (constant product, concentrated)
 * replaced by one aggregate edge per direction, on a virtual venue after the real ones. StableSwap pools and
 * bridges stay as they are (a StableSwap pool serves several pairs, so it cannot sit inside one). Null when no
 * pair has parallel pools.
 */
export function aggregatedContext(ctx: Ctx): Ctx | null {
  let agg = cache.get(ctx.base);
  if (agg === undefined) {
    agg = aggregate(ctx.index, ctx.base);
    cache.set(ctx.base, agg);
  }
  return agg && { ...ctx, index: agg.index, base: agg.base };
}

/**
 * Pool paths as token paths on the aggregated context (each pool leg becomes its pair's aggregate leg), deduplicated;
 * a path through two pools of one pair is left out.
 */
export function liftPaths(plain: Ctx, agg: Ctx, paths: Candidate[]): Candidate[] {
  const lift = cache.get(plain.base)?.lift;
  if (!lift) return [];
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const c of paths) {
    const edges = c.edges.map((e) => lift.get(e) ?? e);
    const venues = new Set(edges.map((e) => e.venue));
    if (venues.size < edges.length) continue;
    const key = edges.map((e) => `${e.venue}.${e.i}`).join();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ edges, out: c.out, gas: edgeGas(agg, edges) });
  }
  return out;
}

function aggregate(index: MarketIndex, base: FState[]): Aggregated | null {
  const n = index.tokens.length;
  const groups = new Map<number, Edge[]>();
  for (let u = 0; u < n; u++)
    for (const e of index.edgesFrom[u]) {
      if (e.kind !== 'constantProduct' && e.kind !== 'concentrated') continue;
      const key = u * n + e.to;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push(e);
    }
  const states: FState[] = base.slice();
  const venueOf = new Map<number, number>();
  const edgesFrom: Edge[][] = index.edgesFrom.map(() => []);
  const lift = new Map<Edge, Edge>();
  let any = false;
  for (let u = 0; u < n; u++)
    for (const e of index.edgesFrom[u]) {
      const g = groups.get(u * n + e.to);
      if (!g || g.length < 2) {
        edgesFrom[u].push(e);
        continue;
      }
      if (g[0] !== e) continue;
      any = true;
      // Both directions of a pair share one venue; members sorted by pool so the two directions line up.
      const members = g.slice().sort((a, b) => a.venue - b.venue);
      const pair = Math.min(u, e.to) * n + Math.max(u, e.to);
      let venue = venueOf.get(pair);
      if (venue === undefined) {
        venue = states.length;
        venueOf.set(pair, venue);
        states.push({ k: 4, ms: members.map((m) => base[m.venue]), own: null } satisfies FAgg);
      }
      const forward = u < e.to;
      const lifted = { ...e, venue, zeroForOne: forward, i: forward ? 0 : 1, j: forward ? 1 : 0, members };
      edgesFrom[u].push(lifted);
      for (const m of members) lift.set(m, lifted);
    }
  return any ? { index: { ...index, edgesFrom }, base: states, lift } : null;
}

type Piece = { edges: Edge[]; src: number; amt: number; group: number };

/**
 * Pool paths that carry a token-path split, in the order the exact evaluation must run them: each token path is
 * run through its venues in order, every aggregate leg splits by equal marginal rates, and the flow is cut where
 * the members' inputs meet. A piece gets what its stretch of a pool's input yields when the pieces run in this
 * order, so the pool paths reproduce the split. Pieces under a millionth of the sell amount go to the rest of
 * their token path's pieces. At most `maxPaths` pool paths: the largest, each token path's dropped input spread
 * over its kept ones.
 */
export function expandPaths(
  agg: Ctx,
  plain: Ctx,
  paths: Candidate[],
  x: number[],
  X: number,
  maxPaths: number,
): { paths: Candidate[]; x: number[] } | null {
  const sim = new Sim(agg.base);
  let out: Piece[] = [];
  for (let p = 0; p < paths.length; p++) {
    if (!(x[p] > 0)) continue;
    let pieces: Piece[] = [{ edges: [], src: x[p], amt: x[p], group: p }];
    let a = x[p];
    for (const e of paths[p].edges) {
      const s = sim.mut(e.venue);
      let members: Edge[];
      let inputs: number[] | null;
      let state: (i: number, write: boolean) => FState;
      if (e.members) {
        members = e.members;
        inputs = aggInputs(s as FAgg, e, a);
        state = (i, write) => aggMember(s as FAgg, i, write);
      } else {
        members = [e];
        inputs = [a];
        state = () => s;
      }
      if (!inputs) return null;
      pieces = cut(pieces, members, inputs, state, a);
      let o = 0;
      for (let i = 0; i < members.length; i++) {
        if (!(inputs[i] > 0)) continue;
        const y = fSwap(state(i, true), members[i], inputs[i], true, false);
        if (!(y > 0)) return null;
        o += y;
      }
      a = o;
    }
    const kept = pieces.filter((pc) => pc.src >= X * 1e-6);
    const sum = kept.reduce((t, pc) => t + pc.src, 0);
    for (const pc of kept) pc.src *= x[p] / sum;
    out.push(...kept);
  }
  if (out.length > maxPaths) {
    const keep = new Set(
      out
        .slice()
        .sort((a, b) => b.src - a.src)
        .slice(0, maxPaths),
    );
    // What a dropped piece carried goes to the kept pieces of its own token path, so the token-path split stays as
    // optimised (spread over all pieces, it cost up to 0.85 bp at 10,000 pools); a token path left with no piece
    // spreads over all.
    const kept = new Map<number, number>();
    const dropped = new Map<number, number>();
    for (const pc of out) {
      const m = keep.has(pc) ? kept : dropped;
      m.set(pc.group, (m.get(pc.group) ?? 0) + pc.src);
    }
    out = out.filter((pc) => keep.has(pc));
    for (const pc of out) pc.src *= 1 + (dropped.get(pc.group) ?? 0) / kept.get(pc.group)!;
    const sum = out.reduce((t, pc) => t + pc.src, 0);
    for (const pc of out) pc.src *= X / sum;
  }
  const cands = out.map((pc) => ({ edges: pc.edges, out: pc.amt, gas: edgeGas(plain, pc.edges) }));
  return prune(
    plain,
    cands,
    out.map((pc) => pc.src),
    out.map((pc) => pc.group),
  );
}

/**
 * Cuts the pieces entering a leg where its members' inputs meet. A part gets its member's output for that
 * stretch of the member's input (output at the stretch's end less output at its start, from the state before).
 */
function cut(
  pieces: Piece[],
  members: Edge[],
  inputs: number[],
  state: (i: number, write: boolean) => FState,
  total: number,
): Piece[] {
  const next: Piece[] = [];
  const tiny = total * 1e-12;
  const outAt = (j: number, c: number) => (c > 0 ? fSwap(state(j, false), members[j], c, false, false) : 0);
  // Largest members first, so big pieces fall inside one member: a constant product pool keeps its fee in the
  // reserves, so a pool's input cut into several swaps yields less than one swap of the whole.
  const ord = members.map((_, i) => i).filter((i) => inputs[i] > 0);
  ord.sort((a, b) => inputs[b] - inputs[a]);
  let k = -1;
  let j = -1;
  let left = 0;
  let used = 0;
  let yielded = 0;
  const advance = () => {
    k++;
    j = k < ord.length ? ord[k] : -1;
    used = 0;
    yielded = 0;
    left = j >= 0 ? inputs[j] : Infinity;
  };
  advance();
  for (const pc of pieces) {
    let rem = pc.amt;
    while (rem > tiny) {
      if (j < 0) {
        // Float slack past the last member's input: it rides along with the last part.
        if (next.length > 0) next[next.length - 1].src += (pc.src * rem) / pc.amt;
        break;
      }
      const take = Math.min(rem, left);
      const y = Math.max(0, outAt(j, used + take));
      next.push({ edges: [...pc.edges, members[j]], src: (pc.src * take) / pc.amt, amt: y - yielded, group: pc.group });
      used += take;
      yielded = y;
      rem -= take;
      left -= take;
      if (left <= tiny) advance();
    }
  }
  return next;
}
/**
 * One pass of pruning: pool paths whose surplus over the marginal rate does not pay for their gas and flat
 * bridge fees (each pool path pays its own) leave; their input goes to the rest of their token path's paths.
 */
function prune(ctx: Ctx, paths: Candidate[], x: number[], group: number[]): { paths: Candidate[]; x: number[] } {
  if (paths.length < 2) return { paths, x };
  const { outs, derivs } = jointSim(ctx, paths, x, true);
  let lambda = Infinity;
  for (let p = 0; p < paths.length; p++) if (x[p] > 0 && outs[p] >= 0) lambda = Math.min(lambda, derivs[p]);
  const keep = paths.map((c, p) => outs[p] >= 0 && outs[p] - lambda * x[p] - c.gas >= 0);
  if (!keep.some(Boolean)) {
    let best = 0;
    for (let p = 1; p < paths.length; p++) if (x[p] > x[best]) best = p;
    keep[best] = true;
  }
  // Freed input per token path goes to its kept pool paths, or to all kept ones if none is left.
  const freed = new Map<number, number>();
  const kept = new Map<number, number>();
  for (let p = 0; p < paths.length; p++) {
    const m = keep[p] ? kept : freed;
    m.set(group[p], (m.get(group[p]) ?? 0) + x[p]);
  }
  let orphan = 0;
  for (const [g, v] of freed) if (!kept.has(g)) orphan += v;
  let total = 0;
  for (const v of kept.values()) total += v;
  const out = { paths: [] as Candidate[], x: [] as number[] };
  for (let p = 0; p < paths.length; p++) {
    if (!keep[p]) continue;
    const g = group[p];
    const own = kept.get(g)!;
    out.paths.push(paths[p]);
    out.x.push(x[p] * (1 + (freed.get(g) ?? 0) / own + orphan / total));
  }
  return out;
}
