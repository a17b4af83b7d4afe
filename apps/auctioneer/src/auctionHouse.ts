import { AuctionBook, auctionTerms, buildAuctionRecord, referencePricesFor, sealAuctionRecord, type AuctionIntentTerms, type AuctionRecordBody, type FanoutResult } from '@intentmesh/auction';
import { decodeJson, encodeJson, type BusSubscription, type Messaging, type StreamMessage } from '@intentmesh/messaging';
import {
  signBusMessage,
  GENESIS_RECORD_HASH,
  deriveAuctionId,
  hashIntent,
  keccakHex,
  parseSignedIntent,
  recoverAuctionPassSigner,
  serializeIntent,
  type Address,
  type Log,
  type AuctionOpenJSON,
  type AuctionRecordJSON,
  type AuctionResultJSON,
  type BidBatchJSON,
  type BidReceiptJSON,
  type BidReceiptsJSON,
  MAX_BIDS_PER_MESSAGE,
  type DigestSigner,
  type Hex,
  type Intent,
} from '@intentmesh/protocol';
import type { Storage, StatusChange } from '@intentmesh/storage';
import type { FundingGate } from './funding/fundingGate';
import { AuctioneerMetrics } from './metrics';
import type { TrustService } from './trust/trustService';

export type AuctionHouseConfig = {
  auctionIntervalMs: number;
  auctionMaxIntents: number;
  /** Auctions in their bid window at once; a cut waits for one to close (solvers route one auction at a time, so more only pile up unanswered). */
  maxOpenAuctions?: number;
  bidWindowMs: number;
  /** Seconds a winner has to settle, capped by the intent's own deadline. */
  settleWindowSec: number;
  /** Delay before an intent that found no valid bid returns to a later auction. */
  retryDelayMs: number;
  /** Most bids kept per solver per auction; the rest are refused unread (flood guard). */
  maxBidsPerSolver: number;
  /** An open intent untouched this long is put back on the stream (covers a crash between store and publish). */
  reconcileStaleMs: number;
  reconcileIntervalMs: number;
  /** Close before the window ends once every invited solver has sent its signed pass ("nothing more from me"). */
  earlyClose?: boolean;
  /** How often every intent held here (buffered or in an auction not yet stored) tells JetStream it is still being worked on; below the ack wait. */
  streamKeepAliveMs?: number;
  /** Reference price of a buy token (numeraire units per 1e18 base units) for scoring; none: 1:1. */
  referencePrice?: (chainId: number, token: string) => bigint | undefined;
  /** Re-checks each cut's funding on chain; unfunded intents wait out of the auction (none: no chain RPC). */
  funding?: FundingGate;
};


/** Largest bid message read at all: a full batch of single-fill bids fits well within it. */
export const MAX_BID_MESSAGE_BYTES = 1024 * 1024;

type Pending = { hash: Hex; intent: Intent; signature: Hex; msg: StreamMessage };
type LiveAuction = {
  auctionId: Hex;
  openedAt: number;
  closesAt: number;
  seed: Hex;
  intents: Pending[];
  /** Prices and scoring terms fixed at open, so bids are scored as they arrive and the close only ranks them. */
  referencePrices: Record<string, string>;
  terms: AuctionIntentTerms[];
  /** Bids as they arrive: checked, recorded with their verdicts, one counted bid per operator per intent. */
  book: AuctionBook;
  countBySolver: Map<string, number>;
  sub: BusSubscription;
  /** Solver trust: who was invited (and for which chains), the seat rule, and who answered in time. */
  fanout?: FanoutResult;
  answered: Set<string>;
  /** Invited solvers that said they are done (a signed pass after their bids, or instead of them). */
  done: Set<string>;
  closer?: NodeJS.Timeout;
  closed: boolean;
};

/**
 * Cuts auctions from the intent stream, collects and verifies bids, picks winners, signs awards,
 * stores the hash-chained record and only then acks the intents, so a crash at any point replays them.
 */
