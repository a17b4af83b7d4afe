import {
  createQuoter,
  explainRoute,
  hashRoute,
  type Hex,
  type Market,
  type QuoteOptions,
  type Quoter,
  type Route,
} from '@intentmesh/routing';
import type { BidDraft, LiveMarketSource, QuoteFn } from '@intentmesh/solver-kit';
import { solverProfiles, type SolverProfile } from './config';

export type ReferenceQuoteOptions = {
  /** A fixed market, or a live one (the state the kit synced before the auction is used). */
  market: Market | LiveMarketSource;
  profile: SolverProfile;
  marginBps: number;
  explain?: (text: string) => void;
};

/** Routes remembered per market snapshot: a repeated pair and exact sell amount costs a map look-up, not a quote and a hash. */
const ROUTE_MEMO_SIZE = 10_000;
type Routed = { route: Route; routeHash: Hex } | null;

// same-chain swaps stay on their chain; cross-chain ones take at most one bridge (one object each: the quoter
// resolves an overrides object it has seen before without merging and signing it again)
const SAME_CHAIN: QuoteOptions = Object.freeze({ allowBridges: false });
const CROSS_CHAIN: QuoteOptions = Object.freeze({ maxBridges: 1 });

/** The reference solver's strategy: route each intent on its own, bid the output less a margin, one bid per intent. */
export function createReferenceQuote({ market, profile, marginBps, explain }: ReferenceQuoteOptions): QuoteFn {
  const options = solverProfiles[profile];
  // one warm quoter per market snapshot: repeat pairs re-use their searched paths (about 0.1 ms a quote);
  // a live market hands out a new snapshot only when a block changed a pool, and only then is the quoter rebuilt
  let quoter: { market: Market; q: Quoter; memo: Map<string, Routed> } | undefined;
  const quoterFor = (m: Market) => {
    if (quoter?.market !== m) quoter = { market: m, q: createQuoter(m, options), memo: new Map() };
    return quoter;
  };
  const marketNow = (): Market => ('current' in market ? market.current() : market);
  let resumeAt = 0;
  let slowest = 0; // the longest single route search seen, so we stop before one would overrun
  return (auction, ctx) => {
    const { deadline } = ctx;
    const snapshot = ctx.market ?? marketNow();
    const { q, memo } = quoterFor(snapshot);
    const drafts: BidDraft[] = [];
    const n = auction.intents.length;
    // start where the last auction's time ran out, so a large auction never starves its tail
    const start = n ? resumeAt % n : 0;
    resumeAt = 0;
    for (let k = 0; k < n; k++) {
      const t0 = Date.now();
      // always try the first one: a single slow outlier must not stop this solver from ever quoting again
      if (k > 0 && t0 + slowest > deadline) {
        resumeAt = start + k; // whatever is routed so far still goes out in time
        break;
      }
      const { hash, intent } = auction.intents[(start + k) % n];
      // the same request on the same snapshot gets the same exact route (a pure quoter), so it is looked up, not re-run
      const key = `${intent.sourceChainId}:${intent.sellToken}>${intent.destinationChainId}:${intent.buyToken}:${intent.sellAmount}`;
      let routed = memo.get(key);
      if (routed === undefined) {
        const route = q.quote(
          {
            sellToken: intent.sellToken,
            buyToken: intent.buyToken,
            sourceChainId: intent.sourceChainId,
            destinationChainId: intent.destinationChainId,
            sellAmount: intent.sellAmount,
          },
          intent.sourceChainId === intent.destinationChainId ? SAME_CHAIN : CROSS_CHAIN,
        );
        const fresh: Routed = route && { route, routeHash: hashRoute(route) };
        if (memo.size >= ROUTE_MEMO_SIZE) memo.clear();
        memo.set(key, (routed = fresh));
      }
      slowest = Math.max(slowest * 0.98, Date.now() - t0);
      if (!routed) continue;
      const buyAmount = (routed.route.amountOut * BigInt(10_000 - marginBps)) / 10_000n;
      if (buyAmount < intent.minBuyAmount || buyAmount === 0n) continue;
      drafts.push({ fills: [{ intentHash: hash, buyAmount }], routeHash: routed.routeHash });
      explain?.(`intent ${hash}\n${explainRoute(routed.route, snapshot)}`);
    }
    return drafts;
  };
}
