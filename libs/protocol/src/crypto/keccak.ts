import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes, type Hex } from '../primitives';

/**
 * Two interchangeable keccak256 backends with identical results: the native sponge of the `keccak` package
 * (prebuilt N-API binary; 5-12x faster here, most on large records) when it loads, pure-JS noble otherwise (browsers).
 */
export type KeccakBackend = { name: 'native' | 'noble'; hash(bytes: Uint8Array): Uint8Array };

export const nobleKeccak: KeccakBackend = { name: 'noble', hash: (bytes) => keccak_256(bytes) };

function loadNative(): KeccakBackend | undefined {
  try {
    if (typeof process === 'undefined' || !process.versions?.node) return undefined;
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { dirname } = require('node:path');
    // the raw sponge, not the package's stream wrapper: one reused state, no object per hash
    const KeccakState = require('node-gyp-build')(dirname(require.resolve('keccak/package.json')));
    /* eslint-enable @typescript-eslint/no-require-imports */
    if (typeof KeccakState !== 'function') return undefined;
    const state = new KeccakState();
    return {
      name: 'native',
      hash(bytes) {
        // keccak256: rate 1088, capacity 512, Keccak padding (0x01), not SHA3's
        state.initialize(1088, 512);
        state.absorb(bytes);
        state.absorbLastFewBits(0x01);
        const out: Buffer = state.squeeze(32);
        return new Uint8Array(out.buffer, out.byteOffset, 32);
      },
    };
  } catch {
    return undefined;
  }
}

let active: KeccakBackend = loadNative() ?? nobleKeccak;

export function keccakBackend(): KeccakBackend {
  return active;
}

/** Choose a backend explicitly (tests run the same vectors through both). Returns the previous one. */
export function useKeccakBackend(name: 'native' | 'noble'): KeccakBackend {
  const prev = active;
  if (name === 'noble') active = nobleKeccak;
  else {
    const native = loadNative();
    if (!native) throw new Error('The native keccak binding is not available on this platform.');
    active = native;
  }
  return prev;
}

export function keccak(bytes: Uint8Array): Uint8Array {
  return active.hash(bytes);
}
export function keccakHex(bytes: Uint8Array): Hex {
  return bytesToHex(active.hash(bytes));
}
const encoder = new TextEncoder();
export function keccakUtf8(text: string): Uint8Array {
  return active.hash(encoder.encode(text));
}
export { hexToBytes, bytesToHex };
