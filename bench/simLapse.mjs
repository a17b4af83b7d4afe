// npm run sim:lapse [-- --json]: one rogue solver among three bids 1% above the others and never settles; runs the
// rogue case of test/lapse.e2e.ts (real NATS, PostgreSQL, local EVM) and prints ONE JSON object: the share of intents
// settled before their deadline (goal 1), the p50 extra delay a lapse causes, and the rogue's seat share per auction
// (its fan-out weight over the invited weights; `invited` counts the invited keys of that record).
import { runWithFaultReport } from '../scripts/faultReport.mjs';

const json = process.argv.includes('--json');
// with --json only the figures go to stdout, so the output pipes into jq
const run = runWithFaultReport(
  ['test/lapse.e2e.ts', '-t', 'rogue'],
  ['ignore', json ? 'ignore' : 'inherit', 'inherit'],
);
const entry = run.entries.find((e) => e.sim === 'lapse');
console.log(
  JSON.stringify({ testsPassed: run.status === 0, ...(entry ?? { error: 'the run wrote no figures' }) }, null, 2),
);
process.exit(run.status ?? 1);
