// npm run sim:lapse [-- --json]: one rogue solver among three bids 1% above the others and never settles; runs the
// rogue case of test/lapse.e2e.ts (real NATS, PostgreSQL, local EVM) and prints ONE JSON object: the share of intents
// settled before their deadline (goal 1), the p50 extra delay a lapse causes, and the rogue's seat share per auction
// (its fan-out weight over the invited weights; `invited` counts the invited keys of that record).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const json = process.argv.includes('--json');
const file = join(mkdtempSync(join(tmpdir(), 'im-lapse-')), 'report.jsonl');
const run = spawnSync(
  'npx',
  ['jest', '--selectProjects', 'e2e', '--runInBand', 'test/lapse.e2e.ts', '-t', 'rogue'],
  // with --json only the figures go to stdout, so the output pipes into jq
  {
    cwd: root,
    stdio: ['ignore', json ? 'ignore' : 'inherit', 'inherit'],
    env: { ...process.env, FAULT_REPORT_FILE: file },
  },
);
const entry = existsSync(file)
  ? readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((e) => e.sim === 'lapse')
  : undefined;
console.log(
  JSON.stringify({ testsPassed: run.status === 0, ...(entry ?? { error: 'the run wrote no figures' }) }, null, 2),
);
process.exit(run.status ?? 1);
