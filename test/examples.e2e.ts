import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './support/cli';
import { buildOnce, ROOT, startEmbeddedApp } from './support/processes';

const tsx = join(ROOT, 'node_modules/.bin/tsx');
const example = (file: string, env: Record<string, string>) =>
  run(tsx, ['--tsconfig', 'examples/tsconfig.json', join('examples', file)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    timeoutMs: 120_000,
  }); // generous: the machine running CI may be loaded

describe('examples - each runs against the embedded default and asserts its outcome', () => {
  it('examples - trader submits and follows, auditor verifies the records, a minimal custom solver wins', async () => {
    buildOnce();
    const { app, url } = await startEmbeddedApp({ DATA_DIR: mkdtempSync(join(tmpdir(), 'im-examples-')) }, 60_000);
    try {
      const trader = await example('submit-intent.ts', { INTENTMESH_URL: url });
      expect(trader).toMatchObject({ code: 0, stdout: expect.stringMatching(/awarded to 0x[0-9a-f]{40}/) });
      const auditor = await example('audit-auction.ts', { INTENTMESH_URL: url });
      expect(auditor).toMatchObject({ code: 0, stdout: expect.stringMatching(/chain of \d+ records verified/) });
    } finally {
      await app.kill('SIGTERM');
    }
    // the solver example brings its own embedded marketplace (its bus is in-process)
    const solver = await example('minimal-solver.ts', { DATA_DIR: mkdtempSync(join(tmpdir(), 'im-examples-')) });
    expect(solver).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/won; counters \{"auctions":\d+,"accepted":[1-9]\d*,"wins":[1-9]/),
    });
  }, 300_000);
});
