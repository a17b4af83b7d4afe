import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes, type Hex } from '../primitives';

/**
 * Interchangeable keccak256 backends with identical results. In Node: hash-wasm's WebAssembly sponge once it has compiled
 * (2-3x the native binding on the 32-352-byte inputs of digests, leaves and struct hashes, where four N-API crossings
 * cost more than the hash; even on 100 KB records), until then the native sponge of the `keccak` package (prebuilt N-API
 * binary), pure-JS noble when neither loads and in browsers.
 */
export type KeccakBackend = { name: 'wasm' | 'native' | 'noble'; hash(bytes: Uint8Array): Uint8Array };

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

type WasmHasher = { init(): unknown; update(data: Uint8Array): unknown; digest(format: 'binary'): Uint8Array };

/** Compiles hash-wasm's keccak (asynchronously: WebAssembly compiles off the main thread); undefined when it cannot. */
function loadWasm(): Promise<KeccakBackend | undefined> {
  try {
    if (typeof process === 'undefined' || !process.versions?.node) return Promise.resolve(undefined);
    // the keccak build alone, not the package index with every algorithm
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createKeccak } = require('hash-wasm/dist/keccak.umd.min.js') as {
      createKeccak(bits: 256): Promise<WasmHasher>;
    };
    return createKeccak(256).then(
      (h): KeccakBackend => ({
        name: 'wasm',
        hash(bytes) {
          h.init();
          h.update(bytes);
          return h.digest('binary');
        },
      }),
      () => undefined,
    );
  } catch {
    return Promise.resolve(undefined);
  }
}

let active: KeccakBackend = loadNative() ?? nobleKeccak;
let chosen = false; // a backend chosen explicitly is kept when WebAssembly becomes ready
let wasm: KeccakBackend | undefined;
const wasmReady = loadWasm().then((w) => {
  wasm = w;
  if (w && !chosen) active = w;
});

export function keccakBackend(): KeccakBackend {
  return active;
}

/** Resolves once the fastest backend available here is active (WebAssembly compiles asynchronously). */
export async function keccakReady(): Promise<KeccakBackend> {
  await wasmReady;
  return active;
}

/** Choose a backend explicitly (tests run the same vectors through each). Returns the previous one. */
export function useKeccakBackend(name: KeccakBackend['name']): KeccakBackend {
  const prev = active;
  if (name === 'noble') active = nobleKeccak;
  else if (name === 'wasm') {
    if (!wasm) throw new Error('The WebAssembly keccak is not available (yet): await keccakReady() first.');
    active = wasm;
  } else {
    const native = loadNative();
    if (!native) throw new Error('The native keccak binding is not available on this platform.');
    active = native;
  }
  chosen = true;
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
