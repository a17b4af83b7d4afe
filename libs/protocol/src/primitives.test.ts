import fc from 'fast-check';
import { bytesToHex, hexToBytes } from './primitives';

// The oracle: hexToBytes as it was before the nibble table (parseInt per byte).
function parseIntHexToBytes(hex: string): Uint8Array {
  const clean = hex.startsWith('0x') ? hex.slice(2) : hex;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

describe('hexToBytes', () => {
  test('round-trips bytes through bytesToHex, any case, with or without 0x', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), fc.boolean(), (bytes, upper, prefix) => {
        let hex: string = bytesToHex(bytes);
        if (upper) hex = '0x' + hex.slice(2).toUpperCase();
        if (!prefix) hex = hex.slice(2);
        expect(hexToBytes(hex)).toEqual(bytes);
      }),
      { seed: 11, numRuns: 500 },
    );
  });

  test('same bytes as the parseInt version on any string, malformed ones included (odd length, non-hex, 0X)', () => {
    const chars = fc.constantFrom(...'0123456789abcdefABCDEFxXgz- é€'.split(''));
    const str = fc.oneof(
      fc.string({ unit: chars, maxLength: 70 }),
      fc.string({ unit: chars, maxLength: 70 }).map((s) => '0x' + s),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(str, (s) => {
        expect(hexToBytes(s)).toEqual(parseIntHexToBytes(s));
      }),
      { seed: 12, numRuns: 2000 },
    );
  });
});
