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
type SpongeExports = {
  memory: WebAssembly.Memory;
  Hash_GetBuffer(): number;
  Hash_Init(bits: number): void;
  Hash_Update(length: number): void;
  Hash_Final(padding: number): void;
  Hash_Calculate(length: number, bits: number, padding: number): void;
};
// hash-wasm's own chunk size: its buffer holds this much input at a time
const WASM_CHUNK = 16 * 1024;
const EMPTY_KECCAK = 'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470';

/**
 * hash-wasm's keccak module called directly: one call (Hash_Calculate: init, absorb, pad, squeeze) per input that fits
 * its buffer, instead of the hasher's init, update and digest wrappers (three crossings and their JS around each; a
 * third of the time of a 64-byte hash here). The module is the one the package embeds (base64, in its keccak build);
 * undefined when it cannot be read or does not hash two probe inputs as noble does, and the hasher is used instead.
 */
function directSponge(path: string, readText: (p: string) => string): Promise<KeccakBackend | undefined> {
  const data = /\{name:"sha3",data:"([A-Za-z0-9+/=]+)"/.exec(readText(path))?.[1];
  if (!data) return Promise.resolve(undefined);
  return WebAssembly.instantiate(Buffer.from(data, 'base64')).then(
    ({ instance }): KeccakBackend | undefined => {
      const x = instance.exports as unknown as SpongeExports;
      const at = x.Hash_GetBuffer();
      const io = new Uint8Array(x.memory.buffer, at, WASM_CHUNK);
      const backend: KeccakBackend = {
        name: 'wasm',
        hash(bytes) {
          if (bytes.length <= WASM_CHUNK) {
            io.set(bytes);
            x.Hash_Calculate(bytes.length, 256, 0x01);
          } else {
            x.Hash_Init(256);
            for (let i = 0; i < bytes.length; i += WASM_CHUNK) {
              const chunk = bytes.subarray(i, i + WASM_CHUNK);
              io.set(chunk);
              x.Hash_Update(chunk.length);
            }
            x.Hash_Final(0x01);
          }
          return io.slice(0, 32);
        },
      };
      // the module's exports are read by name, not promised by the package: it must hash like noble before it is used
      const probe = Uint8Array.from({ length: 300 }, (_, i) => (i * 31 + 7) & 0xff);
      const same =
        bytesToHex(backend.hash(new Uint8Array(0))) === '0x' + EMPTY_KECCAK &&
        bytesToHex(backend.hash(probe)) === bytesToHex(keccak_256(probe));
      return same ? backend : undefined;
    },
    () => undefined,
  );
}

/** Compiles hash-wasm's keccak (asynchronously: WebAssembly compiles off the main thread); undefined when it cannot. */
function loadWasm(): Promise<KeccakBackend | undefined> {
  try {
    if (typeof process === 'undefined' || !process.versions?.node) return Promise.resolve(undefined);
    // the keccak build alone, not the package index with every algorithm
    /* eslint-disable @typescript-eslint/no-require-imports */
    const path = require.resolve('hash-wasm/dist/keccak.umd.min.js');
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    const { createKeccak } = require(path) as { createKeccak(bits: 256): Promise<WasmHasher> };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const viaHasher = (): Promise<KeccakBackend | undefined> =>
      createKeccak(256).then(
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
    let direct: Promise<KeccakBackend | undefined>;
    try {
      direct = directSponge(path, (p) => readFileSync(p, 'utf8'));
    } catch {
      direct = Promise.resolve(undefined);
    }
    return direct.then((d) => d ?? viaHasher(), viaHasher);
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
