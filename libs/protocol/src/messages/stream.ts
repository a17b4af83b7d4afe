import { z } from 'zod';
import { IntentMeshError } from '../errors';
import { signedAwardSchema, type SignedAwardJSON } from '../award/award';
import { addressSchema, bytes32Schema, parseOrThrow, safeIntSchema } from '../schema';

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

export const streamEventSchemas = {
  'auction.opened': z.strictObject({
    auctionId: bytes32Schema,
    auctioneer: addressSchema,
    openedAt: safeIntSchema,
    bidWindowMs: safeIntSchema,
    closesAt: safeIntSchema,
    intents: z.array(bytes32Schema),
  }),
  'auction.closed': z.strictObject({
    auctionId: bytes32Schema,
    closedAt: safeIntSchema,
    recordHash: bytes32Schema,
    awards: safeIntSchema,
    unfilled: z.array(bytes32Schema),
  }),
  award: signedAwardSchema,
  gap: z.strictObject({ lastEventId: z.string(), message: z.string() }),
} as const;

/** Checks one event from the stream; an unknown type is refused so callers can skip it knowingly. */
export function parseStreamEvent(type: string, data: unknown, id?: string): AuctionStreamEvent {
  const schema = (streamEventSchemas as Record<string, z.ZodType>)[type];
  if (!schema)
    throw new IntentMeshError(`Unknown stream event type ${JSON.stringify(type)}.`, {
      code: 'SCHEMA_INVALID',
      details: { field: 'event' },
    });
  parseOrThrow(schema, data, type);
  // amounts stay decimal strings on the wire types: the parsed (bigint) form is only the check
  return { type, id, data } as AuctionStreamEvent;
}
