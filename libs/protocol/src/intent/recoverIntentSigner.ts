import { IntentMeshError } from '../errors';
import { recoverDigestSigner } from '../crypto/recoverSigner';
import type { Address, Hex } from '../primitives';
import type { ChainDomain } from '../typedData';
import { hashIntent } from './hashIntent';
import type { Intent } from './types';

export function recoverIntentSigner(intent: Intent, signature: string, domain?: ChainDomain): Address {
  return recoverDigestSigner(hashIntent(intent, domain), signature);
}

/** Checks that the swapper signed the intent; returns the intent hash. EOA only (EIP-1271 needs a chain). */
export function verifyIntentSignature(intent: Intent, signature: string, domain?: ChainDomain): Hex {
  const hash = hashIntent(intent, domain);
  const signer = recoverDigestSigner(hash, signature);
  if (signer !== intent.swapper) {
    throw new IntentMeshError('The intent is not signed by its swapper.', {
      code: 'INVALID_SIGNATURE',
      details: { reason: 'not-swapper', recovered: signer, swapper: intent.swapper },
    });
  }
  return hash;
}
