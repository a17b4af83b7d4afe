// Route format (issue 18): where several paths swap the same pool in the same direction, one swap of their summed
// input keeps the pool's fee out of the later swaps' price, so the flow form of the route outputs more.
import type { Edge, MarketIndex } from '../market/marketIndex';
import { tokenKey } from '../market/tokenKey';
import type { Leg, QuoteRequest, Route, RoutePath } from '../types';
import { type ExactStates, evaluateFlow, exactLeg } from './evaluate';
import { gasByChain, gasCostInToken } from './gas';

/** What the merge needs of a search context (structural, so this file does not import search.ts). */
export type FlowCtx = { index: MarketIndex; from: number; to: number; gasPrices?: Record<number, bigint> };

/** The route the paths make, read as a flow (a plain split is the special case, with the same amounts as before). */
export function routeOf(ctx: FlowCtx, request: QuoteRequest, paths: RoutePath[]): Route {
  const { amountIn, amountOut } = flowTotals(ctx.index, ctx.from, ctx.to, paths);
  const gas = gasByChain(paths.flatMap((p) => p.legs));
  return {
    request,
    amountIn,
    amountOut,
    gasCostInSellToken: gasCostInToken(ctx.index, ctx.from, gas, ctx.gasPrices),
    paths,
  };
}

/** Sell token drawn (net of any returned to it) and buy token produced (net of any drawn from it) by the paths. */
function flowTotals(index: MarketIndex, from: number, to: number, paths: RoutePath[]) {
  let amountIn = 0n;
  let amountOut = 0n;
  for (const p of paths) {
    const first = p.legs[0];
    const last = p.legs[p.legs.length - 1];
    const a = index.tokenIdx.get(tokenKey(first.chainIdIn, first.tokenIn));
    const b = index.tokenIdx.get(tokenKey(last.chainIdOut, last.tokenOut));
    if (a === from) amountIn += p.amountIn;
    if (a === to) amountOut -= p.amountIn;
    if (b === to) amountOut += p.amountOut;
    if (b === from) amountIn -= p.amountOut;
  }
  return { amountIn, amountOut };
}

type Step = { edges: Edge[]; start: number; weight: bigint };

/**
 * The flow form of a same-chain route whose paths share a pool in one direction: one swap per (pool, direction)
 * with the summed input, each token's swaps splitting what reaches it in the plain route's proportions, steps in
 * topological order of the tokens, chains of single-consumer swaps kept together
 * as one path. Returned when its output net of gas beats the plain route's; otherwise (and for routes with no
 * shared pool, bridge legs, or a token cycle) the paths are returned unchanged.
 */
export function mergeFlow(ctx: FlowCtx, request: QuoteRequest, paths: RoutePath[], maxSplits = Infinity): RoutePath[] {
  if (paths.length < 2 || !sharesPool(paths)) return paths;
  const { index } = ctx;
  // Bridge legs are settled from inventory per path on the destination (routePathCalls): those routes stay plain.
  if (paths.some((p) => p.legs.some((l) => l.kind === 'bridge'))) return paths;
  const edges = new Map<string, { edge: Edge; flow: bigint; order: number }>();
  let merged = false;
  for (let k = 0; k < paths.length; k++)
    for (const l of paths[k].legs) {
      const e = edgeOf(index, l);
      if (!e) return paths;
      // A StableSwap keeps its fee in the coin it pays out, which the next swap the same way gains: no merge there.
      const key = `${e.venue}:${e.from}:${e.to}` + (e.kind === 'stableSwap' ? `:${k}` : '');
      const hit = edges.get(key);
      if (hit) hit.flow += l.amountIn;
      else edges.set(key, { edge: e, flow: l.amountIn, order: edges.size });
      merged ||= hit !== undefined;
    }
  if (!merged) return paths;
  // A token cycle (paths crossing a token pair both ways) has no token order: merge the first swaps only.
  const steps = flowSteps(ctx, [...edges.values()]) ?? firstSwapSteps(index, paths);
  if (!steps) return paths;
  // No integer polish here: on the benchmark it gained ~0.0001 bp for half of the merge's CPU.
  const draws = weightedDraws(ctx, request.sellAmount, steps);
  if (!draws) return paths;
  const flow = evaluateFlow(
    index,
    ctx.from,
    ctx.to,
    request.sellAmount,
    steps.map((s, k) => ({ edges: s.edges, amountIn: draws[k] })),
  );
  // a flow's paths count against maxSplits as a split's do (QuoteOptions.maxSplits)
  if (!flow || flow.paths.length > maxSplits) return paths;
  const plainOut = paths.reduce((a, p) => a + p.amountOut, 0n);
  return netOf(ctx, flow.paths, flow.amountOut) > netOf(ctx, paths, plainOut) ? flow.paths : paths;
}

/** True when two paths swap the same pool in the same direction (the only case the merge changes). */
function sharesPool(paths: RoutePath[]): boolean {
  const seen = new Map<string, number>();
  for (let k = 0; k < paths.length; k++)
    for (const l of paths[k].legs) {
      const key = `${l.chainIdIn}:${l.poolId}:${l.tokenIn}:${l.tokenOut}`;
      const at = seen.get(key);
      if (at !== undefined && at !== k) return true;
      seen.set(key, k);
    }
  return false;
}

function netOf(ctx: FlowCtx, paths: RoutePath[], amountOut: bigint): bigint {
  return amountOut - gasCostInToken(ctx.index, ctx.to, gasByChain(paths.flatMap((p) => p.legs)), ctx.gasPrices);
}

