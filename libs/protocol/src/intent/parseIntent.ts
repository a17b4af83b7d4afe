import { IntentMeshError } from '../errors';
import {
  address,
  amount,
  array,
  bytes32,
  checkOrThrow,
  optional,
  safeInt,
  signature,
  strictObject,
  uint256,
} from '../check';
import type { Hex } from '../primitives';
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

/** Most intents one intake group message carries (the API's INTAKE_MAX_GROUP is capped to it). */
export const INTAKE_GROUP_MAX = 1000;

/**
 * One stream message carrying several intents (the API's intake group on one source chain). `hash`, when present, is
 * the API's word that the signature recovers to the swapper under that intent hash: believed only under a valid
 * group seal (libs/messaging intakeGroup), otherwise every intent is hashed and recovered by its reader.
 */
export const intakeGroupCheck = strictObject({
  intakeGroup: safeInt,
  intents: array(strictObject({ hash: optional(bytes32), intent: intentCheck, signature }), {
    min: 1,
    max: INTAKE_GROUP_MAX,
  }),
});

export type IntakeGroupItem = SignedIntent & { hash?: Hex };

/** Wire JSON of an intake group message (version 1) to its intents; throws IntentMeshError naming the field. */
export function parseIntakeGroup(json: unknown): IntakeGroupItem[] {
  const g = checkOrThrow(intakeGroupCheck, json, 'group');
  if (g.intakeGroup !== 1)
    throw new IntentMeshError(`Unknown intake group version ${g.intakeGroup}.`, {
      code: 'SCHEMA_INVALID',
      details: { field: 'group.intakeGroup' },
    });
  return g.intents as IntakeGroupItem[];
}
