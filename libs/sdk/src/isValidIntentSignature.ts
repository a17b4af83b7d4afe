import type { PublicClient } from 'viem';
import {
  EIP1271_MAGIC,
  hashIntent,
  isValidSignatureAbi,
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
 * exactly as the settlement contract will (the API and the auctioneer ask the same question).
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
      abi: isValidSignatureAbi,
      functionName: 'isValidSignature',
      args: [hash, signature],
    });
    return magic.toLowerCase() === EIP1271_MAGIC;
  } catch {
    return false; // no contract there, or it reverted: not a valid signature
  }
}
