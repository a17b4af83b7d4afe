// bench:pipeline: end-to-end ingest (HTTP -> checks -> JetStream -> auction -> award -> stored) with api, auctioneer
// and three reference solvers as separate processes on real NATS and PostgreSQL, in two phases:
//   peak: N intents as fast as the API takes them (batches), awarded/s from the first submit to the last award;
//   half: on a fresh marketplace (no backlog left from the peak), an open-loop load at half the peak awarded rate
//         for --half-seconds, submit-to-award latency p50/p99 against AUCTION_INTERVAL_MS/2 + BID_WINDOW_MS + 20 ms.
// Each marketplace first awards --warmup intents (closed loop, like the peak) before anything is measured: a fresh
// process spends a quarter to a half of its CPU compiling (V8's TurboFan threads, measured with perf in BENCHMARKS.md,
// stop 25), a cost a long-running deployment pays once. The default 16,000 (160 auctions) is what the auctioneer needs
// to have compiled its per-auction close path (bench:jit-window, BENCHMARKS.md stop 30); 4,000 left it compiling
// inside the peak. The warm-up is measured in chunks of --intents: the first is reported as `peakCold`, all of them
// as `warmUpChunks`, so the figure after a shorter warm-up is in the same run (chunk k+1 = the peak after k chunks).
// Baselines from the same run: native recovery on one core and on both, JetStream awaited and pipelined publish.
//   npm run bench:pipeline -- [--intents 4000] [--warmup 16000] [--batch 100] [--concurrency 8] [--half-seconds 20]
//                             [--interval 1000] [--bid-window 300] [--max-intents 100] [--max-open 2] [--half-rate N] [--json]
//   --half-rate offers N intents/s in the second phase instead of half the measured peak (compares configurations at one load)
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { runMain } from './lib/common.mjs';
import { cpuMeter } from './lib/cpu.mjs';
import { httpStats, request } from './lib/http.mjs';
import {
  baselines,
  latencyBreakdown,
  log,
  makeIntentFactory,
  pct,
  startMarketplace,
  submit,
  submitClosedLoop,
  waitAwarded,
} from './lib/marketplace.mjs';

const { values: opt } = parseArgs({
  options: {
    intents: { type: 'string', default: '4000' },
    warmup: { type: 'string', default: '16000' },
    batch: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '8' },
    'half-seconds': { type: 'string', default: '20' },
    interval: { type: 'string', default: '1000' },
    'bid-window': { type: 'string', default: '300' },
    'max-intents': { type: 'string', default: '100' },
    'half-rate': { type: 'string' },
    'max-open': { type: 'string', default: '2' },
    json: { type: 'boolean' },
  },
});
const N = Number(opt.intents);
const WARMUP = Number(opt.warmup);
const BATCH = Math.max(1, Math.min(100, Number(opt.batch)));
const C = Number(opt.concurrency);
const HALF_SEC = Number(opt['half-seconds']);
const INTERVAL = Number(opt.interval);
const WINDOW = Number(opt['bid-window']);
const TARGET_INGEST = 5000;
const TARGET_RATIO = 0.5;
const targetLatencyMs = INTERVAL / 2 + WINDOW + 20;
// issue #19: CPU per awarded intent (every process, and the marketplace core: api, auctioneer, NATS, PostgreSQL)
const TARGET_CPU_US = 1000;
const TARGET_CORE_CPU_US = 500;
const TARGET_RATIO_19 = 0.05;
const TARGET_HALF_P50_MS = 400;
const TARGET_HALF_P99_MS = 1000;

/**
 * How often the auctioneer read intents off the stream: a redelivery is an intent read again, either requeued by the
 * auctioneer (unfilled, retried later) or, beyond that count, held past the ack wait (wasted work).
 */
