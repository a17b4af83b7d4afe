// The full route search, shared by findBestRoute and the quoter's cache misses, so a miss reproduces it exactly.
import type { MarketIndex } from '../market/marketIndex';
import type { QuoteOptions, QuoteRequest } from '../types';
import { evaluatePaths } from './evaluate';
import { baseStates } from './floatSim';
import { gasCostInToken } from './gas';
import {
  ROUTING_TUNING,
  beamSearch,
  bestSinglePath,
  type Built,
  type Candidate,
  type Ctx,
  diversify,
  netOf,
  splitRoute,
  type SplitShape,
} from './search';

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
    maxBridges: options.allowBridges === false ? 0 : (options.maxBridges ?? 2),
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

const pathKey = (c: Candidate) => c.edges.map((e) => `${e.venue}.${e.i}`).join();

/**
 * Beam search at the full amount (and at 1/8 of it when the best path moves prices), the best single path by
 * exact math, and the split over diversified candidates with column generation. When every candidate fails
 * the exact math (float degenerate: dust, a pool filled to within 1e-12), each direct pool is tried exactly.
 */
export function coldSearch(ctx: Ctx, request: QuoteRequest, reach: Float64Array[], maxSplits: number): ColdSearch {
  const X = Number(request.sellAmount);
  const full = beamSearch(ctx, X, reach);
  let best = bestSinglePath(ctx, request, full.slice(0, ROUTING_TUNING.singleCandidates));
  const pool: Candidate[] = [];
  let shape: SplitShape | undefined;
  if (maxSplits > 1 && full.length > 0) {
    // When the best path barely moves prices, smaller amounts rank paths the same way: skip the second beam.
    const impact = 1 - full.reduce((m, c) => Math.max(m, c.out), 0) / (X * reach[reach.length - 1][ctx.from]);
    const small = impact < 1e-3 ? [] : beamSearch(ctx, X / 8, reach);
    const half = ROUTING_TUNING.splitCandidates >> 1;
    const q = small.length ? half >> 1 : half;
    const seen = new Set<string>();
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
    const split = splitRoute(ctx, request, pool, maxSplits, { entrants: reach[reach.length - 1][ctx.from] });
    if (split) {
      shape = split.shape;
      for (const c of shape.paths) if (!seen.has(pathKey(c))) pool.push(c);
      if (!best || split.net > best.net) best = split;
    }
  }
  if (!best) best = directPools(ctx, request);
  return { best, full, pool, shape };
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
