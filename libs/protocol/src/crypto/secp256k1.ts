import { secp256k1 } from '@noble/curves/secp256k1.js';
import { IntentMeshError } from '../errors';

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

type NobleSecp256k1 = typeof secp256k1;

/**
 * The pure-JS backend over a given @noble/curves secp256k1 (the 2.x API: `Signature.fromBytes`, `format: 'recovered'`).
 * An older major (viem brings 1.x) lacks that API: using it is an installation fault, reported as INTERNAL, never as
 * a bad signature, so a verifier that cannot run never passes its failure off as a verdict on the data.
 */
export function createNobleBackend(curve: NobleSecp256k1 = secp256k1): SecpBackend {
  const check = () => {
    if (typeof curve?.Signature?.fromBytes !== 'function') {
      throw new IntentMeshError(
        'The @noble/curves secp256k1 in use lacks Signature.fromBytes: an older major (1.x) was resolved; install @noble/curves 2.x.',
        { code: 'INTERNAL', details: { reason: 'noble-version' } },
      );
    }
  };
  return {
    name: 'noble',
    recover(hash, sig64, recovery) {
      check();
      return curve.Signature.fromBytes(sig64, 'compact').addRecoveryBit(recovery).recoverPublicKey(hash).toBytes(false);
    },
    sign(hash, key) {
      check();
      const sig = curve.sign(hash, key, { prehash: false, lowS: true, format: 'recovered' });
      return { sig64: sig.subarray(1, 65), recovery: sig[0]! };
    },
  };
}

export const nobleBackend: SecpBackend = createNobleBackend();

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

/** Choose a backend explicitly (tests run the same vectors through both, or install their own). Returns the previous one. */
export function useSecpBackend(choice: 'native' | 'noble' | SecpBackend): SecpBackend {
  const prev = active;
  if (typeof choice === 'object') active = choice;
  else if (choice === 'noble') active = nobleBackend;
  else {
    const native = loadNative();
    if (!native) throw new Error('The native secp256k1 binding is not available on this platform.');
    active = native;
  }
  return prev;
}
