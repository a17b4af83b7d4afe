import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { Messaging } from '@intentmesh/messaging';
import { SECP256K1_N, serializeIntent, signIntent, type Hex, type Intent } from '@intentmesh/protocol';
import type { RunningApi } from '@intentmesh/api';
import { startTestApi, type TestApi } from './support/api';
import { STOP_TIMEOUT_MS } from './support/processes';

const account = privateKeyToAccount(generatePrivateKey());
const swapper = account.address.toLowerCase() as Hex;
let nonce = 1n;
const fresh = (over: Partial<Intent> = {}): Intent => ({
  swapper,
  sellToken: '0x1111111111111111111111111111111111111111',
  sellAmount: 10n ** 18n,
  buyToken: '0x2222222222222222222222222222222222222222',
  minBuyAmount: 3_000n * 10n ** 6n,
  recipient: swapper,
  sourceChainId: 1,
  destinationChainId: 10,
  nonce: nonce++,
  deadline: Math.floor(Date.now() / 1000) + 600,
  ...over,
});

describe('api - POST /v1/intents refusals, each with its status and stable code (real NATS and PostgreSQL)', () => {
  let t: TestApi;
  let api: RunningApi;
  let messaging: Messaging;

  beforeAll(async () => {
    t = await startTestApi('api', { RATE_LIMIT_IP_PER_SEC: '0', RATE_LIMIT_SWAPPER_PER_SEC: '0' });
    ({ api, messaging } = t);
  });
  afterAll(() => t.stop(), STOP_TIMEOUT_MS);

  const post = async (body: string | object) => {
    const res = await fetch(`${api.url}/v1/intents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const signed = async (intent: Intent, signer = account) => ({
    intent: serializeIntent(intent),
    signature: await signIntent(intent, signer),
  });

  it.each([
    ['/v1/tokens?bogus=1', 'UNKNOWN_FILTER'],
    ['/v1/tokens?chainId=junk', 'SCHEMA_INVALID'],
    ['/v1/tokens?chainId=5', 'UNKNOWN_CHAIN'],
    ['/v1/chains?verbose=1', 'UNKNOWN_FILTER'],
    [`/v1/intents/0x${'ab'.repeat(32)}?expand=award`, 'UNKNOWN_FILTER'],
    [`/v1/auctions/0x${'ab'.repeat(32)}?fields=bids`, 'UNKNOWN_FILTER'],
    ['/v1/quote?sellToken=0x1&typo=1', 'UNKNOWN_FILTER'],
    ['/v1/stream?types=award', 'UNKNOWN_FILTER'],
    ['/v1/auctions?chainid=10', 'UNKNOWN_FILTER'],
  ])(
    'refuses GET %s with 400 %s: an unknown or malformed query parameter never widens or changes a result',
    async (path, code) => {
      const res = await fetch(`${api.url}${path}`);
      expect([res.status, ((await res.json()) as any).error.code]).toEqual([400, code]);
    },
  );

  it('still answers the query parameters a route documents', async () => {
    expect((await fetch(`${api.url}/v1/tokens?chainId=10`)).status).toBe(200);
    expect((await fetch(`${api.url}/v1/auctions?limit=5`)).status).toBe(200);
  });

  it('accepts a valid intent with 201 {hash, status: pending} after the stream stored it', async () => {
    const res = await post(await signed(fresh()));
    expect(res).toMatchObject({ status: 201, body: { status: 'pending' } });
    expect(res.body.hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await messaging.stream.pending()).toBeGreaterThanOrEqual(1);
  });

  /** A signed valid intent whose wire `field` is then replaced by `value` (refused before its signature matters). */
  const withField = (field: string, value: unknown) => async () => {
    const b: any = await signed(fresh());
    b.intent[field] = value;
    return b;
  };
  it.each([
    ['malformed JSON', () => '{"intent": ', 400, 'MALFORMED_JSON'],
    // undefined drops the field from the JSON body
    ['a missing field (schema, names the field)', withField('recipient', undefined), 400, 'SCHEMA_INVALID'],
    ['an unknown field', async () => ({ ...(await signed(fresh())), extra: 1 }), 400, 'SCHEMA_INVALID'],
    ['a bad address', withField('sellToken', '0x123'), 400, 'INVALID_ADDRESS'],
    ['a zero amount', withField('sellAmount', '0'), 400, 'INVALID_AMOUNT'],
    ['a negative amount', withField('sellAmount', '-5'), 400, 'INVALID_AMOUNT'],
    ['a fractional amount', withField('minBuyAmount', '1.5'), 400, 'INVALID_AMOUNT'],
    ['an amount >= 2^256', withField('sellAmount', (1n << 256n).toString()), 400, 'INVALID_AMOUNT'],
    [
      'a passed deadline',
      async () => signed(fresh({ deadline: Math.floor(Date.now() / 1000) - 1 })),
      400,
      'DEADLINE_PASSED',
    ],
    [
      'a deadline more than 24 h ahead',
      async () => signed(fresh({ deadline: Math.floor(Date.now() / 1000) + 90_000 })),
      400,
      'DEADLINE_TOO_FAR',
    ],
    [
      'the same token on the same chain',
      async () => signed(fresh({ destinationChainId: 1, buyToken: '0x1111111111111111111111111111111111111111' })),
      400,
      'SAME_TOKEN',
    ],
    [
      'an unknown chain',
      async () =>
        signed(fresh({ sourceChainId: 999 }), account).catch(() => ({
          intent: serializeIntent(fresh({ sourceChainId: 999 })),
          signature: '0x' + '11'.repeat(65),
        })),
      400,
      'UNKNOWN_CHAIN',
    ],
    [
      'a signature by another key',
      async () => signed(fresh(), privateKeyToAccount(generatePrivateKey())),
      400,
      'INVALID_SIGNATURE',
    ],
    [
      'an intent signed for chain A submitted for chain B',
      async () => {
        const i = fresh();
        const b = await signed(i);
        b.intent.sourceChainId = 42161;
        return b;
      },
      400,
      'INVALID_SIGNATURE',
    ],
    [
      'a high-s signature',
      async () => {
        const b = await signed(fresh());
        const s = BigInt('0x' + b.signature.slice(66, 130));
        const v = parseInt(b.signature.slice(130), 16);
        b.signature = (b.signature.slice(0, 66) +
          (SECP256K1_N - s).toString(16).padStart(64, '0') +
          (v === 27 ? '1c' : '1b')) as Hex;
        return b;
      },
      400,
      'INVALID_SIGNATURE',
    ],
    [
      'a body over 64 KiB',
      async () => ({ ...(await signed(fresh())), pad: 'x'.repeat(70_000) }),
      413,
      'BODY_TOO_LARGE',
    ],
  ])('refuses %s', async (_name, make, status, code) => {
    const res = await post(await (make as () => Promise<object | string>)());
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
    expect(typeof res.body.error.message).toBe('string');
  });

  it('POST /v1/intents/batch accepts and refuses item by item with the single-intent codes', async () => {
    const a = fresh();
    const b = fresh();
    const sameNonceAsA = { ...a, minBuyAmount: a.minBuyAmount + 1n };
    const items = [
      await signed(a),
      await signed(b),
      await signed(a),
      await signed(fresh(), privateKeyToAccount(generatePrivateKey())),
      { intent: { ...serializeIntent(fresh()), sellAmount: '1.5' }, signature: '0x' + '11'.repeat(65) },
      await signed(sameNonceAsA),
    ];
    const res = await fetch(`${api.url}/v1/intents/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ intents: items }),
    });
    const body = (await res.json()) as any;
    expect(res.status).toBe(200);
    expect(body.results.map((r: any) => r.status ?? r.error.code)).toEqual([
      'pending',
      'pending',
      'DUPLICATE_INTENT',
      'INVALID_SIGNATURE',
      'INVALID_AMOUNT',
      'NONCE_USED',
    ]);
    expect(body).toMatchObject({ accepted: 2, refused: 4 });
    const tooMany = await fetch(`${api.url}/v1/intents/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ intents: new Array(101).fill(items[0]) }),
    });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as any).error).toMatchObject({
      code: 'SCHEMA_INVALID',
      details: { field: 'intents' },
    });
  });

  it('names the offending field in details', async () => {
    const b: any = await signed(fresh());
    b.intent.sellAmount = 1.5;
    const res = await post(b);
    expect(res.body.error).toMatchObject({ code: 'INVALID_AMOUNT', details: { field: 'intent.sellAmount' } });
  });

  it('answers a duplicate intent with 409 and its current status, and a reused nonce with 409 NONCE_USED', async () => {
    const i = fresh();
    const body = await signed(i);
    expect((await post(body)).status).toBe(201);
    expect(await post(body)).toMatchObject({
      status: 409,
      body: { error: { code: 'DUPLICATE_INTENT', details: { status: 'pending' } } },
    });
    const sameNonce = await signed({ ...i, minBuyAmount: i.minBuyAmount + 1n });
    expect(await post(sameNonce)).toMatchObject({ status: 409, body: { error: { code: 'NONCE_USED' } } });
  });

  it('answers unknown intents and auctions with 404 and malformed ids with 400', async () => {
    expect((await fetch(`${api.url}/v1/intents/0x${'ab'.repeat(32)}`)).status).toBe(404);
    const bad = await fetch(`${api.url}/v1/auctions/nothex`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.code).toBe('INVALID_HEX');
  });

  it('serves chains with the EIP-712 domain and types, and the OpenAPI document', async () => {
    const chains = (await (await fetch(`${api.url}/v1/chains`)).json()) as any[];
    expect(chains.find((c) => c.chainId === 1)).toMatchObject({
      domain: { name: 'IntentMesh', version: '1', chainId: 1 },
      primaryType: 'Intent',
    });
    const doc = (await (await fetch(`${api.url}/docs/openapi.json`)).json()) as any;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/intents', '/v1/intents/{hash}', '/v1/auctions/{id}', '/v1/chains', '/health']),
    );
  });
});

describe('api - abuse limits (real NATS and PostgreSQL)', () => {
  const setups: (() => Promise<void>)[] = [];
  // teardown stops APIs and drops databases: more than jest's 5 s default on a loaded machine
  afterAll(async () => {
    for (const s of setups) await s();
  }, 30_000);

  async function apiWith(limits: Record<string, string>) {
    const { api, stop } = await startTestApi('limits', limits);
    setups.push(stop);
    return api;
  }
  const submit = async (url: string, intent: Intent, signer = account) =>
    fetch(`${url}/v1/intents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ intent: serializeIntent(intent), signature: await signIntent(intent, signer) }),
    });
  /** Two fresh intents are accepted; the third is refused with 429 and `code`. */
  const expectThirdRefused = async (url: string, code: string) => {
    expect((await submit(url, fresh())).status).toBe(201);
    expect((await submit(url, fresh())).status).toBe(201);
    const third = await submit(url, fresh());
    expect([third.status, ((await third.json()) as any).error.code]).toEqual([429, code]);
  };

  it('answers 429 RATE_LIMITED with Retry-After once an IP spends its burst', async () => {
    const api = await apiWith({
      RATE_LIMIT_IP_PER_SEC: '1',
      RATE_LIMIT_IP_BURST: '3',
      RATE_LIMIT_SWAPPER_PER_SEC: '0',
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${api.url}/v1/chains`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const res = await fetch(`${api.url}/v1/chains`);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await res.json()) as any).error.code).toBe('RATE_LIMITED');
  });

  it('limits intents per swapper and caps its open intents, counting only signed submissions', async () => {
    const api = await apiWith({
      RATE_LIMIT_IP_PER_SEC: '0',
      RATE_LIMIT_SWAPPER_PER_SEC: '1',
      RATE_LIMIT_SWAPPER_BURST: '2',
    });
    await expectThirdRefused(api.url, 'RATE_LIMITED');
    // someone forging this swapper's intents is refused as INVALID_SIGNATURE and spends none of its quota
    const other = privateKeyToAccount(generatePrivateKey());
    const theirs = fresh({
      swapper: other.address.toLowerCase() as Hex,
      recipient: other.address.toLowerCase() as Hex,
    });
    expect((await submit(api.url, theirs, account)).status).toBe(400);
    expect((await submit(api.url, theirs, other)).status).toBe(201);

    const capped = await apiWith({
      RATE_LIMIT_IP_PER_SEC: '0',
      RATE_LIMIT_SWAPPER_PER_SEC: '0',
      MAX_OPEN_INTENTS_PER_SWAPPER: '2',
    });
    await expectThirdRefused(capped.url, 'TOO_MANY_OPEN_INTENTS');
  });
});
