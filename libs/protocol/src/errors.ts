/**
 * Stable error codes shared by the API, the NATS edges, the SDK and the CLI.
 * A code never changes meaning once published; add new ones instead.
 */
export const ErrorCodes = {
  MALFORMED_JSON: 'MALFORMED_JSON',
  SCHEMA_INVALID: 'SCHEMA_INVALID',
  INVALID_ADDRESS: 'INVALID_ADDRESS',
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  INVALID_HEX: 'INVALID_HEX',
  DEADLINE_PASSED: 'DEADLINE_PASSED',
  DEADLINE_TOO_FAR: 'DEADLINE_TOO_FAR',
  SAME_TOKEN: 'SAME_TOKEN',
  UNKNOWN_CHAIN: 'UNKNOWN_CHAIN',
  INVALID_SIGNATURE: 'INVALID_SIGNATURE',
  DUPLICATE_INTENT: 'DUPLICATE_INTENT',
  NONCE_USED: 'NONCE_USED',
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  NOT_FOUND: 'NOT_FOUND',
  INTENT_NOT_FOUND: 'INTENT_NOT_FOUND',
  AUCTION_NOT_FOUND: 'AUCTION_NOT_FOUND',
  RATE_LIMITED: 'RATE_LIMITED',
  TOO_MANY_OPEN_INTENTS: 'TOO_MANY_OPEN_INTENTS',
  /** The API's bounded intake queue is full: back off and retry (429 with Retry-After). */
  OVERLOADED: 'OVERLOADED',
  BUS_UNAVAILABLE: 'BUS_UNAVAILABLE',
  STORE_UNAVAILABLE: 'STORE_UNAVAILABLE',
  TIMEOUT: 'TIMEOUT',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Why a bid was refused; recorded in the auction record beside the bid. */
export const BidVerdicts = {
  ACCEPTED: 'ACCEPTED',
  MALFORMED: 'MALFORMED',
  WRONG_AUCTION: 'WRONG_AUCTION',
  UNREGISTERED_SOLVER: 'UNREGISTERED_SOLVER',
  BAD_SIGNATURE: 'BAD_SIGNATURE',
  LATE: 'LATE',
  EXPIRED: 'EXPIRED',
  UNKNOWN_INTENT: 'UNKNOWN_INTENT',
  DUPLICATE_INTENT_IN_BID: 'DUPLICATE_INTENT_IN_BID',
  /** The same bid (same hash) again in the same auction: answered, counted, not kept twice. */
  DUPLICATE_BID: 'DUPLICATE_BID',
  BELOW_MIN_BUY: 'BELOW_MIN_BUY',
  SUPERSEDED: 'SUPERSEDED',
  AUCTION_CLOSED: 'AUCTION_CLOSED',
  /** Registered, but not invited to this auction (or not for this intent's shard): seats are drawn per operator. */
  NOT_INVITED: 'NOT_INVITED',
} as const;
export type BidVerdict = (typeof BidVerdicts)[keyof typeof BidVerdicts];

export type IntentMeshErrorParameters = {
  code: ErrorCode;
  details?: Record<string, unknown>;
  cause?: unknown;
};

/** Base error: a stable `code`, a person-readable `shortMessage`, structured `details`. */
export class IntentMeshError extends Error {
  override name = 'IntentMeshError';
  readonly code: ErrorCode;
  readonly shortMessage: string;
  readonly details: Record<string, unknown>;

  constructor(shortMessage: string, { code, details = {}, cause }: IntentMeshErrorParameters) {
    super(shortMessage, cause === undefined ? undefined : { cause });
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = details;
  }

  toJSON(): ErrorBody {
    return { error: { code: this.code, message: this.shortMessage, details: this.details } };
  }
}

/** The body every HTTP refusal and every NATS error reply carries. */
export type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };

export function isErrorBody(value: unknown): value is ErrorBody {
  const e = (value as ErrorBody | null)?.error;
  return typeof e === 'object' && e !== null && typeof e.code === 'string' && typeof e.message === 'string';
}

/** Turns a wire error body back into the same error class the server threw. */
export function errorFromBody(body: ErrorBody): IntentMeshError {
  return new IntentMeshError(body.error.message, {
    code: body.error.code as ErrorCode,
    details: body.error.details ?? {},
  });
}
