// API ingest alone: one API process on its own database and stream prefix, the pipeline's pre-signed intents posted in
// batches (POST /v1/intents/batch) with `--concurrency` requests in flight; prints the API's CPU µs per stored intent.
// `--base <built checkout>` runs that checkout's API the same way, rounds interleaved. BENCH_CPU_PROF=<dir> profiles.
//   node bench/apiIngest.mjs [--base <dir>] [--intents 4000] [--batch 100] [--concurrency 8] [--rounds 3] [--json]
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { runMain, require } from './lib/common.mjs';
import { cpuMeter } from './lib/cpu.mjs';
import { NATS_URL, dropStreams, stopApps, waitForHealth } from './lib/env.mjs';
import { log, makeIntentFactory, marketplaceBase, startApp, submit } from './lib/marketplace.mjs';

const { values: opt } = parseArgs({
  options: {
    base: { type: 'string' },
    intents: { type: 'string', default: '4000' },
    batch: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    json: { type: 'boolean' },
  },
});
const root = new URL('..', import.meta.url).pathname;
const N = Number(opt.intents);
const BATCH = Number(opt.batch);
const C = Number(opt.concurrency);

async function once(label, dir, intents) {
  const { db, prefix, url, port, common } = await marketplaceBase(`ing${label}`);
  const { createNatsMessaging } = require(join(dir, 'libs/messaging/dist/index.js'));
  // the auctioneer creates the stream in a deployment; here nobody consumes it
  const owner = await createNatsMessaging({ servers: NATS_URL, name: `ing-${label}`, prefix });
  const app = startApp(`ing${label}`, 'api', relative(root, join(dir, 'apps/api/dist/main.js')), {
    ...common,
    INTAKE_KEY: 'ab'.repeat(32),
    PORT: String(port),
    MAX_OPEN_INTENTS_PER_SWAPPER: '1000000',
  });
  try {
    await waitForHealth(url, {
      auctioneer: false,
      timeoutMs: 120_000,
      exited: () => (app.child.exitCode !== null ? app : undefined),
      describe: app.output,
    });
    await submit(url, intents.slice(0, BATCH)); // warm-up batch, not counted
    const rest = intents.slice(BATCH);
    const cpu = cpuMeter([app]);
    const t0 = performance.now();
    let next = 0,
      refused = 0;
    await Promise.all(
      Array.from({ length: C }, async () => {
        while (next < rest.length) {
          const group = rest.slice(next, next + BATCH);
          next += group.length;
          refused += await submit(url, group);
        }
      }),
    );
    const sec = (performance.now() - t0) / 1000;
    const r = cpu.done(rest.length);
    return {
      perSec: Math.round(rest.length / sec),
      refused,
      apiUs: r.cpuUsPerIntent.api,
      natsUs: r.cpuUsPerIntent['nats-server'],
    };
  } finally {
    await stopApps([app]);
    await owner.close();
    await db.drop();
    await dropStreams([prefix]);
  }
}

async function main() {
  const nextIntents = makeIntentFactory();
  const builds = [['branch', root], ...(opt.base ? [['base', opt.base]] : [])];
  const rows = [];
  for (let r = 0; r < Number(opt.rounds); r++)
    for (const [label, dir] of r % 2 ? [...builds].reverse() : builds) {
      const row = { round: r, build: label, ...(await once(label, dir, nextIntents(N + BATCH))) };
      log(JSON.stringify(row));
      rows.push(row);
    }
  console.log(
    JSON.stringify({ bench: 'apiIngest', intents: N, batch: BATCH, concurrency: C, rows }, null, opt.json ? 0 : 2),
  );
}

runMain(main);
