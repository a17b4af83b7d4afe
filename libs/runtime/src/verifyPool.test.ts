import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import {
  SECP256K1_N,
  createDigestSigner,
  hashIntent,
  signIntent,
  verifyIntentSignature,
  type Hex,
  type Intent,
  type SignedIntent,
} from '@intentmesh/protocol';
import { VERIFY_WORKER_ENTRY, createVerifyPool, type VerifyPool, type VerifyResult } from './verifyPool';

// the pool's workers run the compiled dist/ (a worker thread cannot load TypeScript): `node scripts/build.mjs` first, as `npm test` does
const signers = Array.from({ length: 6 }, () => createDigestSigner(generatePrivateKey()));
let nonce = 0n;
const intentOf = (s: (typeof signers)[number], over: Partial<Intent> = {}): Intent => ({
  swapper: s.address,
  sellToken: '0x1111111111111111111111111111111111111111',
  sellAmount: 10n ** 18n + nonce,
  buyToken: '0x2222222222222222222222222222222222222222',
  minBuyAmount: 3_000n * 10n ** 6n,
  recipient: s.address,
  sourceChainId: [1, 10, 42161][Number(nonce % 3n)],
  destinationChainId: 8453,
  nonce: nonce++,
  deadline: 2_000_000_000,
  ...over,
});
const sign = (s: (typeof signers)[number], i: Intent) => s.signDigest(hashIntent(i));
const withS = (sig: Hex, f: (s: bigint) => bigint) =>
  (sig.slice(0, 66) +
    f(BigInt('0x' + sig.slice(66, 130)))
      .toString(16)
      .padStart(64, '0') +
    sig.slice(130)) as Hex;
const withV = (sig: Hex, v: string) => (sig.slice(0, 130) + v) as Hex;

/** Every kind of signed intent the API can meet, valid and invalid, labelled. */
function corpus(): { label: string; item: SignedIntent }[] {
  const out: { label: string; item: SignedIntent }[] = [];
  signers.forEach((s, k) => {
    const other = signers[(k + 1) % signers.length];
    const i = intentOf(s);
    const sig = sign(s, i);
    const v = parseInt(sig.slice(130), 16);
    out.push(
      { label: 'valid', item: { intent: i, signature: sig } },
      {
        label: 'v as 0/1 (refused, as the settlement contract refuses it)',
        item: { intent: i, signature: withV(sig, v === 27 ? '00' : '01') },
      },
      { label: 'valid, upper-case hex', item: { intent: i, signature: ('0x' + sig.slice(2).toUpperCase()) as Hex } },
      { label: 'wrong signer', item: { intent: i, signature: sign(other, i) } },
      { label: 'tampered amount', item: { intent: { ...i, sellAmount: i.sellAmount + 1n }, signature: sig } },
      {
        label: 'signed for another chain',
        item: { intent: { ...i, sourceChainId: i.sourceChainId === 1 ? 10 : 1 }, signature: sig },
      },
      {
        label: 'high s',
        item: {
          intent: i,
          signature: withV(
            withS(sig, (x) => SECP256K1_N - x),
            v === 27 ? '1c' : '1b',
          ),
        },
      },
      { label: 'bad v', item: { intent: i, signature: withV(sig, '1d') } },
      { label: 'zero s', item: { intent: i, signature: withS(sig, () => 0n) } },
      { label: 'zero r', item: { intent: i, signature: ('0x' + '0'.repeat(64) + sig.slice(66)) as Hex } },
      { label: 'r off the curve', item: { intent: i, signature: ('0x' + 'f'.repeat(64) + sig.slice(66)) as Hex } },
      { label: 'too short', item: { intent: i, signature: sig.slice(0, 100) as Hex } },
      { label: 'not hex', item: { intent: i, signature: ('0x' + 'zz'.repeat(65)) as Hex } },
      {
        label: 'checksummed swapper (not the parsed form)',
        item: { intent: { ...i, swapper: privateKeyToAccount(generatePrivateKey()).address as Hex }, signature: sig },
      },
    );
  });
  return out;
}

/** What the inline path gives: the hash, or the thrown error's wire body. */
function inline(item: SignedIntent): unknown {
  try {
    return { ok: true, hash: verifyIntentSignature(item.intent, item.signature) };
  } catch (err) {
    return { ok: false, body: (err as { toJSON(): unknown }).toJSON() };
  }
}
const plain = (r: VerifyResult) => (r.ok ? r : { ok: false, body: r.error.toJSON() });

