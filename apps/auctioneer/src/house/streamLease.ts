import {
  INTAKE_SEAL_HEADER,
  decodeJson,
  encodeJson,
  openIntakeSeal,
  type Messaging,
  type StreamMessage,
} from '@intentmesh/messaging';
import {
  hashIntent,
  isInternalFailure,
  parseSignedIntent,
  recoverDigestSigner,
  type ContractSignatureVerdictJSON,
  type Hex,
  type Intent,
  type Log,
} from '@intentmesh/protocol';
import type { Storage } from '@intentmesh/storage';
import type { AuctioneerStats } from './auctioneerStats';

/** An intent this process holds unacked: buffered for the next cut, or in an auction whose record is not yet stored. */
export type HeldIntent = {
  hash: Hex;
  intent: Intent;
  signature: Hex;
  msg: StreamMessage;
  /** The signature recovers to the swapper (ECDSA); otherwise only the swapper's contract (EIP-1271) can approve it. */
  ecdsa: boolean;
  /** The source chain's EIP-1271 verdict for this cut, which the record cites (set by ContractSignatureGate). */
  contractSignature?: ContractSignatureVerdictJSON;
  /** When JetStream last heard of this message from us (delivery, or our last keep-alive), on the lease's clock. */
  touchedAt: number;
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
};

/**
 * The auctioneer's lease on the intent stream: takes intents from the durable consumer, drops a second copy of one
 * already held, keeps every held message alive, and acks or naks each one when its auction is decided.
 */
export class StreamLease {
  private buffer: HeldIntent[] = [];
  /** Intents buffered or in a live auction here: a second copy from the stream is dropped, not auctioned twice. */
  private readonly held = new Map<string, HeldIntent>();
  private consumer?: { stop(): Promise<void> };
  private keepAlive?: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly o: StreamLeaseOptions) {
    this.now = o.now ?? (() => performance.now());
  }

  async start(): Promise<void> {
    this.consumer = await this.o.messaging.stream.consume((m) => this.onIntent(m));
    // an intent waiting for its auction (or for its record to be stored) past the ack wait would be redelivered, and
    // acking that copy would end JetStream's guarantee while the intent is still only in this process's memory
    this.keepAlive = setInterval(() => this.touchIdle(), this.o.keepAliveSweepMs);
  }

  /**
   * Tells JetStream that every held message untouched for keepAliveMs is still being worked on; returns how many.
   * Most intents are decided well within that, so they cost no keep-alive at all (touching every held message on
   * each tick cost about one NATS message per intent at the peak).
   */
  touchIdle(): number {
    const now = this.now();
    const due = now - this.o.keepAliveMs;
    let n = 0;
    // `held` is in touchedAt order (insertion order, and a touched intent moves to the end), so the sweep stops at
    // the first one not due
    for (const p of this.held.values()) {
      if (p.touchedAt > due) break;
      p.msg.working();
      p.touchedAt = now;
      this.held.delete(p.hash);
      this.held.set(p.hash, p);
      n++;
    }
    if (n) this.o.stats.metrics.observeKeepAlives(n);
    return n;
  }

  /** Stops taking intents and gives the buffered ones back; intents in auctions stay held until released. */
  async stopConsuming(): Promise<void> {
    await this.consumer?.stop();
    for (const p of this.buffer) this.release(p, 'nak', 0);
    this.buffer = [];
  }

  stopKeepAlive(): void {
    clearInterval(this.keepAlive);
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

  /** Acks or naks a stream message and forgets the intent here. */
  release(p: HeldIntent, how: 'ack' | 'nak', delayMs = 0): void {
    this.held.delete(p.hash);
    if (how === 'ack') p.msg.ack();
    else {
      p.msg.nak(delayMs);
      this.o.stats.metrics.observeRequeue();
    }
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

  /** A new stream message for an open intent (a fresh message id, so the stream's deduplication lets it through). */
  async republish(s: { hash: string; intent: { sourceChainId: number }; signature: string }): Promise<void> {
    const { messaging } = this.o;
    const subject = messaging.subjects.intents(s.intent.sourceChainId);
    await messaging.stream.publish(
      subject,
      encodeJson({ intent: s.intent, signature: s.signature }),
      `${s.hash}:${Date.now()}`,
    );
  }

  private onIntent(msg: StreamMessage): void {
    const { stats, log } = this.o;
    stats.counters.intentsSeen++;
    stats.metrics.observeDelivery(msg.deliveryCount);
    let parsed;
    try {
      parsed = parseSignedIntent(decodeJson(msg.data));
    } catch (err) {
      // the API validated it; anything unreadable here did not come from us and is dropped for good
      log.warn({ err: String(err), subject: msg.subject }, 'dropping unreadable stream message');
      msg.term();
      return;
    }
    // a valid seal is the API's own recovery (under the key only it and we hold); anything else is checked here
    const sealed = this.o.intakeKey
      ? openIntakeSeal(this.o.intakeKey, msg.header(INTAKE_SEAL_HEADER), parsed.intent.swapper, msg.data)
      : undefined;
    stats.metrics.observeSignatureCheck(sealed ? 'sealed' : 'recovered');
    const hash = sealed ?? hashIntent(parsed.intent);
    if (this.held.has(hash)) {
      // a redelivery is the message this process already holds: acking it would ack the held intent before its record is stored
      if (msg.deliveryCount > 1) msg.working();
      else msg.ack(); // a reconciled copy (a new message) of an intent already on its way through this auctioneer
      return;
    }
    const p: HeldIntent = {
      hash,
      intent: parsed.intent,
      signature: parsed.signature,
      msg,
      ecdsa: !!sealed,
      touchedAt: this.now(),
    };
    // unsealed: checked here, not taken from the bus's word, so a record never carries a signature nobody we trust verified
    if (!sealed)
      try {
        p.ecdsa = recoverDigestSigner(hash, parsed.signature) === parsed.intent.swapper;
      } catch (err) {
        if (isInternalFailure(err)) throw err;
      }
    this.held.set(hash, p);
    this.buffer.push(p);
    this.o.onBuffered(this.buffer.length);
  }
}
