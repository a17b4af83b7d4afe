import { z } from 'zod';
import { addressSchema, bytes32Schema, safeIntSchema, signatureSchema } from '../schema';
import { MAX_BIDS_PER_BUNDLE } from './bundle';

// zod schema of a bid bundle message; bundle.ts parses with plain checks held equal to it (checks.test.ts)
export const bidBundleSchema = z.strictObject({
  auctionId: bytes32Schema,
  solver: addressSchema,
  root: bytes32Schema,
  count: safeIntSchema,
});
export const bidBundleMessageSchema = z.strictObject({
  bundle: bidBundleSchema,
  signature: signatureSchema,
  bids: z.array(z.unknown()).min(1).max(MAX_BIDS_PER_BUNDLE),
});
