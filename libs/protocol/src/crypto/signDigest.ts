import type { Address, Hex } from '../primitives';
import { bytesToHex, hexToBytes } from '../primitives';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak } from './keccak';
import { secpBackend } from './secp256k1';

/** A key that signs precomputed digests directly (low-s, v = 27/28): the auctioneer's hot path skips generic typed-data hashing. */
export type DigestSigner = { address: Address; signDigest(digest: Hex): Hex };

/** The lowercase address of a private key (viem's privateKeyToAccount would load viem/accounts for it at start). */
function addressOfPrivateKey(privateKey: Hex): Address {
  const pub = secp256k1.getPublicKey(hexToBytes(privateKey), false);
  return bytesToHex(keccak(pub.subarray(1)).subarray(12)) as Address;
}

export function createDigestSigner(privateKey: Hex): DigestSigner {
  const key = hexToBytes(privateKey);
  const address = addressOfPrivateKey(privateKey);
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
