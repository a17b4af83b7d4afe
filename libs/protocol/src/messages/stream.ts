import { IntentMeshError } from '../errors';
import { signedAwardCheck, type SignedAwardJSON } from '../award/award';
import { address, array, bytes32, checkOrThrow, safeInt, string, strictObject, type Check } from '../check';

/**
 * GET /v1/stream (Server-Sent Events): what watchers of the marketplace see. Nothing here carries a bid:
 * `auction.opened` names the intents on offer, and the rest is sent only once the record is stored.
 */
export type AuctionOpenedEventJSON = {
  auctionId: string;
  auctioneer: string;
  openedAt: number;
  bidWindowMs: number;
  closesAt: number;
  intents: string[];
};
export type AuctionClosedEventJSON = {
  auctionId: string;
  closedAt: number;
  recordHash: string;
  awards: number;
  unfilled: string[];
};
/** The events may have been missed since `lastEventId` (the server no longer holds them): catch up with GET /v1/auctions. */
export type StreamGapEventJSON = { lastEventId: string; message: string };

export type AuctionStreamEvent =
  | { type: 'auction.opened'; id?: string; data: AuctionOpenedEventJSON }
  | { type: 'auction.closed'; id?: string; data: AuctionClosedEventJSON }
  | { type: 'award'; id?: string; data: SignedAwardJSON }
  | { type: 'gap'; id?: string; data: StreamGapEventJSON };
export type AuctionStreamEventType = AuctionStreamEvent['type'];

// Plain checks, not zod: the SDK parses these in the browser, and zod alone would triple its bundle. stream.test.ts
// holds them to the zod schemas (signedAwardSchema and the rest) issue for issue.
export const streamEventChecks: Record<AuctionStreamEventType, Check> = {
  'auction.opened': strictObject({
    auctionId: bytes32,
    auctioneer: address,
    openedAt: safeInt,
    bidWindowMs: safeInt,
    closesAt: safeInt,
    intents: array(bytes32),
  }),
  'auction.closed': strictObject({
    auctionId: bytes32,
    closedAt: safeInt,
    recordHash: bytes32,
    awards: safeInt,
    unfilled: array(bytes32),
  }),
  award: signedAwardCheck,
  gap: strictObject({ lastEventId: string(), message: string() }),
};

/** Whether the SDK knows this event type (a newer server may send others). */
export function isStreamEventType(type: string): type is AuctionStreamEventType {
  return Object.hasOwn(streamEventChecks, type);
}

/** Checks one event from the stream; an unknown type is refused so callers can skip it knowingly. */
export function parseStreamEvent(type: string, data: unknown, id?: string): AuctionStreamEvent {
  if (!isStreamEventType(type))
    throw new IntentMeshError(`Unknown stream event type ${JSON.stringify(type)}.`, {
      code: 'SCHEMA_INVALID',
      details: { field: 'event' },
    });
  checkOrThrow(streamEventChecks[type], data, type);
  // the wire types keep amounts as decimal strings: the event is the data as received, not the check's parsed form
  return { type, id, data } as AuctionStreamEvent;
}