// BENCH_PHASE_FILE=<file> holds the phase the bench is in ('peak <app>=<pid> ...', then 'end'): a profiler started
// from outside (bench/perfThreads.mjs) records exactly the measured peak
const phase = (text) => process.env.BENCH_PHASE_FILE && writeFileSync(process.env.BENCH_PHASE_FILE, text);
const coreOf = (us) => us.api + us.auctioneer + us['nats-server'] + us.postgres;

async function streamDeliveries(url) {
  const { text } = await request(`${url}/metrics`);
  const metric = (series) =>
    Number(
      text
        .split('\n')
        .find((l) => l.startsWith(`${series} `))
        ?.split(' ')[1] ?? 0,
    );
  return {
    first: metric('intentmesh_intent_deliveries_total{delivery="first"}'),
    redelivery: metric('intentmesh_intent_deliveries_total{delivery="redelivery"}'),
    requeued: metric('intentmesh_intents_requeued_total'),
    // keep-alives the auctioneer sent for intents it held long (waiting for a cut or for their record to be stored)
    keepAlives: metric('intentmesh_intent_keepalives_total'),
    // times the auctioneer fell to one open auction (an overlapping round left an invited solver unanswered)
    openLimitDrops: metric('intentmesh_open_limit_drops_total'),
    // bids by verdict in the stored records: LATE bids leave intents unfilled, to be auctioned again
    bids: Object.fromEntries(
      text
        .split('\n')
        .filter((l) => l.startsWith('intentmesh_bids_total{verdict="'))
        .map((l) => [/verdict="([^"]+)"/.exec(l)[1], Number(l.split(' ')[1])]),
    ),
  };
}

/** Awards `n` intents on `m` in a closed loop, in chunks of the peak's size, and returns each chunk's CPU figures. */
async function warmUp(m, nextIntents, n) {
  const chunks = [];
  for (let done = 0; done < n; done += N) {
    const intents = nextIntents(Math.min(N, n - done));
    const cpu = cpuMeter(m.apps);
    const t0 = performance.now();
    await submitClosedLoop(m.url, intents, { concurrency: C, batch: BATCH });
    await waitAwarded(
      m,
      intents.map((b) => b.hash),
      60_000,
    );
    const awarded = intents.filter((b) => m.awardedAt.has(b.hash)).length;
    const seconds = (Math.max(...intents.map((b) => m.awardedAt.get(b.hash) ?? 0)) - t0) / 1000;
    chunks.push({
      intents: intents.length,
      awarded,
      awardedPerSec: Math.round(awarded / seconds),
      cpu: cpu.done(awarded),
    });
  }
  return chunks;
}

