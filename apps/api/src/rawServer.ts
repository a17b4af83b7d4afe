import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AuctionRecordJSON, IntentMeshError } from '@intentmesh/protocol';
import type { CachedRecord, RecordCache } from './cache/recordCache';
import type { TokenBuckets } from './limits/tokenBuckets';

const AUCTION_PATH = /^\/v1\/auctions\/(0x[0-9a-fA-F]{64})\/?$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** `bodyTimeoutMs`: a request whose body has not fully arrived by then is answered 408 REQUEST_TIMEOUT and cut (a trickled body holds a socket and a parser). */
export type RawServerOptions = {
  ipLimit: TokenBuckets;
  records: RecordCache;
  readRecord: (id: string) => Promise<AuctionRecordJSON | undefined>;
  bodyTimeoutMs: number;
  /** Takes a request it serves itself (the intake POSTs, rawIntake.ts) and returns true; false: the app's. */
  intake?: (req: IncomingMessage, res: ServerResponse) => boolean;
};

/**
 * What runs on the raw HTTP server before Express and Nest: the per-IP limit for every request (before body parsing
 * or routing, so a flood costs as little as possible), then GET /v1/auctions/:id. A stored record never changes, so
 * it is read from the store once, kept serialized in `records`, and served with no routing and no per-request ETag
 * hashing. A record the store does not have (404), a store error and every other request go to the app unchanged.
 */
export function frontRawServer(
  server: Server,
  { ipLimit, records, readRecord, bodyTimeoutMs, intake }: RawServerOptions,
): void {
  const fallbacks = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  if (fallbacks.length !== 1)
    throw new Error(`expected one request handler on the API server, found ${fallbacks.length}`);
  const fallback = fallbacks[0];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    try {
      ipLimit.take(req.socket.remoteAddress ?? 'unknown');
    } catch (err) {
      const e = err as IntentMeshError;
      const body = JSON.stringify(e.toJSON());
      res.writeHead(429, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'retry-after': String(e.details.retryAfterSec),
      });
      return void res.end(body);
    }
    if (!req.complete) cutSlowBody(req, res, bodyTimeoutMs);
    if (intake?.(req, res)) return;
    const m = req.method === 'GET' || req.method === 'HEAD' ? AUCTION_PATH.exec(req.url ?? '') : null;
    if (!m) return fallback(req, res);
    const id = m[1].toLowerCase();
    const hit = records.entry(id);
    if (hit) return send(req, res, hit);
    readRecord(id).then(
      (record) => {
        // not stored (the controller answers 404 with its code) or unreadable: the app's own path decides
        if (!record) return fallback(req, res);
        const entry = { body: Buffer.from(JSON.stringify(record)), etag: `"${record.recordHash}"` };
        records.set(id, entry.body, entry.etag);
        send(req, res, entry);
      },
      () => fallback(req, res),
    );
  });
}

function send(req: IncomingMessage, res: ServerResponse, { body, etag }: CachedRecord): void {
  // the record hash names the content exactly: a client holding it re-validates for free
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag, 'cache-control': IMMUTABLE });
    return void res.end();
  }
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': body.length,
    etag,
    'cache-control': IMMUTABLE,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function cutSlowBody(req: IncomingMessage, res: ServerResponse, ms: number): void {
  const timer = setTimeout(() => {
    if (req.complete) return;
    if (!res.headersSent) {
      const body = JSON.stringify({
        error: { code: 'REQUEST_TIMEOUT', message: `The request body did not arrive within ${ms} ms.`, details: {} },
      });
      res.writeHead(408, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        connection: 'close',
      });
      res.end(body);
    }
    req.socket.destroySoon();
  }, ms);
  timer.unref();
  const clear = () => clearTimeout(timer);
  req.once('end', clear);
  req.once('close', clear);
}
