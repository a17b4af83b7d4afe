import { hexToBytes } from '../primitives';
import { keccak, keccakUtf8 } from './keccak';

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
  bytes32(value: Uint8Array | string): this {
    const b = typeof value === 'string' ? hexToBytes(value) : value;
    this.bytes.set(b, this.offset);
    this.offset += 32;
    return this;
  }
  address(value: string): this {
    this.bytes.set(hexToBytes(value), this.offset + 12);
    this.offset += 32;
    return this;
  }
  uint(value: bigint | number): this {
    let v = BigInt(value);
    for (let i = 31; i >= 0 && v > 0n; i--) {
      this.bytes[this.offset + i] = Number(v & 0xffn);
      v >>= 8n;
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

/** keccak256(0x1901 ‖ domainSeparator ‖ structHash) */
export function typedDataDigest(domainSeparator: Uint8Array, structHash: Uint8Array): Uint8Array {
  const buf = new Uint8Array(66);
  buf[0] = 0x19;
  buf[1] = 0x01;
  buf.set(domainSeparator, 2);
  buf.set(structHash, 34);
  return keccak(buf);
}
