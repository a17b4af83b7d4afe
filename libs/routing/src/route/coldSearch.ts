// The full route search, shared by findBestRoute and the quoter's cache misses, so a miss reproduces it exactly.
import type { Edge, MarketIndex } from '../market/marketIndex';
import type { QuoteOptions, QuoteRequest } from '../types';
import { evaluatePaths } from './evaluate';
import { baseStates } from './floatSim';
import { FLOW_TUNING, flowRoute } from './flowAllocate';
import { gasCostInToken } from './gas';
import { aggregatedContext, expandPaths, liftPaths } from './aggregate';
import {
  ROUTING_TUNING,
  beamSearch,
  bestSinglePath,
  type Built,
  type Candidate,
  type Ctx,
  diversify,
  exactSplit,
  floatSplit,
  netOf,
  rateBounds,
  splitRoute,
  type SplitShape,
} from './search';

/**
 * Bridge legs per path the options allow. allowBridges defaults to true only across chains: a same-chain route
 * that leaves the chain cannot settle (libs/chain's encodeRoute), so same-chain detours need allowBridges true.
 */
export function bridgeLimit(options: QuoteOptions, sameChain: boolean): number {
  return (options.allowBridges ?? !sameChain) ? (options.maxBridges ?? 2) : 0;
}

/** Search context for one (sell token, buy token, options): hop limits and the float cost of gas per chain. */
export function searchContext(index: MarketIndex, from: number, to: number, options: QuoteOptions): Ctx {
  const gasUnitCost = new Map<number, number>();
  for (const c of index.market.chains) {
    const per1e9 = gasCostInToken(index, to, new Map([[c.chainId, 1_000_000_000n]]), options.gasPriceWei);
    gasUnitCost.set(c.chainId, Number(per1e9) / 1e9);
  }
  return {
    index,
    base: baseStates(index),
    from,
    to,
    maxHops: options.maxHops ?? 4,
    maxBridges: bridgeLimit(options, index.tokens[from].chainId === index.tokens[to].chainId),
    gasUnitCost,
    gasPrices: options.gasPriceWei,
  };
}

export type ColdSearch = {
  best: Built | null;
  /** Candidate paths by float output net of gas at the full amount, best first. */
  full: Candidate[];
  /** Split candidates: diversified beam results plus the paths column generation brought in. */
  pool: Candidate[];
  shape?: SplitShape;
};

/**
 * Price impact of the best single path from which the split over token paths also runs: below 1% the pool-path
 * split is within a fraction of a basis point of the bound on the benchmark markets, and the token-path split
 * roughly doubles a quote's CPU.
 */
const AGGREGATE_IMPACT = 0.01;

const pathKey = (c: Candidate) => c.edges.map((e) => `${e.venue}.${e.i}`).join();

/**
 * Beam search at the full amount (and at 1/8 of it when the best path moves prices), the best single path by
 * exact math, and the split over diversified candidates with column generation. When the trade moves prices,
 * the same split also runs over token paths with parallel pools aggregated (aggregate.ts), expanded to pool
 * paths; the better split by exact output net of gas wins. When every candidate fails the exact math (float
 * degenerate: dust, a pool filled to within 1e-12), each direct pool is tried exactly.
 */
export function coldSearch(ctx: Ctx, request: QuoteRequest, reach: Float64Array[], maxSplits: number): ColdSearch {
  const X = Number(request.sellAmount);
  const full = beamSearch(ctx, X, reach);
  let best = bestSinglePath(ctx, request, full.slice(0, ROUTING_TUNING.singleCandidates));
  let pool: Candidate[] = [];
  let shape: SplitShape | undefined;
  const pathSplits = Math.min(maxSplits, ROUTING_TUNING.splitPaths);
  if (pathSplits > 1 && full.length > 0) {
    // When the best path barely moves prices, smaller amounts rank paths the same way: skip the second beam.
    const impact = 1 - full.reduce((m, c) => Math.max(m, c.out), 0) / (X * reach[reach.length - 1][ctx.from]);
    const moves = impact >= 1e-3;
    pool = splitCandidates(full, moves ? beamSearch(ctx, X / 8, reach) : []);
    const split = splitRoute(ctx, request, pool, pathSplits, { entrants: reach[reach.length - 1][ctx.from], reach });
    if (split) {
      shape = split.shape;
      const seen = new Set(pool.map(pathKey));
      for (const c of shape.paths) if (!seen.has(pathKey(c))) pool.push(c);
      if (!best || split.net > best.net) best = split;
    }
    // A trade that moves prices on a market with parallel pools, when the split above filled all the paths it
    // optimises over (before gas pruning left fewer) and the route may hold more: also the split over token paths. It needs far fewer paths where
    // a hundred pools serve a pair; each flat fee it pays per pool path can make it the worse.
    const capped = !split || split.filled >= pathSplits;
    const agg = impact >= AGGREGATE_IMPACT && capped && maxSplits > pathSplits ? aggregatedContext(ctx) : null;
    const tokenSplit = agg && aggregatedSplit(agg, ctx, request, pathSplits, maxSplits, [...pool, ...full]);
    if (tokenSplit && (!best || tokenSplit.net > best.net)) best = tokenSplit;
    // The flow over the pools of the splits' paths, where paths sharing a pool merge: for a trade with 1% price
    // impact, or where the best route's paths share a pool; below that the splits are within noise of it for its CPU.
    const flowing = FLOW_TUNING.enabled && (impact >= FLOW_TUNING.minImpact || (moves && sharesPool(best)));
    const flow = flowing ? flowRoute(ctx, request, flowPaths(split, tokenSplit, pool), best, maxSplits) : null;
    if (flow && (!best || flow.net > best.net)) best = flow;
  }
  if (!best) best = directPools(ctx, request);
  return { best, full, pool, shape };
}

