import { Connection } from 'pg';
import { BindWriter, JsonParam, plainParams, type BindConfig } from './jsonParam';

// what node-postgres itself writes for a Bind: its own Connection over a stream that keeps the bytes
const pgBind = (config: BindConfig): Buffer => {
  const sent: Buffer[] = [];
  const stream = { writable: true, write: (b: Buffer) => sent.push(Buffer.from(b)), on: () => stream };
  (new Connection({ stream } as never) as unknown as { bind(c: BindConfig): void }).bind(config);
  return Buffer.concat(sent);
};
// pg's own value mapper, the one Query hands to bind()
const { prepareValue } = require('pg/lib/utils') as { prepareValue(v: unknown): unknown };

// byte for byte; jest's deep equality walks a large Buffer slowly, so only a difference goes to it (for its diff)
const expectSameBytes = (got: Buffer, want: Buffer) => {
  if (!got.equals(want)) expect(got).toEqual(want);
};

describe('BindWriter - the Bind message node-postgres writes, a JSON parameter written piece by piece', () => {
  it('writes what pg-protocol writes for ordinary parameters', () => {
    const w = new BindWriter(8);
    const configs: BindConfig[] = [
      {},
      { values: [] },
      { statement: 'im3', portal: '', values: ['a', null, undefined, 'é € 💱', Buffer.from([0, 1, 255])] },
      { statement: 'im0', values: Array.from({ length: 300 }, (_, i) => 'x'.repeat(i)), binary: true },
      { values: [Buffer.alloc(200_000, 7), 'tail'] },
    ];
    for (const c of configs) expectSameBytes(w.bind(c), pgBind(c));
  });

  it('maps values through the mapper pg gives it, as pg does', () => {
    const w = new BindWriter();
    const valueMapper = (v: unknown) => (v === 'skip' ? null : Array.isArray(v) ? `{${v.join(',')}}` : String(v));
    const c = { statement: 's', values: [1, 'skip', ['a', 'b'], 2n], valueMapper };
    expectSameBytes(w.bind(c), pgBind(c));
  });

  it('writes a JsonParam as the text JSON.stringify gives, at every depth', () => {
    const long = Array.from({ length: 200 }, (_, i) =>
      i === 70
        ? undefined
        : i === 130
          ? () => 1
          : i === 150 || i === 3
            ? { toJSON: (k: string) => `key ${k}` }
            : i % 3
              ? `é ${i}`
              : { i, nested: [{ toJSON: (k: string) => k }] },
    );
    const values: unknown[] = [
      null,
      0,
      'plain',
      [],
      {},
      [[], {}, [[]]],
      { a: [1, 'x', null, { b: { c: [true] } }], d: '' },
      // members and elements with no JSON form: left out of objects, null in arrays
      { u: undefined, f: () => 1, s: Symbol('x'), kept: 1, [Symbol('k')]: 2 },
      [undefined, () => 1, Symbol('x'), 2],
      { first: undefined, second: 2 },
      { only: undefined },
      // integer-like keys first, as Object.keys and JSON.stringify order them
      { b: 1, 2: 'two', a: 3, 1: 'one' },
      // escapes, non-ASCII, astral and lone surrogates
      { 'ke"y\n': 'quote " back \\ tab \t nul \u0000', emoji: '💱 €', lone: '\ud800x\udc00', ключ: 'значение' },
      // toJSON on objects and nested values, given their key
      { when: new Date(0), nested: { toJSON: (k: string) => ({ key: k }) }, list: [{ toJSON: (k: string) => k }] },
      { boxed: [new Number(3), new String('s'), new Boolean(false)] },
      Object.assign(Object.create({ inherited: 1 }), { own: 2 }),
      // arrays longer than one native slice: holes of no JSON form, toJSON given its own index, in later slices too
      { list: long, nested: [long, [long]], empty: [], one: [1] },
      long,
    ];
    for (const depth of [0, 1, 2, 5]) {
      const w = new BindWriter(16, depth);
      for (const v of values) {
        const c = { statement: 'im1', values: ['before', new JsonParam(v), 'after'], valueMapper: prepareValue };
        expectSameBytes(w.bind(c), pgBind({ ...c, values: ['before', JSON.stringify(v), 'after'] }));
      }
    }
  });

  it('sends NULL for a JsonParam with no JSON text, and throws where JSON.stringify throws', () => {
    const w = new BindWriter();
    expectSameBytes(w.bind({ values: [new JsonParam(undefined), 'x'] }), pgBind({ values: [null, 'x'] }));
    expect(() => w.bind({ values: [new JsonParam({ big: [1n] })] })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = { again: cyclic };
    expect(() => w.bind({ values: [new JsonParam(cyclic)] })).toThrow(TypeError);
  });

  it('writes random documents byte for byte, growing past its buffer and reused from message to message', () => {
    const w = new BindWriter(64);
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const leaf = (): unknown =>
      [
        () => Math.floor(rand() * 1e9),
        () => rand() * 1e6 - 5e5,
        () =>
          String.fromCharCode(
            ...Array.from({ length: 1 + Math.floor(rand() * 12) }, () => Math.floor(rand() * 0xffff)),
          ),
        () => null,
        () => rand() < 0.5,
        () => undefined,
      ][Math.floor(rand() * 6)]();
    const tree = (d: number): unknown => {
      if (d === 0 || rand() < 0.3) return leaf();
      if (rand() < 0.5) return Array.from({ length: Math.floor(rand() * 6) }, () => tree(d - 1));
      return Object.fromEntries(
        Array.from({ length: Math.floor(rand() * 6) }, (_, i) => [`k${i}${leaf()}`, tree(d - 1)]),
      );
    };
    const big = {
      bids: Array.from({ length: 3000 }, (_, i) => ({ i, hash: i.toString(16).padStart(64, '0'), n: 'é' })),
    };
    for (let n = 0; n < 300; n++) {
      const v = n % 50 === 0 ? big : tree(5);
      const c = { statement: 'im2', values: [n, new JsonParam(v)], valueMapper: prepareValue };
      expectSameBytes(w.bind(c), pgBind({ ...c, values: [n, JSON.stringify(v) ?? null] }));
    }
  });

  it('gives other paths the string', () => {
    const v = { a: [1, 'é'] };
    expect(plainParams([1, new JsonParam(v), null])).toEqual([1, JSON.stringify(v), null]);
    const same = [1, 'x'];
    expect(plainParams(same)).toBe(same);
    expect(plainParams(undefined)).toBeUndefined();
  });
});
