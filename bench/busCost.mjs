// bench:bus-cost: what the auctioneer's sends cost per awarded intent on real NATS, apart from everything else: one
// publisher paced like the pipeline's peak (an auction every 100 ms) and three subscriber processes (the solvers).
// Modes, alternated: `all` (three solver copies, the public-feed copy nobody reads, the result), `no-feed` (no public
// copy), `result` (the result alone). Differences between modes give the CPU per byte of the publisher and nats-server.
// Sizes default to what BENCH_BUS_TAP measured in the pipeline (bench/lib/busTap.cjs): 60 KB opens, 41 KB results.
//   node bench/busCost.mjs [--auctions 40] [--open-bytes 60000] [--result-bytes 41000] [--rounds 2]
import { fork } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { NATS_URL } from './lib/env.mjs';

const require = createRequire(import.meta.url);
const { createNatsMessaging } = require('../libs/messaging/dist/index.js');

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    auctions: { type: 'string', default: '40' },
    'open-bytes': { type: 'string', default: '60000' },
    'result-bytes': { type: 'string', default: '41000' },
    rounds: { type: 'string', default: '2' },
    prefix: { type: 'string', default: `buscost${process.pid}` },
  },
});
const prefix = opt.prefix;
const INTENTS_PER_AUCTION = 100;
const SOLVERS = 3;

function cpuMsOf(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10; // USER_HZ 100
}

function natsServerPids() {
  return readdirSync('/proc').filter((d) => {
    try {
      return /^\d+$/.test(d) && readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'nats-server';
    } catch {
      return false;
    }
  });
}

async function subscriber(name) {
  const s = await createNatsMessaging({ servers: NATS_URL, name, prefix });
  s.bus.subscribe(s.subjects.solverAuction(name), () => undefined);
  s.bus.subscribe(s.subjects.auctionResultAll, () => undefined);
  await s.bus.flush();
  process.send('ready');
  process.on('message', () => s.close().then(() => process.exit(0)));
}

async function main() {
  const nats = natsServerPids();
  const kids = Array.from({ length: SOLVERS }, (_, i) =>
    fork(new URL(import.meta.url).pathname, ['sub', `s${i}`, `--prefix=${prefix}`]),
  );
  await Promise.all(kids.map((k) => new Promise((r) => k.once('message', r))));
  const m = await createNatsMessaging({ servers: NATS_URL, name: 'buscost', prefix });
  const open = new Uint8Array(Number(opt['open-bytes'])).fill(65);
  const result = new Uint8Array(Number(opt['result-bytes'])).fill(66);
  const N = Number(opt.auctions);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const run = async (mode) => {
    const c0 = process.cpuUsage();
    const n0 = nats.reduce((a, p) => a + cpuMsOf(p), 0);
    for (let a = 0; a < N; a++) {
      const id = `0x${a.toString(16).padStart(64, '0')}`;
      if (mode !== 'result') for (let i = 0; i < SOLVERS; i++) m.bus.publish(m.subjects.solverAuction(`s${i}`), open);
      if (mode === 'all') m.bus.publish(m.subjects.auctionOpen(id), open);
      await sleep(50);
      m.bus.publish(m.subjects.auctionResult(id), result);
      await sleep(50);
    }
    await m.bus.flush();
    await sleep(200);
    const c = process.cpuUsage(c0);
    const intents = N * INTENTS_PER_AUCTION;
    return {
      mode,
      publisherUsPerIntent: +((c.user + c.system) / intents).toFixed(1),
      natsUsPerIntent: +(((nats.reduce((a, p) => a + cpuMsOf(p), 0) - n0) * 1000) / intents).toFixed(1),
    };
  };
  const modes = ['all', 'no-feed', 'result'];
  const rows = [];
  await run('all'); // warm-up
  for (let r = 0; r < Number(opt.rounds); r++)
    for (const mode of r % 2 ? [...modes].reverse() : modes) rows.push(await run(mode));
  await m.close();
  kids.forEach((k) => k.send('stop'));
  const mean = (mode, k) => {
    const xs = rows.filter((r) => r.mode === mode).map((r) => r[k]);
    return +(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1);
  };
  const summary = Object.fromEntries(
    modes.map((mode) => [mode, { publisher: mean(mode, 'publisherUsPerIntent'), nats: mean(mode, 'natsUsPerIntent') }]),
  );
  console.log(
    JSON.stringify(
      {
        bench: 'busCost',
        config: { auctions: N, openBytes: open.length, resultBytes: result.length, solvers: SOLVERS },
        runs: rows,
        meanUsPerIntent: summary,
        // what one public-feed copy and the three solver copies cost per awarded intent
        publicFeedCopy: {
          publisher: +(summary.all.publisher - summary['no-feed'].publisher).toFixed(1),
          nats: +(summary.all.nats - summary['no-feed'].nats).toFixed(1),
        },
        solverCopies: {
          publisher: +(summary['no-feed'].publisher - summary.result.publisher).toFixed(1),
          nats: +(summary['no-feed'].nats - summary.result.nats).toFixed(1),
        },
      },
      null,
      2,
    ),
  );
}

if (positionals[0] === 'sub') await subscriber(positionals[1]);
else await main();
