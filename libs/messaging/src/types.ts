import type { Subjects } from '@intentmesh/protocol';

export type BusMessage = {
  subject: string;
  data: Uint8Array;
  /** Present on request/reply messages. */
  respond?: (data: Uint8Array) => void;
};
export type BusSubscription = { unsubscribe(): void };

/** Core NATS semantics (subjects with * and > wildcards, queue groups, request/reply), over NATS or in process. */
export interface Bus {
  publish(subject: string, data: Uint8Array): void;
  subscribe(subject: string, handler: (msg: BusMessage) => void, options?: { queue?: string }): BusSubscription;
  request(subject: string, data: Uint8Array, options: { timeoutMs: number }): Promise<Uint8Array>;
  flush(): Promise<void>;
  isConnected(): boolean;
  close(): Promise<void>;
  /** Calls `listener` after each reconnection (NATS only: the in-process bus never disconnects); returns how to stop. */
  onReconnect?(listener: () => void): () => void;
}

/** A durable message handed to the consumer; unacked messages come back after the ack wait. */
export type StreamMessage = {
  subject: string;
  data: Uint8Array;
  /** 1 on first delivery. */
  deliveryCount: number;
  /** The stream sequence: the same on every delivery of one message, so a redelivery can be told from a copy. */
  seq: number;
  /** A header the publisher set (e.g. INTAKE_SEAL_HEADER); undefined when absent. */
  header(name: string): string | undefined;
  ack(): void;
  /** Return it for redelivery, after `delayMs` if given. */
  nak(delayMs?: number): void;
  /** Reset the ack timer while the message is still being worked on. */
  working(): void;
  /** Never deliver it again. */
  term(): void;
};

export type PublishAck = { seq: number; duplicate: boolean };

/** Headers that travel with a stream message (e.g. INTAKE_SEAL_HEADER). */
export type StreamHeaders = Readonly<Record<string, string>>;

/** The durable intent stream (JetStream INTENTS, or its in-process stand-in). */
export interface IntentStream {
  /** Resolves only once the stream has stored the message; `msgId` deduplicates repeats; `headers` travel with it. */
  publish(subject: string, data: Uint8Array, msgId: string, headers?: StreamHeaders): Promise<PublishAck>;
  /** Starts the shared durable consumer; replicas calling this share the messages. */
  consume(handler: (msg: StreamMessage) => void): Promise<{ stop(): Promise<void> }>;
  /** Messages stored but not yet delivered (for health and soak checks). */
  pending(): Promise<number>;
}

export type Messaging = {
  kind: 'nats' | 'in-process';
  bus: Bus;
  stream: IntentStream;
  subjects: Subjects;
  close(): Promise<void>;
};
