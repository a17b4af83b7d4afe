import { secp256k1 } from '@noble/curves/secp256k1.js';

/**
 * Two interchangeable secp256k1 backends with identical results: native libsecp256k1 (about 15k
 * recoveries/s per core here) when its prebuilt binding loads, pure-JS noble otherwise (browsers).
 */
export type SecpBackend = {
  name: 'native' | 'noble';
  /** 65-byte uncompressed public key. */
  recover(hash: Uint8Array, sig64: Uint8Array, recovery: 0 | 1): Uint8Array;
  /** Low-s, RFC 6979 deterministic. */
  sign(hash: Uint8Array, key: Uint8Array): { sig64: Uint8Array; recovery: number };
};

export const nobleBackend: SecpBackend = {
  name: 'noble',
  recover(hash, sig64, recovery) {
    return secp256k1.Signature.fromBytes(sig64, 'compact').addRecoveryBit(recovery).recoverPublicKey(hash).toBytes(false);
  },
  sign(hash, key) {
    const sig = secp256k1.sign(hash, key, { prehash: false, lowS: true, format: 'recovered' });
    return { sig64: sig.subarray(1, 65), recovery: sig[0] };
  },
};

function loadNative(): SecpBackend | undefined {
  try {
    if (typeof process === 'undefined' || !process.versions?.node) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require('secp256k1/bindings');
    return {
      name: 'native',
      recover: (hash, sig64, recovery) => lib.ecdsaRecover(sig64, recovery, hash, false),
      sign: (hash, key) => {
        const r = lib.ecdsaSign(hash, key);
        return { sig64: r.signature, recovery: r.recid };
      },
    };
  } catch {
    return undefined;
  }
}

let active: SecpBackend = loadNative() ?? nobleBackend;

export function secpBackend(): SecpBackend {
  return active;
}

/** Choose a backend explicitly (tests run the same vectors through both). Returns the previous one. */
export function useSecpBackend(name: 'native' | 'noble'): SecpBackend {
  const prev = active;
  if (name === 'noble') active = nobleBackend;
  else {
    const native = loadNative();
    if (!native) throw new Error('The native secp256k1 binding is not available on this platform.');
    active = native;
  }
  return prev;
}
