import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { decodeJson, type BusSubscription } from '@intentmesh/messaging';
import {
  IntentMeshError,
  auctionResultSchema,
  parseAuctionOpen,
  parseOrThrow,
  type AuctionClosedEventJSON,
  type AuctionOpenedEventJSON,
  type AuctionStreamEventType,
} from '@intentmesh/protocol';
import { API_DEPS, type ApiDeps } from '../deps';
import { AuctioneerPin } from '../trust/auctioneerPin';

/** The part of an HTTP response the hub writes to (express's Response, or a test double of it). */
export type StreamSink = { write(chunk: string): boolean; end(): void; readonly writableLength: number };
type Buffered = { n: number; type: AuctionStreamEventType; data: string };

/** Events kept for clients that reconnect with Last-Event-ID. */
const REPLAY_EVENTS = 1000;
/** A client this far behind (bytes queued in its socket) is dropped rather than buffered without bound. */
const MAX_BACKLOG_BYTES = 1 << 20;
/** The bus subscriptions outlive the last client this long, so a quick reconnect still resumes without a gap. */
const LINGER_MS = 30_000;

/**
 * Relays auction.<id>.open and auction.<id>.result from the bus to Server-Sent Events clients. Subscribes only
 * while someone watches; numbers events per process (`<boot>-<n>`) so a reconnect resumes exactly, or is told
 * plainly (a `gap` event) that it may have missed some.
 */
@Injectable()
export class StreamHub implements OnModuleDestroy {
  private readonly boot = randomBytes(4).toString('hex');
  private readonly clients = new Set<StreamSink>();
  private subs: BusSubscription[] = [];
  private buffer: Buffered[] = [];
  private next = 1;
  /** Every event numbered above this is still in `buffer`. */
  private coveredFrom = Number.POSITIVE_INFINITY;
  private heartbeat?: NodeJS.Timeout;
  private linger?: NodeJS.Timeout;

  constructor(
    @Inject(API_DEPS) private readonly deps: ApiDeps,
    private readonly pin: AuctioneerPin,
  ) {}

  get clientCount(): number {
    return this.clients.size;
  }

