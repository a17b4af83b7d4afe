import { chainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { INTENT_TYPE, getChainDomain, type ChainDomain } from '../typedData';
import type { Intent } from './types';

const INTENT_TYPEHASH = typeHash(INTENT_TYPE);

// one encoding buffer for every intent (hashing is synchronous; rewind zeroes it, so a throw mid-way leaves nothing behind)
const writer = new WordWriter(11);

/** EIP-712 hashStruct(Intent). */
export function hashIntentStruct(intent: Intent): Uint8Array {
  return writer
    .rewind()
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

// the default domain of each chain id is fixed (the chain table is frozen): its separator is looked up by the number,
// not rebuilt as a domain object and a string key on every intent (a solver hashes every intent of every open)
const sourceSeparators = new Map<number, Uint8Array>();
function sourceChainSeparator(chainId: number): Uint8Array {
  let separator = sourceSeparators.get(chainId);
  if (!separator) sourceSeparators.set(chainId, (separator = chainDomainSeparator(getChainDomain(chainId))));
  return separator;
}

/** hashIntent as 32 bytes (a verifier compares them with the hash it was given, without a trip through hex). */
export function intentDigest(intent: Intent, domain?: ChainDomain): Uint8Array {
  const separator = domain ? chainDomainSeparator(domain) : sourceChainSeparator(intent.sourceChainId);
  return typedDataDigest(separator, hashIntentStruct(intent));
}
