/** A hex digit (either case) is the character of `nibble`. */
function digitIs(c: number, nibble: number): boolean {
  return nibble < 10 ? c === 0x30 + nibble : c === 0x57 + nibble || c === 0x37 + nibble;
}

/** Whether `hex` (0x, then two hex digits per byte, all in either case) spells exactly `bytes`; no string is built. */
export function bytesEqualHex(bytes: Uint8Array, hex: string): boolean {
  if (hex.length !== 2 + 2 * bytes.length || hex.charCodeAt(0) !== 0x30 || (hex.charCodeAt(1) | 0x20) !== 0x78)
    return false;
  for (let i = 0, j = 2; i < bytes.length; i++, j += 2)
    if (!digitIs(hex.charCodeAt(j), bytes[i]! >> 4) || !digitIs(hex.charCodeAt(j + 1), bytes[i]! & 15)) return false;
  return true;
}
