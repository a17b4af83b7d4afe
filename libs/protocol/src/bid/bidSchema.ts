import { z } from 'zod';
import { addressSchema, amountSchema, bytes32Schema, safeIntSchema, signatureSchema } from '../schema';
import { MAX_FILLS_PER_BID } from './bid';

// zod schemas of a bid; bid.ts parses with plain checks held equal to these (checks.test.ts)
export const bidSchema = z.strictObject({
  auctionId: bytes32Schema,
  solver: addressSchema,
  fills: z
    .array(z.strictObject({ intentHash: bytes32Schema, buyAmount: amountSchema({ positive: true }) }))
    .min(1)
    .max(MAX_FILLS_PER_BID),
  routeHash: bytes32Schema,
  validUntil: safeIntSchema,
});
export const signedBidSchema = z.strictObject({ bid: bidSchema, signature: signatureSchema });
export const bundledBidSchema = z.strictObject({ bid: bidSchema });
