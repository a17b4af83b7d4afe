import { auctionTerms, referencePricesFor } from '@intentmesh/auction';
import { encodeJson, type BusSubscription, type Messaging } from '@intentmesh/messaging';
import {
  signAuctionOpen,
  signBusMessage,
  deriveAuctionId,
  keccakHex,
  serializeIntent,
  type Address,
  type AuctionOpenJSON,
  type AuctionRecordJSON,
  type AuctionResultJSON,
  type DigestSigner,
  type LapseEvidenceJSON,
  type Log,
} from '@intentmesh/protocol';
import type { Storage, StatusChange } from '@intentmesh/storage';
import { AuctioneerStats } from './house/auctioneerStats';
import { AuctionRound } from './house/auctionRound';
import { DoubleBooking, type BookedRound } from './house/doubleBooking';
import { OpenLimit } from './house/openLimit';
import { RecordChain } from './house/recordChain';
import { StreamLease, type HeldIntent } from './house/streamLease';
import type { ContractSignatureGate } from './funding/contractSignatureGate';
import type { FundingGate } from './funding/fundingGate';
import type { TrustService } from './trust/trustService';

export type AuctionHouseConfig = {
  auctionIntervalMs: number;
  auctionMaxIntents: number;
  /**
   * Auctions in their bid window at once; a cut waits for one to close (solvers route one auction at a time, so more
   * only pile up unanswered). Falls to one while overlapping rounds go unanswered (OpenLimit).
   */
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
  /** The intent stream's ack wait: an intent held here (buffered, or in an auction not yet stored) is touched so it never goes half of it without a keep-alive. */
  streamAckWaitMs?: number;
  /** Reference price of a buy token (numeraire units per 1e18 base units) for scoring; none: 1:1. */
  referencePrice?: (chainId: number, token: string) => bigint | undefined;
  /** Re-checks each cut's funding on chain; unfunded intents wait out of the auction (none: no chain RPC). */
  funding?: FundingGate;
  /** Asks the source chain about signatures that do not recover to the swapper (EIP-1271), at a block the record cites. */
  signatures: ContractSignatureGate;
  /** The API's intake key (INTAKE_KEY): an intent it sealed is not hashed and recovered again here. */
  intakeKey?: Uint8Array;
};

export type AuctionHouseOptions = {
  messaging: Messaging;
  storage: Storage;
  signer: DigestSigner;
  /** Who may bid: without solver trust, these keys; with it, trust decides (isRegistered, fan-out, operators). */
  isRegistered: (solver: Address) => boolean;
  registeredSolvers: () => Address[];
  config: AuctionHouseConfig;
  log: Log;
  now?: () => number;
  trust?: TrustService;
};

/** `overlapped`: another auction took bids during this one's window (OpenLimit's signal). */
type Live = { round: AuctionRound; sub: BusSubscription; closer?: NodeJS.Timeout; overlapped: boolean };

/**
 * Cuts auctions from the intent stream (StreamLease), runs each bid window (AuctionRound), stores the hash-chained
 * record (RecordChain) and only then acks the intents, so a crash at any point replays them.
 */
export class AuctionHouse {
  readonly stats = new AuctioneerStats();
  private readonly lease: StreamLease;
  private readonly chain: RecordChain;
  private readonly live = new Map<string, Live>();
  private readonly limit: OpenLimit;
  private readonly booking = new DoubleBooking();
  private readonly now: () => number;
  private opened = 0;
  /** Auctions opening or in their bid window, against maxOpenAuctions. */
  private open = 0;
  /** A cut was due (timer) while maxOpenAuctions were open: made when one closes. */
  private cutOwed = false;
  private timer?: NodeJS.Timeout;
  private reconcileTimer?: NodeJS.Timeout;
  private stopping = false;

