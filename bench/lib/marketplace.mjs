// The five-process marketplace the pipeline and soak benches drive: api, auctioneer and three reference solvers
// as separate OS processes on real NATS (JetStream) and PostgreSQL; pre-signed fillable intents; award watching.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NATS_URL, createDatabase, dropStreams, freePort, stopApps, waitForHealth } from './env.mjs';
import { nodeFlagsForEntry } from '../../scripts/node-flags.mjs';
import { getJson, request } from './http.mjs';

const require = createRequire(import.meta.url);
const root = new URL('../..', import.meta.url).pathname;
const P = require(join(root, 'libs/protocol/dist/index.js'));
const { createNatsMessaging, decodeJson } = require(join(root, 'libs/messaging/dist/index.js'));
const { generateMarket, findBestRoute } = require(join(root, 'libs/routing/dist/index.js'));
const { generatePrivateKey, privateKeyToAccount } = require('viem/accounts');

export const log = (...a) => process.stderr.write(a.join(' ') + '\n');
export const pct = (xs, p) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : null;
const SEED = 7;
const POOLS = 300;

/** An app process with its output kept (the last 20 kB) for failure reports; an app runs with its V8 flags. */
export function startApp(tag, name, entry, env) {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every app (read it with bench/profileTop.mjs)
  const prof = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=${tag}-${name}.cpuprofile`]
    : [];
  // BENCH_BUS_TAP=<dir> counts every app's NATS bytes per subject class in <dir>/<tag>-<name>.json (bench/lib/busTap.cjs)
  const tap = process.env.BENCH_BUS_TAP ? ['--require', join(root, 'bench/lib/busTap.cjs')] : [];
  // BENCH_PERF=1 writes /tmp/perf-<pid>.map, so `perf record` names JS frames (read it with bench/perfThreads.mjs)
  if (process.env.BENCH_PERF) prof.push('--perf-basic-prof');
  const tapEnv = process.env.BENCH_BUS_TAP
    ? { BENCH_BUS_TAP: process.env.BENCH_BUS_TAP, BENCH_BUS_TAP_NAME: `${tag}-${name}` }
    : {};
  // BENCH_FLAGS_<NAME>='--flag ...' adds V8 flags to one app (e.g. BENCH_FLAGS_AUCTIONEER), to size a flag before
  // deploy/node-flags.json carries it
  const extra = (process.env[`BENCH_FLAGS_${name.toUpperCase()}`] ?? '').split(/\s+/).filter(Boolean);
  // BENCH_ENV_<NAME>='K=V ...' sets environment variables for one app (e.g. glibc's MALLOC_* tunables)
  const extraEnv = Object.fromEntries(
    (process.env[`BENCH_ENV_${name.toUpperCase()}`] ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  const child = spawn(process.execPath, [...nodeFlagsForEntry(entry), ...extra, ...prof, ...tap, join(root, entry)], {
    cwd: root,
    env: { PATH: process.env.PATH, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error', ...tapEnv, ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  // BENCH_LOG_DIR=<dir> keeps every app's whole output in <dir>/<tag>-<name>.log (the storm probe reads the solvers' skips)
  const file = process.env.BENCH_LOG_DIR && createWriteStream(join(process.env.BENCH_LOG_DIR, `${tag}-${name}.log`));
  const keep = (d) => {
    out = (out + d).slice(-20000);
    file?.write(d);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { child, name, output: () => out };
}

/** Starts the marketplace; `auctioneerEnv` overrides e.g. AUCTION_INTERVAL_MS and BID_WINDOW_MS. */
/** A fresh database, stream prefix, API port and data dir, and the environment all apps of one marketplace share. */
export async function marketplaceBase(tag, dataDir = 'im-bench-') {
  const db = await createDatabase(tag);
  const prefix = `${tag}${process.pid}`;
  const port = await freePort();
  const common = {
    NATS_URL,
    NATS_PREFIX: prefix,
    DATABASE_URL: db.url,
    DATA_DIR: mkdtempSync(join(tmpdir(), dataDir)),
    MARKET_SEED: String(SEED),
    MARKET_POOLS: String(POOLS),
    RATE_LIMIT_IP_PER_SEC: '0',
    RATE_LIMIT_SWAPPER_PER_SEC: '0',
  };
  return { db, prefix, port, url: `http://127.0.0.1:${port}`, common };
}

