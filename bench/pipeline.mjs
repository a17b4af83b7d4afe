// bench:pipeline: sustained ingest through real NATS (JetStream) and PostgreSQL with api, auctioneer and three
// solvers as separate processes; submit-to-award latency; and, in the same run, the machine's raw rates
// (native signature recovery, JetStream awaited publish) as baselines. Prints one JSON object.
//   npm run bench:pipeline -- [--intents 2000] [--concurrency 64] [--json]
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const P = require(join(root, 'libs/protocol/dist/index.js'));
const { createNatsMessaging, decodeJson } = require(join(root, 'libs/messaging/dist/index.js'));
const { generateMarket, findBestRoute } = require(join(root, 'libs/routing/dist/index.js'));
const { Client } = require('pg');
const { generatePrivateKey, privateKeyToAccount } = require('viem/accounts');

const { values: opt } = parseArgs({ options: { intents: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '64' }, batch: { type: 'string', default: '1' }, json: { type: 'boolean' } } });
const BATCH = Math.max(1, Math.min(100, Number(opt.batch)));
const N = Number(opt.intents);
const C = Number(opt.concurrency);
const NATS = 'nats://127.0.0.1:4222';
const ADMIN = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const log = (...a) => process.stderr.write(a.join(' ') + '\n');
const pct = (xs, p) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : null);

async function baselineRecover(ms = 1500) {
  const signer = P.createDigestSigner(generatePrivateKey());
  const digest = P.keccakHex(new TextEncoder().encode('bench'));
  const sig = signer.signDigest(digest);
  let n = 0;
  const until = Date.now() + ms;
  while (Date.now() < until) for (let i = 0; i < 200; i++, n++) P.recoverDigestSigner(digest, sig);
  return Math.round(n / (ms / 1000));
}

