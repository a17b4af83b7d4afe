import fc from 'fast-check';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createNatsMessaging, decodeJson, encodeJson, type Messaging } from '@intentmesh/messaging';
import {
  BidVerdicts,
  ErrorCodes,
  parseAuctionOpen,
  serializeIntent,
  signIntent,
  type Intent,
} from '@intentmesh/protocol';
import { useMarketplace } from '../support/marketplace';
import { getJson, waitFor } from '../support/processes';
import { report } from '../support/outcomes';
import { forEachConcurrently } from '../support/pool';
import { openStream, rawRequest, type RawAnswer } from '../support/http';

const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const codes = new Set<string>(Object.values(ErrorCodes));
const verdicts = new Set<string>(Object.values(BidVerdicts));

const hexChars = fc.constantFrom(...'0123456789abcdefABCDEFxg'.split(''));
const hexish = fc.oneof(
  fc.string({ unit: hexChars, maxLength: 70 }).map((s) => '0x' + s),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constant('0x' + 'A'.repeat(40)), // mixed or upper case with a bad checksum
);
const amountish = fc.oneof(
  fc.double().map(String),
  fc.double(),
  fc.bigInt({ min: -(2n ** 300n), max: 2n ** 300n }).map(String),
  fc.constantFrom('1e18', '0x10', ' 1', '1 ', '01', '', '-0', '1.0', 'NaN', 'Infinity', '１２３'),
  fc.integer(),
);
const junk = fc.oneof(
  hexish,
  amountish,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);
const pollution = fc.constantFrom('__proto__', 'constructor', 'prototype');

function deep(n: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
}

