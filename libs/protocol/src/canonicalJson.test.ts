import fc from 'fast-check';
import { canonicalJson, hashCanonicalJson, keccakText } from './canonicalJson';
import { keccakHex } from './crypto/keccak';

/** The first implementation (parts arrays, filter, sort, join), kept as the oracle: every record hash depends on these bytes. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`;
  const keys = Object.keys(value as object)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${reference((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('writes the same bytes as the reference implementation for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('an array of strings only (written in one native call) gives the reference bytes, escapes and lone surrogates included', () => {
    const odd = fc.constantFrom('\ud800', '\udc00x', 'q"', 'a\\b', 'nl\n', '\u0000', '\u2028', '0xAB', '');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary' }), odd), { maxLength: 8 }), (a) => {
        expect(canonicalJson(a)).toBe(reference(a));
        expect(canonicalJson({ leaves: a })).toBe(reference({ leaves: a }));
      }),
      { numRuns: 2000 },
    );
    // not all strings (a number, a null, undefined, an array): element by element, as before
    for (const a of [
      ['a', 1],
      ['a', null],
      ['a', undefined],
      ['x', ['y']],
    ])
      expect(canonicalJson(a)).toBe(reference(a));
  });

  it('escapes what JSON.stringify escapes, bigints and undefined included', () => {
    const strings = [
      '',
      'plain',
      'q"uote',
      'back\\slash',
      'nl\n',
      '\u0000\u001f',
      '\ud800',
      'pair \ud83d\ude00',
      '\u2028',
    ];
    for (const s of strings) expect(canonicalJson(s)).toBe(JSON.stringify(s));
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(canonicalJson({ [s]: s })).toBe(reference({ [s]: s }));
      }),
      { numRuns: 2000 },
    );
    const v = { b: 2n ** 200n, a: [undefined, 1, { z: undefined, y: 'x' }] };
    expect(canonicalJson(v)).toBe(reference(v));
    expect(canonicalJson(v)).toBe(`{"a":[null,1,{"y":"x"}],"b":"${2n ** 200n}"}`);
  });

  it('hashes the UTF-8 the allocating encoder writes, through the reused buffer at every size', () => {
    const plain = (t: string) => keccakHex(new TextEncoder().encode(t));
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(hashCanonicalJson(v)).toBe(plain(reference(v)));
      }),
      { numRuns: 500 },
    );
    // lone surrogates (U+FFFD, as encode writes them), 3-byte and 4-byte characters, and texts that grow the buffer,
    // pass its cap and come back below it (a longer earlier text must not leak into a shorter one's bytes)
    const odd = fc.constantFrom('\ud800', '\udc00', '\ud83d\ude00', '\u20ac', '\u00e9', 'x', '"');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary' }), odd), { maxLength: 40 }), (parts) => {
        const t = parts.join('');
        expect(keccakText(t)).toBe(plain(t));
      }),
      { numRuns: 1000 },
    );
    for (const n of [0, 1, 21_845, 21_846, 70_000, 1_300_000, 1_500_000, 3])
      for (const unit of ['a', '\u20ac', '\ud800']) expect(keccakText(unit.repeat(n))).toBe(plain(unit.repeat(n)));
  });
});
