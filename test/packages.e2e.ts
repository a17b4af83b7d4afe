import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './support/cli';
import { buildOnce, freePort, ROOT, startUntilReady } from './support/processes';

// As a user outside the monorepo: `npm run pack`, install the tarballs into an empty directory, and trade against the
// marketplace (run by the packed CLI itself) from an ESM and a CommonJS script (quote, sign, submit, award,
// verifyAuction), check the CLI's balance guard, type-check a
// strict consumer against the shipped .d.ts, run the CLI's bin, and bundle the installed SDK for a browser.

// one trade, written once for both module systems: `imports` differs, the body is the same
const body = `
const url = process.env.INTENTMESH_URL;
const client = createIntentMeshClient({ url });
const transport = createIntentMeshTransport({ url });
const account = privateKeyToAccount(generatePrivateKey());
const weth = await client.getToken(1, 'WETH');
const usdc = await client.getToken(10, 'USDC');
const faucet = await fetch(url + '/v1/dev/faucet', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ chainId: 1, token: weth.address, to: account.address, amount: String(10n ** 18n) }),
});
if (!faucet.ok) throw new Error('faucet ' + faucet.status);
const params = { sellToken: weth.address, buyToken: usdc.address, sellAmount: 10n ** 18n, sourceChainId: 1, destinationChainId: 10 };
// the tree-shakable action and the client's method answer alike
const quote = await getQuote(transport, params);
const intent = buildIntent({ ...params, swapper: account.address, quote });
const signature = await client.signIntent(intent, account);
const { hash } = await client.submitIntent(intent, signature);
const view = await client.waitForAward(hash, { timeoutMs: 30_000 });
const record = await client.getAuction(view.auctionId);
const verdict = verifyAuction(record, { auctioneer: record.auctioneer });
let unreachable;
try {
  await createIntentMeshClient({ url: 'http://127.0.0.1:1' }).getChains();
} catch (err) {
  unreachable = err instanceof IntentMeshError ? err.code : String(err);
}
// one copy of the SDK behind both entries (CommonJS too): the audit subpath's verifier is the main entry's
const shared = verifyAuction === sdkVerifyAuction;
console.log(JSON.stringify({ hash, quoted: quote.buyAmount, awarded: view.award.award.buyAmount, min: String(intent.minBuyAmount), ok: verdict.ok, problems: verdict.problems, unreachable, shared }));
`;
const esm = `import { createIntentMeshClient, createIntentMeshTransport, getQuote, buildIntent, IntentMeshError, verifyAuction as sdkVerifyAuction } from '@intentmesh/sdk';
import { verifyAuction } from '@intentmesh/sdk/audit';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
${body}`;
const cjs = `const { createIntentMeshClient, createIntentMeshTransport, getQuote, buildIntent, IntentMeshError, verifyAuction: sdkVerifyAuction } = require('@intentmesh/sdk');
const { verifyAuction } = require('@intentmesh/sdk/audit');
const { generatePrivateKey, privateKeyToAccount } = require('viem/accounts');
(async () => {
${body}
})().catch((err) => { console.error(err); process.exit(1); });`;

// a strict consumer: our .d.ts must hold up under the options users turn on, without skipLibCheck
const consumer = `import { createIntentMeshClient, getQuote, createIntentMeshTransport, type Intent } from '@intentmesh/sdk';
import { verifyAuction, type AuctionRecordJSON } from '@intentmesh/sdk/audit';
import { createSolver, createQuoter, type QuoteFn } from '@intentmesh/solver-kit';
export async function f(url: string, r: AuctionRecordJSON): Promise<boolean> {
  const q = await getQuote(createIntentMeshTransport({ url }), { sellToken: '0x', buyToken: '0x', sellAmount: 1n, sourceChainId: 1 });
  const i: Intent = createIntentMeshClient({ url }).buildIntent({ swapper: '0x', sellToken: '0x', buyToken: '0x', sellAmount: 1n, sourceChainId: 1, quote: q });
  const quote: QuoteFn = () => [];
  void createSolver; void createQuoter; void quote;
  return i.sellAmount > 0n && verifyAuction(r, { auctioneer: '0x' }).ok;
}
`;

