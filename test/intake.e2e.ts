import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { Messaging } from '@intentmesh/messaging';
import { SECP256K1_N, serializeIntent, signIntent, type Hex, type Intent } from '@intentmesh/protocol';
import type { RunningApi } from '@intentmesh/api';
import type { Storage } from '@intentmesh/storage';
import { startTestApi } from './support/api';
import { testRecord } from '../libs/storage/test/testFixtures';
import { STOP_TIMEOUT_MS } from './support/processes';

const account = privateKeyToAccount(generatePrivateKey());
const swapper = account.address.toLowerCase() as Hex;
let nonce = 1n;
const fresh = (): Intent => ({
  swapper,
  sellToken: '0x1111111111111111111111111111111111111111',
  sellAmount: 10n ** 18n,
  buyToken: '0x2222222222222222222222222222222222222222',
  minBuyAmount: 1n,
  recipient: swapper,
  sourceChainId: 1,
  destinationChainId: 10,
  nonce: nonce++,
  deadline: Math.floor(Date.now() / 1000) + 600,
});
const body = async (i: Intent) =>
  JSON.stringify({ intent: serializeIntent(i), signature: await signIntent(i, account) });
const post = (url: string, b: string, path = '/v1/intents') =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: b });

describe('intake - group commit, bounded queue and the record cache (real NATS and PostgreSQL)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  }, STOP_TIMEOUT_MS);

  async function apiWith(
    vars: Record<string, string>,
    now?: () => number,
  ): Promise<{ api: RunningApi; storage: Storage; messaging: Messaging }> {
    const { api, storage, messaging, stop } = await startTestApi(
      'intake',
      { RATE_LIMIT_IP_PER_SEC: '0', RATE_LIMIT_SWAPPER_PER_SEC: '0', ...vars },
      now,
    );
    cleanups.push(stop);
    return { api, storage, messaging };
  }

  it('concurrent submissions share INSERTs, and every 201 is both a stored row and a stream message', async () => {
    const { api, storage, messaging } = await apiWith({ INTAKE_WINDOW_MS: '5' });
    const bodies = await Promise.all(Array.from({ length: 120 }, () => body(fresh())));
    const res = await Promise.all(bodies.map((b) => post(api.url, b)));
    const hashes = await Promise.all(
      res.map(async (r) => (r.status === 201 ? ((await r.json()) as { hash: string }).hash : undefined)),
    );
    expect(res.map((r) => r.status)).toEqual(bodies.map(() => 201));
    const stored = await storage.intents.statuses(hashes as string[]);
    expect(stored.size).toBe(120);
    expect(await messaging.stream.pending()).toBe(120);
    // fewer statements than intents: the INSERTs were shared
    expect(api.intake.groups).toBeLessThan(120);
    expect(api.intake.largestGroup).toBeGreaterThan(1);
    expect(api.intake.queued).toBe(0);
  });

  it('answers 429 OVERLOADED with Retry-After once the bounded queue is full, and accepts nothing it refused', async () => {
    const { api, storage, messaging } = await apiWith({ INTAKE_MAX_QUEUED: '8', INTAKE_WINDOW_MS: '50' });
    const bodies = await Promise.all(Array.from({ length: 40 }, () => body(fresh())));
    const res = await Promise.all(bodies.map((b) => post(api.url, b)));
    const statuses = res.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(8);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 201 || s === 429)).toBe(true);
    const refused = res.find((r) => r.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as any).error).toMatchObject({ code: 'OVERLOADED', details: { maxQueued: 8 } });
    const accepted = statuses.filter((s) => s === 201).length;
    expect(api.intake.refusedFull).toBe(40 - accepted);
    expect(Object.values(await storage.intents.countByStatus()).reduce((a, b) => a + b, 0)).toBe(accepted);
    expect(await messaging.stream.pending()).toBe(accepted);
    // a whole batch that does not fit is refused at once
    const batch = await post(
      api.url,
      JSON.stringify({
        intents: await Promise.all(Array.from({ length: 9 }, async () => JSON.parse(await body(fresh())))),
      }),
      '/v1/intents/batch',
    );
    expect(batch.status).toBe(429);
    expect(((await batch.json()) as any).error.code).toBe('OVERLOADED');
  });

  it('a batch verified on worker threads (VERIFY_WORKERS=2) answers item for item, byte for byte, as inline verification', async () => {
    // one clock for both APIs, so even DEADLINE_PASSED's "now" is the same
    const at = Date.now();
    const inline = await apiWith({ VERIFY_WORKERS: '0' }, () => at);
    const pooled = await apiWith({ VERIFY_WORKERS: '2', VERIFY_POOL_MIN_BATCH: '8' }, () => at);
    const signed = async (i: Intent, signer = account) => ({
      intent: serializeIntent(i),
      signature: await signIntent(i, signer),
    });
    const withSig = async (i: Intent, f: (sig: string) => string) => {
      const b = await signed(i);
      return { ...b, signature: f(b.signature) };
    };
    const highS = (sig: string) =>
      sig.slice(0, 66) +
      (SECP256K1_N - BigInt('0x' + sig.slice(66, 130))).toString(16).padStart(64, '0') +
      (sig.slice(130) === '1b' ? '1c' : '1b');
    const first = fresh();
    const forChain10 = await signed(fresh());
    const items = [
      await signed(first),
      await signed(fresh()),
      await withSig(fresh(), highS),
      await signed(fresh(), privateKeyToAccount(generatePrivateKey())),
      await signed(fresh()),
      { intent: { ...serializeIntent(fresh()), sellAmount: '1.5' }, signature: '0x' + '11'.repeat(65) },
      await withSig(fresh(), (sig) => sig.slice(0, 130) + '1d'),
      { ...forChain10, intent: { ...forChain10.intent, sourceChainId: 10 } },
      await signed({ ...fresh(), deadline: Math.floor(at / 1000) - 5 }),
      await signed(first),
      { ...(await signed(fresh())), extra: 1 },
      await withSig(fresh(), (sig) => '0x' + 'f'.repeat(64) + sig.slice(66)),
      await signed(fresh()),
    ];
    const body = JSON.stringify({ intents: items });
    const answers: string[] = [];
    for (const { api } of [inline, pooled]) {
      const res = await post(api.url, body, '/v1/intents/batch');
      expect(res.status).toBe(200);
      answers.push(await res.text());
    }
    expect(answers[1]).toBe(answers[0]);
    const parsed = JSON.parse(answers[0]);
    expect(
      parsed.results.map(
        (r: any) => r.status ?? `${r.error.code}${r.error.details?.reason ? ':' + r.error.details.reason : ''}`,
      ),
    ).toEqual([
      'pending',
      'pending',
      'INVALID_SIGNATURE:high-s',
      'INVALID_SIGNATURE:not-swapper',
      'pending',
      'INVALID_AMOUNT',
      'INVALID_SIGNATURE:v',
      'INVALID_SIGNATURE:not-swapper',
      'DEADLINE_PASSED',
      'DUPLICATE_INTENT',
      'SCHEMA_INVALID',
      'INVALID_SIGNATURE:unrecoverable',
      'pending',
    ]);
    // the pooled API really verified on its workers: the 10 items that passed the schema, chain and deadline, in one call
    expect(pooled.api.verifyPool).toMatchObject({ workers: 2, requests: 1, items: 10 });
    expect(inline.api.verifyPool).toBeUndefined();
    // below VERIFY_POOL_MIN_BATCH a batch stays on the main thread, with the same answers
    const small = JSON.stringify({
      intents: [await signed(fresh()), await signed(fresh(), privateKeyToAccount(generatePrivateKey()))],
    });
    expect(
      ((await (await post(pooled.api.url, small, '/v1/intents/batch')).json()) as any).results.map(
        (r: any) => r.status ?? r.error.code,
      ),
    ).toEqual(['pending', 'INVALID_SIGNATURE']);
    expect(pooled.api.verifyPool).toMatchObject({ requests: 1 });
  });

  it('serves a stored auction record from memory after the first read, byte for byte', async () => {
    const { api, storage } = await apiWith({});
    const record = testRecord('0x' + 'ab'.repeat(32), 1, { signature: '0x' + '77'.repeat(65) });
    await storage.auctions.append(record, []);
    const first = await fetch(`${api.url}/v1/auctions/${record.auctionId.toUpperCase().replace('0X', '0x')}`);
    const second = await fetch(`${api.url}/v1/auctions/${record.auctionId}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/application\/json/);
    const [a, b] = [await first.text(), await second.text()];
    expect(a).toBe(b);
    expect(JSON.parse(a)).toEqual(record);
    expect(api.records.stats).toMatchObject({ hits: 1, misses: 1 });
    // an unknown id still gets the controller's 404 with its code
    const missing = await fetch(`${api.url}/v1/auctions/0x${'cd'.repeat(32)}`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).error.code).toBe('AUCTION_NOT_FOUND');
  });
});
