import { bytesToHex, type Hex } from '../primitives';
import type { ChainDomain } from '../typedData';
import { intentDigest } from './intentDigest';
import type { Intent } from './types';

export { hashIntentStruct } from './intentDigest';

export type HashIntentReturnType = Hex;

/**
 * The intent hash: its EIP-712 digest under the source chain's domain. This is the id of the intent
 * everywhere (API, auctions, awards) and the digest the swapper signs and the contract checks.
 */
export function hashIntent(intent: Intent, domain?: ChainDomain): HashIntentReturnType {
  return bytesToHex(intentDigest(intent, domain));
}
