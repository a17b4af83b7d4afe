// npm run bench: runs every benchmark (each in its own process, one after another so they do not share the CPU),
// prints one human table with every figure beside the baseline measured in the same run, or with --json one object.
//   npm run bench -- [--json] [--quick] [--only crypto,api,pipeline,routing,auction]
//   node bench/run.mjs --from saved.json   (the table of a saved --json run)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const { values: opt } = parseArgs({
  options: {
    json: { type: 'boolean' },
    quick: { type: 'boolean' },
    only: { type: 'string' },
    from: { type: 'string' },
  },
});
const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
const q = opt.quick;

/** Each bench: its script, its arguments, and how to turn its JSON into table rows [figure, value, baseline, ratio, target]. */
const benches = {
  crypto: { file: 'bench/crypto.mjs', args: ['--ms', q ? '500' : '1000'] },
  api: { file: 'bench/api.mjs', args: ['--seconds', q ? '3' : '5'] },
  pipeline: {
    file: 'bench/pipeline.mjs',
    args: q ? ['--intents', '2000', '--half-seconds', '10'] : [],
  },
  routing: { file: 'bench/routing.mjs', args: [], env: q ? { BENCH_QUICK: '1' } : {} },
  // the auction decision-step bench comes with libs/auction: found through its npm script when the tree has one
  auction: {
    file: /node (bench\/\S+)/.exec(scripts['bench:auction'] ?? '')?.[1] ?? 'bench/auction.mjs',
    args: [],
    optional: true,
  },
};

function runOne(name, b) {
  if (!existsSync(join(root, b.file)))
    return b.optional ? { skipped: `${b.file} is not in this tree` } : { error: `${b.file} missing` };
  process.stderr.write(`bench: ${name} ...\n`);
  try {
    const out = execFileSync(process.execPath, [join(root, b.file), ...b.args, '--json'], {
      cwd: root,
      env: { ...process.env, ...(b.env ?? {}) },
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    }).toString();
    // a bench prints one JSON object, on one line or indented; take the whole output, else its last JSON line
    try {
      return JSON.parse(out);
    } catch {
      return JSON.parse(
        out
          .trim()
          .split('\n')
          .reverse()
          .find((l) => l.trim().startsWith('{')),
      );
    }
  } catch (err) {
    return { error: String(err.message ?? err).slice(0, 500) };
  }
}