  constructor(private readonly o: AuctionHouseOptions) {
    this.now = o.now ?? Date.now;
    this.limit = new OpenLimit({ max: o.config.maxOpenAuctions ?? Infinity });
    this.lease = new StreamLease({
      messaging: o.messaging,
      storage: o.storage,
      stats: this.stats,
      log: o.log,
      // touched after 0.4 of the ack wait untouched, looked at every tenth: at most half the ack wait between touches
      keepAliveMs: Math.floor((o.config.streamAckWaitMs ?? 10_000) * 0.4),
      keepAliveSweepMs: Math.max(1, Math.floor((o.config.streamAckWaitMs ?? 10_000) / 10)),
      intakeKey: o.config.intakeKey,
      onBuffered: (size) => {
        if (size >= o.config.auctionMaxIntents) void this.cut();
      },
    });
    this.chain = new RecordChain({ storage: o.storage, signer: o.signer, log: o.log });
  }

  get address(): Address {
    return this.o.signer.address;
  }

  get metrics() {
    return this.stats.metrics;
  }

  async start(): Promise<void> {
    const head = await this.chain.load();
    await this.lease.start();
    const { config } = this.o;
    this.timer = setInterval(() => void this.cut(), config.auctionIntervalMs);
    this.reconcileTimer = setInterval(() => void this.reconcile(config.reconcileStaleMs), config.reconcileIntervalMs);
    this.o.log.info({ auctioneer: this.address, head }, 'auctioneer started');
  }

  /** Stops taking intents, lets open auctions finish and stores them; unacked intents return to the stream. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.chain.stopRetrying();
    clearInterval(this.timer);
    clearInterval(this.reconcileTimer);
    await this.lease.stopConsuming();
    while (this.live.size) await new Promise((r) => setTimeout(r, 20));
    await this.chain.drained();
    // intents requeued out of intake groups go back alone now, so their groups are acked before the stream closes
    await this.lease.handBackNow();
    this.lease.stopKeepAlive();
  }

  /** Registered solvers with what this auctioneer has seen of them. */
  solvers() {
    const { trust, registeredSolvers } = this.o;
    if (trust) return trust.status().map((t) => ({ ...t, ...this.stats.solver(t.address) }));
    return registeredSolvers().map((address) => ({ address, state: 'registered', ...this.stats.solver(address) }));
  }

  /** Puts stale open intents back on the stream; with the in-process stream this also refills it after a restart. */
  reconcile(staleMs: number): Promise<number> {
    return this.lease.reconcile(staleMs);
  }

  /** Lapse evidence for the next record (AwardLifecycle calls this). */
  recordLapse(evidence: LapseEvidenceJSON): void {
    this.chain.addLapse(evidence);
  }

  /** Puts an intent whose award lapsed back on the stream at once, for the next cut. */
  requeue(row: { hash: string; intent: { sourceChainId: number }; signature: string }): Promise<void> {
    return this.lease.republish(row);
  }

