import fc from 'fast-check';
import type { z } from 'zod';
import { parseSignedAward } from './award/award';
import { signedAwardSchema } from './award/awardSchema';
import { parseSignedSettlementFailure } from './award/settlementFailure';
import { signedSettlementFailureSchema } from './award/settlementFailureSchema';
import { parseBundledBid, parseSignedBid, readBundledBid } from './bid/bid';
import { bundledBidSchema, signedBidSchema } from './bid/bidSchema';
import { parseBidBundleMessage } from './bid/bundle';
import { bidBundleMessageSchema } from './bid/bundleSchema';
import { IntentMeshError } from './errors';
import { parseIntent, parseSignedIntent } from './intent/parseIntent';
import { auctionOpenSchema, parseAuctionOpen } from './messages/auction';
import { intentSchema, signedIntentSchema } from './intent/schema';
import { parseOrThrow } from './schema';
import { ODD_VALUES } from '../test/oddValues';
import { parseHealthChallenge, parseSignedHealthAttestation } from './trust/attestation';
import { healthChallengeSchema, signedHealthAttestationSchema } from './trust/attestationSchema';

// The plain-check parsers (no zod, so an audit bundle carries none) against the zod schemas they replace: the same
// refusal (message, code, details) for every bad input, and the same parsed value (lowercased hex, bigint amounts)
// for every good one.

const H = `0x${'ab'.repeat(32)}`;
const A = '0x52908400098527886E0F7030069857D2E4169EE7';
const S = `0x${'1B'.repeat(65)}`;
const intent = {
  swapper: A,
  sellToken: A.toLowerCase(),
  sellAmount: '1000',
  buyToken: A,
  minBuyAmount: '1',
  recipient: A,
  sourceChainId: 1,
  destinationChainId: 10,
  nonce: '0',
  deadline: 1_900_000_000,
};
const bid = { auctionId: H, solver: A, fills: [{ intentHash: H, buyAmount: '5' }], routeHash: H, validUntil: 9 };
const attestation = { auctioneer: A, solver: A, nonce: H, issuedAt: 1, inflight: 0, chains: [1, 10] };

type Case = { name: string; parse: (json: unknown) => unknown; schema: z.ZodType; what: string; valid: unknown };
const cases: Case[] = [
  { name: 'intent', parse: parseIntent, schema: intentSchema, what: 'intent', valid: intent },
  {
    name: 'signed intent',
    parse: parseSignedIntent,
    schema: signedIntentSchema,
    what: 'body',
    valid: { intent, signature: S },
  },
  {
    name: 'signed award',
    parse: parseSignedAward,
    schema: signedAwardSchema,
    what: 'award',
    valid: { award: { auctionId: H, intentHash: H, solver: A, buyAmount: '7', settleBy: 5 }, signature: S },
  },
  {
    name: 'settlement failure',
    parse: parseSignedSettlementFailure,
    schema: signedSettlementFailureSchema,
    what: 'settlement failure',
    valid: { failure: { auctionId: H, intentHash: H, solver: A, reason: 'reverted', reportedAt: 3 }, signature: S },
  },
  { name: 'signed bid', parse: parseSignedBid, schema: signedBidSchema, what: 'bid', valid: { bid, signature: S } },
  { name: 'bundled bid', parse: parseBundledBid, schema: bundledBidSchema, what: 'bid', valid: { bid } },
  {
    name: 'bid bundle',
    parse: parseBidBundleMessage,
    schema: bidBundleMessageSchema,
    what: 'bid bundle',
    valid: { bundle: { auctionId: H, solver: A, root: H, count: 1 }, signature: S, bids: [bid] },
  },
  {
    name: 'auction open',
    parse: parseAuctionOpen,
    schema: auctionOpenSchema,
    what: 'auction',
    valid: { auctionId: H, auctioneer: A, openedAt: 1, bidWindowMs: 300, intents: [{ hash: H, intent, signature: S }] },
  },
  {
    name: 'health attestation',
    parse: parseSignedHealthAttestation,
    schema: signedHealthAttestationSchema,
    what: 'attestation',
    valid: { attestation: { ...attestation, region: 'eu-1' }, signature: S },
  },
  {
    name: 'health challenge',
    parse: parseHealthChallenge,
    schema: healthChallengeSchema,
    what: 'challenge',
    valid: { auctioneer: A, nonce: H },
  },
];

function outcome(run: () => unknown) {
  try {
    return { ok: run() };
  } catch (e) {
    if (!(e instanceof IntentMeshError)) throw e;
    return { message: e.message, code: e.code, details: e.details };
  }
}
const same = (c: Case, data: unknown) =>
  // toStrictEqual: an absent optional field must stay absent, not turn into `undefined`
  expect(outcome(() => c.parse(data))).toStrictEqual(outcome(() => parseOrThrow(c.schema, data, c.what)));

const odd = ODD_VALUES;

/** Every object inside `v` by its path, so each nested field is broken in turn. */
function* objects(v: unknown, path: (string | number)[] = []): Generator<(string | number)[]> {
  if (typeof v !== 'object' || v === null) return;
  yield path;
  for (const [k, x] of Object.entries(v)) yield* objects(x, [...path, Array.isArray(v) ? Number(k) : k]);
}
function patched(root: unknown, path: (string | number)[], f: (o: Record<string, unknown>) => unknown): unknown {
  if (!path.length) return f(root as Record<string, unknown>);
  const [head, ...rest] = path;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  copy[head!] = patched(copy[head!], rest, f);
  return copy;
}