const fmt = (n) => (typeof n === 'number' ? n.toLocaleString('en-US') : (n ?? ''));
/** A figure beside the baseline measured in the same run: [figure, value, baseline, ratio, target]. */
const versus = (figure, value, baseline, baselineValue, ratio, target = '') => [
  figure,
  fmt(value),
  `${baseline} ${fmt(baselineValue)}`,
  ratio,
  target,
];
function rows(name, r) {
  if (r.error || r.skipped) return [[name, r.error ? `error: ${r.error}` : `skipped: ${r.skipped}`, '', '', '']];
  const mark = (t) => (t ? `${fmt(t.target)} ${t.met ? 'met' : 'MISSED'}` : '');
  switch (name) {
    case 'crypto': {
      const {
        recoverPerSec: rec,
        keccak256PerSec: kec,
        hashIntentPerSec: hash,
        verifyIntentPerSec: ver,
        ratios: x,
      } = r;
      return [
        versus('native recovery, one core /s', rec.nativeOneCore, 'noble', rec.nobleOneCore, `${x.nativeOverNoble}x`),
        versus(
          'native recovery, all cores /s',
          rec.nativeAllCores,
          'one core',
          rec.nativeOneCore,
          `${x.allCoresOverOneCore}x`,
        ),
        versus(
          'keccak256, 352 B, native /s',
          kec.native.bytes352PerSec,
          'noble',
          kec.noble.bytes352PerSec,
          `${x.keccakNativeOverNoble.bytes352}x`,
        ),
        versus(
          'keccak256, 100 KB record, native /s',
          kec.native.kib100PerSec,
          'noble',
          kec.noble.kib100PerSec,
          `${x.keccakNativeOverNoble.kib100}x`,
        ),
        versus(
          'hashIntent (direct encoding) /s',
          hash.direct,
          'viem hashTypedData',
          hash.viemHashTypedData,
          `${x.directHashOverViem}x`,
        ),
        versus(
          'verify intent JSON, inline /s',
          ver.inlineOneThread,
          'raw recovery',
          rec.nativeOneCore,
          x.verifyInlineOverRawRecover,
        ),
        ...Object.entries(ver.workerPool).map(([k, v]) =>
          versus(
            `verify, ${ver.poolSize}-worker pool, ${k} /s`,
            v,
            'inline',
            ver.inlineOneThread,
            `${x.poolOverInline[k]}x`,
          ),
        ),
      ];
    }
    case 'api': {
      const bare = r.bareNestRoute.requestsPerSec;
      return [
        ['bare NestJS route req/s', fmt(bare), '(baseline)', '', ''],
        versus('POST /v1/intents req/s', r.postIntents.requestsPerSec, 'bare', bare, r.ratios.postIntentsOverBareNest),
        versus(
          'POST /v1/intents/batch intents/s',
          r.postIntentsBatch.intentsPerSec,
          'bare',
          bare,
          r.ratios.batchIntentsPerSecOverBareNest,
        ),
        ...(r.batchVerifyWorkers
          ? [
              versus(
                '  batch intents/s, VERIFY_WORKERS=2 (fresh API)',
                r.batchVerifyWorkers.verifyWorkers2.intentsPerSec,
                'VERIFY_WORKERS=0',
                r.batchVerifyWorkers.verifyWorkers0.intentsPerSec,
                `${r.ratios.batchVerifyWorkers2OverInline}x`,
              ),
            ]
          : []),
        versus(
          'GET /v1/auctions/:id req/s',
          r.getAuction.requestsPerSec,
          'bare',
          bare,
          r.ratios.getAuctionOverBareNest,
          mark(r.targets.getAuctionPerSec),
        ),
      ];
    }
    case 'pipeline':
      return [
        [
          'ingest (HTTP batches) intents/s',
          fmt(r.peak.ingestIntentsPerSec),
          `JetStream pipelined ${fmt(r.baselines.jetStreamPipelinedPublishPerSec)}, awaited ${fmt(r.baselines.jetStreamAwaitedPublishPerSec)}`,
          r.ratios.ingestOverJetStreamPipelined,
          '',
        ],
        [
          'end to end awarded /s (3 solvers)',
          fmt(r.peak.awardedPerSec),
          `recovery both cores ${fmt(r.baselines.recoverPerSecBothCores)}`,
          r.ratios.awardedPerSecOverRecoverBothCores,
          r.targets.awardedOverRecoverBothCores
            ? `ratio ${mark(r.targets.awardedOverRecoverBothCores)}`
            : `${mark(r.targets.endToEndPerSec)}; ratio ${mark(r.targets.endToEndOverRecoverBothCores)}`,
        ],
        [
          `submit->award p50 at half peak (${r.halfPeak.offeredPerSec}/s) ms`,
          fmt(r.halfPeak.submitToAwardMs.p50),
          `p99 ${fmt(r.halfPeak.submitToAwardMs.p99)}`,
          '',
          r.targets.halfPeakP99Ms
            ? `${mark(r.targets.halfPeakP50MsIssue19)}; p99 ${mark(r.targets.halfPeakP99Ms)}`
            : mark(r.targets.halfPeakP50Ms),
        ],
        ...(r.peak.cpu
          ? [
              [
                '  CPU us per awarded intent: api / auctioneer / 3 solvers / nats / postgres = total',
                `${[r.peak.cpu.cpuUsPerIntent.api, r.peak.cpu.cpuUsPerIntent.auctioneer, ['direct', 'multihop', 'split'].reduce((a, k) => a + r.peak.cpu.cpuUsPerIntent[k], 0), r.peak.cpu.cpuUsPerIntent['nats-server'], r.peak.cpu.cpuUsPerIntent.postgres].map(fmt).join(' / ')} = ${fmt(r.peak.cpu.cpuUsPerIntent.total)}`,
                `budget at ${fmt(r.targets.endToEndPerSec.target)}/s: ${fmt(r.peak.cpuBudgetAtTargetUsPerIntent)}`,
                `ceiling ${fmt(r.peak.cpuBoundCeilingPerSec)}/s`,
                r.targets.cpuUsPerAwardedIntent
                  ? `${mark(r.targets.cpuUsPerAwardedIntent)}; core ${fmt(r.targets.coreCpuUsPerAwardedIntent.measured)}: ${mark(r.targets.coreCpuUsPerAwardedIntent)}`
                  : `machine busy ${r.peak.cpu.machineShare.busy}, steal ${r.peak.cpu.machineShare.steal}`,
              ],
            ]
          : []),
        ...(r.peakCold
          ? [
              [
                '  the same on the first (cold) intents, JIT compilation included',
                fmt(r.peakCold.cpu.cpuUsPerIntent.total),
                `core ${fmt(r.peakCold.coreCpuUsPerIntent)}`,
                '',
                '',
              ],
            ]
          : []),
        ...(r.warmUpChunks?.length > 1
          ? [
              [
                `  core through the warm-up, per ${fmt(r.config.intents)} intents`,
                r.warmUpChunks.map((c) => fmt(c.coreCpuUsPerIntent)).join(' -> '),
                `then ${fmt(r.targets.coreCpuUsPerAwardedIntent.measured)} in the peak`,
                '',
                '',
              ],
            ]
          : []),
        ...(r.halfPeak.breakdownMs
          ? [
              [
                '  of which (p50 ms): post, wait for cut, window, close->award',
                Object.values(r.halfPeak.breakdownMs)
                  .map((x) => x.p50)
                  .join(' / '),
                'wait for cut ~ interval/2',
                '',
                '',
              ],
            ]
          : []),
      ];
    case 'auction':
      return [
        [
          `auction decision ${r.shape.intents} x ${r.shape.solvers} p99 ms`,
          fmt(r.decision.p99),
          `p50 ${fmt(r.decision.p50)}`,
          '',
          `${r.decision.targetP99Ms} ${r.decision.met ? 'met' : 'MISSED'}`,
        ],
        [
          '  close to stored (decision, sign awards, seal, store) p50 ms',
          fmt(r.closeToStored.p50),
          `p99 ${fmt(r.closeToStored.p99)}`,
          '',
          '',
        ],
        [
          '  verify on arrival, per bid us',
          fmt(r.stepsMs.verifyOnArrival.perBidUs),
          `raw recovery ${fmt(r.baseline.recoverPerSec)}/s`,
          r.ratios.verifyOnArrivalBidsPerSecOverRecover,
          '',
        ],
        [
          '  sign awards p50 ms',
          fmt(r.stepsMs.signAwards.p50),
          `raw signing ${fmt(r.baseline.signPerSec)}/s`,
          r.ratios.signAwardsOverRawSigning,
          '',
        ],
        [
          'verifyAuction, full record ms',
          fmt(r.verifyAuction.fullRecordMs),
          `small records ${fmt(r.verifyAuction.smallRecordsPerSec)}/s`,
          '',
          '',
        ],
      ];
    case 'routing':
      return (r.results ?? []).map((s) => [
        `routing quote p50 at ${fmt(s.pools)} pools ms`,
        s.quoteMs?.p50,
        s.vsUniswapV2Sdk ? `v2-sdk bestTradeExactIn ${s.vsUniswapV2Sdk.sdkMs.p50} ms` : '',
        s.vsUniswapV2Sdk ? `${s.vsUniswapV2Sdk.speedupSplitMedian}x faster` : '',
        '',
      ]);
    default:
      return [[name, JSON.stringify(r).slice(0, 120), '', '', '']];
  }
}

