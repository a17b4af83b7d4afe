export type Hex = `0x${string}`;
/** Always lowercase on our side of every edge, so equality is string equality. */
export type Address = `0x${string}`;

export const MAX_UINT256 = (1n << 256n) - 1n;
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
export const SECP256K1_HALF_N = SECP256K1_N >> 1n;

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
const BYTES32_RE = /^0x[0-9a-fA-F]{64}$/;
const UINT_RE = /^(0|[1-9][0-9]{0,77})$/;

export function isAddressLike(value: string): boolean {
  return ADDRESS_RE.test(value);
}
export function isBytes32(value: string): boolean {
  return BYTES32_RE.test(value);
}
/** Decimal string of a uint256: no sign, no exponent, no leading zeros, below 2^256. */
export function isUint256String(value: string): boolean {
  return UINT_RE.test(value) && BigInt(value) <= MAX_UINT256;
}

export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.startsWith('0x') ? hex.slice(2) : hex;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

const HEX_TABLE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
export function bytesToHex(bytes: Uint8Array): Hex {
  let s = '0x';
  for (let i = 0; i < bytes.length; i++) s += HEX_TABLE[bytes[i]];
  return s as Hex;
}
