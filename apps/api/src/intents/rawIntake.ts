import type { IncomingMessage, ServerResponse } from 'node:http';
import { IntentMeshError, type ErrorBody } from '@intentmesh/protocol';

/** The JSON body limits of the intake routes (the Express parsers take the same numbers). */
export const BODY_LIMIT = 64 * 1024;
export const BATCH_BODY_LIMIT = 1024 * 1024;

/** The answer to a body that is not JSON, on both paths. */
export const malformedJson = (): IntentMeshError =>
  new IntentMeshError('The request body is not valid JSON.', { code: 'MALFORMED_JSON' });

export type RawIntakeOptions = {
  /** POST /v1/intents (201 with its result). */
  submit(body: unknown): Promise<unknown>;
  /** POST /v1/intents/batch (200 with its result). */
  submitBatch(body: unknown): Promise<unknown>;
  /** The error filter's status, body and Retry-After for a failure. */
  errorReply(err: unknown): { status: number; body: ErrorBody; retryAfter?: string };
  /** Express's `etag fn` setting (its responses carry a weak ETag), undefined when off. */
  etag?: (body: Buffer, encoding?: BufferEncoding) => string | undefined;
  /** Express's `x-powered-by` setting. */
  poweredBy: boolean;
};

/** Takes a request (true) or leaves it to the app (false); `served` counts the requests it took. */
export type RawIntake = ((req: IncomingMessage, res: ServerResponse) => boolean) & { stats: { served: number } };

type Route = { status: number; limit: number; run(body: unknown): Promise<unknown> };

// what refuseUnreadableBodies and the JSON parser take without a question: other types, charsets and encodings go
// the framework's way, to its refusals
const PLAIN_JSON = /^application\/json(?:\s*;\s*charset=utf-8)?$/i;
const DIGITS = /^\d+$/;

/**
 * POST /v1/intents and /v1/intents/batch served on the raw server, without Express's and Nest's per-request layers
 * (router, middleware chain, body-parser streams, guards, route context: about a fifth of a single POST's CPU). Only a
 * request the framework would read as plain UTF-8 JSON of a declared length within the limit is taken, with no query
 * string; the answer is what the framework path sends, byte for byte (headers in its order, the same ETag), with the
 * same use cases and error filter. Anything else returns false and goes to the app unchanged.
 */
export function rawIntake(opts: RawIntakeOptions): RawIntake {
  const routes = new Map<string, Route>([
    ['/v1/intents', { status: 201, limit: BODY_LIMIT, run: (b) => opts.submit(b) }],
    ['/v1/intents/batch', { status: 200, limit: BATCH_BODY_LIMIT, run: (b) => opts.submitBatch(b) }],
  ]);
  const reply = (res: ServerResponse, status: number, value: unknown, retryAfter?: string): void => {
    if (res.headersSent || res.destroyed) return; // the raw server already answered (408 for a slow body)
    const body = Buffer.from(JSON.stringify(value));
    res.statusCode = status;
    // the headers Express's res.json sets, in its order
    if (opts.poweredBy) res.setHeader('X-Powered-By', 'Express');
    if (retryAfter !== undefined) res.setHeader('Retry-After', retryAfter);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', String(body.length));
    const tag = opts.etag?.(body);
    if (tag) res.setHeader('ETag', tag);
    res.end(body);
  };
  const fail = (res: ServerResponse, err: unknown): void => {
    const { status, body, retryAfter } = opts.errorReply(err);
    reply(res, status, body, retryAfter);
  };

  const stats = { served: 0 };
  const take = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'POST') return false;
    const route = routes.get(req.url ?? '');
    if (!route) return false;
    const h = req.headers;
    const type = h['content-type'];
    const length = h['content-length'];
    if (
      type === undefined ||
      !PLAIN_JSON.test(type) ||
      h['transfer-encoding'] !== undefined ||
      h['content-encoding'] !== undefined ||
      length === undefined ||
      !DIGITS.test(length) ||
      Number(length) > route.limit
    )
      return false;
    stats.served++;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (res.headersSent) return;
      const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      let text = raw.toString('utf8');
      // the parser's decoder drops a byte order mark; an empty body reads as {}
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      let body: unknown;
      try {
        body = text.length === 0 ? {} : JSON.parse(text);
      } catch {
        return reply(res, 400, malformedJson().toJSON());
      }
      route.run(body).then(
        (result) => reply(res, route.status, result),
        (err: unknown) => fail(res, err),
      );
    });
    return true;
  };
  return Object.assign(take, { stats });
}
