// What V8's optimizing compiler does in one app during the pipeline's measured peak: its Turbofan compiles (with the
// time V8 reports for each) and its deoptimizations, read from --trace-opt / --trace-deopt between the peak's first
// and last moment. A warm-up that leaves an app still compiling its hot path shows here: the peak's CPU then carries
// work a long-running process no longer does.
//   node bench/jitWindow.mjs [--app auctioneer] [--top 15] [--json] [-- <bench/pipeline.mjs options, e.g. --warmup 16000>]
// The compile times are V8's wall-clock times on a busy machine (waiting for a core included): compare counts and
// names across runs, and take CPU shares from bench/perfThreads.mjs (its "background compiler").
import { mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runPipeline } from './lib/pipelinePhases.mjs';

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    app: { type: 'string', default: 'auctioneer' },
    top: { type: 'string', default: '15' },
    json: { type: 'boolean' },
  },
});
const logs = mkdtempSync(join(tmpdir(), 'im-jit-'));
const flagsVar = `BENCH_FLAGS_${opt.app.toUpperCase()}`;
const run = runPipeline(positionals, {
  BENCH_LOG_DIR: logs,
  [flagsVar]: `${process.env[flagsVar] ?? ''} --trace-opt --trace-deopt`.trim(),
});
const file = join(logs, `pipe-${opt.app}.log`);
const size = () => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};
await run.peak();
const from = size();
await run.end();
const to = size();
const result = await run.result();

/** The app's trace between two byte offsets, as lines. */
function lines(start, end) {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(end - start);
  readSync(fd, buf, 0, buf.length, start);
  return buf.toString('utf8').split('\n');
}
// [completed compiling 0x… <JSFunction name (sfi = …)> (target TURBOFAN) - took 0.05, 20.1, 0.02 ms]
const COMPILED = /completed compiling .*?<JSFunction (\S*) .*took ([\d.]+), ([\d.]+), ([\d.]+) ms/;
// [bailout (kind: deopt-eager, reason: wrong map): begin. deoptimizing 0x… <JSFunction name (sfi = …)>, …
const DEOPT = /bailout \(kind: ([^,]+), reason: (.*?)\): begin\. deoptimizing \S+ <JSFunction (\S*) /;

// an anonymous function prints as <JSFunction (sfi = …)>
const named = (n) => (!n || n.startsWith('(') ? '(anonymous)' : n);

function summarize(ls) {
  const compiles = new Map();
  const deopts = new Map();
  let count = 0;
  let ms = 0;
  for (const l of ls) {
    const c = COMPILED.exec(l);
    if (c) {
      const t = Number(c[2]) + Number(c[3]) + Number(c[4]);
      const name = named(c[1]);
      const e = compiles.get(name) ?? { count: 0, ms: 0 };
      e.count++;
      e.ms += t;
      compiles.set(name, e);
      count++;
      ms += t;
      continue;
    }
    const d = DEOPT.exec(l);
    if (d) {
      const key = `${named(d[3])} (${d[1]}: ${d[2]})`;
      deopts.set(key, (deopts.get(key) ?? 0) + 1);
    }
  }
  const round = (x) => Math.round(x * 10) / 10;
  return {
    compiles: count,
    compileMs: round(ms),
    topCompiles: [...compiles]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, Number(opt.top))
      .map(([name, e]) => ({ name, count: e.count, ms: round(e.ms) })),
    deopts: [...deopts].sort((a, b) => b[1] - a[1]).map(([what, n]) => ({ what, n })),
  };
}

const out = {
  bench: 'jitWindow',
  app: opt.app,
  args: positionals,
  awarded: result.peak?.awarded,
  cpuUsPerIntent: result.peak?.cpu?.cpuUsPerIntent?.[opt.app],
  beforePeak: summarize(lines(0, from)),
  peak: summarize(lines(from, to)),
};
rmSync(logs, { recursive: true, force: true });
if (opt.json) console.log(JSON.stringify(out));
else {
  const p = out.peak;
  console.log(`${opt.app}: ${out.cpuUsPerIntent} µs per awarded intent in the peak (${out.awarded} awarded)`);
  console.log(
    `before the peak: ${out.beforePeak.compiles} Turbofan compiles, ${out.beforePeak.deopts.length} kinds of deopt`,
  );
  console.log(`in the peak: ${p.compiles} Turbofan compiles, V8's time ${p.compileMs} ms`);
  for (const c of p.topCompiles) console.log(`  ${String(c.ms).padStart(8)} ms  ${c.count}x  ${c.name}`);
  console.log(`in the peak: ${p.deopts.reduce((a, d) => a + d.n, 0)} deoptimizations`);
  for (const d of p.deopts) console.log(`  ${d.n}x  ${d.what}`);
}
