import { indexMarket } from '../market/marketIndex';
import { tokenKey } from '../market/tokenKey';
import type { Market, QuoteOptions, QuoteRequest, Route } from '../types';
import { coldSearch, searchContext } from './coldSearch';
import { DEFAULT_MAX_SPLITS, ROUTING_TUNING, rateBounds, toRoute } from './search';

export { ROUTING_TUNING };

/**
 * Best exact-in route from the sell token to the buy token, possibly across chains: candidate paths from a
 * beam search on float venue models, split by greedy water-filling then Newton marginal equalisation with pools
 * priced at their whole flow, joined by every path whose marginal rate beats the split's (column generation),
 * gas and flat fees pruned, every amount re-run with exact integer pool math (paths in sequence) and polished.
 * When the best path moves prices by 1% or more and maxSplits exceeds the 24 paths that split optimises over, the
 * same split also runs over token paths with the parallel pools of each pair as one venue (aggregate.ts), expanded
 * to up to maxSplits pool paths; the better of the two splits is returned.
 * Never worse (net of gas) than the best single candidate path. Null when no path can carry the amount.
 */
export function findBestRoute(market: Market, request: QuoteRequest, options: QuoteOptions = {}): Route | null {
  const index = indexMarket(market);
  const from = index.tokenIdx.get(tokenKey(request.sourceChainId, request.sellToken));
  const to = index.tokenIdx.get(tokenKey(request.destinationChainId, request.buyToken));
  if (from === undefined || to === undefined || from === to || request.sellAmount <= 0n) return null;
  const ctx = searchContext(index, from, to, options);
  const maxSplits = Math.max(1, options.maxSplits ?? DEFAULT_MAX_SPLITS);
  const { best } = coldSearch(ctx, request, rateBounds(ctx), maxSplits);
  return best ? toRoute(ctx, request, best.paths, maxSplits) : null;
}
