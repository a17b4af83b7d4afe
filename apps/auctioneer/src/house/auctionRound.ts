import {
  AuctionBook,
  buildAuctionRecord,
  type AuctionIntentTerms,
  type AuctionRecordBody,
  type BookedBid,
  type FanoutResult,
} from '@intentmesh/auction';
import { decodeJson } from '@intentmesh/messaging';
import {
  MAX_BIDS_PER_MESSAGE,
  recoverAuctionPassSigner,
  type Address,
  type BidReceiptJSON,
  type BidReceiptsJSON,
  type DigestSigner,
  type ExclusionJSON,
  type Hex,
  type LapseEvidenceJSON,
} from '@intentmesh/protocol';
import type { AuctioneerStats } from './auctioneerStats';
import type { HeldIntent } from './streamLease';

/** Largest bid message read at all: a full batch of single-fill bids fits well within it. */
const MAX_BID_MESSAGE_BYTES = 1024 * 1024;

/** Verdicts that show a solver bid on something it could have known was invalid: they count against its operator. */
const INVALID_BID_VERDICTS = new Set(['EXPIRED', 'UNKNOWN_INTENT', 'DUPLICATE_INTENT_IN_BID', 'BELOW_MIN_BUY']);

export type AuctionRoundOptions = {
  auctionId: Hex;
  openedAt: number;
  bidWindowMs: number;
  seed: Hex;
  intents: HeldIntent[];
  /** Prices and scoring terms fixed at open, so bids are scored as they arrive and the close only ranks them. */
  referencePrices: Record<string, string>;
  terms: AuctionIntentTerms[];
  /** Solver trust: who was invited (and for which chains) and the seat rule; absent: every registered key may bid. */
  fanout?: FanoutResult;
  isRegistered: (solver: Address) => boolean;
  /** Intent hash -> operators whose earlier award of it lapsed: their bids on it are EXCLUDED. */
  excluded: ReadonlyMap<string, ReadonlySet<string>>;
  operatorOf?: (solver: Address) => Address | undefined;
  /** An operator's bid that names an intent it could have known was invalid. */
  onInvalidBid?: (operator: Address) => void;
  maxBidsPerSolver: number;
  /** Close before the window ends once every invited solver has sent its signed pass. */
  earlyClose: boolean;
  onEveryoneDone: () => void;
  stats: AuctioneerStats;
  now: () => number;
};

/** What a closed round hands the record chain. */
export type ClosedRound = {
  body: AuctionRecordBody;
  awarded: Set<string>;
  bidLeaves: readonly string[];
  intentLeaves: readonly string[];
};

/**
 * One auction in its bid window: bids are checked and booked as they arrive (one counted bid per operator per
 * intent), signed passes are counted for an early close, and the close builds and signs the record body.
 */
export class AuctionRound {
  readonly closesAt: number;
  readonly book: AuctionBook;
  /** Invited solvers that answered in time (a bid or a signed pass). */
  readonly answered = new Set<string>();
  /** When each invited solver first answered, on our clock: its bid latency is this minus openedAt. */
  readonly answeredAt = new Map<string, number>();
  /** Invited solvers that said they are done (a signed pass after their bids, or instead of them). */
  private readonly done = new Set<string>();
  private readonly countBySolver = new Map<string, number>();
  closed = false;

  constructor(readonly o: AuctionRoundOptions) {
    this.closesAt = o.openedAt + o.bidWindowMs;
    const chainOf = new Map(o.intents.map((p) => [p.hash as string, p.intent.sourceChainId]));
    this.book = new AuctionBook({
      auctionId: o.auctionId,
      closesAt: this.closesAt,
      minBuyAmounts: new Map(o.intents.map((p) => [p.hash, p.intent.minBuyAmount])),
      isRegistered: o.isRegistered,
      operatorOf: o.operatorOf,
      invitations: o.fanout?.invitations,
      chainOf: (h) => chainOf.get(h),
      seed: o.seed,
      terms: o.terms,
      excluded: o.excluded,
    });
  }

  /** Whether a solver key's operator is kept out of an intent after a lapse (its auction message leaves it out). */
  isExcluded(solver: Address, intentHash: string): boolean {
    const barred = this.o.excluded.get(intentHash);
    return !!barred && barred.has(this.o.operatorOf?.(solver) ?? solver);
  }

  get auctionId(): Hex {
    return this.o.auctionId;
  }

  /** One bid, or a batch `{ bids }` answered with `{ receipts }` in the same order. */
  onBidMessage(data: Uint8Array): BidReceiptJSON | BidReceiptsJSON {
    const receivedAt = this.o.now();
    const auctionId = this.o.auctionId;
    if (data.length > MAX_BID_MESSAGE_BYTES) {
      // refused unread: parsing it is the cost a flooder wants us to pay
      return {
        auctionId,
        verdict: 'MALFORMED',
        message: `a bid message may be at most ${MAX_BID_MESSAGE_BYTES} bytes`,
      };
    }
    let json: unknown;
    try {
      json = decodeJson(data);
    } catch {
      return this.onBid(undefined, receivedAt);
    }
    const batch = isObject(json) ? json.bids : undefined;
    if (!Array.isArray(batch)) return this.onBid(json, receivedAt);
    const pass = isObject(json) && isObject(json.pass) ? json.pass : undefined;
    if (pass && typeof pass.solver === 'string' && typeof pass.signature === 'string' && receivedAt <= this.closesAt) {
      this.onPass(pass.solver, pass.signature);
    }
    if (batch.length > MAX_BIDS_PER_MESSAGE) {
      return { auctionId, verdict: 'MALFORMED', message: `a batch carries at most ${MAX_BIDS_PER_MESSAGE} bids` };
    }
    if (isObject(json) && json.bundle !== undefined) return this.onBundle(json, batch.length, receivedAt);
    return { receipts: batch.map((b) => this.onBid(b, receivedAt)) };
  }

