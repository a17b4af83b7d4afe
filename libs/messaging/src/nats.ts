import {
  connect,
  createInbox,
  headers as natsHeaders,
  nanos,
  nkeyAuthenticator,
  type ConnectionOptions,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
} from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  RetentionPolicy,
  StorageType,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
} from '@nats-io/jetstream';
import { IntentMeshError, createSubjects, type Subjects } from '@intentmesh/protocol';
import { skipCancelAfterAnswer } from './answeredRequests';
import type { Bus, BusMessage, BusSubscription, IntentStream, Messaging, PublishAck, StreamMessage } from './types';
import type { StreamHeaders } from './types';

export class NatsBus implements Bus {
  /** Follows the client's own status events: `isClosed()` alone stays false for the whole of a reconnect loop. */
  private connected = true;
  constructor(readonly nc: NatsConnection) {
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect' || s.type === 'staleConnection') this.connected = false;
        else if (s.type === 'reconnect') this.connected = true;
      }
    })().catch(() => undefined);
  }

  publish(subject: string, data: Uint8Array): void {
    this.nc.publish(subject, data);
  }

  subscribe(subject: string, handler: (msg: BusMessage) => void, options: { queue?: string } = {}): BusSubscription {
    const sub = this.nc.subscribe(subject, {
      queue: options.queue,
      callback: (err, msg) => {
        if (err) return;
        handler({ subject: msg.subject, data: msg.data, respond: msg.reply ? (d) => msg.respond(d) : undefined });
      },
    });
    return { unsubscribe: () => sub.unsubscribe() };
  }

  async request(subject: string, data: Uint8Array, { timeoutMs }: { timeoutMs: number }): Promise<Uint8Array> {
    try {
      const m = await this.nc.request(subject, data, { timeout: timeoutMs });
      return m.data;
    } catch (cause) {
      const name = (cause as Error)?.name ?? '';
      const code = /Timeout/i.test(name) ? 'TIMEOUT' : 'BUS_UNAVAILABLE';
      throw new IntentMeshError(`Request on ${subject} failed: ${(cause as Error)?.message}`, {
        code,
        cause,
        details: { subject },
      });
    }
  }

  async flush(): Promise<void> {
    await this.nc.flush();
  }

  // the client resubscribes by itself; this lets callers redo what the other side may have forgotten
  onReconnect(listener: () => void): () => void {
    let active = true;
    void (async () => {
      for await (const s of this.nc.status()) if (active && s.type === 'reconnect') listener();
    })().catch(() => undefined);
    return () => {
      active = false;
    };
  }
  isConnected(): boolean {
    return this.connected && !this.nc.isClosed();
  }
  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}

export type NatsStreamOptions = {
  /** How long a delivered intent may stay unacked before JetStream redelivers it (covers a crashed auctioneer). */
  ackWaitMs?: number;
  /** JetStream dedupe window for the intent-hash msgId. */
  duplicateWindowMs?: number;
  durable?: string;
  maxAckPending?: number;
  /** JetStream replicas of the stream and its consumer: 1 on a single server, 3 on a 3-node cluster. */
  replicas?: number;
};

/** INTENTS as a work-queue stream with one shared durable pull consumer: replicas split the flow, each intent goes to one. */
export class JetStreamIntentStream implements IntentStream {
  private readonly js;
  private ready?: Promise<void>;
  private acks?: PublishAcks;
  constructor(
    private readonly nc: NatsConnection,
    private readonly subjects: Subjects,
    private readonly options: Required<NatsStreamOptions>,
    /** Where publish acks arrive (the connection's inbox prefix: a secured server lets each role read only its own). */
    private readonly inboxPrefix?: string,
  ) {
    this.js = jetstream(nc);
  }

  /** Creates the stream and the durable consumer once, on first use: a process that only uses the bus never creates them with its own settings. */
  ensure(): Promise<void> {
    return (this.ready ??= this.create().catch((err) => {
      this.ready = undefined;
      throw err;
    }));
  }

