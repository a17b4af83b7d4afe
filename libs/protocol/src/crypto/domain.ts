import type { ChainDomain, OffchainDomain } from '../typedData';
import { WordWriter, typeHash } from './encode';
import { keccakUtf8 } from './keccak';

const CHAIN_DOMAIN_TYPEHASH = typeHash(
  'EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)',
);
const OFFCHAIN_DOMAIN_TYPEHASH = typeHash('EIP712Domain(string name,string version)');

const cache = new Map<string, Uint8Array>();

/** Domain separators are few and fixed: compute each once. */
export function chainDomainSeparator(domain: ChainDomain): Uint8Array {
  const key = `${domain.name}|${domain.version}|${domain.chainId}|${domain.verifyingContract.toLowerCase()}`;
  let sep = cache.get(key);
  if (!sep) {
    sep = new WordWriter(5)
      .bytes32(CHAIN_DOMAIN_TYPEHASH)
      .bytes32(keccakUtf8(domain.name))
      .bytes32(keccakUtf8(domain.version))
      .uint(domain.chainId)
      .address(domain.verifyingContract)
      .hash();
    cache.set(key, sep);
  }
  return sep;
}

export function offchainDomainSeparator(domain: OffchainDomain): Uint8Array {
  const key = `off|${domain.name}|${domain.version}`;
  let sep = cache.get(key);
  if (!sep) {
    sep = new WordWriter(3)
      .bytes32(OFFCHAIN_DOMAIN_TYPEHASH)
      .bytes32(keccakUtf8(domain.name))
      .bytes32(keccakUtf8(domain.version))
      .hash();
    cache.set(key, sep);
  }
  return sep;
}