export class AuctionHouse {
  private buffer: Pending[] = [];
  /** Intents buffered or in a live auction here: a second copy from the stream is dropped, not auctioned twice. */
  private inflight = new Set<string>();
  private reconcileTimer?: NodeJS.Timeout;
  private live = new Map<string, LiveAuction>();
  private head = { seq: 0, recordHash: GENESIS_RECORD_HASH as string };
  private opened = 0;
  /** Auctions opening or in their bid window, against maxOpenAuctions. */
  private open = 0;
  /** A cut was due (timer) while maxOpenAuctions were open: made when one closes. */
  private cutOwed = false;
  private storeChain: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private keepAlive?: NodeJS.Timeout;
  private consumer?: { stop(): Promise<void> };
  private stopping = false;
  readonly stats = { auctions: 0, awards: 0, bids: 0, intentsSeen: 0, lastAuctionAt: 0 };
  readonly metrics = new AuctioneerMetrics();
  private perSolver = new Map<string, { bids: number; accepted: number; refused: number; wins: number; lastBidAt: number }>();

  constructor(
    private readonly messaging: Messaging,
    private readonly storage: Storage,
    private readonly signer: DigestSigner,
    private readonly isRegistered: (solver: Address) => boolean,
    private readonly registeredSolvers: () => Address[],
    private readonly config: AuctionHouseConfig,
    private readonly log: Log,
    private readonly now: () => number = Date.now,
    private readonly trust?: TrustService,
  ) {}

  get address(): Address {
    return this.signer.address;
  }

  async start(): Promise<void> {
    const head = await this.storage.auctions.head(this.signer.address);
    if (head) this.head = head;
    this.consumer = await this.messaging.stream.consume((m) => this.onIntent(m));
    this.timer = setInterval(() => void this.cut(), this.config.auctionIntervalMs);
    // an intent waiting for its auction (or for its record to be stored) past the ack wait would be redelivered, and
    // acking that copy would end JetStream's guarantee while the intent is still only in this process's memory
    this.keepAlive = setInterval(() => this.touchHeld(), this.config.streamKeepAliveMs ?? 3000);
    this.reconcileTimer = setInterval(() => void this.reconcile(this.config.reconcileStaleMs), this.config.reconcileIntervalMs);
    this.log.info({ auctioneer: this.address, head: this.head }, 'auctioneer started');
  }

  /** Stops taking intents, lets open auctions finish and stores them; unacked intents return to the stream. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    clearInterval(this.reconcileTimer);
    await this.consumer?.stop();
    for (const p of this.buffer) this.release(p, 'nak', 0);
    this.buffer = [];
    while (this.live.size) await new Promise((r) => setTimeout(r, 20));
    await this.storeChain;
    clearInterval(this.keepAlive);
  }

  /** Every intent this process holds unacked: buffered for the next cut, or in an auction not yet stored. */
  private touchHeld(): void {
    for (const p of this.buffer) p.msg.working();
    for (const live of this.live.values()) for (const p of live.intents) p.msg.working();
  }

  private onIntent(msg: StreamMessage): void {
    this.stats.intentsSeen++;
    this.metrics.observeDelivery(msg.deliveryCount);
    let parsed;
    try {
      parsed = parseSignedIntent(decodeJson(msg.data));
    } catch (err) {
      // the API validated it; anything unreadable here did not come from us and is dropped for good
      this.log.warn({ err: String(err), subject: msg.subject }, 'dropping unreadable stream message');
      msg.term();
      return;
    }
    const hash = hashIntent(parsed.intent);
    if (this.inflight.has(hash)) {
      // a redelivery is the message this process already holds: acking it would ack the held intent before its record is stored
      if (msg.deliveryCount > 1) msg.working();
      else msg.ack(); // a reconciled copy (a new message) of an intent already on its way through this auctioneer
      return;
    }
    this.inflight.add(hash);
    this.buffer.push({ hash, intent: parsed.intent, signature: parsed.signature, msg });
    if (this.buffer.length >= this.config.auctionMaxIntents) void this.cut();
  }