/** The market edge a leg swapped. */
function edgeOf(index: MarketIndex, l: Leg): Edge | undefined {
  const from = index.tokenIdx.get(tokenKey(l.chainIdIn, l.tokenIn));
  const to = index.tokenIdx.get(tokenKey(l.chainIdOut, l.tokenOut));
  if (from === undefined || to === undefined) return undefined;
  const v = index.venueById.get(l.poolId);
  const at = (e: Edge) => e.to === to && (index.venues[e.venue].pool ?? index.venues[e.venue].bridge)?.id === l.poolId;
  return index.edgesFrom[from].find((e) => e.venue === v && at(e)) ?? index.edgesFrom[from].find(at);
}

/**
 * Merged swaps as flow steps: tokens in topological order (null on a cycle), a step per chain of swaps whose inner
 * tokens have one swap in and one out, steps drawing a token after every step that feeds it.
 */
function flowSteps(ctx: FlowCtx, edges: Array<{ edge: Edge; flow: bigint; order: number }>): Step[] | null {
  const outs = new Map<number, typeof edges>();
  const indeg = new Map<number, number>();
  for (const x of edges) {
    const list = outs.get(x.edge.from);
    if (list) list.push(x);
    else outs.set(x.edge.from, [x]);
    indeg.set(x.edge.to, (indeg.get(x.edge.to) ?? 0) + 1);
  }
  // Kahn's order over the tokens the flow touches.
  const rank = new Map<number, number>();
  const left = new Map(indeg);
  const ready = [ctx.from];
  if (left.has(ctx.from)) return null;
  while (ready.length > 0) {
    const t = ready.shift()!;
    rank.set(t, rank.size);
    for (const x of outs.get(t) ?? []) {
      const n = left.get(x.edge.to)! - 1;
      left.set(x.edge.to, n);
      if (n === 0) ready.push(x.edge.to);
    }
  }
  for (const t of [...outs.keys(), ...indeg.keys()]) if (!rank.has(t)) return null;
  const inner = (t: number) => t !== ctx.to && indeg.get(t) === 1 && outs.get(t)?.length === 1;
  const steps: Array<Step & { order: number }> = [];
  for (const x of edges) {
    if (inner(x.edge.from)) continue;
    const chain = [x.edge];
    for (let t = x.edge.to; inner(t); t = chain[chain.length - 1].to) chain.push(outs.get(t)![0].edge);
    steps.push({ edges: chain, start: x.edge.from, weight: x.flow, order: x.order });
  }
  steps.sort((a, b) => rank.get(a.start)! - rank.get(b.start)! || a.order - b.order);
  return steps;
}

/**
 * The first swaps merged per (pool, direction), each path's other swaps kept as one path drawing what its first swap
 * produced: valid whatever the later swaps cross, since only first swaps produce what the later paths start from.
 * Null when no two paths share their first swap.
 */
function firstSwapSteps(index: MarketIndex, paths: RoutePath[]): Step[] | null {
  const firsts = new Map<string, Step>();
  const rests: Step[] = [];
  paths.forEach((p, k) => {
    const edges = p.legs.map((l) => edgeOf(index, l)!);
    const key = `${edges[0].venue}:${edges[0].from}:${edges[0].to}` + (edges[0].kind === 'stableSwap' ? `:${k}` : '');
    const hit = firsts.get(key);
    if (hit) hit.weight += p.amountIn;
    else firsts.set(key, { edges: [edges[0]], start: edges[0].from, weight: p.amountIn });
    if (edges.length > 1) rests.push({ edges: edges.slice(1), start: edges[1].from, weight: p.legs[1].amountIn });
  });
  if (firsts.size === paths.length) return null;
  return [...firsts.values(), ...rests];
}

/**
 * The steps' draws, run with exact math, each token's draws splitting all that reached it in proportion to the
 * steps' weights (the last draw takes the rest). Null when a swap cannot fill.
 */
function weightedDraws(ctx: FlowCtx, sellAmount: bigint, steps: Step[]): bigint[] | null {
  const sum = new Map<number, bigint>();
  const left = new Map<number, number>();
  for (let k = 0; k < steps.length; k++) {
    const t = steps[k].start;
    sum.set(t, (sum.get(t) ?? 0n) + steps[k].weight);
    left.set(t, (left.get(t) ?? 0) + 1);
  }
  // What reached each token by its first draw: every step feeding it has run by then (topological order).
  const reached = new Map<number, bigint>();
  const held = new Map<number, bigint>([[ctx.from, sellAmount]]);
  const states: ExactStates = new Map();
  const draws: bigint[] = [];
  try {
    for (let k = 0; k < steps.length; k++) {
      const t = steps[k].start;
      const have = held.get(t) ?? 0n;
      if (!reached.has(t)) reached.set(t, have);
      const n = left.get(t)! - 1;
      left.set(t, n);
      const draw = n === 0 ? have : (reached.get(t)! * steps[k].weight) / sum.get(t)!;
      if (draw <= 0n || draw > have) return null;
      held.set(t, have - draw);
      let a = draw;
      for (const e of steps[k].edges) {
        const leg = exactLeg(ctx.index, states, e, a);
        if (!leg) return null;
        a = leg.amountOut;
      }
      const end = steps[k].edges[steps[k].edges.length - 1].to;
      held.set(end, (held.get(end) ?? 0n) + a);
      draws.push(draw);
    }
  } catch {
    // a StableSwap drained past convergence
    return null;
  }
  return draws;
}
