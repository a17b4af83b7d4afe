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
  UNKNOWN_TOKEN: 'UNKNOWN_TOKEN',
  INVALID_SIGNATURE: 'INVALID_SIGNATURE',
  DUPLICATE_INTENT: 'DUPLICATE_INTENT',
  /** The nonce is taken: by another intent here, or already set in the settlement contract's nonce bitmap. */
  NONCE_USED: 'NONCE_USED',
  /** The swapper holds less of the sell token than the intent sells (source chain, read through its RPC). */
  INSUFFICIENT_BALANCE: 'INSUFFICIENT_BALANCE',
  /** The swapper's allowance to the settlement contract for the sell token is below the amount sold. */
  INSUFFICIENT_ALLOWANCE: 'INSUFFICIENT_ALLOWANCE',
  /** A chain's RPC did not answer a read the request needs (e.g. an EIP-1271 signature check): retry. */
  CHAIN_UNAVAILABLE: 'CHAIN_UNAVAILABLE',
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  NOT_FOUND: 'NOT_FOUND',
  INTENT_NOT_FOUND: 'INTENT_NOT_FOUND',
  AUCTION_NOT_FOUND: 'AUCTION_NOT_FOUND',
  /** A query parameter the route does not know: refused rather than ignored, so a typo never widens a result. */
  UNKNOWN_FILTER: 'UNKNOWN_FILTER',
  INVALID_CURSOR: 'INVALID_CURSOR',
  /** A range whose start is after its end (time or sequence). */
  INVALID_RANGE: 'INVALID_RANGE',
  RATE_LIMITED: 'RATE_LIMITED',
  TOO_MANY_OPEN_INTENTS: 'TOO_MANY_OPEN_INTENTS',
  /** The API's bounded intake queue is full: back off and retry (429 with Retry-After). */
  OVERLOADED: 'OVERLOADED',
  BUS_UNAVAILABLE: 'BUS_UNAVAILABLE',
  STORE_UNAVAILABLE: 'STORE_UNAVAILABLE',
  TIMEOUT: 'TIMEOUT',
  CHAIN_TX_FAILED: 'CHAIN_TX_FAILED',
  INTERNAL: 'INTERNAL',
  /** No healthy solver answered an indicative quote in time (or none could route the pair). */
  NO_QUOTE: 'NO_QUOTE',
  /** The intent is in a live auction, awarded, settled or expired: only pending or unfilled intents can be cancelled. */
  INTENT_NOT_CANCELLABLE: 'INTENT_NOT_CANCELLABLE',
  /** The auctioneer refused a solver's operator voucher (details.reason says why). */
  REGISTRATION_REFUSED: 'REGISTRATION_REFUSED',
  /** No usable signing key: none configured, a wrong keystore password, or a malformed key. */
  KEY_UNAVAILABLE: 'KEY_UNAVAILABLE',
  /** A command-line argument that cannot be used as given. */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** Client side: the API (or another endpoint) could not be reached at all: no answer, refused, reset or DNS. */
  UNREACHABLE: 'UNREACHABLE',
  /** No auctioneer answered on the bus in time (or none the API trusts): retry shortly. */
  AUCTIONEER_UNAVAILABLE: 'AUCTIONEER_UNAVAILABLE',
  /** A request body in a content type, charset or content encoding the API does not read (415). */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  UNSUPPORTED_CHARSET: 'UNSUPPORTED_CHARSET',
  UNSUPPORTED_ENCODING: 'UNSUPPORTED_ENCODING',
  /** The request's headers or body did not arrive in time (408). */
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  /** Too many live streams (GET /v1/stream) from this address (429) or in all (503). */
  TOO_MANY_STREAMS: 'TOO_MANY_STREAMS',
  STREAMS_FULL: 'STREAMS_FULL',
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
  /** The bid's operator let an earlier award of one of its intents lapse: it may not win that intent again. */
  EXCLUDED: 'EXCLUDED',
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
