import type { AuctionOpen, BidReceiptJSON, Fill, Hex, Log, QuoteRequest } from '@intentmesh/protocol';

/** What a solver author returns: one or more bids, each over one intent or a batch. */
export type BidDraft = { fills: Fill[]; routeHash: Hex };
export type QuoteContext = {
  /** Local clock (ms) by which `quote` should return; what it returns by then is signed and sent. */
  deadline: number;
  signal: AbortSignal;
};
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
  lastReceipt?: BidReceiptJSON;
};