export async function startMarketplace(tag, { auctioneerEnv = {}, apiEnv = {} } = {}) {
  const { db, prefix, port, url, common } = await marketplaceBase(tag);
  const solverKeys = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
  // api and auctioneer share an intake key, as a deployment should: the auctioneer takes the API's sealed recovery
  const INTAKE_KEY = randomBytes(32).toString('hex');
  const apps = [
    startApp(tag, 'auctioneer', 'apps/auctioneer/dist/main.js', {
      ...common,
      INTAKE_KEY,
      AUCTIONEER_PRIVATE_KEY: generatePrivateKey(),
      SOLVER_ADDRESSES: solverKeys.map((k) => privateKeyToAccount(k).address).join(','),
      ...auctioneerEnv,
    }),
    startApp(tag, 'api', 'apps/api/dist/main.js', {
      ...common,
      INTAKE_KEY,
      PORT: String(port),
      MAX_OPEN_INTENTS_PER_SWAPPER: '1000000',
      ...apiEnv,
    }),
    ...['direct', 'multihop', 'split'].map((p, i) =>
      startApp(tag, p, 'apps/solver/dist/main.js', {
        ...common,
        SOLVER_NAME: p,
        SOLVER_PROFILE: p,
        SOLVER_PRIVATE_KEY: solverKeys[i],
      }),
    ),
  ];
  const describe = () => apps.map((a) => `--- ${a.name}\n${a.output()}`).join('\n');
  // five processes load their modules at once: on a shared 2-core machine that alone took over 30 s under load
  await waitForHealth(url, { describe, timeoutMs: 180_000, exited: () => apps.find((a) => a.child.exitCode !== null) });

  // award times come from auction results on the bus, so measuring adds no polling load
  const awardedAt = new Map();
  // wall-clock award time and auction per intent, to split latency against the record's openedAt/closedAt
  const awardedWall = new Map();
  const watcher = await createNatsMessaging({ servers: NATS_URL, name: `${tag}-watch`, prefix });
  watcher.bus.subscribe(watcher.subjects.auctionResultAll, (m) => {
    const now = performance.now();
    const wall = Date.now();
    const r = decodeJson(m.data);
    for (const a of r.awards) {
      if (awardedAt.has(a.award.intentHash)) continue;
      awardedAt.set(a.award.intentHash, now);
      awardedWall.set(a.award.intentHash, { at: wall, auctionId: r.auctionId });
    }
  });

  return {
    url,
    prefix,
    databaseUrl: db.url,
    apps,
    awardedAt,
    awardedWall,
    describe,
    /** Stream messages not yet delivered plus delivered but not yet acked, for the auctioneer's consumer. */
    consumerLag: async () => {
      const { jetstreamManager } = require('@nats-io/jetstream');
      const jsm = await jetstreamManager(watcher.bus.nc);
      const info = await jsm.consumers.info(watcher.subjects.streamName, 'auctioneer');
      return { pending: info.num_pending, ackPending: info.num_ack_pending };
    },
    stop: async () => {
      await watcher.close();
      await stopApps(apps);
      await db.drop();
      await dropStreams([prefix]);
    },
  };
}

/** The pipeline's market (its seed and pool count) and its four pairs at 2,000 USD a trade, with the best route's output. */
export function pipelinePairs(only = () => true) {
  const market = generateMarket({ seed: SEED, poolCount: POOLS });
  const tok = (c, s) => market.tokens.find((t) => t.chainId === c && t.symbol === s);
  // `only` keeps some of the pairs (e.g. one route, for a bench that counts seats per auction)
  const pairs = [
    [1, 'WETH', 1, 'USDC'],
    [1, 'USDC', 1, 'DAI'],
    [10, 'WETH', 10, 'USDT'],
    [1, 'WETH', 10, 'USDC'],
  ].filter(only);
  const quotes = pairs.map(([sc, ss, dc, ds]) => {
    const s = tok(sc, ss),
      b = tok(dc, ds);
    const sellAmount = (2000n * 10n ** 18n * 10n ** BigInt(s.decimals)) / s.priceUsdE18;
    const r = findBestRoute(market, {
      sellToken: s.address,
      buyToken: b.address,
      sourceChainId: sc,
      destinationChainId: dc,
      sellAmount,
    });
    return { s, b, sc, dc, sellAmount, out: r.amountOut };
  });
  return { market, pairs: quotes };
}