/** Whether two of the route's paths swap in one pool (where a flow swaps it once). */
function sharesPool(route: Built | null): boolean {
  if (!route || route.paths.length < 2) return false;
  const owner = new Map<string, number>();
  for (let p = 0; p < route.paths.length; p++)
    for (const leg of route.paths[p].legs) {
      const o = owner.get(leg.poolId);
      if (o !== undefined && o !== p) return true;
      owner.set(leg.poolId, p);
    }
  return false;
}

/** Pool paths the flow allocates over: both splits' paths, then the split candidates. */
function flowPaths(
  split: { shape: SplitShape } | null,
  tokenSplit: { shape: SplitShape } | null | false,
  pool: Candidate[],
): Edge[][] {
  return [...(split ? split.shape.paths : []), ...(tokenSplit ? tokenSplit.shape.paths : []), ...pool].map(
    (c) => c.edges,
  );
}

/** Diversified split candidates from the full-amount beam and, when prices move, the 1/8-amount beam. */
function splitCandidates(full: Candidate[], small: Candidate[]): Candidate[] {
  const half = ROUTING_TUNING.splitCandidates >> 1;
  const q = small.length ? half >> 1 : half;
  const seen = new Set<string>();
  const pool: Candidate[] = [];
  const picks = [
    ...diversify(full, q, 'last'),
    ...diversify(full, q, 'first'),
    ...diversify(small, half >> 1, 'last'),
    ...diversify(small, half >> 1, 'first'),
  ];
  for (const c of picks) {
    const k = pathKey(c);
    if (!seen.has(k)) {
      seen.add(k);
      pool.push(c);
    }
  }
  return pool;
}

/**
 * The split over token paths (parallel pools aggregated), expanded to at most maxSplits pool paths and
 * evaluated exactly. A pair served by a hundred pools is one venue here, so a few token paths carry what
 * would take a hundred pool paths. Candidates: the full-amount beam on the token graph and the pool-path split's
 * candidates lifted to token paths (in place of a second beam at 1/8 of the amount, which cost as much as the first).
 */
function aggregatedSplit(
  agg: Ctx,
  ctx: Ctx,
  request: QuoteRequest,
  pathSplits: number,
  maxSplits: number,
  poolPaths: Candidate[],
) {
  const X = Number(request.sellAmount);
  const reach = rateBounds(agg);
  const full = beamSearch(agg, X, reach);
  if (full.length === 0) return null;
  const cands = splitCandidates(full, liftPaths(ctx, agg, poolPaths));
  const split = floatSplit(agg, request, cands, pathSplits, { entrants: reach[reach.length - 1][ctx.from], reach });
  if (!split) return null;
  const pools = expandPaths(agg, ctx, split.paths, split.x, X, maxSplits);
  return pools && exactSplit(ctx, request, pools.paths, pools.x, true);
}

/** Best single pool from the sell token to the buy token, by exact math alone. */
function directPools(ctx: Ctx, request: QuoteRequest): Built | null {
  let best: Built | null = null;
  for (const e of ctx.index.edgesFrom[ctx.from]) {
    if (e.to !== ctx.to) continue;
    const r = evaluatePaths(ctx.index, [{ edges: [e], amountIn: request.sellAmount }]);
    if (!r) continue;
    const net = netOf(ctx, r.paths, r.amountOut);
    if (!best || net > best.net) best = { paths: r.paths, amountOut: r.amountOut, net };
  }
  return best;
}