  private readonly perIp = new Map<string, number>();
  /**
   * Takes one stream slot for `ip` or refuses: 429 TOO_MANY_STREAMS past the per-address cap, 503 STREAMS_FULL past
   * the global one (each open stream holds a socket and its buffers). Returns the function that gives the slot back.
   */
  admit(ip: string): () => void {
    const { STREAM_MAX_CLIENTS, STREAM_MAX_PER_IP } = this.deps.env;
    const held = this.perIp.get(ip) ?? 0;
    if (held >= STREAM_MAX_PER_IP) {
      throw new IntentMeshError(`At most ${STREAM_MAX_PER_IP} live streams per address.`, {
        code: 'TOO_MANY_STREAMS',
        details: { retryAfterSec: 5 },
      });
    }
    const total = [...this.perIp.values()].reduce((a, b) => a + b, 0);
    if (total >= STREAM_MAX_CLIENTS)
      throw new IntentMeshError('This server holds as many live streams as it can.', {
        code: 'STREAMS_FULL',
        details: { retryAfterSec: 5 },
      });
    this.perIp.set(ip, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.perIp.get(ip) ?? 1) - 1;
      if (n > 0) this.perIp.set(ip, n);
      else this.perIp.delete(ip);
    };
  }

  /** Starts sending to `sink` (after what it missed since `lastEventId`); returns the function that detaches it. */
  attach(sink: StreamSink, lastEventId?: string): () => void {
    this.subscribe();
    sink.write(`retry: 2000\n: connected\n\n`);
    if (lastEventId) this.replay(sink, lastEventId);
    this.clients.add(sink);
    this.heartbeat ??= setInterval(
      () => this.clients.forEach((c) => this.send(c, ': ping\n\n')),
      this.deps.env.STREAM_HEARTBEAT_MS,
    );
    return () => this.detach(sink);
  }

  private detach(sink: StreamSink): void {
    if (!this.clients.delete(sink) || this.clients.size) return;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    clearTimeout(this.linger);
    this.linger = setTimeout(() => !this.clients.size && this.unsubscribe(), LINGER_MS);
    this.linger.unref();
  }

  private replay(sink: StreamSink, lastEventId: string): void {
    const [boot, nRaw] = lastEventId.split('-');
    const n = Number(nRaw);
    if (boot === this.boot && Number.isInteger(n) && n >= this.coveredFrom && n < this.next) {
      for (const e of this.buffer) if (e.n > n) sink.write(this.frame(e));
      return;
    }
    const message =
      'Events after this id are no longer held here (they aged out, or this server restarted): catch up with GET /v1/auctions?from=<last closedAt you saw>.';
    sink.write(`event: gap\ndata: ${JSON.stringify({ lastEventId, message })}\n\n`);
  }

  private subscribe(): void {
    clearTimeout(this.linger);
    if (this.subs.length) return;
    const { bus, subjects } = this.deps.messaging;
    // skip a number, so an id from before this subscription can never look covered
    this.coveredFrom = this.next++;
    this.subs = [
      bus.subscribe(subjects.auctionOpenAll, (m) => this.onOpen(m.data)),
      bus.subscribe(subjects.auctionResultAll, (m) => this.onResult(m.data)),
    ];
  }

  private unsubscribe(): void {
    this.subs.forEach((s) => s.unsubscribe());
    this.subs = [];
    this.buffer = [];
    this.coveredFrom = Number.POSITIVE_INFINITY;
  }

  private onOpen(data: Uint8Array): void {
    try {
      const json = decodeJson(data);
      const open = parseAuctionOpen(json);
      if (!this.pin.verifyOpen(open)) return;
      // the intents are public once offered; no bid exists yet, and none is ever read from this feed
      const event: AuctionOpenedEventJSON = {
        auctionId: open.auctionId,
        auctioneer: open.auctioneer,
        openedAt: open.openedAt,
        bidWindowMs: open.bidWindowMs,
        closesAt: open.openedAt + open.bidWindowMs,
        intents: open.intents.map((i) => i.hash),
      };
      this.publish('auction.opened', event);
    } catch (err) {
      this.deps.log.warn({ err: String(err) }, 'stream: dropping an unreadable auction.open message');
    }
  }

  private onResult(data: Uint8Array): void {
    try {
      const json = decodeJson(data) as { awards: unknown };
      const result = parseOrThrow(auctionResultSchema, json, 'auction result');
      // awards and results reach clients only when the pinned auctioneer signed them (a forgery is counted and dropped)
      if (!this.pin.verify('auction.result', json as Record<string, unknown>)) return;
      // the auctioneer publishes the result only after the record is stored: from here the bids are public
      const closed: AuctionClosedEventJSON = {
        auctionId: result.auctionId,
        closedAt: result.closedAt,
        recordHash: result.recordHash,
        awards: result.awards.length,
        unfilled: result.unfilled,
      };
      this.publish('auction.closed', closed);
      for (const a of json.awards as unknown[]) this.publish('award', a);
    } catch (err) {
      this.deps.log.warn({ err: String(err) }, 'stream: dropping an unreadable auction.result message');
    }
  }

  private publish(type: AuctionStreamEventType, data: unknown): void {
    const e: Buffered = { n: this.next++, type, data: JSON.stringify(data) };
    this.buffer.push(e);
    if (this.buffer.length > REPLAY_EVENTS) this.coveredFrom = this.buffer.shift()!.n;
    const frame = this.frame(e);
    this.clients.forEach((c) => this.send(c, frame));
  }

  private frame(e: Buffered): string {
    return `id: ${this.boot}-${e.n}\nevent: ${e.type}\ndata: ${e.data}\n\n`;
  }

  private send(sink: StreamSink, text: string): void {
    if (sink.writableLength > MAX_BACKLOG_BYTES) {
      this.detach(sink);
      sink.end();
      return;
    }
    sink.write(text);
  }

  /** Ends every stream, so the HTTP server can close (an open event stream would hold it forever). */
  onModuleDestroy(): void {
    for (const c of [...this.clients]) {
      this.clients.delete(c);
      c.end();
    }
    clearInterval(this.heartbeat);
    clearTimeout(this.linger);
    this.unsubscribe();
  }
}