/**
 * Pre-signed fillable intents over four pairs (same-chain and cross-chain); amounts vary by up to +-25% so solvers
 * re-evaluate every route exactly instead of repeating one answer. Signing is the trader's cost, made before timing.
 */
export function makeIntentFactory(only = () => true) {
  const { pairs: quotes } = pipelinePairs(only);
  const keys = Array.from({ length: 50 }, () => P.createDigestSigner(generatePrivateKey()));
  let nonce = 0;
  return (n, deadlineSec = 3600) => {
    const deadline = Math.floor(Date.now() / 1000) + deadlineSec;
    return Array.from({ length: n }, () => {
      const i = nonce++;
      const q = quotes[i % quotes.length];
      const k = keys[i % keys.length];
      const pm = 750n + BigInt((i * 7919) % 501); // 0.750 .. 1.250
      // 80% of the proportional output: fillable despite the extra price impact of a larger trade
      const intent = {
        swapper: k.address,
        sellToken: q.s.address,
        sellAmount: (q.sellAmount * pm) / 1000n,
        buyToken: q.b.address,
        minBuyAmount: (q.out * pm * 80n) / 100_000n,
        recipient: k.address,
        sourceChainId: q.sc,
        destinationChainId: q.dc,
        nonce: BigInt(i),
        deadline,
      };
      const hash = P.hashIntent(intent);
      return { hash, body: JSON.stringify(P.serializeSignedIntent({ intent, signature: k.signDigest(hash) })) };
    });
  };
}

/**
 * Where submit-to-award time goes, per awarded intent, in wall-clock ms (the auctioneer stamps its records with Date.now
 * on the same machine): the POST until accepted, accepted until the auction opened (the wait for the next cut, interval/2
 * on average, plus the hop through JetStream and the claim), the bid window, and close until the award reached us.
 */
export async function latencyBreakdown(m, submitted) {
  const records = new Map();
  for (const { auctionId } of m.awardedWall.values()) {
    if (records.has(auctionId)) continue;
    const r = await getJson(`${m.url}/v1/auctions/${auctionId}`);
    records.set(auctionId, { openedAt: r.openedAt, closedAt: r.closedAt });
  }
  const parts = { post: [], waitForCut: [], window: [], closeToAward: [] };
  for (const [hash, s] of submitted) {
    const a = m.awardedWall.get(hash);
    if (!a || s.acceptedAt === undefined) continue;
    const r = records.get(a.auctionId);
    parts.post.push(s.acceptedAt - s.sentAt);
    parts.waitForCut.push(r.openedAt - s.acceptedAt);
    parts.window.push(r.closedAt - r.openedAt);
    parts.closeToAward.push(a.at - r.closedAt);
  }
  const mean = (xs) => Math.round(xs.reduce((x, y) => x + y, 0) / Math.max(1, xs.length));
  return Object.fromEntries(
    Object.entries(parts).map(([k, xs]) => [
      k,
      { mean: mean(xs), p50: Math.round(pct(xs, 50)), p99: Math.round(pct(xs, 99)) },
    ]),
  );
}

/** Submits `group` as one batch (or one POST when it holds one intent); returns how many were refused. */
export async function submit(url, group, times) {
  if (group.length === 1) {
    const sentAt = Date.now();
    const res = await request(`${url}/v1/intents`, { method: 'POST', body: group[0].body });
    // a retried POST whose first copy got through finds its intent already there
    const ok = res.status === 201 || (res.retried && res.status === 409 && res.text.includes('DUPLICATE_INTENT'));
    times?.set(group[0].hash, { sentAt, acceptedAt: ok ? Date.now() : undefined });
    return ok ? 0 : 1;
  }
  const res = await request(`${url}/v1/intents/batch`, {
    method: 'POST',
    body: `{"intents":[${group.map((b) => b.body).join(',')}]}`,
  });
  return res.status === 200 ? JSON.parse(res.text).refused : group.length;
}

