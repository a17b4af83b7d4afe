import { secp256k1 } from '@noble/curves/secp256k1.js';
import { IntentMeshError } from '../errors';

/**
 * Interchangeable secp256k1 backends with identical results. In Node: the vendored libsecp256k1 0.8 addon
 * (libs/protocol/native, compiled by the build; signing 1.8x and recovery 1.6x the npm binding's speed here), else the
 * npm `secp256k1` binding (a 2019 libsecp256k1, prebuilt), else pure-JS noble, as in browsers.
 */
export type SecpBackend = {
  name: 'native' | 'noble';
  /** Which library, for logs and benches. */
  lib?: string;
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

/** The vendored libsecp256k1 addon, when the build compiled it (libs/protocol/native/build.mjs). */
function loadVendored(): SecpBackend | undefined {
  try {
    if (typeof process === 'undefined' || !process.versions?.node) return undefined;
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { join } = require('node:path');
    const { randomBytes } = require('node:crypto');
    // a computed path (src/crypto and dist/crypto sit at the same depth): bundlers leave it alone
    const lib = require(join(__dirname, '..', '..', 'native', 'build', 'secp256k1.node'));
    /* eslint-enable @typescript-eslint/no-require-imports */
    // blinds the signing context against side channels; a context that refuses the seed is not used
    if (!lib.randomize(new Uint8Array(randomBytes(32)))) return undefined;
    return {
      name: 'native',
      lib: 'libsecp256k1 0.8 (vendored)',
      recover(hash, sig64, recovery) {
        const pub = new Uint8Array(65);
        if (!lib.recover(hash, sig64, recovery, pub))
          throw new Error('The signature does not recover to a public key.');
        return pub;
      },
      sign(hash, key) {
        const out = new Uint8Array(65);
        if (!lib.sign(hash, key, out)) throw new Error('The private key is not a valid secp256k1 key.');
        return { sig64: out.subarray(0, 64), recovery: out[64]! };
      },
    };
  } catch {
    return undefined;
  }
}

/** The npm `secp256k1` package's prebuilt binding (a 2019 libsecp256k1): the fallback where nothing was compiled. */
function loadNpmBinding(): SecpBackend | undefined {
  try {
    if (typeof process === 'undefined' || !process.versions?.node) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require('secp256k1/bindings');
    return {
      name: 'native',
      lib: 'secp256k1 (npm binding)',
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

const loadNative = (): SecpBackend | undefined => loadVendored() ?? loadNpmBinding();

/** Each native backend that loads here, apart (tests and benches hold them to each other). */
export function nativeSecpBackends(): { vendored?: SecpBackend; npm?: SecpBackend } {
  return { vendored: loadVendored(), npm: loadNpmBinding() };
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