  private solverStats(solver: string) {
    let st = this.perSolver.get(solver);
    if (!st) this.perSolver.set(solver, (st = { bids: 0, accepted: 0, refused: 0, wins: 0, lastBidAt: 0 }));
    return st;
  }

  /** Registered solvers with what this auctioneer has seen of them. */
  solvers() {
    if (this.trust) return this.trust.trust.status().map((t) => ({ ...t, ...this.solverStats(t.address) }));
    return this.registeredSolvers().map((address) => ({ address, state: 'registered', ...this.solverStats(address) }));
  }

  /** Acks or naks a stream message and forgets the intent here. */
  private release(p: Pending, how: 'ack' | 'nak', delayMs = 0): void {
    this.inflight.delete(p.hash);
    if (how === 'ack') p.msg.ack();
    else {
      p.msg.nak(delayMs);
      this.metrics.observeRequeue();
    }
  }

  /** Puts stale open intents back on the stream; with the in-process stream this also refills it after a restart. */
  async reconcile(staleMs: number): Promise<number> {
    try {
      const stale = await this.storage.intents.listStale(staleMs);
      let n = 0;
      for (const s of stale) {
        if (this.inflight.has(s.hash)) continue;
        const subject = this.messaging.subjects.intents(s.intent.sourceChainId);
        await this.messaging.stream.publish(subject, encodeJson({ intent: s.intent, signature: s.signature }), `${s.hash}:${Date.now()}`);
        n++;
      }
      if (n) this.log.info({ republished: n }, 'reconciled open intents back onto the stream');
      return n;
    } catch (err) {
      this.log.warn({ err: String(err) }, 'reconcile failed; will retry');
      return 0;
    }
  }

  /** Opens one auction with up to AUCTION_MAX_INTENTS buffered intents, unless maxOpenAuctions are already open. */
  async cut(): Promise<void> {
    if (this.stopping || !this.buffer.length) return;
    if (this.open >= (this.config.maxOpenAuctions ?? Infinity)) {
      // backpressure: the intents wait here (kept alive) or in the stream instead of in auctions no solver can answer in time
      this.cutOwed = true;
      return;
    }
    this.open++;
    let opened = false;
    try {
      opened = await this.openAuction();
    } finally {
      if (!opened) this.open--;
    }
  }

