import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { cli, run } from './support/cli';
import { buildOnce, getJson, ROOT, startUntilReady, waitFor } from './support/processes';

describe('solver scaffold - intentmesh solver init', () => {
  it('scaffolds a project that installs, builds, registers and wins an auction on the embedded marketplace', async () => {
    buildOnce();
    const dir = join(mkdtempSync(join(tmpdir(), 'im-scaffold-')), 'my-solver');
    const init = await cli(['solver', 'init', dir, '--json']);
    expect(init.code).toBe(0);
    const scaffold = JSON.parse(init.stdout) as { solver: string; files: string[] };
    expect(scaffold.files).toEqual(expect.arrayContaining(['package.json', 'src/quote.ts', 'README.md', '.env']));

    // published ranges, not paths into this clone; the packed tarballs stand in for the registry's versions
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies).toEqual({ '@intentmesh/solver-kit': '^0.1.0', intentmesh: '^0.1.0' });
    const pack = await run('npm', ['run', 'pack', '--silent'], { cwd: ROOT, env: process.env, timeoutMs: 240_000 });
    expect({ code: pack.code, err: pack.stderr }).toEqual({ code: 0, err: expect.any(String) });
    const tarballs = ['intentmesh-solver-kit-0.1.0.tgz', 'intentmesh-0.1.0.tgz'].map((f) => join(ROOT, '.packs', f));
    const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs], {
      cwd: dir,
      env: process.env,
      timeoutMs: 180_000,
    });
    expect({ code: install.code, err: install.stderr }).toEqual({ code: 0, err: expect.any(String) });
    const build = await run('npm', ['run', 'build'], { cwd: dir, env: process.env, timeoutMs: 60_000 });
    expect({ code: build.code, out: build.stdout }).toEqual({ code: 0, out: expect.any(String) });

    // the project's own bin, as `npm start` runs it: the embedded marketplace with the scaffolded solver inside
    // generous: on a loaded machine the embedded marketplace's first start (PGlite) takes a while
    const {
      app: solver,
      ready,
      exited,
    } = await startUntilReady<{ url: string; solver: string; metricsUrl: string }>(
      'the solver to be ready',
      join(dir, 'node_modules/.bin/intentmesh'),
      ['solver', 'start', '.', '--json', '--port', '0', '--metrics-port', '0'],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' } },
      90_000,
    );
    try {
      // the key from the scaffold's .env, bound by the embedded dev operator's voucher
      expect(ready).toMatchObject({
        mode: 'embedded',
        solver: scaffold.solver.toLowerCase(),
        operator: expect.stringMatching(/^0x[0-9a-f]{40}$/),
      });

      // trade against it through the CLI: the demo solvers keep a margin, the scaffold bids the full route
      const trader = generatePrivateKey();
      // the API refuses an unfunded swapper: the dev faucet mints WETH on chain 1 and approves the settlement for it
      const weth = (
        (await getJson(`${ready.url}/v1/tokens`)).body as { chainId: number; symbol: string; address: string }[]
      ).find((t) => t.chainId === 1 && t.symbol === 'WETH')!;
      const faucet = await fetch(`${ready.url}/v1/dev/faucet`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          chainId: 1,
          token: weth.address,
          to: privateKeyToAccount(trader).address,
          amount: String(6n * 10n ** 18n),
        }),
      });
      expect(faucet.status).toBe(200);
      let won: { hash: string; auctionId: string } | undefined;
      for (let i = 0; i < 6 && !won; i++) {
        const r = await cli(
          [
            'submit',
            '--sell',
            'WETH',
            '--amount',
            '1',
            '--buy',
            'USDC',
            '--min',
            '1000',
            '--to-chain',
            '10',
            '--wait',
            '--json',
            '--url',
            ready.url,
          ],
          { INTENTMESH_PRIVATE_KEY: trader },
        );
        // on failure the CLI's --json error is on stdout: show it
        expect({ code: r.code, err: r.stderr, out: r.code ? r.stdout : '' }).toEqual({ code: 0, err: '', out: '' });
        const view = JSON.parse(r.stdout);
        // the CLI's --json is the API's own view
        const api = await getJson(`${ready.url}/v1/intents/${view.hash}`);
        expect(api.body.award).toEqual(view.award);
        if (view.award.award.solver === ready.solver) won = view;
      }
      expect(won).toBeDefined();
      // it settles what it wins by default: the intent turns settled, filled by the scaffolded solver
      const settled = await waitFor(
        'the scaffolded solver to settle its win',
        async () => {
          const v = (await getJson(`${ready.url}/v1/intents/${won!.hash}`)).body;
          return v.status === 'settled' && v.settlement ? v : undefined;
        },
        60_000,
        500,
      ).catch((err) => {
        throw new Error(`${err.message}\n${solver.output().slice(-4000)}`);
      });
      expect(settled.award.award.solver).toBe(ready.solver);
      const metrics = await (await fetch(ready.metricsUrl)).text();
      expect(metrics).toMatch(/intentmesh_solver_wins_total\{solver="0x[0-9a-f]{40}"\} [1-9]/);
    } finally {
      solver.child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const stopped = JSON.parse(
      solver
        .output()
        .split('\n')
        .find((l) => l.includes('"stopped"'))!,
    );
    expect(stopped.stats.wins).toBeGreaterThanOrEqual(1);
    expect(stopped.stats.accepted).toBeGreaterThanOrEqual(1);
  }, 480_000);
});
