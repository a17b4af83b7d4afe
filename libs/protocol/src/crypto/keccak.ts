import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes, type Hex } from '../primitives';

export function keccak(bytes: Uint8Array): Uint8Array {
  return keccak_256(bytes);
}
export function keccakHex(bytes: Uint8Array): Hex {
  return bytesToHex(keccak_256(bytes));
}
export function keccakUtf8(text: string): Uint8Array {
  return keccak_256(new TextEncoder().encode(text));
}
export { hexToBytes, bytesToHex };