  /** The cut itself; true when an auction opened (it then counts as open until it closes). */
  private async openAuction(): Promise<boolean> {
    const batch = this.buffer.splice(0, this.config.auctionMaxIntents);
    const nowSec = Math.floor(this.now() / 1000);
    let eligible: Pending[] = [];
    const expired: Pending[] = [];
    for (const p of batch) (p.intent.deadline <= nowSec ? expired : eligible).push(p);
    if (expired.length) {
      // off the hot path: only a still-open intent becomes expired, so a decided one keeps its status
      this.storage.intents.expireOpen(expired.map((p) => p.hash)).catch((err) => this.log.warn({ err: String(err) }, 'could not mark intents expired; the reconciler will see them again'));
      for (const p of expired) this.release(p, 'ack');
    }
    // funding lost since intake (balance, allowance, nonce): held out as unfunded and requeued, back once funded again
    if (this.config.funding) eligible = await this.config.funding.admit(eligible, (held) => held.forEach((p) => this.release(p, 'nak', this.config.retryDelayMs)));
    if (!eligible.length) return false;
    // claim the intents in the store, one round trip: one already decided (a redelivery after a crash), cancelled by its
    // swapper or never accepted by the API is not claimed, so never auctioned
    let claimed: Set<string>;
    try {
      claimed = await this.storage.intents.markAuctioning(eligible.map((p) => p.hash));
    } catch (err) {
      this.log.error({ err: String(err) }, 'database unavailable: could not claim intents; they return to the stream');
      for (const p of eligible) this.release(p, 'nak', this.config.retryDelayMs);
      return false;
    }
    for (const p of eligible) if (!claimed.has(p.hash)) this.release(p, 'ack');
    eligible = eligible.filter((p) => claimed.has(p.hash));
    if (!eligible.length) return false;

    // opened now, after the awaits above: the fan-out below rests only on attestations received before this instant
    const openedAt = this.now();
    const auctionId = deriveAuctionId(this.address, this.head.seq + ++this.opened, openedAt);
    // the live auction id is informational (GET /v1/intents/:hash/auction), so it is written off the hot path
    this.storage.intents.setLiveAuction(eligible.map((p) => p.hash), auctionId).catch((err) => this.log.warn({ err: String(err), auctionId }, 'could not record the live auction id'));
    const seed = keccakHex(new TextEncoder().encode(auctionId + this.head.recordHash));
    // who sees this flow: seats drawn per shard (chain) from the seed, recorded so an auditor can redo the draw
    const fanout = this.trust?.trust.fanout(seed, this.trust.shards(eligible.map((p) => p.intent.sourceChainId)));
    const chainOf = new Map(eligible.map((p) => [p.hash as string, p.intent.sourceChainId]));
    const referencePrices = referencePricesFor(eligible.map((p) => p.intent), this.config.referencePrice);
    const terms = auctionTerms(eligible, referencePrices);
    const live: LiveAuction = {
      auctionId,
      openedAt,
      closesAt: openedAt + this.config.bidWindowMs,
      seed,
      intents: eligible,
      referencePrices,
      terms,
      book: new AuctionBook({
        auctionId,
        closesAt: openedAt + this.config.bidWindowMs,
        minBuyAmounts: new Map(eligible.map((p) => [p.hash, p.intent.minBuyAmount])),
        isRegistered: this.isRegistered,
        operatorOf: this.trust ? (s) => this.trust!.trust.operatorOf(s) : undefined,
        invitations: fanout?.invitations,
        chainOf: (h) => chainOf.get(h),
        seed,
        terms,
      }),
      countBySolver: new Map(),
      sub: this.messaging.bus.subscribe(this.messaging.subjects.auctionBid(auctionId), (m) => {
        m.respond?.(encodeJson(this.onBidMessage(live, m.data)));
      }),
      fanout,
      answered: new Set(),
      done: new Set(),
      closed: false,
    };
    this.live.set(auctionId, live);
    const open: AuctionOpenJSON = {
      auctionId,
      auctioneer: this.address,
      openedAt,
      bidWindowMs: this.config.bidWindowMs,
      intents: eligible.map((p) => ({ hash: p.hash, intent: serializeIntent(p.intent), signature: p.signature })),
    };
    let full: Uint8Array | undefined;
    if (fanout) {
      // each invited solver gets only the intents of the shards it holds a seat in (encoded once when that is all of them)
      for (const [solver, chains] of fanout.invitations) {
        const mine = open.intents.filter((i) => chains.has(i.intent.sourceChainId));
        const data = mine.length === open.intents.length ? (full ??= encodeJson(open)) : encodeJson({ ...open, intents: mine });
        this.messaging.bus.publish(this.messaging.subjects.solverAuction(solver), data);
      }
    }
    if (!fanout || this.trust?.publicFeed) this.messaging.bus.publish(this.messaging.subjects.auctionOpen(auctionId), full ?? encodeJson(open));
    live.closer = setTimeout(() => this.close(live), Math.max(0, live.closesAt - this.now()));
    return true;
  }

