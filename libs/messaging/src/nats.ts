import {
  connect,
  headers as natsHeaders,
  nanos,
  nkeyAuthenticator,
  type ConnectionOptions,
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
  constructor(
    private readonly nc: NatsConnection,
    private readonly subjects: Subjects,
    private readonly options: Required<NatsStreamOptions>,
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
      let h;
      if (headers) {
        h = natsHeaders();
        for (const [k, v] of Object.entries(headers)) h.set(k, v);
      }
      const ack = await this.js.publish(subject, data, { msgID: msgId, timeout: 5000, headers: h });
      return { seq: ack.seq, duplicate: ack.duplicate };
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
  const stream = new JetStreamIntentStream(nc, subjects, {
    ackWaitMs: options.ackWaitMs ?? 10_000,
    duplicateWindowMs: options.duplicateWindowMs ?? 120_000,
    durable: options.durable ?? 'auctioneer',
    maxAckPending: options.maxAckPending ?? 20_000,
    replicas: options.replicas ?? 1,
  });
  if (options.ensureStream !== false) await stream.ensure();
  const bus = new NatsBus(nc);
  return { kind: 'nats', bus, stream, subjects, close: () => bus.close() };
}
