// On-CPU time of each marketplace app during the pipeline's measured peak, by thread kind, with Linux `perf`.
// V8's --cpu-prof samples wall time on the main thread only: a blocking write looks costly and the background
// compiler and GC threads are not seen at all. `perf record -e cpu-clock` counts only time on a CPU, in every thread.
//   node bench/perfThreads.mjs [--app auctioneer] [--top 30] [--kernel] [--faults] [-- <bench/pipeline.mjs options>]
//   --faults samples every page fault instead of CPU time (perf's page-faults event): a first touch of a fresh page
//   costs about 14.5 µs in this paravirtualized guest (a python mmap loop), so where they happen is a CPU question
//   --kernel also prints what put --app's main thread in the kernel: its samples there grouped by the user-space frames
//   that entered it (a system call's libc wrapper and its JS caller, or the code that touched a new page)
// Needs `perf` (Debian: linux-perf) and permission to profile the apps (root here). Prints, per app, the share of its
// samples in: main thread (JS and runtime), main-thread GC, kernel (system calls, page faults), V8's background compiler,
// background GC, other threads; then the top self symbols of --app.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runPipeline } from './lib/pipelinePhases.mjs';

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    app: { type: 'string', default: 'auctioneer' },
    top: { type: 'string', default: '30' },
    kernel: { type: 'boolean' },
    faults: { type: 'boolean' },
  },
});
const run = runPipeline(positionals, { BENCH_PERF: '1' });
const data = join(run.dir, 'perf.data');
const apps = await run.peak();
const perf = spawn(
  'perf',
  [
    'record',
    '-q',
    ...(opt.faults ? ['-e', 'page-faults', '-c', '1'] : ['-e', 'cpu-clock', '-F', '999']),
    '-g',
    '-p',
    [...apps.keys()].join(','),
    '-o',
    data,
  ],
  {
    stdio: 'ignore',
  },
);
await run.end();
perf.kill('SIGINT');
await new Promise((r) => perf.on('exit', r));

const script = spawnSync('perf', ['script', '-i', data, '-F', 'pid,tid,ip,sym,dso'], {
  maxBuffer: 1 << 30,
  encoding: 'utf8',
});
await run.result();
const kinds = new Map(); // app -> Map(kind -> samples)
const self = new Map(); // symbol -> samples, for --app
const totals = new Map();
const entered = new Map(); // user-space frames that entered the kernel -> samples, for --kernel
for (const block of script.stdout.split('\n\n')) {
  const lines = block.split('\n').filter((l) => l.trim());
  if (!lines.length) continue;
  const [pid, tid] = lines[0].trim().split(/\s+/)[0].split('/');
  const app = apps.get(pid);
  if (!app) continue;
  // '<ip> <symbol> (<dso>)': the dso says whether a frame is the kernel's
  const raw = lines.slice(1).map((l) => /^\s*\S+\s+(.*?)\s+\((.*)\)$/.exec(l) ?? [l, l.trim(), '']);
  const frames = raw.map((m) => m[1]);
  const stack = frames.join(' | ');
  const gc = /Scaveng|MarkCompact|Marking|Sweeper|Evacuat|Heap::/.test(stack);
  const compile = /compiler::|Compiler|Compile/.test(stack);
  const kernel = /^(pvm_|native_|clear_page|_copy_|asm_|exc_|\[unknown\])/.test(frames[0] ?? '');
  const kind =
    pid === tid
      ? gc
        ? 'main GC'
        : compile
          ? 'main compile'
          : kernel
            ? 'main kernel'
            : 'main JS and runtime'
      : compile
        ? 'background compiler'
        : gc
          ? 'background GC'
          : 'other threads';
  if (!kinds.has(app)) kinds.set(app, new Map());
  kinds.get(app).set(kind, (kinds.get(app).get(kind) ?? 0) + 1);
  totals.set(app, (totals.get(app) ?? 0) + 1);
  // a fault's own frame is often memmove or an allocation builtin: its callers say whose memory it was
  const at = opt.faults ? frames.slice(0, 4).join(' < ') : frames[0];
  if (app === opt.app && pid === tid) self.set(at, (self.get(at) ?? 0) + 1);
  if (opt.kernel && app === opt.app && pid === tid && kind === 'main kernel') {
    const user = raw.findIndex((m) => !/kernel|^\[unknown\]$/.test(m[2]));
    // the kernel's entry (its outermost frames: a system call or a page fault) and the user frames that made it
    const entry = frames.slice(Math.max(0, (user < 0 ? frames.length : user) - 2), user < 0 ? undefined : user);
    const key = `${entry.reverse().join(' > ')} << ${user < 0 ? '(no user frame)' : frames.slice(user, user + 2).join(' < ')}`;
    entered.set(key, (entered.get(key) ?? 0) + 1);
  }
}
const pct = (n, of) => `${((100 * n) / of).toFixed(1)}%`;
for (const [app, k] of kinds) {
  const n = totals.get(app);
  console.log(
    `${app.padEnd(11)} ${String(n).padStart(6)} samples  ${[...k]
      .sort((a, b) => b[1] - a[1])
      .map(([kind, c]) => `${kind} ${pct(c, n)}`)
      .join(', ')}`,
  );
}
const mainSamples = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`\n${opt.app}: top self symbols on the main thread (${mainSamples} samples)`);
for (const [sym, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(opt.top)))
  console.log(`${pct(c, mainSamples).padStart(6)}  ${sym.slice(0, opt.faults ? 300 : 110)}`);
if (opt.kernel) {
  const n = [...entered.values()].reduce((a, b) => a + b, 0);
  console.log(`\n${opt.app}: main-thread kernel samples (${n}) by the user-space frames that entered the kernel`);
  for (const [k, c] of [...entered].sort((a, b) => b[1] - a[1]).slice(0, Number(opt.top)))
    console.log(`${pct(c, n).padStart(6)}  ${k.slice(0, 160)}`);
}
