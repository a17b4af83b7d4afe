import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IntentMeshError, type ErrorBody, type ErrorCode } from '@intentmesh/protocol';
import type { Logger } from '@intentmesh/runtime';
import { isStoreUnavailable } from '@intentmesh/storage';

/** One place maps every stable error code to its HTTP status. */
export const statusOf: Record<ErrorCode, number> = {
  MALFORMED_JSON: 400,
  SCHEMA_INVALID: 400,
  INVALID_ADDRESS: 400,
  INVALID_AMOUNT: 400,
  INVALID_HEX: 400,
  DEADLINE_PASSED: 400,
  DEADLINE_TOO_FAR: 400,
  SAME_TOKEN: 400,
  UNKNOWN_CHAIN: 400,
  UNKNOWN_TOKEN: 400,
  INVALID_SIGNATURE: 400,
  DUPLICATE_INTENT: 409,
  NONCE_USED: 409,
  // well-formed and signed, but the swapper's on-chain state cannot pay for it: fix the state, not the request
  INSUFFICIENT_BALANCE: 422,
  INSUFFICIENT_ALLOWANCE: 422,
  CHAIN_UNAVAILABLE: 503,
  BODY_TOO_LARGE: 413,
  NOT_FOUND: 404,
  INTENT_NOT_FOUND: 404,
  AUCTION_NOT_FOUND: 404,
  UNKNOWN_FILTER: 400,
  INVALID_CURSOR: 400,
  INVALID_RANGE: 400,
  RATE_LIMITED: 429,
  TOO_MANY_OPEN_INTENTS: 429,
  OVERLOADED: 429,
  BUS_UNAVAILABLE: 503,
  STORE_UNAVAILABLE: 503,
  TIMEOUT: 504,
  CHAIN_TX_FAILED: 502,
  INTERNAL: 500,
  NO_QUOTE: 404,
  INTENT_NOT_CANCELLABLE: 409,
  // raised by the solver kit and the CLI, not by a route; mapped so every code has a status
  REGISTRATION_REFUSED: 403,
  KEY_UNAVAILABLE: 400,
  INVALID_ARGUMENT: 400,
  UNREACHABLE: 502,
  AUCTIONEER_UNAVAILABLE: 503,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNSUPPORTED_CHARSET: 415,
  UNSUPPORTED_ENCODING: 415,
  REQUEST_TIMEOUT: 408,
  TOO_MANY_STREAMS: 429,
  STREAMS_FULL: 503,
};

/** The status, body and Retry-After of a failed request (shared by the filter and the raw intake routes). */
export function errorReply(exception: unknown, log: Logger): { status: number; body: ErrorBody; retryAfter?: string } {
  const err = toIntentMeshError(exception);
  const status = statusOf[err.code] ?? 500;
  if (status >= 500) {
    const errorId = randomUUID();
    log.error({ errorId, err: String((exception as Error)?.stack ?? exception) }, 'request failed');
    err.details.errorId = errorId;
  }
  const retryAfter = err.details.retryAfterSec;
  return {
    status,
    body: err.toJSON(),
    retryAfter: (status === 429 || status === 503) && typeof retryAfter === 'number' ? String(retryAfter) : undefined,
  };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly log: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse();
    const { status, body, retryAfter } = errorReply(exception, this.log);
    if (retryAfter !== undefined) res.setHeader('Retry-After', retryAfter);
    res.status(status).json(body);
  }
}

function toIntentMeshError(e: unknown): IntentMeshError {
  if (e instanceof IntentMeshError) return e;
  if (isStoreUnavailable(e))
    return new IntentMeshError('The store of record is unreachable right now; retry shortly.', {
      code: 'STORE_UNAVAILABLE',
      details: { retryAfterSec: 2 },
    });
  if (e instanceof HttpException && e.getStatus() === 404)
    return new IntentMeshError('No such route.', { code: 'NOT_FOUND' });
  if (e instanceof HttpException && e.getStatus() < 500)
    return new IntentMeshError(e.message, { code: 'SCHEMA_INVALID' });
  return new IntentMeshError('Internal error; quote the errorId when reporting it.', { code: 'INTERNAL' });
}
