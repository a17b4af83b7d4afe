import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { IntentMeshError } from '@intentmesh/protocol';
import type { TokenBuckets } from '../limits/tokenBuckets';
import type { RecordCache } from './recordCache';

const AUCTION_PATH = /^\/v1\/auctions\/(0x[0-9a-fA-F]{64})\/?$/;

/**
 * Answers GET /v1/auctions/:id from the record cache on the raw HTTP server, ahead of Express and Nest: a stored
 * record never changes, so a hit needs no routing, no store and no per-request ETag hashing (about half the cost
 * of a bare Nest route here). Misses and every other request go to `fallback` unchanged; the per-IP limit still applies.
 */
export function serveCachedRecords(server: Server, records: RecordCache, ipLimit: TokenBuckets): void {
  const fallbacks = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  if (fallbacks.length !== 1) throw new Error(`expected one request handler on the API server, found ${fallbacks.length}`);
  const fallback = fallbacks[0];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const m = req.method === 'GET' || req.method === 'HEAD' ? AUCTION_PATH.exec(req.url ?? '') : null;
    // a miss is counted once, by the Express path that then reads the store
    const hit = m ? records.entry(m[1].toLowerCase(), false) : undefined;
    if (!hit) return fallback(req, res);
    try {
      ipLimit.take(req.socket.remoteAddress ?? 'unknown');
    } catch (err) {
      const e = err as IntentMeshError;
      const body = JSON.stringify(e.toJSON());
      res.writeHead(429, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'retry-after': String(e.details.retryAfterSec) });
      return void res.end(body);
    }
    // the record hash names the content exactly: a client holding it re-validates for free
    if (req.headers['if-none-match'] === hit.etag) {
      res.writeHead(304, { etag: hit.etag, 'cache-control': 'public, max-age=31536000, immutable' });
      return void res.end();
    }
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': hit.body.length,
      etag: hit.etag,
      'cache-control': 'public, max-age=31536000, immutable',
    });
    res.end(req.method === 'HEAD' ? undefined : hit.body);
  });
}