describe('faults - fuzzing every edge: HTTP intents and NATS bids (real processes, NATS, PostgreSQL)', () => {
  // a long bid window keeps one auction open for the NATS fuzzing below
  const m = useMarketplace('fuzz', {
    BID_WINDOW_MS: '120000',
    AUCTION_INTERVAL_MS: '200',
    BID_WINDOW_EARLY_CLOSE: 'off',
    STREAM_MAX_PER_IP: '2',
    STREAM_MAX_CLIENTS: '3',
    HTTP_BODY_TIMEOUT_MS: '1500',
  });
  let valid: { intent: ReturnType<typeof serializeIntent>; signature: string };
  beforeAll(async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const intent: Intent = {
      swapper: account.address.toLowerCase() as `0x${string}`,
      sellToken: '0x1111111111111111111111111111111111111111',
      sellAmount: 10n ** 18n,
      buyToken: '0x2222222222222222222222222222222222222222',
      minBuyAmount: 1n,
      recipient: account.address.toLowerCase() as `0x${string}`,
      sourceChainId: 1,
      destinationChainId: 10,
      nonce: 1n,
      deadline: Math.floor(Date.now() / 1000) + 3600,
    };
    valid = { intent: serializeIntent(intent), signature: await signIntent(intent, account) };
  });

  it(`refuses ${CASES} malformed POST /v1/intents bodies with a 4xx and a stable code; the API never fails`, async () => {
    const bodies = fc.oneof(
      // one field of a valid, signed intent replaced by junk
      fc
        .record({ field: fc.constantFrom(...Object.keys(valid.intent)), value: junk })
        // a junk value equal to the real one would make a valid intent, which is not what this test is about
        .filter(
          ({ field, value }) =>
            JSON.stringify(value) !== JSON.stringify((valid.intent as Record<string, unknown>)[field]),
        )
        .map(({ field, value }) => JSON.stringify({ ...valid, intent: { ...valid.intent, [field]: value } })),
      fc
        .record({ key: pollution, value: junk })
        .map(
          ({ key, value }) =>
            `{"intent":${JSON.stringify(valid.intent).replace('{', `{"${key}":${JSON.stringify(value) ?? 'null'},`)},"signature":"${valid.signature}"}`,
        ),
      hexish.map((sig) => JSON.stringify({ ...valid, signature: sig })),
      fc.json().filter((j) => j !== JSON.stringify(valid)),
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.integer({ min: 50, max: 3000 }).map((n) => JSON.stringify({ ...valid, x: deep(n) })),
      fc.constant(JSON.stringify({ ...valid, pad: 'x'.repeat(70 * 1024) })),
    );
    const samples = fc.sample(bodies, { numRuns: CASES, seed: 42 });
    const outcomes = new Map<string, number>();
    await forEachConcurrently(samples, 16, async (body) => {
      const res = await fetch(`${m.url}/v1/intents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const json = (await res.json().catch(() => undefined)) as { error?: { code?: string } } | undefined;
      const code = json?.error?.code ?? `no-code-${res.status}`;
      if (res.status < 400 || res.status >= 500 || !codes.has(code))
        throw new Error(`body ${body.slice(0, 200)} got ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
      outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
    });
    const refused = [...outcomes.values()].reduce((a, b) => a + b, 0);
    report({ fuzz: 'POST /v1/intents', cases: CASES, refused, codes: Object.fromEntries(outcomes) });
    expect(refused).toBe(CASES);
    expect((await getJson(`${m.url}/health`)).status).toBe(200);
    expect(m.apps.api.output()).not.toMatch(/unhandled|uncaught/i);
  }, 300_000);

  it('refuses unreadable bodies (content type, charset, encoding, a trickled body) and stream floods with a code, never a 500', async () => {
    const post = (headers: Record<string, string>, body: string | Buffer) =>
      rawRequest(m.url, { method: 'POST', path: '/v1/intents', headers, body });
    const cases: [string, Promise<RawAnswer>, number, string][] = [
      ['text/plain', post({ 'content-type': 'text/plain' }, JSON.stringify(valid)), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['form', post({ 'content-type': 'application/x-www-form-urlencoded' }, 'a=1'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['xml', post({ 'content-type': 'application/xml' }, '<a/>'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [
        'latin1',
        post({ 'content-type': 'application/json; charset=latin1' }, JSON.stringify(valid)),
        415,
        'UNSUPPORTED_CHARSET',
      ],
      [
        'utf-16',
        post({ 'content-type': 'application/json; charset=utf-16' }, JSON.stringify(valid)),
        415,
        'UNSUPPORTED_CHARSET',
      ],
      [
        'compress',
        post({ 'content-type': 'application/json', 'content-encoding': 'compress' }, JSON.stringify(valid)),
        415,
        'UNSUPPORTED_ENCODING',
      ],
      [
        'bogus encoding',
        post({ 'content-type': 'application/json', 'content-encoding': 'x-nope' }, JSON.stringify(valid)),
        415,
        'UNSUPPORTED_ENCODING',
      ],
      [
        'corrupt gzip',
        post({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, Buffer.from('not gzip at all')),
        400,
        'MALFORMED_JSON',
      ],
      [
        'trickled body',
        rawRequest(m.url, {
          method: 'POST',
          path: '/v1/intents',
          headers: { 'content-type': 'application/json', 'content-length': '100000' },
          body: '{"intent":',
          trickle: true,
        }),
        408,
        'REQUEST_TIMEOUT',
      ],
    ];
    const answers: Record<string, string> = {};
    for (const [name, answer, status, code] of cases) {
      const a = await answer;
      answers[name] = `${a.status} ${a.code}`;
      expect(`${name}: ${a.status} ${a.code}`).toBe(`${name}: ${status} ${code}`);
    }
    // streams: two per address, three in all (this run's caps); a fourth from another address finds the server full
    const streams = [await openStream(m.url), await openStream(m.url)];
    const perIp = await openStream(m.url);
    streams.push(await openStream(m.url, '127.0.0.2'));
    const full = await openStream(m.url, '127.0.0.2');
    expect([streams.map((s) => s.status), perIp.status, perIp.code, full.status, full.code]).toEqual([
      [200, 200, 200],
      429,
      'TOO_MANY_STREAMS',
      503,
      'STREAMS_FULL',
    ]);
    streams.forEach((s) => s.close());
    await waitFor(
      'a freed stream slot',
      async () => {
        const s = await openStream(m.url);
        s.close();
        return s.status === 200;
      },
      5000,
      100,
    );
    report({
      fuzz: 'HTTP edges (media type, charset, encoding, trickle, stream caps)',
      cases: cases.length + 2,
      refused: cases.length + 2,
      answers,
    });
    expect(m.apps.api.output()).not.toMatch(/ERR_HTTP_HEADERS_SENT|"code":"INTERNAL"|Internal error/);
  }, 60_000);

  it(`refuses ${CASES} malformed POST /v1/intents/batch bodies or items, each with a stable code; the API never fails`, async () => {
    const item = fc.oneof(
      fc
        .record({ field: fc.constantFrom(...Object.keys(valid.intent)), value: junk })
        .filter(
          ({ field, value }) =>
            JSON.stringify(value) !== JSON.stringify((valid.intent as Record<string, unknown>)[field]),
        )
        .map(({ field, value }) => ({ ...valid, intent: { ...valid.intent, [field]: value } })),
      junk,
      hexish.map((signature) => ({ ...valid, signature })),
    );
    const bodies = fc.oneof(
      fc.array(item, { minLength: 1, maxLength: 5 }).map((intents) => JSON.stringify({ intents })),
      fc.json(),
      fc
        .record({ key: pollution, value: junk })
        .map(({ key, value }) => `{"${key}":${JSON.stringify(value) ?? 'null'},"intents":[]}`),
      fc.integer({ min: 101, max: 150 }).map((n) => JSON.stringify({ intents: new Array(n).fill(valid) })),
    );
    const samples = fc.sample(bodies, { numRuns: CASES, seed: 43 });
    let items = 0;
    await forEachConcurrently(samples, 16, async (body) => {
      const res = await fetch(`${m.url}/v1/intents/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const json = (await res.json().catch(() => undefined)) as any;
      if (res.status === 200) {
        // a well-formed batch: every item refused on its own, with a stable code
        for (const r of json.results) {
          if (!r.error || !codes.has(r.error.code))
            throw new Error(`batch item accepted or uncoded: ${JSON.stringify(r).slice(0, 200)}`);
          items++;
        }
      } else if (res.status < 400 || res.status >= 500 || !codes.has(json?.error?.code)) {
        throw new Error(`body ${body.slice(0, 200)} got ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
      }
    });
    report({ fuzz: 'POST /v1/intents/batch', cases: CASES, refused: CASES, itemsRefused: items });
    expect((await getJson(`${m.url}/health`)).status).toBe(200);
  }, 300_000);

  it(`answers ${CASES} malformed vouchers and admin actions with a refusal each; the auctioneer never fails`, async () => {
    const nats: Messaging = await createNatsMessaging({
      servers: 'nats://127.0.0.1:4222',
      name: 'fuzzer-trust',
      prefix: m.prefix,
    });
    try {
      const messages = fc.oneof(
        fc.json().map((j) => new TextEncoder().encode(j)),
        fc.uint8Array({ maxLength: 300 }),
        fc
          .record({
            voucher: fc.record({ solver: hexish, operator: hexish, salt: hexish, expiry: amountish }),
            signature: hexish,
          })
          .map((v) => encodeJson(v)),
        fc
          .record({
            action: fc.record({
              kind: fc.constantFrom('setBond', 'eject', 'readmit', 'x'),
              operator: hexish,
              nonce: amountish,
              expiry: amountish,
            }),
            signature: hexish,
          })
          .map((v) => encodeJson(v)),
        fc
          .record({ key: pollution, value: junk })
          .map(({ key, value }) => new TextEncoder().encode(`{"${key}":${JSON.stringify(value) ?? 'null'}}`)),
      );
      const samples = fc.sample(messages, { numRuns: CASES, seed: 9 });
      const reasons = new Map<string, number>();
      await forEachConcurrently(samples, 32, async (sample, i) => {
        const subject = nats.subjects.resolve(i % 2 ? 'auctioneer.admin' : 'auctioneer.vouch');
        const r = decodeJson(await nats.bus.request(subject, sample, { timeoutMs: 5000 })) as {
          ok: boolean;
          reason?: string;
        };
        if (r.ok !== false || typeof r.reason !== 'string') throw new Error(`unexpected answer ${JSON.stringify(r)}`);
        reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
      });
      report({
        fuzz: 'NATS vouchers and admin actions',
        cases: CASES,
        refused: CASES,
        reasons: Object.fromEntries(reasons),
      });
      const status = decodeJson(
        await nats.bus.request(nats.subjects.resolve('auctioneer.status'), encodeJson({}), { timeoutMs: 2000 }),
      ) as { auctioneer: string };
      expect(status.auctioneer).toMatch(/^0x[0-9a-f]{40}$/);
      expect(m.apps.auctioneer.output()).not.toMatch(/unhandled|uncaught/i);
    } finally {
      await nats.close();
    }
  }, 300_000);

  it(`answers ${CASES} malformed bid messages with a refusal verdict each; the auctioneer never fails`, async () => {
    const nats: Messaging = await createNatsMessaging({
      servers: 'nats://127.0.0.1:4222',
      name: 'fuzzer',
      prefix: m.prefix,
    });
    try {
      let auctionId = '';
      const sub = nats.bus.subscribe(
        nats.subjects.auctionOpenAll,
        (msg) => (auctionId ||= parseAuctionOpen(decodeJson(msg.data)).auctionId),
      );
      const res = await fetch(`${m.url}/v1/intents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(valid),
      });
      expect(res.status).toBe(201);
      await waitFor('an auction to open', async () => auctionId, 10_000);
      sub.unsubscribe();
      const bid = {
        auctionId,
        solver: '0x' + '11'.repeat(20),
        fills: [{ intentHash: '0x' + '22'.repeat(32), buyAmount: '1' }],
        routeHash: '0x' + '33'.repeat(32),
        validUntil: 1,
      };
      const messages = fc.oneof(
        fc
          .record({ field: fc.constantFrom(...Object.keys(bid)), value: junk })
          .map(({ field, value }) =>
            encodeJson({ bid: { ...bid, [field]: value }, signature: '0x' + '44'.repeat(65) }),
          ),
        junk.map((sig) => encodeJson({ bid, signature: sig })),
        fc.json().map((j) => new TextEncoder().encode(j)),
        fc.uint8Array({ maxLength: 300 }),
        fc.array(junk, { maxLength: 5 }).map((bids) => encodeJson({ bids })),
        fc
          .record({ key: pollution, value: junk })
          .map(({ key, value }) =>
            new TextEncoder().encode(
              `{"${key}":${JSON.stringify(value) ?? 'null'},"bid":${JSON.stringify(bid)},"signature":"0x"}`,
            ),
          ),
      );
      const samples = fc.sample(messages, { numRuns: CASES, seed: 7 });
      const seen = new Map<string, number>();
      await forEachConcurrently(samples, 32, async (sample) => {
        const reply = decodeJson(
          await nats.bus.request(nats.subjects.auctionBid(auctionId), sample, { timeoutMs: 5000 }),
        ) as any;
        for (const r of reply.receipts ?? [reply]) {
          if (!verdicts.has(r.verdict) || r.verdict === 'ACCEPTED')
            throw new Error(`unexpected receipt ${JSON.stringify(r)}`);
          seen.set(r.verdict, (seen.get(r.verdict) ?? 0) + 1);
        }
      });
      report({ fuzz: 'NATS bid messages', cases: CASES, refused: CASES, verdicts: Object.fromEntries(seen) });
      expect(seen.size).toBeGreaterThan(1);
      // still alive and answering
      const status = decodeJson(
        await nats.bus.request(nats.subjects.resolve('auctioneer.status'), encodeJson({}), { timeoutMs: 2000 }),
      ) as { bids: number };
      expect(status.bids).toBeGreaterThanOrEqual(CASES);
      expect(m.apps.auctioneer.output()).not.toMatch(/unhandled|uncaught/i);
    } finally {
      await nats.close();
    }
  }, 300_000);
});