  /** Opens one auction with up to AUCTION_MAX_INTENTS buffered intents, unless maxOpenAuctions are already open. */
  async cut(): Promise<void> {
    if (this.stopping) return;
    // lapses wait for the next record; with no auction to carry them, a record of lapses alone is written
    if (!this.lease.buffered && !this.open && !this.live.size && this.chain.pendingLapses)
      return this.recordLapsesAlone();
    if (!this.lease.buffered) return;
    if (this.open >= this.limit.max) {
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

  /** The intents of a cut that may still be auctioned: unexpired, and claimed in the store. */
  private async claim(batch: HeldIntent[]): Promise<HeldIntent[]> {
    const { storage, log, config } = this.o;
    const nowSec = Math.floor(this.now() / 1000);
    const eligible: HeldIntent[] = [];
    const expired: HeldIntent[] = [];
    for (const p of batch) (p.intent.deadline <= nowSec ? expired : eligible).push(p);
    if (expired.length) {
      // off the hot path: only a still-open intent becomes expired, so a decided one keeps its status
      storage.intents
        .expireOpen(expired.map((p) => p.hash))
        .catch((err) =>
          log.warn({ err: String(err) }, 'could not mark intents expired; the reconciler will see them again'),
        );
      for (const p of expired) this.lease.release(p, 'ack');
    }
    const holdOut = (held: HeldIntent[]) => held.forEach((p) => this.lease.release(p, 'nak', config.retryDelayMs));
    // a smart account's signature is asked on its source chain (the record cites the block); refused ones wait
    const signed = await config.signatures.admit(eligible, holdOut);
    // funding lost since intake (balance, allowance, nonce): held out as unfunded and requeued, back once funded again
    const funded = config.funding ? await config.funding.admit(signed, holdOut) : signed;
    if (!funded.length) return [];
    // claim the intents in the store, one round trip: one already decided (a redelivery after a crash), cancelled by its
    // swapper or never accepted by the API is not claimed, so never auctioned
    let claimed: Set<string>;
    try {
      claimed = await storage.intents.markAuctioning(funded.map((p) => p.hash));
    } catch (err) {
      log.error({ err: String(err) }, 'database unavailable: could not claim intents; they return to the stream');
      for (const p of funded) this.lease.release(p, 'nak', config.retryDelayMs);
      return [];
    }
    for (const p of funded) if (!claimed.has(p.hash)) this.lease.release(p, 'ack');
    return funded.filter((p) => claimed.has(p.hash));
  }

  /** Operators kept out of each intent after a lapse; a failed read keeps the intents out of this cut. */
  private async exclusions(intents: HeldIntent[]): Promise<Map<string, ReadonlySet<string>> | undefined> {
    try {
      const rows = await this.o.storage.lapses.excluded(intents.map((p) => p.hash));
      return new Map([...rows].map(([h, ops]) => [h, new Set(ops)]));
    } catch (err) {
      this.o.log.error(
        { err: String(err) },
        'database unavailable: could not read exclusions; the intents return to the stream',
      );
      for (const p of intents) this.lease.release(p, 'nak', this.o.config.retryDelayMs);
      return undefined;
    }
  }

  /** The cut itself; true when an auction opened (it then counts as open until it closes). */
  private async openAuction(): Promise<boolean> {
    const { messaging, storage, log, config, trust } = this.o;
    const eligible = await this.claim(this.lease.take(config.auctionMaxIntents));
    if (!eligible.length) return false;
    const excluded = await this.exclusions(eligible);
    if (!excluded) return false;

    // opened now, after the awaits above: the fan-out below rests only on attestations received before this instant
    const openedAt = this.now();
    const head = this.chain.current;
    const auctionId = deriveAuctionId(this.address, head.seq + ++this.opened, openedAt);
    // the live auction id is informational (GET /v1/intents/:hash/auction), so it is written off the hot path
    storage.intents
      .setLiveAuction(
        eligible.map((p) => p.hash),
        auctionId,
      )
      .catch((err) => log.warn({ err: String(err), auctionId }, 'could not record the live auction id'));
    const seed = keccakHex(new TextEncoder().encode(auctionId + head.recordHash));
    // who sees this flow: seats drawn per shard (chain) from the seed, recorded so an auditor can redo the draw
    const fanout = trust?.fanout(
      seed,
      eligible.map((p) => p.intent),
    );
    const referencePrices = referencePricesFor(
      eligible.map((p) => p.intent),
      config.referencePrice,
    );
    const round = new AuctionRound({
      auctionId,
      openedAt,
      bidWindowMs: config.bidWindowMs,
      seed,
      intents: eligible,
      referencePrices,
      terms: auctionTerms(eligible, referencePrices),
      fanout,
      isRegistered: this.o.isRegistered,
      excluded,
      operatorOf: trust ? (s) => trust.operatorOf(s) : undefined,
      onInvalidBid: trust ? (op) => trust.recordOutcome(op, 'invalid') : undefined,
      maxBidsPerSolver: config.maxBidsPerSolver,
      earlyClose: !!config.earlyClose,
      onEveryoneDone: () => setImmediate(() => this.close(round)),
      stats: this.stats,
      now: this.now,
    });
    const sub = messaging.bus.subscribe(messaging.subjects.auctionBid(auctionId), (m) => {
      m.respond?.(encodeJson(round.onBidMessage(m.data)));
    });
    const live: Live = { round, sub, overlapped: false };
    for (const other of this.live.values()) if (!other.round.closed) other.overlapped = live.overlapped = true;
    this.live.set(auctionId, live);
    this.publishOpen(round);
    live.closer = setTimeout(() => this.close(round), Math.max(0, round.closesAt - this.now()));
    return true;
  }

  /** Sends the auction to each invited solver (only the intents of its shards), and on the public feed if on; each copy signed. */
  private publishOpen(round: AuctionRound): void {
    const { messaging, config, trust, signer } = this.o;
    // solvers bid only on opens their pinned auctioneer signed: one signature per distinct copy, not per solver, over
    // its intents' hashes (no canonical JSON of whole intents per copy)
    const sign = (o: AuctionOpenJSON) => encodeJson(signAuctionOpen(o, signer));
    const { fanout } = round.o;
    const open: AuctionOpenJSON = {
      auctionId: round.auctionId,
      auctioneer: this.address,
      openedAt: round.o.openedAt,
      bidWindowMs: config.bidWindowMs,
      intents: round.o.intents.map((p) => ({
        hash: p.hash,
        intent: serializeIntent(p.intent),
        signature: p.signature,
      })),
    };
    let full: Uint8Array | undefined;
    if (fanout) {
      const copies = new Map<string, Uint8Array>();
      // each invited solver gets only the intents of the routes it holds a seat in (signed once per distinct copy)
      for (const [solver, routes] of fanout.routes) {
        const excluded: string[] = [];
        const mine = open.intents.filter((i) => {
          if (!routes.has(`${i.intent.sourceChainId}>${i.intent.destinationChainId}`)) return false;
          const out = round.isExcluded(solver, i.hash);
          if (out) excluded.push(i.hash);
          return !out;
        });
        let data: Uint8Array | undefined;
        if (mine.length === open.intents.length) data = full ??= sign(open);
        else {
          // the same routes and exclusions give the same copy
          const key = `${[...routes].sort().join()}|${excluded.join()}`;
          data = copies.get(key);
          if (!data) copies.set(key, (data = sign({ ...open, intents: mine })));
        }
        messaging.bus.publish(messaging.subjects.solverAuction(solver), data);
      }
    }
    if (!fanout || trust?.publicFeed)
      messaging.bus.publish(messaging.subjects.auctionOpen(round.auctionId), full ?? sign(open));
  }

  private close(round: AuctionRound): void {
    const live = this.live.get(round.auctionId);
    if (round.closed || !live) return;
    const { config, trust, signer, registeredSolvers } = this.o;
    clearTimeout(live.closer);
    // an invited solver that neither bid nor passed before the window closed timed out; observed before
    // the freed slot is used, so a round that calls for one auction at a time holds the next cut back
    let unanswered = 0;
    const counted: Address[] = [];
    const booked = bookedRound(round);
    const open = [...this.live.values()]
      .filter((l) => l.round !== round && !l.round.closed)
      .map((l) => bookedRound(l.round));
    for (const s of booked.invited) {
      const answered = round.answered.has(s);
      if (!answered) unanswered++;
      // a key quotes our auctions one after another: a miss while it was still on an earlier one is our double booking
      if (!answered && this.booking.busyAtOpen(s, booked, open)) trust!.recordAuctionBusy(s as Address);
      else {
        trust!.recordAuctionAnswer(s as Address, answered, round.bidLatencyMs(s));
        counted.push(s as Address);
      }
    }
    this.booking.closed(booked, this.now());
    if (this.limit.observe({ overlapped: live.overlapped, unanswered })) this.stats.metrics.observeOpenLimitDrop();
    this.open--;
    // a slot is free: cut now if a full auction waits or the timer's cut was held back
    if (this.cutOwed || this.lease.buffered >= config.auctionMaxIntents) {
      this.cutOwed = false;
      void this.cut();
    }
    live.sub.unsubscribe();
    const lapses = this.chain.takeLapses();
    const closed = round.close({
      closedAt: this.now(),
      signer,
      registeredSolvers,
      settleWindowSec: config.settleWindowSec,
      lapses,
    });
    // a slow key that wins is kept in the fan-out (its prices are what traders get): each counted key's win or loss
    const winners = new Set(closed.body.winners.map((w) => w.solver.toLowerCase()));
    for (const s of counted) trust!.recordAuctionWon(s, winners.has(s.toLowerCase()));
    const nowSec = Math.floor(this.now() / 1000);
    const changes: StatusChange[] = round.o.intents.map((p) => ({
      hash: p.hash,
      status: closed.awarded.has(p.hash) ? 'awarded' : p.intent.deadline <= nowSec ? 'expired' : 'unfilled',
      auctionId: round.auctionId,
    }));
    void this.chain.append(closed.body, changes, closed.bidLeaves, closed.intentLeaves).then((record) => {
      if (record) this.finish(round, record, changes);
      else {
        // give the intents back: they will be auctioned again; nothing was published or acked
        for (const p of round.o.intents) this.lease.release(p, 'nak', config.retryDelayMs);
        this.chain.returnLapses(lapses);
        this.live.delete(round.auctionId);
      }
    });
  }

  /** A record with no intents that carries the lapse evidence decided since the last record. */
  private async recordLapsesAlone(): Promise<void> {
    const { signer, config, log } = this.o;
    const openedAt = this.now();
    const auctionId = deriveAuctionId(this.address, this.chain.current.seq + ++this.opened, openedAt);
    const seed = keccakHex(new TextEncoder().encode(auctionId + this.chain.current.recordHash));
    const round = new AuctionRound({
      auctionId,
      openedAt,
      bidWindowMs: 0,
      seed,
      intents: [],
      referencePrices: {},
      terms: [],
      excluded: new Map(),
      isRegistered: this.o.isRegistered,
      maxBidsPerSolver: 0,
      earlyClose: false,
      onEveryoneDone: () => undefined,
      stats: this.stats,
      now: this.now,
    });
    const lapses = this.chain.takeLapses();
    const closed = round.close({
      closedAt: openedAt,
      signer,
      registeredSolvers: () => [],
      settleWindowSec: config.settleWindowSec,
      lapses,
    });
    const record = await this.chain.append(closed.body, [], closed.bidLeaves, closed.intentLeaves);
    if (!record) this.chain.returnLapses(lapses);
    else log.info({ auctionId, seq: record.seq, lapses: lapses.length }, 'recorded lapses');
  }

  private finish(round: AuctionRound, record: AuctionRecordJSON, changes: StatusChange[]): void {
    const { messaging, config, log } = this.o;
    const result: AuctionResultJSON = {
      auctionId: record.auctionId,
      closedAt: record.closedAt,
      recordHash: record.recordHash,
      awards: record.awards,
      unfilled: record.unfilled,
    };
    // signed, so the API relays only results of the auctioneer it pins (anyone on the bus could publish these bytes)
    messaging.bus.publish(
      messaging.subjects.auctionResult(record.auctionId),
      encodeJson(signBusMessage('auction.result', result, this.o.signer)),
    );
    // ack only after the record is stored, so a crash before this line replays the intents
    changes.forEach((c, i) =>
      this.lease.release(round.o.intents[i], c.status === 'unfilled' ? 'nak' : 'ack', config.retryDelayMs),
    );
    this.live.delete(round.auctionId);
    this.stats.observeAuction(record, this.now() - record.closedAt);
    log.info(
      {
        auctionId: record.auctionId,
        seq: record.seq,
        intents: record.intents.length,
        bids: record.bids.length,
        awards: record.awards.length,
      },
      'auction closed',
    );
  }
}

/** A round as DoubleBooking reads it (no invitations without solver trust). */
function bookedRound(round: AuctionRound): BookedRound {
  const invitations = round.o.fanout?.invitations;
  return {
    openedAt: round.o.openedAt,
    invited: invitations ? [...invitations.keys()] : [],
    isInvited: (s) => !!invitations?.has(s as Address),
    answeredAt: (s) => round.answeredAt.get(s),
  };
}