describe('packages - the packed sdk, solver kit and cli installed into an empty directory', () => {
  it('runs the marketplace from the packed CLI, trades from ESM and CommonJS, guards a balance, type-checks strictly and bundles for a browser', async () => {
    buildOnce();
    const pack = await run('npm', ['run', 'pack', '--silent'], { cwd: ROOT, env: process.env, timeoutMs: 240_000 });
    expect({ code: pack.code, err: pack.stderr }).toEqual({ code: 0, err: expect.any(String) });
    const files = JSON.parse(readFileSync(join(ROOT, '.packs/index.json'), 'utf8')) as string[];
    expect(files.sort()).toEqual([
      'intentmesh-0.1.0.tgz',
      'intentmesh-sdk-0.1.0.tgz',
      'intentmesh-solver-kit-0.1.0.tgz',
    ]);

    const dir = mkdtempSync(join(tmpdir(), 'im-packages-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    // the tarballs: every other dependency comes from the registry by what they declare
    const install = await run(
      'npm',
      // @types/node: the solver kit is for Node, its types name node:http's Server
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '@types/node@^20.19.0',
        ...files.map((f) => join(ROOT, '.packs', f)),
      ],
      { cwd: dir, env: process.env, timeoutMs: 180_000 },
    );
    expect({ code: install.code, err: install.stderr }).toEqual({ code: 0, err: expect.any(String) });
    const installed = JSON.parse(readFileSync(join(dir, 'node_modules/@intentmesh/sdk/package.json'), 'utf8'));
    expect(installed.dependencies).not.toHaveProperty(['@intentmesh/protocol']);
    // no tests and no sources in the tarball
    const listing = await run('tar', ['-tzf', join(ROOT, '.packs/intentmesh-sdk-0.1.0.tgz')]);
    expect(listing.stdout).not.toMatch(/\.test\.|\/src\//);
    expect(listing.stdout).toMatch(/package\/dist\/index\.d\.ts/);

    writeFileSync(join(dir, 'trade.mjs'), esm);
    writeFileSync(join(dir, 'trade.cjs'), cjs);
    writeFileSync(join(dir, 'consumer.ts'), consumer);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: false,
          skipLibCheck: false,
          noEmit: true,
          types: ['node'],
          lib: ['ES2022', 'DOM'],
        },
        files: [
          'consumer.ts',
          ...['sdk/dist/index', 'sdk/dist/audit', 'solver-kit/dist/index'].map(
            (f) => `node_modules/@intentmesh/${f}.d.ts`,
          ),
        ],
      }),
    );

    // the marketplace itself from the packed CLI (it bundles the embedded marketplace): nothing here runs from the repo
    const bin = join(dir, 'node_modules/.bin/intentmesh');
    const rpcPort = await freePort();
    const {
      app: market,
      ready,
      exited,
    } = await startUntilReady<{ url: string }>(
      'the marketplace of the packed CLI',
      bin,
      ['solver', 'start', '--reference', '--json', '--port', '0', '--data-dir', join(dir, '.data')],
      // the local chains' JSON-RPC (chain 1 on rpcPort), for the CLI's balance guard below
      { cwd: dir, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', LOCAL_CHAIN_RPC_PORT: String(rpcPort) } },
      180_000,
    );
    // the shipped .d.ts under a strict consumer, then the installed SDK in a browser bundle: beside the trades below
    // (mostly waiting on auctions), after the marketplace's start so they do not compete with it for the CPU
    const checks = (async () => {
      const types = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], {
        cwd: dir,
        timeoutMs: 180_000,
      });
      const sizes = await run(process.execPath, [join(ROOT, 'bench/bundle.mjs'), '--dir', dir], {
        cwd: ROOT,
        timeoutMs: 60_000,
      });
      return { types, sizes };
    })();
    checks.catch(() => undefined); // awaited below; a failed trade must not leave it an unhandled rejection
    try {
      const env = { PATH: process.env.PATH ?? '', INTENTMESH_URL: ready.url };
      // the CLI's bin from the tarball
      expect(await run(bin, ['--version'], { cwd: dir, env })).toMatchObject({ code: 0, stdout: '0.1.0\n' });
      const quote = () =>
        run(bin, ['quote', '--sell', 'WETH', '--buy', 'USDC', '--amount', '1', '--chain', '1', '--json'], {
          cwd: dir,
          env,
        });
      // "ready" comes before the first health probes: quote until a solver is rated healthy (NO_QUOTE until then)
      let q = await quote();
      for (const until = Date.now() + 60_000; q.code !== 0 && q.stderr.includes('NO_QUOTE') && Date.now() < until;) {
        await new Promise((r) => setTimeout(r, 500));
        q = await quote();
      }
      expect({ code: q.code, err: q.stderr }).toEqual({ code: 0, err: '' });
      expect(JSON.parse(q.stdout)).toMatchObject({ buyAmount: expect.stringMatching(/^[1-9][0-9]*$/) });
      for (const script of ['trade.mjs', 'trade.cjs']) {
        const r = await run(process.execPath, [script], { cwd: dir, env, timeoutMs: 90_000 });
        expect({ script, code: r.code, err: r.stderr }).toEqual({ script, code: 0, err: '' });
        const out = JSON.parse(r.stdout) as Record<string, unknown>;
        expect(out).toMatchObject({ ok: true, problems: [], unreachable: 'UNREACHABLE', shared: true });
        expect(BigInt(out.awarded as string)).toBeGreaterThanOrEqual(BigInt(out.min as string));
      }
      // the balance guard: a fresh key holds no WETH, so the sale is refused before anything is signed (exit 3)
      const broke = await run(
        bin,
        ['submit', '--sell', 'WETH', '--amount', '5', '--buy', 'USDC', '--min', '1', '--chain', '1'],
        {
          cwd: dir,
          env: {
            ...env,
            INTENTMESH_PRIVATE_KEY: `0x${'7'.repeat(64)}`,
            INTENTMESH_RPC_URL: `http://127.0.0.1:${rpcPort}`,
          },
        },
      );
      expect({ code: broke.code, err: broke.stderr }).toEqual({
        code: 3,
        err: expect.stringContaining('INSUFFICIENT_BALANCE'),
      });
    } finally {
      market.child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);

    const { types, sizes } = await checks;
    expect({ code: types.code, out: types.stdout }).toEqual({ code: 0, out: '' });
    expect({ code: sizes.code, err: sizes.stderr }).toEqual({ code: 0, err: '' });
    const report = JSON.parse(sizes.stdout) as { sizes: Record<string, { gzipBytes: number }> };
    // printed for the CI log: the installed SDK's browser bundles, gzipped
    console.log(
      `browser bundles of the installed SDK (gzip bytes): ${JSON.stringify(Object.fromEntries(Object.entries(report.sizes).map(([k, v]) => [k, v.gzipBytes])))}`,
    );
    // the trader path within 100 KB both ways: the tree-shakable actions and the client object (no zod in either)
    expect(report.sizes.trader!.gzipBytes).toBeLessThanOrEqual(100 * 1024);
    expect(report.sizes.client!.gzipBytes).toBeLessThanOrEqual(100 * 1024);
    // the audit path reads records with plain checks: no zod in it either
    expect(report.sizes.audit!.gzipBytes).toBeLessThanOrEqual(50 * 1024);
  }, 600_000);
});
