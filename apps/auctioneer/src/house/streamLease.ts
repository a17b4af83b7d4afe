import {
  INTAKE_SEAL_HEADER,
  decodeJson,
  encodeJson,
  openIntakeGroupSeal,
  openIntakeSeal,
  sealIntake,
  type Messaging,
  type StreamMessage,
} from '@intentmesh/messaging';
import {
  hashIntent,
  type Address,
  isInternalFailure,
  parseIntakeGroup,
  parseSignedIntent,
  recoverDigestSigner,
  serializeIntent,
  type ContractSignatureVerdictJSON,
  type Hex,
  type IntakeGroupItem,
  type Intent,
  type Log,
} from '@intentmesh/protocol';
import type { Storage } from '@intentmesh/storage';
import type { AuctioneerStats } from './auctioneerStats';

/**
 * One stream message as this process holds it: a single intent, or an intake group of several. It is acked only once
 * every intent it brought here is decided (its record stored) or handed back, and kept alive while any is held.
 */
export type Carrier = {
  msg: StreamMessage;
  /** Intents held through this message (buffered, in an auction, or being handed back), plus one while it is read. */
  open: number;
  /** An intake group: an intent requeued from it is republished alone (awaited), the rest of the group stays. */
  group: boolean;
  /** A single intent requeued: the message is nak'ed with this delay instead of acked. */
  requeueMs?: number;
  /** When JetStream last heard of this message from us (delivery, or our last keep-alive), on the lease's clock. */
  touchedAt: number;
};

/** An intent this process holds unacked: buffered for the next cut, or in an auction whose record is not yet stored. */
export type HeldIntent = {
  hash: Hex;
  intent: Intent;
  signature: Hex;
  /** The stream message that answers for this intent until it is released. */
  carrier: Carrier;
  /** The signature recovers to the swapper (ECDSA); otherwise only the swapper's contract (EIP-1271) can approve it. */
  ecdsa: boolean;
  /** The source chain's EIP-1271 verdict for this cut, which the record cites (set by ContractSignatureGate). */
  contractSignature?: ContractSignatureVerdictJSON;
  /** Requeued out of a group and being republished alone: a copy arriving now takes over from it. */
  leaving?: boolean;
};

export type StreamLeaseOptions = {
  messaging: Messaging;
  storage: Storage;
  stats: AuctioneerStats;
  log: Log;
  /**
   * A held message untouched this long tells JetStream it is still being worked on; with `keepAliveSweepMs` it must
   * stay below the ack wait (a message waits at most keepAliveMs + keepAliveSweepMs between touches).
   */
  keepAliveMs: number;
  /** How often held messages are looked at for a keep-alive. */
  keepAliveSweepMs: number;
  /** Monotonic milliseconds (tests pass their own). */
  now?: () => number;
  /** Called after each intent is buffered, with the buffer's size (a full auction cuts at once). */
  onBuffered: (size: number) => void;
  /** The API's intake key: a message it sealed with this key is not hashed and recovered again here. */
  intakeKey?: Uint8Array;
  /** How long a failed republish of an intent handed back out of a group waits before the next try (ms). */
  handBackRetryMs?: number;
};

/**
 * The auctioneer's lease on the intent stream: takes intents from the durable consumer (one per single message,
 * several per intake group), drops a second copy of one already held, keeps every held message alive, and settles
 * each message once all its intents are decided: ack, nak for a requeued single intent, and for a requeued intent of
 * a group a republish of it alone before the group's ack.
 */
