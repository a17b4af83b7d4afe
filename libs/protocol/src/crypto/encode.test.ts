import { hexToBytes } from '../primitives';
import { WordWriter } from './encode';

/** The word writer's uint as it was written before its fast paths: a shift and a mask per byte. */
function referenceWord(value: bigint | number): Uint8Array {
  const out = new Uint8Array(32);
  let v = BigInt(value);
  for (let i = 31; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

describe('WordWriter.uint', () => {
  const values: (bigint | number)[] = [
    0,
    1,
    15,
    16,
    255,
    256,
    65_535,
    2_000_000_000,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 + 2, // an integer number past the safe range takes the BigInt path
    1e21,
    -1,
    -(2 ** 40),
    0n,
    1n,
    0xfn,
    0x10n,
    10n ** 18n + 7n,
    2n ** 255n,
    2n ** 256n - 1n,
    2n ** 256n + 5n, // the low 32 bytes, as the shifts kept
    2n ** 300n + 0xabcn,
    -5n,
  ];
  for (let i = 0; i < 200; i++) {
    // random widths from 1 to 40 bytes, odd and even hex lengths
    const bytes = 1 + ((i * 7919) % 40);
    let v = 0n;
    for (let k = 0; k < bytes; k++) v = (v << 8n) | BigInt((i * 31 + k * 17) % 256);
    values.push(v);
    if (v <= BigInt(Number.MAX_SAFE_INTEGER)) values.push(Number(v));
  }

  it('writes the same word as a shift and a mask per byte, for numbers and bigints of every width', () => {
    for (const v of values) {
      const w = new WordWriter(2).uint(7).uint(v);
      expect([v, Array.from(w.bytes.subarray(32))]).toEqual([v, Array.from(referenceWord(v))]);
      expect(Array.from(w.bytes.subarray(0, 32))).toEqual(Array.from(referenceWord(7)));
    }
  });

  it('refuses a fractional number as BigInt does', () => {
    expect(() => new WordWriter(1).uint(1.5)).toThrow(RangeError);
  });
});

describe('WordWriter.address', () => {
  /** The word as written before the in-place decoding: hexToBytes' bytes at offset 12. */
  const referenceAddressWord = (value: string): number[] => {
    const out = new Uint8Array(64);
    out.set(hexToBytes(value), 12);
    return Array.from(out);
  };

  it('writes what hexToBytes reads, for lower, upper and mixed case and for malformed values', () => {
    const values = [
      '0x' + '00'.repeat(20),
      '0x' + 'ff'.repeat(20),
      '0x52908400098527886E0F7030069857D2E4169EE7',
      '0x8617e340b3d01fa5f11f306f4090fd50e238070d',
      '0xDe709F2102306220921060314715629080E2fB77',
      '0x' + 'g1'.repeat(20), // not hex: parseInt's reading, as before
      '0x' + '1'.repeat(39) + 'z',
      '0x' + 'é'.repeat(40),
      '52908400098527886e0f7030069857d2e4169ee7ab', // 42 characters, no 0x
      '0x' + '12'.repeat(19), // short
      '0x' + '12'.repeat(19) + '1', // odd
    ];
    for (let i = 0; i < 100; i++)
      values.push(
        '0x' + Array.from({ length: 40 }, (_, k) => '0123456789abcdefABCDEF'[(i * 7 + k * 13) % 22]).join(''),
      );
    for (const v of values) {
      const w = new WordWriter(2).address(v);
      expect([v, Array.from(w.bytes)]).toEqual([v, referenceAddressWord(v)]);
    }
  });
});
