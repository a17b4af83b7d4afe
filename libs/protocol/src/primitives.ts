export type Hex = `0x${string}`;
/** Always lowercase on our side of every edge, so equality is string equality. */
export type Address = `0x${string}`;

export const MAX_UINT256 = (1n << 256n) - 1n;
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
export const SECP256K1_HALF_N = SECP256K1_N >> 1n;

const BYTES32_RE = /^0x[0-9a-fA-F]{64}$/;
const UINT_RE = /^(0|[1-9][0-9]{0,77})$/;

export function isBytes32(value: string): boolean {
  return BYTES32_RE.test(value);
}
/** Decimal string of a uint256: no sign, no exponent, no leading zeros, below 2^256. */
export function isUint256String(value: string): boolean {
  // 77 digits or fewer is below 10^77 < 2^256: only a 78-digit one needs the comparison
  return UINT_RE.test(value) && (value.length < 78 || BigInt(value) <= MAX_UINT256);
}

// nibble of each char code below 128, -1 where it is not a hex digit
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) NIBBLE[65 + i] = NIBBLE[97 + i] = 10 + i;

export function hexToBytes(hex: string): Uint8Array {
  const start = hex.startsWith('0x') ? 2 : 0;
  const out = new Uint8Array((hex.length - start) / 2);
  for (let i = 0, j = start; i < out.length; i++, j += 2) {
    const a = hex.charCodeAt(j);
    const b = hex.charCodeAt(j + 1);
    const hi = a < 128 ? NIBBLE[a] : -1;
    const lo = b < 128 ? NIBBLE[b] : -1;
    // a table lookup per nibble (parseInt per byte was most of a bid's hashing); a non-hex pair keeps parseInt's old result
    out[i] = hi >= 0 && lo >= 0 ? (hi << 4) | lo : parseInt(hex.substr(j, 2), 16);
  }
  return out;
}

const HEX_TABLE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
export function bytesToHex(bytes: Uint8Array): Hex {
  let s = '0x';
  for (let i = 0; i < bytes.length; i++) s += HEX_TABLE[bytes[i]];
  return s as Hex;
}
