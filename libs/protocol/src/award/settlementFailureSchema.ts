import { z } from 'zod';
import { addressSchema, bytes32Schema, safeIntSchema, signatureSchema } from '../schema';
import { MAX_SETTLEMENT_FAILURE_REASON } from './settlementFailure';

// zod schemas of a settlement failure report; settlementFailure.ts parses with plain checks held equal to these
export const settlementFailureSchema = z.strictObject({
  auctionId: bytes32Schema,
  intentHash: bytes32Schema,
  solver: addressSchema,
  reason: z.string().max(MAX_SETTLEMENT_FAILURE_REASON),
  reportedAt: safeIntSchema,
});
export const signedSettlementFailureSchema = z.strictObject({
  failure: settlementFailureSchema,
  signature: signatureSchema,
});