  /** One bid, or a batch `{ bids }` answered with `{ receipts }` in the same order. */
  private onBidMessage(live: LiveAuction, data: Uint8Array): BidReceiptJSON | BidReceiptsJSON {
    const receivedAt = this.now();
    if (data.length > MAX_BID_MESSAGE_BYTES) {
      // refused unread: parsing it is the cost a flooder wants us to pay
      return { auctionId: live.auctionId, verdict: 'MALFORMED', message: `a bid message may be at most ${MAX_BID_MESSAGE_BYTES} bytes` };
    }
    let json: unknown;
    try {
      json = decodeJson(data);
    } catch {
      return this.onBid(live, undefined, receivedAt);
    }
    const batch = (json as BidBatchJSON | null)?.bids;
    if (!Array.isArray(batch)) return this.onBid(live, json, receivedAt);
    const pass = (json as { pass?: { solver?: unknown; signature?: unknown } }).pass;
    if (pass && typeof pass.solver === 'string' && typeof pass.signature === 'string' && receivedAt <= live.closesAt) {
      // a signed pass: the invited solver is alive and done, after its bids or with none
      try {
        const solver = pass.solver.toLowerCase() as Address;
        if (recoverAuctionPassSigner(live.auctionId, solver, pass.signature) === solver) {
          live.answered.add(solver);
          if (live.fanout?.invitations.has(solver)) live.done.add(solver);
          // everyone invited has finished: waiting out the window would only delay the awards
          if (this.config.earlyClose && live.fanout && live.done.size === live.fanout.invitations.size) setImmediate(() => this.close(live));
        }
      } catch {
        // an unreadable pass proves nothing
      }
    }
    if (batch.length > MAX_BIDS_PER_MESSAGE) {
      return { auctionId: live.auctionId, verdict: 'MALFORMED', message: `a batch carries at most ${MAX_BIDS_PER_MESSAGE} bids` };
    }
    return { receipts: batch.map((b) => this.onBid(live, b, receivedAt)) };
  }

  private onBid(live: LiveAuction, json: unknown, receivedAt: number): BidReceiptJSON {
    this.stats.bids++;
    const claimed = (json as { bid?: { solver?: unknown } } | null)?.bid?.solver;
    const solverHint = typeof claimed === 'string' ? claimed.toLowerCase() : 'unknown';
    const count = (live.countBySolver.get(solverHint) ?? 0) + 1;
    live.countBySolver.set(solverHint, count);
    if (count > this.config.maxBidsPerSolver) {
      return { auctionId: live.auctionId, verdict: 'MALFORMED', message: `more than ${this.config.maxBidsPerSolver} bids from one solver in one auction` };
    }
    const { verified: v, index } = live.book.add(json, receivedAt);
    if (index === undefined) return { auctionId: live.auctionId, bidHash: v.bidHash, verdict: v.verdict, message: v.reason };
    if (v.solver && receivedAt <= live.closesAt && live.fanout?.invitations.has(v.solver)) live.answered.add(v.solver);
    if (this.trust && v.solver && ['EXPIRED', 'UNKNOWN_INTENT', 'DUPLICATE_INTENT_IN_BID', 'BELOW_MIN_BUY'].includes(v.verdict)) {
      const op = this.trust.trust.operatorOf(v.solver);
      if (op) this.trust.trust.recordOutcome(op, 'invalid');
    }
    const who = v.solver ?? v.bid?.bid.solver;
    if (who && this.isRegistered(who)) {
      const st = this.solverStats(who);
      st.bids++;
      st.lastBidAt = receivedAt;
      if (v.verdict === 'ACCEPTED') st.accepted++;
      else st.refused++;
    }
    return { auctionId: live.auctionId, bidHash: v.bidHash, verdict: v.verdict, message: v.reason };
  }