describe('verify pool - intent signatures checked on worker threads', () => {
  let pool: VerifyPool;
  beforeAll(() => {
    pool = createVerifyPool({ size: 2 });
  });
  afterAll(() => pool.close());

  it('answers exactly as inline verifyIntentSignature for valid and every kind of invalid signature', async () => {
    // four corpora of distinct intents (fresh nonces), so answers in a wrong order cannot match by chance
    const cases = [corpus(), corpus(), corpus(), corpus()].flat();
    // one signed through viem's account path as wallets do, not only the digest signer
    const account = privateKeyToAccount(generatePrivateKey());
    const viaViem = intentOf(signers[0], {
      swapper: account.address.toLowerCase() as Hex,
      recipient: account.address.toLowerCase() as Hex,
    });
    cases.push({
      label: 'valid, signed by a viem account',
      item: { intent: viaViem, signature: await signIntent(viaViem, account) },
    });
    const got = await pool.verifyIntents(cases.map((c) => c.item));
    expect(got.map((r, k) => ({ label: cases[k].label, r: plain(r) }))).toEqual(
      cases.map((c) => ({ label: c.label, r: inline(c.item) })),
    );
    // the corpus really has both outcomes, and several refusal reasons
    expect(got.filter((r) => r.ok).length).toBe(4 * 2 * signers.length + 1);
    const reasons = new Set(got.flatMap((r) => (r.ok ? [] : [String(r.error.details.reason)])));
    expect([...reasons].sort()).toEqual(['format', 'high-s', 'not-swapper', 'unrecoverable', 'v', 'zero']);
    expect(got.every((r) => r.ok || r.error.code === 'INVALID_SIGNATURE')).toBe(true);
  });

  it('spreads one batch over both workers and keeps answers in order under concurrent calls', async () => {
    const cases = corpus();
    const chunks = pool.stats.chunks;
    await pool.verifyIntents(cases.slice(0, 20).map((c) => c.item));
    expect(pool.stats.chunks - chunks).toBe(2);
    await pool.verifyIntents(cases.slice(0, 1).map((c) => c.item));
    expect(pool.stats.chunks - chunks).toBe(3);
    const before = pool.stats.items;
    const calls = await Promise.all(
      Array.from({ length: 6 }, (_, k) => pool.verifyIntents(cases.slice(k, k + 20).map((c) => c.item))),
    );
    calls.forEach((got, k) => expect(got.map(plain)).toEqual(cases.slice(k, k + 20).map((c) => inline(c.item))));
    expect(pool.stats.items - before).toBe(120);
    expect(await pool.verifyIntents([])).toEqual([]);
  });
});

describe('verify pool - a worker that dies', () => {
  let dir: string;
  let pool: VerifyPool;
  beforeAll(() => {
    // the real worker, plus poison signatures that end the thread mid-request (process.exit, or an uncaught throw)
    dir = mkdtempSync(join(tmpdir(), 'im-verify-pool-'));
    const entry = join(dir, 'dyingWorker.js');
    writeFileSync(
      entry,
      `const { parentPort } = require('node:worker_threads');
const on = parentPort.on.bind(parentPort);
// wraps the real worker's message handler, so a poisoned request dies before it is answered
parentPort.on = (event, fn) => on(event, event !== 'message' ? fn : (m) => {
  if (m.items.some((i) => i.signature === '0xexit')) process.exit(7);
  if (m.items.some((i) => i.signature === '0xthrow')) throw new Error('boom in the worker');
  fn(m);
});
require(${JSON.stringify(VERIFY_WORKER_ENTRY)});
`,
    );
    pool = createVerifyPool({ size: 2, entry });
  });
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const valid = () => {
    const i = intentOf(signers[0]);
    return { intent: i, signature: sign(signers[0], i) };
  };

  it.each([
    ['process.exit', '0xexit', /worker stopped \(exit code 7\)/],
    ['an uncaught error', '0xthrow', /worker stopped \(exit code 1, boom in the worker\)/],
  ])(
    '%s rejects its pending request with a clear error; the other worker answers and the dead one is replaced',
    async (_how, poison, message) => {
      const replaced = pool.stats.replaced;
      const doomed = pool.verifyIntents([{ ...valid(), signature: poison as Hex }]);
      const bystander = pool.verifyIntents([valid()]);
      await expect(doomed).rejects.toMatchObject({
        code: 'INTERNAL',
        details: { reason: 'verify-worker-exit' },
        message: expect.stringMatching(message),
      });
      expect((await bystander)[0].ok).toBe(true);
      expect(pool.stats).toMatchObject({ workers: 2, replaced: replaced + 1 });
      // and the pool keeps serving, on both workers
      const after = await pool.verifyIntents([valid(), valid(), valid(), valid()]);
      expect(after.every((r) => r.ok)).toBe(true);
    },
  );
});

describe('verify pool - close', () => {
  it('rejects what is still waiting, refuses new work, and leaves no thread or port open', async () => {
    const pool = createVerifyPool({ size: 2 });
    const i = intentOf(signers[1]);
    const waiting = pool.verifyIntents(
      Array.from({ length: 50 }, () => ({ intent: i, signature: sign(signers[1], i) })),
    );
    // settled before close() so the rejection is handled when it happens
    const settled = waiting.then(
      () => undefined,
      (err: unknown) => err,
    );
    await pool.close();
    expect(await settled).toMatchObject({ code: 'INTERNAL', details: { reason: 'verify-pool-closed' } });
    await expect(pool.verifyIntents([{ intent: i, signature: sign(signers[1], i) }])).rejects.toMatchObject({
      details: { reason: 'verify-pool-closed' },
    });
    expect(pool.stats.workers).toBe(0);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'MessagePort')).toEqual([]);
  });

  it('refuses a missing worker script with a message saying to build', () => {
    expect(() => createVerifyPool({ size: 1, entry: '/nonexistent/verifyWorker.js' })).toThrow(/build first/);
    expect(() => createVerifyPool({ size: 0 })).toThrow(/at least one worker/);
  });
});
