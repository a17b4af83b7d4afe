import type { AuctionOpen, BidReceiptJSON, Fill, Hex, Log, QuoteRequest } from '@intentmesh/protocol';
import type { Market } from '@intentmesh/routing';

/** What a solver author returns: one or more bids, each over one intent or a batch. */
export type BidDraft = { fills: Fill[]; routeHash: Hex };
export type QuoteContext = {
  /** Local clock (ms) by which `quote` should return; what it returns by then is signed and sent. */
  deadline: number;
  signal: AbortSignal;
  /** With a live market: its state, synced to the chains' heads just before this call. */
  market?: Market;
};

/** A market that follows the chains (e.g. @intentmesh/chain's LiveMarket), synced before each auction is quoted. */
export interface LiveMarketSource {
  current(): Market;
  sync(): Promise<unknown>;
}
export type QuoteFn = (auction: AuctionOpen, ctx: QuoteContext) => BidDraft[] | Promise<BidDraft[]>;

/** Optional override for indicative quotes: the best buyAmount for the request, or null when the pair cannot be routed. */
export type IndicativeQuoteFn = (request: QuoteRequest, ctx: QuoteContext) => bigint | null | Promise<bigint | null>;

/** A solver logs progress and trouble only; any `Log` (pino's included) will do. */
export type SolverLogger = Pick<Log, 'info' | 'warn'>;

export type SolverStats = {
  auctions: number;
  bidsSent: number;
  accepted: number;
  refused: number;
  dropped: number;
  wins: number;
  /** Auction opens dropped because no pinned auctioneer signed them. */
  forgeries: number;
  lastReceipt?: BidReceiptJSON;
};