/**
 * Submits `intents` in groups of `batch` with `concurrency` requests in flight (a closed loop); `onGroup` sees each
 * group as it is sent. Returns how many were refused.
 */
export async function submitClosedLoop(url, intents, { concurrency = 8, batch = 100, onGroup } = {}) {
  let next = 0;
  let refused = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < intents.length) {
        const group = intents.slice(next, next + batch);
        next += group.length;
        onGroup?.(group);
        refused += await submit(url, group);
      }
    }),
  );
  return refused;
}

/** Waits until every one of `hashes` is awarded, or `timeoutMs` has passed. */
export async function waitAwarded(m, hashes, timeoutMs) {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until && hashes.some((h) => !m.awardedAt.has(h)))
    await new Promise((r) => setTimeout(r, 50));
}

const RECOVER_LOOP = `
  const { workerData, parentPort } = require('node:worker_threads');
  const P = require(workerData.protocol);
  const lib = P.nativeSecpBackends()[workerData.lib];
  if (!lib) throw new Error('no ' + workerData.lib + ' secp256k1 backend here');
  P.useSecpBackend(lib);
  const signer = P.createDigestSigner('0x' + '42'.repeat(32));
  const digest = P.keccakHex(new TextEncoder().encode('bench'));
  const sig = signer.signDigest(digest);
  let n = 0;
  const until = Date.now() + workerData.ms;
  while (Date.now() < until) for (let i = 0; i < 200; i++, n++) P.recoverDigestSigner(digest, sig);
  parentPort.postMessage(Math.round(n / (workerData.ms / 1000)));
`;

/**
 * Native recovery per second on `threads` threads at once (one per core gives the machine's raw rate), with `lib`:
 * 'npm' (the npm binding, the yardstick issue #19's ratio was set against) or 'vendored' (what the apps run).
 */
async function recoverRate(threads, ms, lib = 'npm') {
  const { Worker } = await import('node:worker_threads');
  const rates = await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise((resolve, reject) => {
          const w = new Worker(RECOVER_LOOP, {
            eval: true,
            workerData: { protocol: join(root, 'libs/protocol/dist/index.js'), ms, lib },
          });
          w.once('message', (r) => (resolve(r), void w.terminate()));
          w.once('error', reject);
        }),
    ),
  );
  return rates.reduce((a, b) => a + b, 0);
}

/**
 * Raw rates measured in the same run: signature recovery on one core and on every core, JetStream publish. Recovery
 * is the machine's yardstick, so it is measured with one fixed library, the npm binding's 2019 libsecp256k1 (the
 * issue's figures were), not with the faster vendored one the apps run (also printed, `...Vendored`): a faster
 * library in the apps must not move the yardstick.
 */
export async function baselines(tag, ms = 1500) {
  const recoverPerSec = await recoverRate(1, ms);
  const { cpus } = await import('node:os');
  const recoverAllCores = await recoverRate(cpus().length, ms);
  const vendoredAllCores = await recoverRate(cpus().length, ms, 'vendored').catch(() => null);
  let n = 0;
  let until;
  const prefix = `${tag}base${process.pid}`;
  const m = await createNatsMessaging({ servers: NATS_URL, name: 'bench-baseline', prefix });
  const data = new TextEncoder().encode(JSON.stringify({ x: 'y'.repeat(600) }));
  n = 0;
  until = Date.now() + ms;
  while (Date.now() < until) await m.stream.publish(m.subjects.intents(1), data, `b${n++}`);
  const jsAwaited = Math.round(n / (ms / 1000));
  // pipelined: 100 publishes in flight, acks awaited together
  n = 0;
  until = Date.now() + ms;
  while (Date.now() < until)
    await Promise.all(Array.from({ length: 100 }, () => m.stream.publish(m.subjects.intents(1), data, `p${n++}`)));
  const jsPipelined = Math.round(n / (ms / 1000));
  await m.close();
  await dropStreams([prefix]);
  return {
    recoverPerSecOneCore: recoverPerSec,
    recoverPerSecBothCores: recoverAllCores,
    recoverPerSecBothCoresVendored: vendoredAllCores,
    jetStreamAwaitedPublishPerSec: jsAwaited,
    jetStreamPipelinedPublishPerSec: jsPipelined,
  };
}
