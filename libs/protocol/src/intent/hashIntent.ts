import { chainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { bytesToHex, type Hex } from '../primitives';
import { INTENT_TYPE, getChainDomain, type ChainDomain } from '../typedData';
import type { Intent } from './types';

const INTENT_TYPEHASH = typeHash(INTENT_TYPE);

/** EIP-712 hashStruct(Intent). */
export function hashIntentStruct(intent: Intent): Uint8Array {
  return new WordWriter(11)
    .bytes32(INTENT_TYPEHASH)
    .address(intent.swapper)
    .address(intent.sellToken)
    .uint(intent.sellAmount)
    .address(intent.buyToken)
    .uint(intent.minBuyAmount)
    .address(intent.recipient)
    .uint(intent.sourceChainId)
    .uint(intent.destinationChainId)
    .uint(intent.nonce)
    .uint(intent.deadline)
    .hash();
}

export type HashIntentReturnType = Hex;

/**
 * The intent hash: its EIP-712 digest under the source chain's domain. This is the id of the intent
 * everywhere (API, auctions, awards) and the digest the swapper signs and the contract checks.
 */
export function hashIntent(intent: Intent, domain?: ChainDomain): HashIntentReturnType {
  const d = domain ?? getChainDomain(intent.sourceChainId);
  return bytesToHex(typedDataDigest(chainDomainSeparator(d), hashIntentStruct(intent)));
}