async function baselineJetStream(prefix, ms = 1500) {
  const m = await createNatsMessaging({ servers: NATS, name: 'bench-baseline', prefix });
  const data = new TextEncoder().encode(JSON.stringify({ x: 'y'.repeat(600) }));
  let n = 0;
  const until = Date.now() + ms;
  while (Date.now() < until) await m.stream.publish(m.subjects.intents(1), data, `b${n++}`);
  await m.close();
  return Math.round(n / (ms / 1000));
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function start(name, entry, env) {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every app (read it in Chrome DevTools or with bench/profileTop.mjs)
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...prof, join(root, entry)], { cwd: root, env: { PATH: process.env.PATH, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  const keep = (d) => (err = (err + d).slice(-20000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { child, name, err: () => err };
}

async function main() {
  const recoverPerSec = await baselineRecover();
  const prefix = `bench${process.pid}`;
  const jsPublishPerSec = await baselineJetStream(`${prefix}base`);
  log(`baselines: recover ${recoverPerSec}/s per core, JetStream awaited publish ${jsPublishPerSec}/s`);

  const dbName = `im_bench_${process.pid}`;
  const admin = new Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = ADMIN.replace(/\/[^/]*$/, `/${dbName}`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const solverKeys = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
  const common = { NATS_URL: NATS, NATS_PREFIX: prefix, DATABASE_URL: dbUrl, DATA_DIR: mkdtempSync(join(tmpdir(), 'im-bench-')), MARKET_SEED: '7', MARKET_POOLS: '300', RATE_LIMIT_IP_PER_SEC: '0', RATE_LIMIT_SWAPPER_PER_SEC: '0' };
  const procs = [
    start('auctioneer', 'apps/auctioneer/dist/main.js', { ...common, AUCTIONEER_PRIVATE_KEY: generatePrivateKey(), SOLVER_ADDRESSES: solverKeys.map((k) => privateKeyToAccount(k).address).join(',') }),
    start('api', 'apps/api/dist/main.js', { ...common, PORT: String(port) }),
    ...['direct', 'multihop', 'split'].map((p, i) => start(p, 'apps/solver/dist/main.js', { ...common, SOLVER_NAME: p, SOLVER_PROFILE: p, SOLVER_PRIVATE_KEY: solverKeys[i] })),
  ];
  try {
    for (let i = 0; ; i++) {
      try {
        const h = await fetch(`${url}/health`).then((r) => r.json());
        if (typeof h.auctioneer === 'object') break;
      } catch {}
      if (i > 300) throw new Error('marketplace did not start: ' + procs.map((p) => p.name + ': ' + p.err()).join('\n'));
      await new Promise((r) => setTimeout(r, 100));
    }

    // pre-sign fillable intents (signing is the trader's cost, not the marketplace's)
    const market = generateMarket({ seed: 7, poolCount: 300 });
    const tok = (c, s) => market.tokens.find((t) => t.chainId === c && t.symbol === s);
    const pairs = [[1, 'WETH', 1, 'USDC'], [1, 'USDC', 1, 'DAI'], [10, 'WETH', 10, 'USDT'], [1, 'WETH', 10, 'USDC']];
    const quotes = pairs.map(([sc, ss, dc, ds]) => {
      const s = tok(sc, ss), b = tok(dc, ds);
      const sellAmount = (2000n * 10n ** 18n * 10n ** BigInt(s.decimals)) / s.priceUsdE18;
      const r = findBestRoute(market, { sellToken: s.address, buyToken: b.address, sourceChainId: sc, destinationChainId: dc, sellAmount });
      return { s, b, sc, dc, sellAmount, min: (r.amountOut * 90n) / 100n };
    });
    const deadline = Math.floor(Date.now() / 1000) + 3600;
    const bodies = [];
    const keys = Array.from({ length: 50 }, () => P.createDigestSigner(generatePrivateKey()));
    for (let i = 0; i < N; i++) {
      const q = quotes[i % quotes.length];
      const k = keys[i % keys.length];
      const intent = { swapper: k.address, sellToken: q.s.address, sellAmount: q.sellAmount, buyToken: q.b.address, minBuyAmount: q.min, recipient: k.address, sourceChainId: q.sc, destinationChainId: q.dc, nonce: BigInt(i), deadline };
      const hash = P.hashIntent(intent);
      bodies.push({ hash, body: JSON.stringify(P.serializeSignedIntent({ intent, signature: k.signDigest(hash) })) });
    }

    // award times come from auction results on the bus, so measuring adds no polling load
    const awardedAt = new Map();
    const watcher = await createNatsMessaging({ servers: NATS, name: 'bench-watch', prefix });
    watcher.bus.subscribe(watcher.subjects.auctionResultAll, (m) => {
      const now = performance.now();
      for (const a of decodeJson(m.data).awards) if (!awardedAt.has(a.award.intentHash)) awardedAt.set(a.award.intentHash, now);
    });

    const submittedAt = new Map();
    let next = 0, refused = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: BATCH > 1 ? Math.max(1, Math.ceil(C / 8)) : C }, async () => {
      while (next < bodies.length) {
        const group = bodies.slice(next, next + BATCH);
        next += group.length;
        const at = performance.now();
        for (const b of group) submittedAt.set(b.hash, at);
        if (BATCH === 1) {
          const res = await fetch(`${url}/v1/intents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: group[0].body });
          if (res.status !== 201) refused++;
          await res.arrayBuffer();
        } else {
          const res = await fetch(`${url}/v1/intents/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"intents":[${group.map((b) => b.body).join(',')}]}` });
          refused += (await res.json()).refused ?? group.length;
        }
      }
    }));
    const ingestSec = (performance.now() - t0) / 1000;
    const until = performance.now() + 60_000;
    while (awardedAt.size < N - refused && performance.now() < until) await new Promise((r) => setTimeout(r, 100));
    const endToEndSec = (performance.now() - t0) / 1000;
    const lat = [...awardedAt].filter(([h]) => submittedAt.has(h)).map(([h, t]) => t - submittedAt.get(h));
    await watcher.close();

    const result = {
      bench: 'pipeline',
      machine: { cores: (await import('node:os')).cpus().length, node: process.version },
      intents: N,
      concurrency: BATCH > 1 ? Math.max(1, Math.ceil(C / 8)) : C,
      batch: BATCH,
      refused,
      ingest: { seconds: +ingestSec.toFixed(2), intentsPerSec: Math.round(N / ingestSec) },
      endToEnd: { awarded: awardedAt.size, seconds: +endToEndSec.toFixed(2), awardedPerSec: Math.round(awardedAt.size / endToEndSec) },
      submitToAwardMs: { p50: Math.round(pct(lat, 50)), p99: Math.round(pct(lat, 99)) },
      baselines: { recoverPerSecOneCore: recoverPerSec, recoverPerSecBothCores: recoverPerSec * 2, jetStreamAwaitedPublishPerSec: jsPublishPerSec },
      ratios: {
        awardedPerSecOverRecoverBothCores: +(awardedAt.size / endToEndSec / (recoverPerSec * 2)).toFixed(4),
        ingestOverJetStreamAwaited: +(N / ingestSec / jsPublishPerSec).toFixed(3),
      },
    };
    if (process.env.BENCH_LOG_LEVEL) for (const p of procs) log(`--- ${p.name}\n${p.err()}`);
    console.log(JSON.stringify(result, null, opt.json ? 0 : 2));
  } finally {
    // SIGTERM first so profiles and drains complete; SIGKILL whatever is still up after 3 s
    await Promise.all(procs.map((p) => new Promise((resolve) => {
      if (p.child.exitCode !== null) return resolve();
      const t = setTimeout(() => p.child.kill('SIGKILL'), 3000);
      p.child.once('exit', () => (clearTimeout(t), resolve()));
      p.child.kill('SIGTERM');
    })));
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    // leave no streams behind on the shared server
    const { connect } = require('@nats-io/transport-node');
    const { jetstreamManager } = require('@nats-io/jetstream');
    const nc = await connect({ servers: NATS });
    const jsm = await jetstreamManager(nc);
    for (const p of [prefix, `${prefix}base`]) await jsm.streams.delete(P.createSubjects(p).streamName).catch(() => {});
    await nc.close();
    await admin.end();
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
