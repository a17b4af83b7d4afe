import { z } from 'zod';
import { addressSchema, bytes32Schema, safeIntSchema, signatureSchema } from '../schema';
import { MAX_DECLARED_CHAINS, REGION_PATTERN } from './attestation';

/** A region name as attestations, vouchers and AUCTION_REGION carry it. */
export const regionSchema = z.string().regex(REGION_PATTERN[0], REGION_PATTERN[1]);

// zod schemas of a health attestation and challenge; attestation.ts parses with plain checks held equal to these
export const healthAttestationSchema = z.strictObject({
  auctioneer: addressSchema,
  solver: addressSchema,
  nonce: bytes32Schema,
  issuedAt: safeIntSchema,
  inflight: safeIntSchema,
  chains: z.array(safeIntSchema).max(MAX_DECLARED_CHAINS),
  region: regionSchema.optional(),
});
export const signedHealthAttestationSchema = z.strictObject({
  attestation: healthAttestationSchema,
  signature: signatureSchema,
});
export const healthChallengeSchema = z.strictObject({ auctioneer: addressSchema, nonce: bytes32Schema });
