import { privateKeyToAccount } from 'viem/accounts';
import type { Address, Hex } from '../primitives';
import { bytesToHex, hexToBytes } from '../primitives';
import { secpBackend } from './secp256k1';
import { lowerAddress } from '../address';

/** A key that signs precomputed digests directly (low-s, v = 27/28): the auctioneer's hot path skips generic typed-data hashing. */
export type DigestSigner = { address: Address; signDigest(digest: Hex): Hex };

export function createDigestSigner(privateKey: Hex): DigestSigner {
  const key = hexToBytes(privateKey);
  const address = lowerAddress(privateKeyToAccount(privateKey).address);
  return {
    address,
    signDigest(digest: Hex): Hex {
      const { sig64, recovery } = secpBackend().sign(hexToBytes(digest), key);
      // Ethereum's layout: r ‖ s ‖ (27 + recovery)
      const out = new Uint8Array(65);
      out.set(sig64, 0);
      out[64] = 27 + recovery;
      return bytesToHex(out);
    },
  };
}