  private markAnswered(solver: string, at: number): void {
    this.answered.add(solver);
    if (!this.answeredAt.has(solver)) this.answeredAt.set(solver, at);
  }

  /** Open to first answer on our clock; the whole window for an invited solver that never answered. */
  bidLatencyMs(solver: string): number {
    const at = this.answeredAt.get(solver);
    return at === undefined ? this.o.bidWindowMs : at - this.o.openedAt;
  }

  /** A signed bid bundle: one signature checked for all its bids, then each bid by its leaf. */
  private onBundle(json: Record<string, unknown>, count: number, receivedAt: number): BidReceiptsJSON {
    this.o.stats.counters.bids += count;
    const bundle = isObject(json.bundle) ? json.bundle : undefined;
    const refused = this.overLimit(typeof bundle?.solver === 'string' ? bundle.solver : 'unknown', count);
    if (refused) return { receipts: Array.from({ length: count }, () => refused) };
    return { receipts: this.book.addBundle(json, receivedAt).map((r) => this.booked(r, receivedAt)) };
  }

  /** The refusal when a solver goes over its bids per auction with `count` more, else undefined. */
  private overLimit(solverText: string, count: number): BidReceiptJSON | undefined {
    const solver = solverText.toLowerCase();
    const total = (this.countBySolver.get(solver) ?? 0) + count;
    this.countBySolver.set(solver, total);
    if (total <= this.o.maxBidsPerSolver) return undefined;
    return {
      auctionId: this.o.auctionId,
      verdict: 'MALFORMED',
      message: `more than ${this.o.maxBidsPerSolver} bids from one solver in one auction`,
    };
  }

  /** A signed pass: the invited solver is alive and done, after its bids or with none. */
  private onPass(solverText: string, signature: string): void {
    try {
      const solver = solverText.toLowerCase() as Address;
      if (recoverAuctionPassSigner(this.o.auctionId, solver, signature) !== solver) return;
      this.markAnswered(solver, this.o.now());
      const invitations = this.o.fanout?.invitations;
      if (invitations?.has(solver)) this.done.add(solver);
      // everyone invited has finished: waiting out the window would only delay the awards
      if (this.o.earlyClose && invitations && this.done.size === invitations.size) this.o.onEveryoneDone();
    } catch {
      // an unreadable pass proves nothing
    }
  }

  private onBid(json: unknown, receivedAt: number): BidReceiptJSON {
    this.o.stats.counters.bids++;
    const bid = isObject(json) && isObject(json.bid) ? json.bid : undefined;
    const refused = this.overLimit(typeof bid?.solver === 'string' ? bid.solver : 'unknown', 1);
    return refused ?? this.booked(this.book.add(json, receivedAt), receivedAt);
  }

  /** The receipt of a booked bid, after noting who answered and who bid on what it could have known was invalid. */
  private booked({ verified: v, index }: BookedBid, receivedAt: number): BidReceiptJSON {
    const { auctionId, stats } = this.o;
    if (index === undefined) return { auctionId, bidHash: v.bidHash, verdict: v.verdict, message: v.reason };
    if (v.solver && receivedAt <= this.closesAt && this.o.fanout?.invitations.has(v.solver))
      this.markAnswered(v.solver, receivedAt);
    if (v.solver && INVALID_BID_VERDICTS.has(v.verdict)) {
      const op = this.o.operatorOf?.(v.solver);
      if (op) this.o.onInvalidBid?.(op);
    }
    const who = v.solver ?? v.bid?.bid.solver;
    if (who && this.o.isRegistered(who)) stats.observeBid(who, v.verdict === 'ACCEPTED', receivedAt);
    return { auctionId, bidHash: v.bidHash, verdict: v.verdict, message: v.reason };
  }

  /** Scores, winners, signed awards and the record body, as of `closedAt`. */
  close(p: {
    closedAt: number;
    signer: DigestSigner;
    registeredSolvers: () => Address[];
    settleWindowSec: number;
    lapses: LapseEvidenceJSON[];
  }): ClosedRound {
    this.closed = true;
    const o = this.o;
    const { body, awarded, intentLeaves } = buildAuctionRecord(
      {
        auctionId: o.auctionId,
        openedAt: o.openedAt,
        closedAt: p.closedAt,
        bidWindowMs: o.bidWindowMs,
        seed: o.seed,
        intents: o.intents,
        referencePrices: o.referencePrices,
        terms: o.terms,
        solvers: o.fanout
          ? o.fanout.solvers
          : p.registeredSolvers().map((s) => ({ solver: s, invited: true, reason: 'registered' })),
        fanout: o.fanout?.record,
        bids: this.book.bids,
        bundles: this.book.bundles,
        candidates: this.book.candidates(),
        duplicateBids: this.book.duplicateBids,
        settleWindowSec: p.settleWindowSec,
        lapses: p.lapses,
        excluded: [...o.excluded].map(([intentHash, ops]): ExclusionJSON => ({
          intentHash,
          operators: [...ops].sort(),
        })),
      },
      p.signer,
    );
    return { body, awarded, bidLeaves: this.book.bidLeaves, intentLeaves };
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}
