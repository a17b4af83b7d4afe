import { z } from 'zod';
import { addressSchema, amountSchema, parseOrThrow, safeIntSchema, signatureSchema, uint256Schema } from '../schema';
import type { Intent, SignedIntent } from './types';

export const intentSchema = z.strictObject({
  swapper: addressSchema,
  sellToken: addressSchema,
  sellAmount: amountSchema({ positive: true }),
  buyToken: addressSchema,
  minBuyAmount: amountSchema({ positive: true }),
  recipient: addressSchema,
  sourceChainId: safeIntSchema,
  destinationChainId: safeIntSchema,
  nonce: uint256Schema,
  deadline: safeIntSchema,
});

export const signedIntentSchema = z.strictObject({ intent: intentSchema, signature: signatureSchema });

/** Wire JSON to Intent; throws IntentMeshError naming the field. */
export function parseIntent(json: unknown): Intent {
  return parseOrThrow(intentSchema, json, 'intent') as Intent;
}

export function parseSignedIntent(json: unknown): SignedIntent {
  return parseOrThrow(signedIntentSchema, json, 'body') as SignedIntent;
}
