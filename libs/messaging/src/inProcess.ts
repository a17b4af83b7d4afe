import { IntentMeshError, createSubjects } from '@intentmesh/protocol';
import { subjectMatches } from './subjectMatch';
import type { Bus, BusMessage, BusSubscription, IntentStream, Messaging, PublishAck, StreamMessage } from './types';
import type { StreamHeaders } from './types';

type Sub = { pattern: string; queue?: string; handler: (m: BusMessage) => void; active: boolean };

/** The embedded default's bus: NATS subject, queue-group and request/reply semantics in one process. */
export class InProcessBus implements Bus {
  private subs: Sub[] = [];
  private closed = false;
  private inboxSeq = 0;
  private rr = 0;

  publish(subject: string, data: Uint8Array): void {
    this.deliver(subject, data);
  }

  private deliver(subject: string, data: Uint8Array, respond?: (d: Uint8Array) => void): number {
    if (this.closed) throw new IntentMeshError('The bus is closed.', { code: 'BUS_UNAVAILABLE' });
    const targets: Sub[] = [];
    const groups = new Map<string, Sub[]>();
    for (const s of this.subs) {
      if (!s.active || !subjectMatches(s.pattern, subject)) continue;
      if (s.queue) {
        const g = groups.get(s.queue) ?? [];
        g.push(s);
        groups.set(s.queue, g);
      } else targets.push(s);
    }
    // a queue group gets each message once, on one member, as NATS does
    for (const g of groups.values()) targets.push(g[this.rr++ % g.length]);
    for (const t of targets) {
      // asynchronous like a network hop, so a handler never runs inside its publisher's stack
      setImmediate(() => t.active && t.handler({ subject, data, respond }));
    }
    return targets.length;
  }

  subscribe(subject: string, handler: (msg: BusMessage) => void, options: { queue?: string } = {}): BusSubscription {
    const sub: Sub = { pattern: subject, queue: options.queue, handler, active: true };
    this.subs.push(sub);
    return {
      unsubscribe: () => {
        sub.active = false;
        this.subs = this.subs.filter((s) => s !== sub);
      },
    };
  }

  request(subject: string, data: Uint8Array, { timeoutMs }: { timeoutMs: number }): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      let done = false;
      const timer = setTimeout(() => {
        if (done) return;
        done = true;
        reject(
          new IntentMeshError(`No reply on ${subject} within ${timeoutMs} ms.`, {
            code: 'TIMEOUT',
            details: { subject },
          }),
        );
      }, timeoutMs);
      const inbox = `_INBOX.${++this.inboxSeq}`;
      const n = this.deliver(subject, data, (reply) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(reply);
      });
      if (n === 0) {
        done = true;
        clearTimeout(timer);
        reject(
          new IntentMeshError(`No responders on ${subject}.`, { code: 'BUS_UNAVAILABLE', details: { subject, inbox } }),
        );
      }
    });
  }

  async flush(): Promise<void> {
    await new Promise((r) => setImmediate(r));
  }
  isConnected(): boolean {
    return !this.closed;
  }
  async close(): Promise<void> {
    this.closed = true;
    this.subs = [];
  }
}

type Entry = {
  seq: number;
  subject: string;
  data: Uint8Array;
  headers?: StreamHeaders;
  deliveryCount: number;
  timer?: NodeJS.Timeout;
  settled: boolean;
};

/**
 * The embedded default's intent stream: at-least-once delivery with ack wait, nak delay and msgId dedupe.
 * It lives in memory; the embedded auctioneer re-enqueues open intents from the database at start, so a crash loses none.
 */
export class InProcessStream implements IntentStream {
  private seq = 0;
  private ready: Entry[] = [];
  private seen = new Map<string, number>();
  private handler?: (m: StreamMessage) => void;
  private scheduled = false;

  constructor(
    private readonly ackWaitMs = 10_000,
    private readonly dedupeWindowMs = 120_000,
  ) {}

  async publish(subject: string, data: Uint8Array, msgId: string, headers?: StreamHeaders): Promise<PublishAck> {
    const now = Date.now();
    const prior = this.seen.get(msgId);
    if (prior !== undefined && now - prior < this.dedupeWindowMs) return { seq: 0, duplicate: true };
    this.seen.set(msgId, now);
    if (this.seen.size > 100_000) this.trimSeen(now);
    const entry: Entry = { seq: ++this.seq, subject, data, headers, deliveryCount: 0, settled: false };
    this.enqueue(entry);
    return { seq: entry.seq, duplicate: false };
  }

  private trimSeen(now: number): void {
    for (const [id, at] of this.seen) if (now - at >= this.dedupeWindowMs) this.seen.delete(id);
  }

  private enqueue(entry: Entry): void {
    this.ready.push(entry);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || !this.handler) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    const handler = this.handler;
    if (!handler) return;
    const batch = this.ready;
    this.ready = [];
    for (const e of batch) this.deliverEntry(e, handler);
  }

  private deliverEntry(e: Entry, handler: (m: StreamMessage) => void): void {
    e.deliveryCount++;
    e.settled = false;
    const arm = () => {
      clearTimeout(e.timer);
      e.timer = setTimeout(() => !e.settled && this.enqueue(e), this.ackWaitMs);
    };
    arm();
    const settle = () => {
      e.settled = true;
      clearTimeout(e.timer);
    };
    handler({
      subject: e.subject,
      data: e.data,
      deliveryCount: e.deliveryCount,
      seq: e.seq,
      header: (name) => e.headers?.[name],
      ack: settle,
      term: settle,
      working: arm,
      nak: (delayMs = 0) => {
        if (e.settled) return;
        settle();
        e.settled = false;
        e.timer = setTimeout(() => this.enqueue(e), delayMs);
      },
    });
  }

  async consume(handler: (m: StreamMessage) => void): Promise<{ stop(): Promise<void> }> {
    this.handler = handler;
    this.schedule();
    return {
      stop: async () => {
        this.handler = undefined;
      },
    };
  }

  async pending(): Promise<number> {
    return this.ready.length;
  }
}

export function createInProcessMessaging(options: { prefix?: string; ackWaitMs?: number } = {}): Messaging {
  const bus = new InProcessBus();
  return {
    kind: 'in-process',
    bus,
    stream: new InProcessStream(options.ackWaitMs),
    subjects: createSubjects(options.prefix),
    close: () => bus.close(),
  };
}
