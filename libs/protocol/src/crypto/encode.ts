import { hexToBytes } from '../primitives';
import { keccak, keccakUtf8 } from './keccak';

// each ASCII hex digit's value, -1 for any other code below 128
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) NIBBLE[65 + i] = NIBBLE[97 + i] = 10 + i;

/** The value of the hex digit at `i` of a lowercase hex string (what bigint toString(16) gives). */
function hexDigit(hex: string, i: number): number {
  const c = hex.charCodeAt(i);
  return c <= 0x39 ? c - 0x30 : c - 0x57;
}

/**
 * Direct EIP-712 struct encoding: every field of our structs is one 32-byte word,
 * so a precomputed type hash plus word writes replaces generic typed-data hashing on the hot path.
 */
export class WordWriter {
  readonly bytes: Uint8Array;
  private offset = 0;
  constructor(words: number) {
    this.bytes = new Uint8Array(words * 32);
  }
  /** Back to the first word, every byte zero again (one writer reused for many structs of one size). */
  rewind(): this {
    this.bytes.fill(0);
    this.offset = 0;
    return this;
  }
  /** Whole words already encoded (e.g. the fields many structs share), copied as they are. */
  words(encoded: Uint8Array): this {
    this.bytes.set(encoded, this.offset);
    this.offset += encoded.length;
    return this;
  }
  bytes32(value: Uint8Array | string): this {
    const b = typeof value === 'string' ? hexToBytes(value) : value;
    this.bytes.set(b, this.offset);
    this.offset += 32;
    return this;
  }
  address(value: string): this {
    const at = this.offset + 12;
    // a 0x-prefixed 40-digit address decodes in place (no array per field); anything else as hexToBytes reads it
    if (!(value.length === 42 && value.charCodeAt(0) === 0x30 && value.charCodeAt(1) === 0x78 && this.hex20(at, value)))
      this.bytes.set(hexToBytes(value), at);
    this.offset += 32;
    return this;
  }
  /** Writes the 20 bytes of `value`'s digits 2..41 at `at`; false at the first non-hex digit (the caller rewrites). */
  private hex20(at: number, value: string): boolean {
    for (let i = 0, j = 2; i < 20; i++, j += 2) {
      const a = value.charCodeAt(j);
      const b = value.charCodeAt(j + 1);
      const hi = a < 128 ? NIBBLE[a] : -1;
      const lo = b < 128 ? NIBBLE[b] : -1;
      if (hi < 0 || lo < 0) return false;
      this.bytes[at + i] = (hi << 4) | lo;
    }
    return true;
  }
  uint(value: bigint | number): this {
    const end = this.offset + 31;
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      // timestamps, chain ids and counts: plain arithmetic, no BigInt per byte
      for (let v = value, i = end; v > 0; i--) {
        this.bytes[i] = v % 256;
        v = Math.floor(v / 256);
      }
    } else {
      const v = BigInt(value);
      // one hex string instead of a shift and a mask (two BigInts) per byte; like the shifts, keeps the low 32 bytes
      // and writes nothing for zero or less
      if (v > 0n) {
        const hex = v.toString(16);
        for (let i = end, j = hex.length; j > 0 && i > end - 32; i--, j -= 2)
          this.bytes[i] = j === 1 ? hexDigit(hex, 0) : (hexDigit(hex, j - 2) << 4) | hexDigit(hex, j - 1);
      }
    }
    this.offset += 32;
    return this;
  }
  hash(): Uint8Array {
    return keccak(this.bytes);
  }
}

export function typeHash(encodedType: string): Uint8Array {
  return keccakUtf8(encodedType);
}

// one input buffer for every digest (hashing is synchronous): 0x1901, then the separator last written, then the struct
const digestInput = {
  buf: Uint8Array.of(0x19, 0x01, ...new Uint8Array(64)),
  separator: undefined as Uint8Array | undefined,
};

/** keccak256(0x1901 ‖ domainSeparator ‖ structHash) */
export function typedDataDigest(domainSeparator: Uint8Array, structHash: Uint8Array): Uint8Array {
  // the prefix and separator are written once per domain (separators are cached, so the same array comes back)
  if (digestInput.separator !== domainSeparator) {
    digestInput.buf.set(domainSeparator, 2);
    digestInput.separator = domainSeparator;
  }
  digestInput.buf.set(structHash, 34);
  return keccak(digestInput.buf);
}
