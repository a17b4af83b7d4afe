import { request } from 'node:http';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { serializeIntent, signIntent, type Hex, type Intent } from '@intentmesh/protocol';
import type { RunningApi } from '@intentmesh/api';
import { startTestApi, type TestApi } from './support/api';
import { STOP_TIMEOUT_MS } from './support/processes';

const account = privateKeyToAccount(generatePrivateKey());
let nonce = 1n;
const fresh = (signer: PrivateKeyAccount = account, over: Partial<Intent> = {}): Intent => ({
  swapper: signer.address.toLowerCase() as Hex,
  sellToken: '0x1111111111111111111111111111111111111111',
  sellAmount: 10n ** 18n,
  buyToken: '0x2222222222222222222222222222222222222222',
  minBuyAmount: 3_000n * 10n ** 6n,
  recipient: signer.address.toLowerCase() as Hex,
  sourceChainId: 1,
  destinationChainId: 10,
  nonce: nonce++,
  deadline: Math.floor(Date.now() / 1000) + 600,
  ...over,
});
const signed = async (intent: Intent, signer = account) => ({
  intent: serializeIntent(intent),
  signature: await signIntent(intent, signer),
});

type Raw = { status: number; headers: [string, string][]; body: string };

describe('api - intake POSTs on the raw server answer exactly as the Express/Nest route does (real NATS and PostgreSQL)', () => {
  let t: TestApi;
  let api: RunningApi;

  beforeAll(async () => {
    t = await startTestApi('rawin', {
      RATE_LIMIT_IP_PER_SEC: '0',
      RATE_LIMIT_SWAPPER_PER_SEC: '0',
      MAX_OPEN_INTENTS_PER_SWAPPER: '2',
    });
    ({ api } = t);
  });
  afterAll(() => t.stop(), STOP_TIMEOUT_MS);

  /** One POST with its status, raw headers in order (Date dropped: it ticks) and body bytes. */
  const post = (path: string, body: string | Buffer, type = 'application/json'): Promise<Raw> =>
    new Promise((resolve, reject) => {
      const { hostname, port } = new URL(api.url);
      const data = typeof body === 'string' ? Buffer.from(body) : body;
      const req = request(
        { hostname, port, path, method: 'POST', headers: { 'content-type': type, 'content-length': data.length } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const headers: [string, string][] = [];
            for (let i = 0; i < res.rawHeaders.length; i += 2)
              if (res.rawHeaders[i].toLowerCase() !== 'date') headers.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
            resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString() });
          });
        },
      );
      req.on('error', reject);
      req.end(data);
    });

  /** The same request on the raw route and on the framework's (a trailing slash is the same Nest route, not ours). */
  const both = async (path: string, body: string | Buffer, type?: string) => {
    const before = api.rawIntake.served;
    const raw = await post(path, body, type);
    const taken = api.rawIntake.served - before;
    const framework = await post(`${path}/`, body, type);
    expect(api.rawIntake.served - before).toBe(taken); // the trailing-slash request went to Express
    return { raw, framework, taken };
  };

  /** A valid signed intent of a swapper of its own (each swapper may hold 2 open intents here). */
  const signedBody = async () => {
    const signer = privateKeyToAccount(generatePrivateKey());
    return JSON.stringify(await signed(fresh(signer), signer));
  };

  it.each([
    ['malformed JSON', '{"intent":'],
    ['an empty body (read as {})', ''],
    ['null', 'null'],
    ['an array', '[]'],
    ['a string', '"x"'],
    ['a schema error', JSON.stringify({ intent: { swapper: '0x1' }, signature: '0x' })],
  ])('answers %s identically on both paths', async (_, body) => {
    for (const path of ['/v1/intents', '/v1/intents/batch']) {
      const { raw, framework, taken } = await both(path, body);
      expect(taken).toBe(1);
      expect(raw).toEqual(framework);
      expect(raw.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('answers a refused signature, a duplicate and a batch of refusals identically (status, headers, bytes)', async () => {
    const bad = await signed(fresh());
    bad.signature = (bad.signature.slice(0, -2) + '1f') as Hex;
    const badSig = await both('/v1/intents', JSON.stringify(bad));
    expect(badSig.raw).toEqual(badSig.framework);
    expect(JSON.parse(badSig.raw.body).error.code).toBe('INVALID_SIGNATURE');

    const once = await signedBody();
    const first = await post('/v1/intents', once);
    expect(first.status).toBe(201);
    const dup = await both('/v1/intents', once);
    expect(dup.raw).toEqual(dup.framework);
    expect([dup.raw.status, JSON.parse(dup.raw.body).error.code]).toEqual([409, 'DUPLICATE_INTENT']);

    const batch = JSON.stringify({ intents: [JSON.parse(once), bad, { intent: 1 }] });
    const refusals = await both('/v1/intents/batch', batch);
    expect(refusals.raw).toEqual(refusals.framework);
    expect(JSON.parse(refusals.raw.body)).toMatchObject({ accepted: 0, refused: 3 });

    const tooMany = await both('/v1/intents/batch', JSON.stringify({ intents: new Array(101).fill(bad) }));
    expect(tooMany.raw).toEqual(tooMany.framework);
  });

  it('answers 429 with the same Retry-After header on both paths', async () => {
    const swapper = privateKeyToAccount(generatePrivateKey());
    for (let i = 0; i < 2; i++)
      expect((await post('/v1/intents', JSON.stringify(await signed(fresh(swapper), swapper)))).status).toBe(201);
    const before = api.rawIntake.served;
    const raw = await post('/v1/intents', JSON.stringify(await signed(fresh(swapper), swapper)));
    const framework = await post('/v1/intents/', JSON.stringify(await signed(fresh(swapper), swapper)));
    expect(api.rawIntake.served - before).toBe(1);
    expect(raw).toEqual(framework);
    expect(raw.status).toBe(429);
    expect(raw.headers).toContainEqual(['Retry-After', '5']);
  });

  it('accepts on both paths with the same status, header names and order, and an ETag of its own body', async () => {
    const etag = api.app.getHttpAdapter().getInstance().get('etag fn') as (b: Buffer) => string;
    const names = (r: Raw) => r.headers.map(([k]) => k);
    for (const [path, make] of [
      ['/v1/intents', signedBody],
      ['/v1/intents/batch', async () => `{"intents":[${await signedBody()},${await signedBody()}]}`],
    ] as const) {
      const before = api.rawIntake.served;
      const raw = await post(path, await make());
      const framework = await post(`${path}/`, await make());
      expect(api.rawIntake.served - before).toBe(1);
      expect([raw.status, names(raw)]).toEqual([framework.status, names(framework)]);
      expect(raw.status).toBe(path.endsWith('batch') ? 200 : 201);
      for (const r of [raw, framework]) expect(r.headers).toContainEqual(['ETag', etag(Buffer.from(r.body))]);
      expect(raw.headers).toContainEqual(['X-Powered-By', 'Express']);
      expect(raw.headers).toContainEqual(['Content-Type', 'application/json; charset=utf-8']);
      expect(Object.keys(JSON.parse(raw.body))).toEqual(Object.keys(JSON.parse(framework.body)));
    }
  });

  it('takes UTF-8 JSON with a charset and a byte order mark, and leaves other types and charsets to the framework', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"intent":{}}')]);
    const withBom = await both('/v1/intents', bom, 'application/json; charset=UTF-8');
    expect(withBom.taken).toBe(1);
    expect(withBom.raw).toEqual(withBom.framework);
    for (const type of ['text/plain', 'application/json; charset=latin1', 'application/vnd.x+json']) {
      const other = await both('/v1/intents', '{}', type);
      expect(other.taken).toBe(0);
      expect(other.raw).toEqual(other.framework);
    }
  });

  it('leaves a body over the limit to the framework, which answers 413 BODY_TOO_LARGE', async () => {
    const big = await both('/v1/intents', JSON.stringify({ pad: 'x'.repeat(70_000) }));
    expect(big.taken).toBe(0);
    expect([big.raw.status, JSON.parse(big.raw.body).error.code]).toEqual([413, 'BODY_TOO_LARGE']);
  });
});