describe('plain-check parsers match the zod schemas', () => {
  it.each(cases)('$name: reads a valid message as the schema does', (c) => {
    same(c, c.valid);
    expect(outcome(() => c.parse(c.valid))).toHaveProperty('ok');
  });

  it.each(cases)('$name: refuses every odd value, missing and unknown field, at every depth, alike', (c) => {
    for (const v of odd) same(c, v);
    for (const path of objects(c.valid)) {
      const at = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], c.valid);
      if (Array.isArray(at)) continue;
      const fields = Object.keys(at as object);
      for (const f of fields) {
        same(
          c,
          patched(c.valid, path, ({ [f]: _dropped, ...rest }) => rest),
        );
        for (const v of odd)
          same(
            c,
            patched(c.valid, path, (o) => ({ ...o, [f]: v })),
          );
      }
      same(
        c,
        patched(c.valid, path, (o) => ({ ...o, extra: 1, more: 2 })),
      );
      same(
        c,
        patched(c.valid, path, (o) => ({ ...o, extra: 1, [fields[0]!]: 'bad' })),
      );
    }
  });

  it('bid bundle: a bundle of 1,001 bids is refused alike', () => {
    const c = cases.find((x) => x.name === 'bid bundle')!;
    same(c, { ...(c.valid as object), bids: Array.from({ length: 1001 }, () => bid) });
    same(c, { ...(c.valid as object), bids: [] });
  });

  it('readBundledBid reads what parseBundledBid reads and nothing else', () => {
    expect(readBundledBid(bid)).toStrictEqual(parseBundledBid({ bid }).bid);
    for (const v of odd) expect(readBundledBid(v)).toBeUndefined();
  });

  it.each(cases)('$name: fields in another order, or one swapped for an unknown key, are read alike', (c) => {
    // strictObject skips the unknown-key lookup when the keys come in the shape's order: any other order takes it
    for (const path of objects(c.valid)) {
      const at = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], c.valid);
      if (Array.isArray(at)) continue;
      same(
        c,
        patched(c.valid, path, (o) => Object.fromEntries(Object.entries(o).reverse())),
      );
      const fields = Object.keys(at as object);
      same(
        c,
        patched(c.valid, path, ({ [fields[fields.length - 1]!]: _gone, ...rest }) => ({ ...rest, stranger: 1 })),
      );
      same(
        c,
        patched(c.valid, path, (o) => JSON.parse(`{"__proto__":1,${JSON.stringify(o).slice(1)}`)),
      );
    }
  });

  it('a sparse array is refused as zod refuses it: its holes are read as undefined', () => {
    const c = cases.find((x) => x.name === 'signed bid')!;
    same(c, { ...(c.valid as { bid: object }), bid: { ...bid, fills: [, bid.fills[0]] } });
    const open = cases.find((x) => x.name === 'auction open')!;
    same(open, { ...(open.valid as object), intents: [, ...(open.valid as { intents: unknown[] }).intents] });
  });

  it('an address read before is read again only in the same case: a flipped letter is still a bad checksum', () => {
    const c = cases.find((x) => x.name === 'intent')!;
    const flips = [...A].flatMap((ch, i) =>
      /[a-fA-F]/.test(ch)
        ? [A.slice(0, i) + (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()) + A.slice(i + 1)]
        : [],
    );
    for (let round = 0; round < 2; round++) {
      same(c, intent);
      for (const f of flips) same(c, { ...intent, swapper: f, recipient: A });
      same(c, { ...intent, swapper: A.toLowerCase(), recipient: A.toUpperCase().replace('0X', '0x') });
    }
    // more distinct addresses than the cache holds (it is cleared), then the first ones again
    for (let i = 0; i < 5000; i++)
      expect(parseIntent({ ...intent, recipient: `0x${i.toString(16).padStart(40, 'a')}` }).recipient).toBe(
        `0x${i.toString(16).padStart(40, 'a')}`,
      );
    same(c, intent);
    for (const f of flips) same(c, { ...intent, buyToken: f });
  });

  it('a 32-byte hex read before is read again as it was: any other spelling is tested anew', () => {
    const c = cases.find((x) => x.name === 'signed bid')!;
    const withHash = (h: unknown) => ({
      bid: { ...bid, auctionId: h, fills: [{ intentHash: h, buyAmount: '5' }] },
      signature: S,
    });
    const spellings = [
      H,
      H.toUpperCase().replace('0X', '0x'),
      `${H.slice(0, -1)}g`,
      H.slice(0, -2),
      `${H}ab`,
      `0X${H.slice(2)}`,
      ` ${H}`,
    ];
    for (let round = 0; round < 2; round++) for (const h of spellings) same(c, withHash(h));
    // more distinct values than the cache holds (it is cleared), then the first ones again
    for (let i = 0; i < 5000; i++) {
      const h = `0x${i.toString(16).padStart(64, 'C')}`;
      expect(parseSignedBid(withHash(h)).bid.auctionId).toBe(h.toLowerCase());
    }
    for (const h of spellings) same(c, withHash(h));
  });

  it.each(cases)('$name: agrees on random JSON-shaped messages', (c) => {
    const value = fc.oneof(fc.constantFrom(...odd), fc.jsonValue());
    const paths = [...objects(c.valid)];
    const keys = [...new Set(paths.flatMap((p) => Object.keys(p.reduce<any>((o, k) => o[k], c.valid))))];
    fc.assert(
      fc.property(
        fc.constantFrom(...paths),
        fc.dictionary(fc.constantFrom(...keys, 'z'), value),
        fc.boolean(),
        (path, patch, base) =>
          same(c, base ? patched(c.valid, path, (o) => (Array.isArray(o) ? o : { ...o, ...patch })) : patch),
      ),
      { numRuns: 500 },
    );
  });
});
