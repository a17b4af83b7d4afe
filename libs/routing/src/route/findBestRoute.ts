import { indexMarket } from '../market/marketIndex';
import { tokenKey } from '../market/tokenKey';
import type { Market, QuoteOptions, QuoteRequest, Route } from '../types';
import { baseStates } from './floatSim';
import { gasCostInToken } from './gas';
import { ROUTING_TUNING, bestSinglePath, beamSearch, diversify, rateBounds, splitRoute, toRoute, type Candidate, type Ctx } from './search';

export { ROUTING_TUNING };

/**
 * Best exact-in route from the sell token to the buy token, possibly across chains: candidate paths from a
 * beam search on float venue models, split by greedy water-filling then Newton marginal equalisation on the
 * joint state (shared pools counted once), gas and flat fees pruned, and every amount re-run with exact
 * integer pool math, paths in sequence. Never worse (net of gas) than the best single candidate path.
 * Null when no path can carry the amount.
 */
export function findBestRoute(market: Market, request: QuoteRequest, options: QuoteOptions = {}): Route | null {
  const index = indexMarket(market);
  const from = index.tokenIdx.get(tokenKey(request.sourceChainId, request.sellToken));
  const to = index.tokenIdx.get(tokenKey(request.destinationChainId, request.buyToken));
  if (from === undefined || to === undefined || from === to || request.sellAmount <= 0n) return null;
  const maxHops = options.maxHops ?? 4;
  const maxSplits = Math.max(1, options.maxSplits ?? 8);
  const maxBridges = options.allowBridges === false ? 0 : (options.maxBridges ?? 2);
  const gasUnitCost = new Map<number, number>();
  for (const c of market.chains) {
    const per1e9 = gasCostInToken(index, to, new Map([[c.chainId, 1_000_000_000n]]), options.gasPriceWei);
    gasUnitCost.set(c.chainId, Number(per1e9) / 1e9);
  }
  const ctx: Ctx = { index, base: baseStates(index), from, to, maxHops, maxBridges, gasUnitCost, gasPrices: options.gasPriceWei };
  const X = Number(request.sellAmount);

  const reach = rateBounds(ctx);
  const full = beamSearch(ctx, X, reach);
  if (full.length === 0) return null;
  let best = bestSinglePath(ctx, request, full.slice(0, ROUTING_TUNING.singleCandidates));
  if (maxSplits > 1) {
    // When the best path barely moves prices, smaller amounts rank paths the same way: skip the second beam.
    const impact = 1 - full.reduce((m, c) => Math.max(m, c.out), 0) / (X * reach[reach.length - 1][from]);
    const small = impact < 1e-3 ? [] : beamSearch(ctx, X / 8, reach);
    const half = ROUTING_TUNING.splitCandidates >> 1;
    const seen = new Set<string>();
    const pool: Candidate[] = [];
    const q = small.length ? half >> 1 : half;
    const picks = [
      ...diversify(full, q, 'last'),
      ...diversify(full, q, 'first'),
      ...diversify(small, half >> 1, 'last'),
      ...diversify(small, half >> 1, 'first'),
    ];
    for (const c of picks) {
      const key = c.edges.map((e) => `${e.venue}.${e.i}`).join();
      if (!seen.has(key)) {
        seen.add(key);
        pool.push(c);
      }
    }
    const split = splitRoute(ctx, request, pool, maxSplits);
    if (split && (!best || split.net > best.net)) best = split;
  }
  return best ? toRoute(ctx, request, best.paths) : null;
}
