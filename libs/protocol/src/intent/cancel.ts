import { chainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { recoverDigestSigner } from '../crypto/recoverSigner';
import { bytesToHex, type Address, type Hex } from '../primitives';
import { getChainDomain, type ChainDomain } from '../typedData';
import { signTypedDataWith, type TypedDataSigner } from './signIntent';

/** A swapper's signed off-chain cancellation, in the intent's own source-chain domain. */
export const CANCEL_TYPE = 'Cancel(bytes32 intentHash)';
const CANCEL_TYPEHASH = typeHash(CANCEL_TYPE);
export const cancelTypes = { Cancel: [{ name: 'intentHash', type: 'bytes32' }] } as const;

export function hashCancel(intentHash: Hex, domain: ChainDomain): Hex {
  return bytesToHex(
    typedDataDigest(
      chainDomainSeparator(domain),
      new WordWriter(2).bytes32(CANCEL_TYPEHASH).bytes32(intentHash).hash(),
    ),
  );
}

/** Signs `Cancel(intentHash)` with a LocalAccount or WalletClient; `chainId` is the intent's source chain. */
export function signCancel(
  intentHash: Hex,
  chainId: number,
  signer: TypedDataSigner,
  domain?: ChainDomain,
): Promise<Hex> {
  return signTypedDataWith(signer, {
    domain: domain ?? getChainDomain(chainId),
    types: cancelTypes,
    primaryType: 'Cancel',
    message: { intentHash },
  });
}

export function recoverCancelSigner(
  intentHash: Hex,
  chainId: number,
  signature: string,
  domain?: ChainDomain,
): Address {
  return recoverDigestSigner(hashCancel(intentHash, domain ?? getChainDomain(chainId)), signature);
}
