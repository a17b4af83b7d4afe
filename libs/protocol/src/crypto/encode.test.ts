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
