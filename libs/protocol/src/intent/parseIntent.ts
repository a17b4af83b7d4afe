import { address, amount, checkOrThrow, safeInt, signature, strictObject, uint256 } from '../check';
import type { Intent, SignedIntent } from './types';

// plain checks, no zod (an audit bundle reads intents); schema.ts holds the zod schemas, checks.test.ts keeps them equal
export const intentCheck = strictObject({
  swapper: address,
  sellToken: address,
  sellAmount: amount({ positive: true }),
  buyToken: address,
  minBuyAmount: amount({ positive: true }),
  recipient: address,
  sourceChainId: safeInt,
  destinationChainId: safeInt,
  nonce: uint256,
  deadline: safeInt,
});
export const signedIntentCheck = strictObject({ intent: intentCheck, signature });

/** Wire JSON to Intent; throws IntentMeshError naming the field. */
export function parseIntent(json: unknown): Intent {
  return checkOrThrow(intentCheck, json, 'intent');
}

export function parseSignedIntent(json: unknown): SignedIntent {
  return checkOrThrow(signedIntentCheck, json, 'body');
}
