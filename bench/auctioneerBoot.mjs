// bench:auctioneer-boot: the auctioneer's cold start, as the kill -9 drill sees it. Spawns `node apps/auctioneer/dist/main.js`
// on real NATS and PostgreSQL N times, kills it with SIGKILL each time, and prints p50/max of
//   readyMs  spawn -> its 'auctioneer ready' line,
//   answerMs spawn -> its first signed answer to `<prefix>.auctioneer.status` (what the API's /health waits for),
// plus the CPU the child had used by then (/proc). With --base DIR (another checkout, built), both run alternately in one process so
// the noisy machine weighs on both alike, and the ratios head/base are printed.
//   npm run bench:auctioneer-boot -- [--runs 15] [--base /path/to/other/checkout] [--json]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { require, root, runMain } from './lib/common.mjs';
import { NATS_URL, createDatabase, dropStreams } from './lib/env.mjs';
import { nodeFlags } from '../scripts/node-flags.mjs';

const { values: opt } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, base: { type: 'string' }, json: { type: 'boolean' } },
});
const runs = Number(opt.runs);
const { connect } = require('@nats-io/transport-node');
const { generatePrivateKey } = require('viem/accounts');

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const summary = (xs) => ({ p50: Math.round(pct(xs, 50)), max: Math.round(Math.max(...xs)) });

/** CPU time (user + system, ms) a live process used so far, from /proc (Linux); undefined elsewhere. */
function cpuOf(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks of 1/100 s
  } catch {
    return undefined;
  }
}

/** One cold start of the auctioneer built under `dir`; resolves once it answered a status request, then kills it. */
async function bootOnce(dir, env, nc) {
  const t0 = performance.now();
  // both builds start under this checkout's auctioneer flags (deploy/node-flags.json)
  const child = spawn(process.execPath, [...nodeFlags('auctioneer'), join(dir, 'apps/auctioneer/dist/main.js')], {
    cwd: dir,
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let readyMs = 0;
  const onData = (b) => {
    out += b;
    if (!readyMs && out.includes('auctioneer ready')) readyMs = performance.now() - t0;
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((r) => child.once('exit', r));
  let answerMs = 0;
  let cpuMs;
  const subject = `${env.NATS_PREFIX}.auctioneer.status`;
  try {
    while (!answerMs || !readyMs) {
      if (child.exitCode !== null) throw new Error(`auctioneer exited:\n${out}`);
      if (performance.now() - t0 > 60_000) throw new Error(`no answer in 60 s:\n${out}`);
      const nonce = `0x${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex')}`;
      const ok = await nc
        .request(subject, JSON.stringify({ nonce }), { timeout: 100 })
        .then(() => true)
        .catch(() => false);
      if (ok && !answerMs) answerMs = performance.now() - t0;
      if (!ok || !readyMs) await new Promise((r) => setTimeout(r, 10));
      if (answerMs && readyMs) cpuMs = cpuOf(child.pid);
    }
  } finally {
    child.kill('SIGKILL');
  }
  await exited;
  return { readyMs, answerMs, cpuMs };
}

async function main() {
  const builds = { head: root, ...(opt.base ? { base: opt.base } : {}) };
  const nc = await connect({ servers: NATS_URL });
  const setups = {};
  for (const name of Object.keys(builds)) {
    const db = await createDatabase(`boot_${name}`);
    setups[name] = {
      db,
      env: {
        NATS_URL,
        NATS_PREFIX: `bootbench-${name}-${process.pid}`,
        DATABASE_URL: db.url,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'im-boot-')),
        AUCTIONEER_PRIVATE_KEY: generatePrivateKey(),
        SOLVER_ADDRESSES: '0x1111111111111111111111111111111111111111',
      },
      samples: [],
    };
  }
  try {
    // one warm-up each (creates the stream and tables, fills the OS page cache), not counted
    for (const [name, dir] of Object.entries(builds)) await bootOnce(dir, setups[name].env, nc);
    for (let i = 0; i < runs; i++)
      for (const [name, dir] of i % 2 ? Object.entries(builds).reverse() : Object.entries(builds))
        setups[name].samples.push(await bootOnce(dir, setups[name].env, nc));
  } finally {
    await dropStreams(Object.values(setups).map((s) => s.env.NATS_PREFIX));
    for (const s of Object.values(setups)) await s.db.drop();
    await nc.close();
  }
  const result = { runs };
  for (const [name, s] of Object.entries(setups)) {
    const col = (k) => s.samples.map((x) => x[k]).filter((x) => x !== undefined);
    result[name] = {
      readyMs: summary(col('readyMs')),
      answerMs: summary(col('answerMs')),
      cpuMs: summary(col('cpuMs')),
    };
  }
  if (result.base)
    result.headOverBase = Object.fromEntries(
      ['readyMs', 'answerMs', 'cpuMs'].map((k) => [k, Number((result.head[k].p50 / result.base[k].p50).toFixed(2))]),
    );
  console.log(JSON.stringify(result, opt.json ? undefined : null, opt.json ? undefined : 2));
}

runMain(main);
