import type { PublicClient } from 'viem';
import {
  ERC1271_MAGIC_VALUE,
  erc1271Abi,
  hashIntent,
  recoverDigestSigner,
  type Hex,
  type Intent,
} from '@intentmesh/protocol';

export type IsValidIntentSignatureParameters = {
  intent: Intent;
  signature: Hex;
  /** Needed only for smart accounts (EIP-1271): the contract at `intent.swapper` on the source chain is asked. */
  publicClient?: Pick<PublicClient, 'readContract'>;
};

/**
 * True when the swapper signed the intent: an EOA by recovery, a smart account (EIP-1271) by asking its contract,
 * exactly as the settlement contract will. The API checks EOAs only; a smart account's intent settles on chain.
 */
export async function isValidIntentSignature({
  intent,
  signature,
  publicClient,
}: IsValidIntentSignatureParameters): Promise<boolean> {
  const hash = hashIntent(intent);
  try {
    if (recoverDigestSigner(hash, signature) === intent.swapper.toLowerCase()) return true;
  } catch {
    // not a plain 65-byte ECDSA signature: only a contract can judge it
  }
  if (!publicClient) return false;
  try {
    const magic = await publicClient.readContract({
      address: intent.swapper,
      abi: erc1271Abi,
      functionName: 'isValidSignature',
      args: [hash, signature],
    });
    return magic.toLowerCase() === ERC1271_MAGIC_VALUE;
  } catch {
    return false; // no contract there, or it reverted: not a valid signature
  }
}