  private async create(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    const name = this.subjects.streamName;
    try {
      await jsm.streams.info(name);
    } catch {
      await jsm.streams.add({
        name,
        subjects: [this.subjects.intentsAll],
        retention: RetentionPolicy.Workqueue,
        storage: StorageType.File,
        duplicate_window: nanos(this.options.duplicateWindowMs),
        num_replicas: this.options.replicas,
      });
    }
    try {
      await jsm.consumers.info(name, this.options.durable);
    } catch {
      await jsm.consumers.add(name, {
        durable_name: this.options.durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(this.options.ackWaitMs),
        max_ack_pending: this.options.maxAckPending,
        num_replicas: this.options.replicas,
      });
    }
  }

  async publish(subject: string, data: Uint8Array, msgId: string, headers?: StreamHeaders): Promise<PublishAck> {
    try {
      await this.ensure();
      const h = natsHeaders();
      h.set('Nats-Msg-Id', msgId);
      if (headers) for (const [k, v] of Object.entries(headers)) h.set(k, v);
      this.acks ??= new PublishAcks(this.nc, this.inboxPrefix);
      return await this.acks.publish(subject, data, h, PUBLISH_TIMEOUT_MS);
    } catch (cause) {
      throw new IntentMeshError('The intent stream did not acknowledge the publish; try again.', {
        code: 'BUS_UNAVAILABLE',
        cause,
      });
    }
  }

  async consume(handler: (msg: StreamMessage) => void): Promise<{ stop(): Promise<void> }> {
    await this.ensure();
    const consumer = await this.js.consumers.get(this.subjects.streamName, this.options.durable);
    const messages: ConsumerMessages = await consumer.consume({
      max_messages: Math.min(this.options.maxAckPending, 2000),
    });
    const loop = (async () => {
      for await (const m of messages) {
        handler({
          subject: m.subject,
          data: m.data,
          deliveryCount: m.info.deliveryCount,
          seq: m.seq,
          header: (name: string) => m.headers?.get(name) || undefined,
          ack: () => m.ack(),
          nak: (delayMs?: number) => m.nak(delayMs),
          working: () => m.working(),
          term: () => m.term(),
        });
      }
    })();
    return {
      stop: async () => {
        await messages.close();
        await loop.catch(() => undefined);
      },
    };
  }

  async pending(): Promise<number> {
    await this.ensure();
    const jsm = await jetstreamManager(this.nc);
    const info = await jsm.consumers.info(this.subjects.streamName, this.options.durable);
    return info.num_pending;
  }
}

const PUBLISH_TIMEOUT_MS = 5000;
const ackDecoder = new TextDecoder();
type AckWaiter = { resolve(a: PublishAck): void; reject(e: Error): void; until: number };

/**
 * JetStream publishes with their acks on one wildcard inbox subscription and one timeout sweep. The client's
 * `js.publish` (a request per message: a timer, a race and two promises each, options copied, headers rebuilt) cost
 * the API about a third of its NATS client time per intent; the wire exchange and every verdict are the same
 * (`Nats-Msg-Id` dedupe, a stream error or no stream fails the publish, no answer within the timeout fails it).
 */
export class PublishAcks {
  private readonly prefix: string;
  private readonly waiting = new Map<string, AckWaiter>();
  private next = 0;
  private sweep?: NodeJS.Timeout;

  constructor(
    private readonly nc: NatsConnection,
    inboxPrefix?: string,
  ) {
    this.prefix = `${createInbox(inboxPrefix)}.`;
    const sub = nc.subscribe(`${this.prefix}*`, { callback: (err, msg) => this.answer(err, msg) });
    // a closed connection or a refused subscription answers nothing more: fail what waits now, not after the timeout
    void sub.closed.then(
      (err) => this.failAll(err ?? new Error('the connection closed before JetStream acknowledged')),
      (err: Error) => this.failAll(err),
    );
  }