async function main() {
  const base = await baselines('pipe');
  log(`baselines: ${JSON.stringify(base)}`);
  const auctioneerEnv = {
    AUCTION_INTERVAL_MS: String(INTERVAL),
    BID_WINDOW_MS: String(WINDOW),
    AUCTION_MAX_INTENTS: opt['max-intents'],
    AUCTION_MAX_OPEN: opt['max-open'],
  };
  let m = await startMarketplace('pipe', { auctioneerEnv });
  const nextIntents = makeIntentFactory();
  try {
    const warmUpChunks = await warmUp(m, nextIntents, WARMUP);
    const peakCold = warmUpChunks[0];
    if (peakCold)
      log(
        `warm-up: ${WARMUP} awarded; per chunk of ${N}: ${warmUpChunks.map((c) => `${c.awardedPerSec}/s core ${coreOf(c.cpu.cpuUsPerIntent)} µs`).join(', ')}`,
      );
    // peak: closed loop, C requests in flight
    const peak = nextIntents(N);
    const submittedAt = new Map();
    const cpu = cpuMeter(m.apps);
    const t0 = performance.now();
    phase(`peak ${m.apps.map((a) => `${a.name}=${a.child.pid}`).join(' ')}`);
    const refused = await submitClosedLoop(m.url, peak, {
      concurrency: C,
      batch: BATCH,
      onGroup: (group) => {
        const at = performance.now();
        for (const b of group) submittedAt.set(b.hash, at);
      },
    });
    const ingestSec = (performance.now() - t0) / 1000;
    await waitAwarded(
      m,
      peak.map((b) => b.hash),
      60_000,
    );
    const awardedPeak = peak.filter((b) => m.awardedAt.has(b.hash));
    const peakCpu = cpu.done(awardedPeak.length);
    phase('end');
    const peakDeliveries = await streamDeliveries(m.url);
    const lastAward = Math.max(...awardedPeak.map((b) => m.awardedAt.get(b.hash)));
    const peakSec = (lastAward - t0) / 1000;
    const peakAwardedPerSec = awardedPeak.length / peakSec;
    const peakLat = awardedPeak.map((b) => m.awardedAt.get(b.hash) - submittedAt.get(b.hash));
    log(
      `peak: ingest ${Math.round(N / ingestSec)}/s, awarded ${awardedPeak.length} at ${Math.round(peakAwardedPerSec)}/s`,
    );

    // half of peak on a fresh marketplace: open loop, single POSTs spread evenly like independent traders
    if (process.env.BENCH_LOG_LEVEL) log(m.describe());
    await m.stop();
    m = undefined;
    m = await startMarketplace('half', { auctioneerEnv });
    await warmUp(m, nextIntents, WARMUP);
    const halfRate = opt['half-rate'] ? Number(opt['half-rate']) : Math.max(1, peakAwardedPerSec / 2);
    const tickMs = 20;
    const perTick = halfRate * (tickMs / 1000);
    const half = nextIntents(Math.ceil(halfRate * HALF_SEC));
    const halfAt = new Map();
    const halfWall = new Map();
    let carry = 0,
      k = 0;
    const h0 = performance.now();
    const sends = [];
    while (k < half.length) {
      carry += perTick;
      const take = Math.floor(carry);
      carry -= take;
      for (let j = 0; j < take && k < half.length; j++, k++) {
        halfAt.set(half[k].hash, performance.now());
        sends.push(submit(m.url, [half[k]], halfWall));
      }
      const wait = h0 + (k / halfRate) * 1000 - performance.now();
      await new Promise((r) => setTimeout(r, Math.max(0, Math.min(tickMs, wait))));
    }
    const halfRefused = (await Promise.all(sends)).reduce((a, b) => a + b, 0);
    await waitAwarded(
      m,
      half.map((b) => b.hash),
      30_000,
    );
    const halfLat = half
      .filter((b) => m.awardedAt.has(b.hash))
      .map((b) => m.awardedAt.get(b.hash) - halfAt.get(b.hash));
    const p50 = Math.round(pct(halfLat, 50));
    const p99 = Math.round(pct(halfLat, 99));
    const us = peakCpu.cpuUsPerIntent;
    const coreUs = coreOf(us);
    const ratio = +(peakAwardedPerSec / base.recoverPerSecBothCores).toFixed(4);
    const breakdown = await latencyBreakdown(m, halfWall);
    const halfDeliveries = await streamDeliveries(m.url);

    const result = {
      bench: 'pipeline',
      machine: { cores: cpus().length, node: process.version },
      config: {
        intents: N,
        warmup: WARMUP,
        batch: BATCH,
        concurrency: C,
        auctionIntervalMs: INTERVAL,
        bidWindowMs: WINDOW,
        auctionMaxIntents: Number(opt['max-intents']),
        auctionMaxOpen: Number(opt['max-open']),
        solvers: 3,
      },
      peak: {
        ingestIntentsPerSec: Math.round(N / ingestSec),
        refused,
        awarded: awardedPeak.length,
        seconds: +peakSec.toFixed(2),
        awardedPerSec: Math.round(peakAwardedPerSec),
        submitToAwardMs: { p50: Math.round(pct(peakLat, 50)), p99: Math.round(pct(peakLat, 99)) },
        streamDeliveries: peakDeliveries,
        // where the cores went: CPU microseconds per awarded intent in each process, NATS and PostgreSQL included
        cpu: peakCpu,
        // the most this build could award if both cores did nothing else and no time were stolen, and the CPU an intent may cost at the target
        cpuBoundCeilingPerSec: Math.round((cpus().length * 1e6) / Math.max(1, peakCpu.cpuUsPerIntent.total)),
        cpuBudgetAtTargetUsPerIntent: Math.round((cpus().length * 1e6) / TARGET_INGEST),
      },
      // the same figures for the warm-up's first chunk: the marketplace's first intents, JIT compilation included
      peakCold: peakCold && {
        awardedPerSec: peakCold.awardedPerSec,
        cpu: peakCold.cpu,
        coreCpuUsPerIntent: coreOf(peakCold.cpu.cpuUsPerIntent),
      },
      // every warm-up chunk in order: how CPU per intent settles as the processes compile their hot paths
      warmUpChunks: warmUpChunks.map((c) => ({
        awarded: c.awarded,
        awardedPerSec: c.awardedPerSec,
        cpuUsPerIntent: c.cpu.cpuUsPerIntent.total,
        coreCpuUsPerIntent: coreOf(c.cpu.cpuUsPerIntent),
      })),
      halfPeak: {
        offeredPerSec: +halfRate.toFixed(1),
        seconds: HALF_SEC,
        submitted: half.length,
        refused: halfRefused,
        awarded: halfLat.length,
        submitToAwardMs: { p50, p99 },
        // wall-clock parts of each awarded intent's latency (see latencyBreakdown)
        breakdownMs: breakdown,
        streamDeliveries: halfDeliveries,
      },
      baselines: base,
      ratios: {
        awardedPerSecOverRecoverBothCores: +(peakAwardedPerSec / base.recoverPerSecBothCores).toFixed(4),
        ingestOverRecoverBothCores: +(N / ingestSec / base.recoverPerSecBothCores).toFixed(4),
        ingestOverJetStreamPipelined: +(N / ingestSec / base.jetStreamPipelinedPublishPerSec).toFixed(3),
      },
      targets: {
        endToEndPerSec: {
          target: TARGET_INGEST,
          measured: Math.round(peakAwardedPerSec),
          met: peakAwardedPerSec >= TARGET_INGEST,
        },
        endToEndOverRecoverBothCores: {
          target: TARGET_RATIO,
          measured: +(peakAwardedPerSec / base.recoverPerSecBothCores).toFixed(4),
          met: peakAwardedPerSec / base.recoverPerSecBothCores >= TARGET_RATIO,
        },
        halfPeakP50Ms: { target: targetLatencyMs, measured: p50, met: p50 <= targetLatencyMs },
        cpuUsPerAwardedIntent: { target: TARGET_CPU_US, measured: us.total, met: us.total <= TARGET_CPU_US },
        coreCpuUsPerAwardedIntent: { target: TARGET_CORE_CPU_US, measured: coreUs, met: coreUs <= TARGET_CORE_CPU_US },
        awardedOverRecoverBothCores: { target: TARGET_RATIO_19, measured: ratio, met: ratio >= TARGET_RATIO_19 },
        halfPeakP50MsIssue19: { target: TARGET_HALF_P50_MS, measured: p50, met: p50 <= TARGET_HALF_P50_MS },
        halfPeakP99Ms: { target: TARGET_HALF_P99_MS, measured: p99, met: p99 <= TARGET_HALF_P99_MS },
      },
      // requests the load generator sent again because they never reached the API (see bench/lib/http.mjs)
      httpRetries: httpStats.retries,
    };
    if (process.env.BENCH_LOG_LEVEL) log(m.describe());
    console.log(JSON.stringify(result, null, opt.json ? 0 : 2));
  } finally {
    await m?.stop();
  }
}

runMain(main);
