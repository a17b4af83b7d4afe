import { z } from 'zod';
import { jsonAddress, jsonBytes32, jsonDecimal, safeIntSchema } from '../schema';

/**
 * The audit answers of the API (auction list, solver competition) as zod schemas: the store returns these shapes,
 * the SDK's types are `z.infer` of them, and the OpenAPI document is generated from them.
 */
const int = (description?: string) => safeIntSchema.meta(description ? { description } : {});
const unixMs = (description: string) =>
  int(`${description} (unix ms, auctioneer's clock).`).meta({ example: 1_900_000_000_000 });

/** Filters of the auction list (GET /v1/auctions and the store), combined with AND; times are closedAt, `to` exclusive. */
export type AuctionFilter = {
  /** Auctions in which this solver placed a recorded bid (any verdict). */
  solver?: string;
  /** Auctions that offered this intent. */
  intent?: string;
  /** Auctions with an intent whose source or destination is this chain. */
  chainId?: number;
  from?: number;
  to?: number;
  auctioneer?: string;
  /** Sequence range in the auctioneer's hash chain, both ends included. */
  fromSeq?: number;
  toSeq?: number;
};

export const auctionSummarySchema = z.object({
  auctionId: jsonBytes32.meta({
    description: 'Derived from (auctioneer, seq, openedAt), so it cannot be ground for a seed.',
  }),
  auctioneer: jsonAddress.meta({ description: 'Who ran and signed the auction.' }),
  seq: int("Position in this auctioneer's hash chain, from 1."),
  openedAt: unixMs('When bids opened'),
  closedAt: unixMs('When the auction was decided'),
  recordHash: jsonBytes32.meta({
    description: 'keccak256 of the canonical record without recordHash and signature.',
  }),
  intents: int('Intents offered.'),
  awards: int('Intents awarded.'),
});
export type AuctionSummaryJSON = z.infer<typeof auctionSummarySchema>;

export const auctionPageSchema = z.object({
  items: z.array(auctionSummarySchema).meta({ description: 'Newest first.' }),
  next: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
});
export type AuctionPageJSON = z.infer<typeof auctionPageSchema>;

export const BID_VERDICTS = [
  'ACCEPTED',
  'MALFORMED',
  'WRONG_AUCTION',
  'UNREGISTERED_SOLVER',
  'BAD_SIGNATURE',
  'LATE',
  'EXPIRED',
  'UNKNOWN_INTENT',
  'DUPLICATE_INTENT_IN_BID',
  'DUPLICATE_BID',
  'BELOW_MIN_BUY',
  'SUPERSEDED',
  'AUCTION_CLOSED',
  'NOT_INVITED',
] as const;
const countsByVerdict = z.record(z.string(), z.number().int()).meta({
  description: `Bids per verdict (${BID_VERDICTS.join(', ')}); absent verdicts are 0.`,
  example: { ACCEPTED: 12, LATE: 1 },
});
const outcomeCounts = z
  .object({
    WON: z.number().int(),
    LOST: z.number().int(),
    UNFAIR: z.number().int().meta({
      description: 'Dropped by the fairness filter: a batch that gave some intent less than its best single bid.',
    }),
  })
  .meta({ description: 'Counted (ACCEPTED) bids by outcome.' });
const nullableScore = (description: string) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]*)$/)
    .nullable()
    .meta({ description });

/** One solver's result in one auction (the audit index row), amounts as decimal strings. */
export const solverAuctionPointSchema = z.object({
  auctionId: jsonBytes32,
  seq: int(),
  closedAt: unixMs('Closed'),
  bids: int(),
  bidsByVerdict: countsByVerdict,
  outcomes: outcomeCounts,
  intentsWon: int(),
  score: jsonDecimal('Sum of its winning bids’ scores in this auction.'),
  bestScore: nullableScore('Best score among its counted bids.'),
  referenceScore: nullableScore('Auction total without its bids; set when it won.'),
});
export type SolverAuctionPointJSON = z.infer<typeof solverAuctionPointSchema>;

export const solverTotalsSchema = z
  .object({
    auctions: int('Auctions the solver bid in.'),
    auctionsWon: int('Auctions where it won at least one intent.'),
    auctionsLost: int('Auctions where it had counted bids and won nothing.'),
    intentsWon: int(),
    bids: int('Recorded bids naming it, any verdict.'),
    bidsByVerdict: countsByVerdict,
    outcomes: outcomeCounts,
    score: jsonDecimal('Sum of the scores of its winning bids (numeraire units).'),
    referenceScore: jsonDecimal('Sum of its reference scores.'),
  })
  .meta({ description: 'Over the whole range (not just this page).' });

/** GET /v1/solvers/{address}/competition: totals over the range, and one page of the per-auction series. */
export const solverCompetitionSchema = z.object({
  solver: jsonAddress,
  from: z.number().int().nullable().meta({ description: "Range start (unix ms, auctioneer's clock)." }),
  to: z.number().int().nullable().meta({ description: "Range end, exclusive (unix ms, auctioneer's clock)." }),
  totals: solverTotalsSchema,
  series: z
    .array(solverAuctionPointSchema)
    .meta({ description: 'One point per auction it bid in, newest first: its scores over time.' }),
  next: z.string().nullable().meta({ description: 'Cursor of the next page of `series`.' }),
});
export type SolverCompetitionJSON = z.infer<typeof solverCompetitionSchema>;