  private close(live: LiveAuction): void {
    if (live.closed) return;
    live.closed = true;
    clearTimeout(live.closer);
    this.open--;
    // a slot is free: cut now if a full auction waits or the timer's cut was held back
    if (this.cutOwed || this.buffer.length >= this.config.auctionMaxIntents) {
      this.cutOwed = false;
      void this.cut();
    }
    live.sub.unsubscribe();
    // an invited solver that neither bid nor passed before the window closed timed out
    for (const s of live.fanout?.invitations.keys() ?? []) this.trust!.trust.recordAuctionAnswer(s, live.answered.has(s));
    const closedAt = this.now();
    const { book } = live;
    const { body, awarded } = buildAuctionRecord(
      {
        auctionId: live.auctionId,
        openedAt: live.openedAt,
        closedAt,
        bidWindowMs: this.config.bidWindowMs,
        seed: live.seed,
        intents: live.intents,
        referencePrices: live.referencePrices,
        terms: live.terms,
        solvers: live.fanout ? live.fanout.solvers : this.registeredSolvers().map((s) => ({ solver: s, invited: true, reason: 'registered' })),
        fanout: live.fanout?.record,
        bids: book.bids,
        candidates: book.candidates(),
        duplicateBids: book.duplicateBids,
        settleWindowSec: this.config.settleWindowSec,
      },
      this.signer,
    );
    // records chain in the order they are stored; one store at a time keeps prevRecordHash exact
    this.storeChain = this.storeChain.then(() => this.store(live, body, awarded, book.bidLeaves));
  }

  private async store(live: LiveAuction, body: AuctionRecordBody, awarded: Set<string>, bidLeaves: readonly string[]): Promise<void> {
    const nowSec = Math.floor(this.now() / 1000);
    const changes: StatusChange[] = live.intents.map((p) => ({
      hash: p.hash,
      status: awarded.has(p.hash) ? 'awarded' : p.intent.deadline <= nowSec ? 'expired' : 'unfilled',
      auctionId: live.auctionId,
    }));
    for (let attempt = 0; ; attempt++) {
      const record = sealAuctionRecord(body, this.head, this.signer, bidLeaves);
      try {
        await this.storage.auctions.append(record, changes);
        this.head = { seq: record.seq, recordHash: record.recordHash };
        this.finish(live, record, changes);
        return;
      } catch (err) {
        const retryIn = Math.min(2000, 100 * 2 ** attempt);
        this.log.error({ err: String(err), auctionId: live.auctionId, attempt, retryIn }, 'storing the auction failed; retrying');
        if (attempt >= 50 || this.stopping) {
          // give the intents back: they will be auctioned again; nothing was published or acked
          for (const p of live.intents) this.release(p, 'nak', this.config.retryDelayMs);
          this.live.delete(live.auctionId);
          return;
        }
        await new Promise((r) => setTimeout(r, retryIn));
      }
    }
  }

  private finish(live: LiveAuction, record: AuctionRecordJSON, changes: StatusChange[]): void {
    const result: AuctionResultJSON = {
      auctionId: record.auctionId,
      closedAt: record.closedAt,
      recordHash: record.recordHash,
      awards: record.awards,
      unfilled: record.unfilled,
    };
    // signed, so the API relays only results of the auctioneer it pins (anyone on the bus could publish these bytes)
    this.messaging.bus.publish(this.messaging.subjects.auctionResult(record.auctionId), encodeJson(signBusMessage('auction.result', result, this.signer)));
    // ack only after the record is stored, so a crash before this line replays the intents
    changes.forEach((c, i) => this.release(live.intents[i], c.status === 'unfilled' ? 'nak' : 'ack', this.config.retryDelayMs));
    this.live.delete(live.auctionId);
    for (const a of record.awards) this.solverStats(a.award.solver).wins++;
    this.stats.auctions++;
    this.stats.awards += record.awards.length;
    this.stats.lastAuctionAt = record.closedAt;
    this.metrics.observeAuction(record, this.now() - record.closedAt);
    this.log.info({ auctionId: record.auctionId, seq: record.seq, intents: record.intents.length, bids: record.bids.length, awards: record.awards.length }, 'auction closed');
  }
}
