import { z } from 'zod';
import { addressSchema, amountSchema, bytes32Schema, safeIntSchema, signatureSchema } from '../schema';

// The zod schemas of an award (the OpenAPI document's source); parseSignedAward reads awards with the plain checks
// in award.ts, which checks.test.ts holds equal to these.
export const awardSchema = z.strictObject({
  auctionId: bytes32Schema,
  intentHash: bytes32Schema,
  solver: addressSchema.meta({ description: 'The winning solver key.' }),
  buyAmount: amountSchema({ positive: true }).meta({ description: 'Amount the solver must deliver to the recipient.' }),
  settleBy: safeIntSchema.meta({ description: 'Unix seconds by which the winner settles.' }),
});
export const signedAwardSchema = z.strictObject({
  award: awardSchema,
  signature: signatureSchema.meta({ description: "The auctioneer's EIP-712 signature (source-chain domain)." }),
});