const saved = opt.from ? JSON.parse(readFileSync(opt.from, 'utf8')) : undefined;
const selected = saved ? Object.keys(saved.results) : opt.only ? opt.only.split(',') : Object.keys(benches);
const results = saved?.results ?? {};
if (!saved) for (const name of selected) if (benches[name]) results[name] = runOne(name, benches[name]);
const machine = saved?.machine ?? {
  cores: cpus().length,
  memGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  at: new Date().toISOString(),
};
if (opt.json) {
  console.log(
    JSON.stringify({
      bench: 'all',
      machine,
      scripts: Object.keys(scripts).filter((s) => s.startsWith('bench')),
      results,
    }),
  );
} else {
  const table = [
    ['figure', 'value', 'baseline (same run)', 'ratio', 'target'],
    ...selected.flatMap((n) => (results[n] ? rows(n, results[n]) : [])),
  ];
  const widths = table[0].map((_, i) => Math.min(60, Math.max(...table.map((r) => String(r[i]).length))));
  console.log(`machine: ${machine.cores} cores, ${machine.memGiB} GiB, Node ${machine.node}, ${machine.at}`);
  for (const [i, r] of table.entries()) {
    console.log(r.map((c, j) => String(c).slice(0, 60).padEnd(widths[j])).join(' | '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  }
}
// a bench that crashed is in the table and the JSON as `error`; the run also says so and fails, so it is not missed
const failed = selected.filter((n) => results[n]?.error);
if (failed.length) {
  process.stderr.write(`bench: ${failed.join(', ')} failed (see above); exiting 1\n`);
  process.exitCode = 1;
}