export class StreamLease {
  private buffer: HeldIntent[] = [];
  /** Intents buffered or in a live auction here: a second copy from the stream is dropped, not auctioned twice. */
  private readonly held = new Map<string, HeldIntent>();
  /** Messages held, by stream sequence, in touchedAt order (insertion order; a touched one moves to the end). */
  private readonly carriers = new Map<number, Carrier>();
  /** Intents requeued out of groups, waiting for their delay (timer) or their republish (promise). */
  private readonly handbacks = new Map<HeldIntent, NodeJS.Timeout | Promise<void>>();
  private consumer?: { stop(): Promise<void> };
  private keepAlive?: NodeJS.Timeout;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly o: StreamLeaseOptions) {
    this.now = o.now ?? (() => performance.now());
  }

  async start(): Promise<void> {
    this.consumer = await this.o.messaging.stream.consume((m) => this.onMessage(m));
    // an intent waiting for its auction (or for its record to be stored) past the ack wait would be redelivered, and
    // acking that copy would end JetStream's guarantee while the intent is still only in this process's memory
    this.keepAlive = setInterval(() => this.touchIdle(), this.o.keepAliveSweepMs);
  }

  /**
   * Tells JetStream that every held message untouched for keepAliveMs is still being worked on; returns how many.
   * Most intents are decided well within that, so they cost no keep-alive at all (touching every held message on
   * each tick cost about one NATS message per intent at the peak). A group is one message: one touch for all of it.
   */
  touchIdle(): number {
    const now = this.now();
    const due = now - this.o.keepAliveMs;
    let n = 0;
    // the sweep stops at the first message not due
    for (const [seq, c] of this.carriers) {
      if (c.touchedAt > due) break;
      c.msg.working();
      c.touchedAt = now;
      this.carriers.delete(seq);
      this.carriers.set(seq, c);
      n++;
    }
    if (n) this.o.stats.metrics.observeKeepAlives(n);
    return n;
  }

  /** Stops taking intents and gives the buffered ones back; intents in auctions stay held until released. */
  async stopConsuming(): Promise<void> {
    await this.consumer?.stop();
    const buffered = this.buffer;
    this.buffer = [];
    for (const p of buffered) this.release(p, 'nak', 0);
  }

  /**
   * At stop, once no auction is live: intents requeued out of groups are republished now instead of after their
   * delay, so their groups can be acked; one that cannot be republished leaves its group unacked (redelivered later,
   * its decided intents are not claimed again).
   */
  async handBackNow(): Promise<void> {
    for (const [p, h] of [...this.handbacks]) {
      if (h instanceof Promise) continue;
      clearTimeout(h);
      this.startHandBack(p);
    }
    const pending = [...this.handbacks.values()];
    this.stopped = true;
    await Promise.all(pending);
  }

  stopKeepAlive(): void {
    this.stopped = true;
    clearInterval(this.keepAlive);
    for (const h of this.handbacks.values()) if (!(h instanceof Promise)) clearTimeout(h);
  }

  get buffered(): number {
    return this.buffer.length;
  }

  /** Up to `n` buffered intents, oldest first; they stay held until released. */
  take(n: number): HeldIntent[] {
    return this.buffer.splice(0, n);
  }

  holds(hash: string): boolean {
    return this.held.has(hash);
  }

  /** Messages held here (singles and groups). */
  get messages(): number {
    return this.carriers.size;
  }

  /**
   * The intent is decided (`ack`: its record is stored, or it needs no auction) or goes back to the stream after
   * `delayMs` (`nak`); its message is settled once it carries nothing else held here.
   */
  release(p: HeldIntent, how: 'ack' | 'nak', delayMs = 0): void {
    if (how === 'nak') {
      this.o.stats.metrics.observeRequeue();
      // the rest of the group stays in its message: this intent goes back alone, still held until the stream has it
      if (p.carrier.group) return this.handBack(p, delayMs);
      p.carrier.requeueMs = delayMs;
    }
    if (this.held.get(p.hash) === p) this.held.delete(p.hash);
    this.settle(p.carrier);
  }

  private settle(c: Carrier): void {
    if (--c.open > 0) return;
    this.carriers.delete(c.msg.seq);
    if (c.requeueMs === undefined) c.msg.ack();
    else c.msg.nak(c.requeueMs);
  }

  private handBack(p: HeldIntent, delayMs: number): void {
    p.leaving = true;
    if (this.stopped) return this.startHandBack(p);
    this.handbacks.set(
      p,
      setTimeout(() => this.startHandBack(p), delayMs),
    );
  }

  private startHandBack(p: HeldIntent): void {
    const done = this.republishAlone(p).finally(() => this.handbacks.delete(p));
    this.handbacks.set(p, done);
  }

  /** A copy of an intent waiting to be handed back arrived: it answers for the intent now, the group lets it go. */
  private takeOver(prior: HeldIntent): void {
    const h = this.handbacks.get(prior);
    if (!h || h instanceof Promise) return; // being republished: that copy will be dropped or unclaimed when it comes
    clearTimeout(h);
    this.handbacks.delete(prior);
    this.settle(prior.carrier);
  }

  /** Republishes an intent requeued out of a group as a message of its own, then lets its group go. */
  private async republishAlone(p: HeldIntent): Promise<void> {
    try {
      await this.republish(
        { hash: p.hash, intent: serializeIntent(p.intent), signature: p.signature },
        // vouched for here as the API vouched for it: recovered once, by us or under the intake key
        p.ecdsa,
      );
    } catch (err) {
      if (this.stopped) return; // the group stays unacked: redelivered after the ack wait, decided intents unclaimed
      this.o.log.warn({ err: String(err), hash: p.hash }, 'could not hand an intent back to the stream; retrying');
      this.handbacks.set(
        p,
        setTimeout(() => this.startHandBack(p), this.o.handBackRetryMs ?? 1000),
      );
      return;
    }
    if (this.held.get(p.hash) === p) this.held.delete(p.hash);
    this.settle(p.carrier);
  }

  /** Puts stale open intents back on the stream; with the in-process stream this also refills it after a restart. */
  async reconcile(staleMs: number): Promise<number> {
    const { storage, log } = this.o;
    try {
      const stale = await storage.intents.listStale(staleMs);
      let n = 0;
      for (const s of stale) {
        if (this.held.has(s.hash)) continue;
        await this.republish(s);
        n++;
      }
      if (n) log.info({ republished: n }, 'reconciled open intents back onto the stream');
      return n;
    } catch (err) {
      log.warn({ err: String(err) }, 'reconcile failed; will retry');
      return 0;
    }
  }

  /**
   * A new stream message for an open intent (a fresh message id, so the stream's deduplication lets it through);
   * `sealed`: its signature was recovered to the swapper here or under the intake key, so it goes out under that key.
   */
  async republish(
    s: { hash: string; intent: { sourceChainId: number; swapper?: string }; signature: string },
    sealed = false,
  ): Promise<void> {
    const { messaging, intakeKey } = this.o;
    const subject = messaging.subjects.intents(s.intent.sourceChainId);
    const data = encodeJson({ intent: s.intent, signature: s.signature });
    const headers =
      sealed && intakeKey && s.intent.swapper
        ? { [INTAKE_SEAL_HEADER]: sealIntake(intakeKey, s.hash as Hex, s.intent.swapper as Address, data) }
        : undefined;
    await messaging.stream.publish(subject, data, `${s.hash}:${Date.now()}`, headers);
  }

  private onMessage(msg: StreamMessage): void {
    const { stats, log } = this.o;
    stats.metrics.observeDelivery(msg.deliveryCount);
    if (this.carriers.has(msg.seq)) {
      // a redelivery of a message this process holds: acking it would ack held intents before their records are stored
      msg.working();
      return;
    }
    let items: IntakeGroupItem[];
    let group = false;
    let sealedGroup = false;
    let sealedOne: Hex | undefined;
    try {
      const json = decodeJson(msg.data);
      if (typeof json === 'object' && json !== null && 'intakeGroup' in json) {
        items = parseIntakeGroup(json);
        group = true;
        // one seal over the whole payload: every entry naming its hash is the API's own recovery
        sealedGroup =
          !!this.o.intakeKey && openIntakeGroupSeal(this.o.intakeKey, msg.header(INTAKE_SEAL_HEADER), msg.data);
      } else {
        const one = parseSignedIntent(json);
        items = [one];
        sealedOne = this.o.intakeKey
          ? openIntakeSeal(this.o.intakeKey, msg.header(INTAKE_SEAL_HEADER), one.intent.swapper, msg.data)
          : undefined;
      }
    } catch (err) {
      // the API validated it; anything unreadable here did not come from us and is dropped for good
      log.warn({ err: String(err), subject: msg.subject }, 'dropping unreadable stream message');
      msg.term();
      return;
    }
    stats.counters.intentsSeen += items.length;
    const c: Carrier = { msg, open: 1, group, touchedAt: this.now() };
    this.carriers.set(msg.seq, c);
    for (const item of items) {
      // a valid seal is the API's own recovery (under the key only it and we hold); anything else is checked here
      const sealed = group ? (sealedGroup ? item.hash : undefined) : sealedOne;
      stats.metrics.observeSignatureCheck(sealed ? 'sealed' : 'recovered');
      const hash = sealed ?? hashIntent(item.intent);
      const prior = this.held.get(hash);
      // held through another message (a reconciled or handed-back copy, or another group): that message answers for it
      if (prior && !prior.leaving) continue;
      if (prior) this.takeOver(prior);
      const p: HeldIntent = { hash, intent: item.intent, signature: item.signature, carrier: c, ecdsa: !!sealed };
      // unsealed: checked here, not taken from the bus's word, so a record never carries a signature nobody we trust verified
      if (!sealed)
        try {
          p.ecdsa = recoverDigestSigner(hash, item.signature) === item.intent.swapper;
        } catch (err) {
          if (isInternalFailure(err)) {
            this.settle(c);
            throw err;
          }
        }
      c.open++;
      this.held.set(hash, p);
      this.buffer.push(p);
      this.o.onBuffered(this.buffer.length);
    }
    // read: the message now waits only for its intents (none held through it: every one is held through another)
    this.settle(c);
  }
}
