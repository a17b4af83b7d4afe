import type { ChainDomain, OffchainDomain } from '../typedData';
import { WordWriter, typeHash } from './encode';
import { keccakUtf8 } from './keccak';

const CHAIN_DOMAIN_TYPEHASH = typeHash(
  'EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)',
);
const OFFCHAIN_DOMAIN_TYPEHASH = typeHash('EIP712Domain(string name,string version)');

const cache = new Map<string, Uint8Array>();

/** Domain separators are few and fixed: compute each once. */
function once(key: string, compute: () => Uint8Array): Uint8Array {
  let sep = cache.get(key);
  if (!sep) cache.set(key, (sep = compute()));
  return sep;
}

export function chainDomainSeparator(domain: ChainDomain): Uint8Array {
  const key = `${domain.name}|${domain.version}|${domain.chainId}|${domain.verifyingContract.toLowerCase()}`;
  return once(key, () =>
    new WordWriter(5)
      .bytes32(CHAIN_DOMAIN_TYPEHASH)
      .bytes32(keccakUtf8(domain.name))
      .bytes32(keccakUtf8(domain.version))
      .uint(domain.chainId)
      .address(domain.verifyingContract)
      .hash(),
  );
}

export function offchainDomainSeparator(domain: OffchainDomain): Uint8Array {
  return once(`off|${domain.name}|${domain.version}`, () =>
    new WordWriter(3)
      .bytes32(OFFCHAIN_DOMAIN_TYPEHASH)
      .bytes32(keccakUtf8(domain.name))
      .bytes32(keccakUtf8(domain.version))
      .hash(),
  );
}