  publish(subject: string, data: Uint8Array, headers: MsgHdrs, timeoutMs: number): Promise<PublishAck> {
    const token = (this.next++).toString(36);
    return new Promise<PublishAck>((resolve, reject) => {
      this.waiting.set(token, { resolve, reject, until: Date.now() + timeoutMs });
      this.sweep ??= setInterval(() => this.expire(), Math.min(250, timeoutMs)).unref();
      try {
        this.nc.publish(subject, data, { reply: this.prefix + token, headers });
      } catch (err) {
        this.waiting.delete(token);
        reject(err as Error);
      }
    });
  }

  private answer(err: Error | null, msg: Msg): void {
    if (err) return this.failAll(err);
    const token = msg.subject.slice(this.prefix.length);
    const w = this.waiting.get(token);
    if (!w) return; // answered after its timeout
    this.waiting.delete(token);
    // no stream listens on the subject: the server answers 503 with no body
    if (msg.headers?.code === 503) return w.reject(new Error(`no JetStream stream answered on ${msg.subject}`));
    let ack: { stream?: string; seq?: number; duplicate?: boolean; error?: { code?: number; description?: string } };
    try {
      ack = JSON.parse(ackDecoder.decode(msg.data)) as typeof ack;
    } catch (cause) {
      return w.reject(new Error('unreadable JetStream publish ack', { cause }));
    }
    if (ack.error)
      return w.reject(new Error(`JetStream refused the publish: ${ack.error.description ?? ack.error.code}`));
    if (!ack.stream || typeof ack.seq !== 'number') return w.reject(new Error('invalid JetStream publish ack'));
    w.resolve({ seq: ack.seq, duplicate: ack.duplicate === true });
  }

  private expire(): void {
    const now = Date.now();
    for (const [token, w] of this.waiting) {
      if (w.until > now) continue;
      this.waiting.delete(token);
      w.reject(new Error('JetStream did not acknowledge the publish in time'));
    }
    if (!this.waiting.size) {
      clearInterval(this.sweep);
      this.sweep = undefined;
    }
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}

/** A role's credentials on an authenticated server (deploy/nats/intentmesh.conf): an nkey seed, or a user and password. */
export type NatsCredentials = { user?: string; pass?: string; nkeySeed?: string };

/**
 * `servers`: one URL or a comma-separated list (a cluster: the client fails over and learns the other nodes).
 * `ensureStream: false` (a solver, an observer): the intent stream is created only if this process ever uses it.
 * `inboxPrefix`: where this client's request replies arrive; the server config lets each role read only its own.
 */
export type ConnectNatsOptions = NatsStreamOptions &
  NatsCredentials & { servers: string; name: string; prefix?: string; ensureStream?: boolean; inboxPrefix?: string };

export function natsConnectionOptions(options: ConnectNatsOptions): ConnectionOptions {
  const servers = options.servers
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const seed = options.nkeySeed?.trim();
  return {
    servers,
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    // a dead server is noticed within seconds even when no socket error arrives
    pingInterval: 5000,
    maxPingOut: 2,
    // every request (each JetStream publish of an intent) would otherwise build an Error up front to keep the caller's
    // stack for a timeout: 6.5% of the API's CPU in bench:pipeline; a timeout still says what timed out
    noAsyncTraces: true,
    ...(options.inboxPrefix ? { inboxPrefix: options.inboxPrefix } : {}),
    ...(seed ? { authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)) } : {}),
    ...(options.user ? { user: options.user, pass: options.pass } : {}),
  };
}

export async function createNatsMessaging(options: ConnectNatsOptions): Promise<Messaging> {
  skipCancelAfterAnswer();
  const nc = await connect(natsConnectionOptions(options));
  const subjects = createSubjects(options.prefix);
  const stream = new JetStreamIntentStream(
    nc,
    subjects,
    {
      ackWaitMs: options.ackWaitMs ?? 10_000,
      duplicateWindowMs: options.duplicateWindowMs ?? 120_000,
      durable: options.durable ?? 'auctioneer',
      maxAckPending: options.maxAckPending ?? 20_000,
      replicas: options.replicas ?? 1,
    },
    options.inboxPrefix,
  );
  if (options.ensureStream !== false) await stream.ensure();
  const bus = new NatsBus(nc);
  return { kind: 'nats', bus, stream, subjects, close: () => bus.close() };
}
