// System calls per awarded intent of every marketplace process (apps, nats-server, PostgreSQL) during the pipeline's
// measured peak, by name. On this machine a system call costs about 1.2 µs before it does any work (a paravirtualized
// guest: `python3 -c` getppid loop), ten times bare metal, so their count is a CPU figure of its own.
//   node bench/syscalls.mjs [--top 12] [-- <bench/pipeline.mjs options>]
// Needs `perf` with the raw_syscalls tracepoints (root here). Counts come from `perf record -e raw_syscalls:sys_enter`.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pidsNamed } from './lib/cpu.mjs';
import { runPipeline } from './lib/pipelinePhases.mjs';

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '12' } },
});
// x86-64 numbers of the calls these processes make (others print as NR <n>)
const NAMES = {
  0: 'read',
  1: 'write',
  3: 'close',
  7: 'poll',
  8: 'lseek',
  9: 'mmap',
  10: 'mprotect',
  11: 'munmap',
  12: 'brk',
  13: 'rt_sigaction',
  14: 'rt_sigprocmask',
  15: 'rt_sigreturn',
  16: 'ioctl',
  17: 'pread64',
  18: 'pwrite64',
  19: 'readv',
  20: 'writev',
  23: 'select',
  24: 'sched_yield',
  25: 'mremap',
  28: 'madvise',
  35: 'nanosleep',
  39: 'getpid',
  44: 'sendto',
  45: 'recvfrom',
  46: 'sendmsg',
  47: 'recvmsg',
  62: 'kill',
  72: 'fcntl',
  74: 'fsync',
  75: 'fdatasync',
  82: 'rename',
  87: 'unlink',
  96: 'gettimeofday',
  202: 'futex',
  228: 'clock_gettime',
  230: 'clock_nanosleep',
  232: 'epoll_wait',
  233: 'epoll_ctl',
  257: 'openat',
  262: 'newfstatat',
  270: 'pselect6',
  271: 'ppoll',
  281: 'epoll_pwait',
  285: 'fallocate',
  290: 'eventfd2',
  318: 'getrandom',
  441: 'epoll_pwait2',
};
const run = runPipeline(positionals);
const data = join(run.dir, 'perf.data');
const who = await run.peak();
for (const p of pidsNamed('nats-server')) who.set(p, 'nats-server');
for (const p of pidsNamed('postgres')) who.set(p, 'postgres');
// -a with a pid filter afterwards: PostgreSQL backends born during the peak count too
const perf = spawn('perf', ['record', '-q', '-a', '-e', 'raw_syscalls:sys_enter', '-o', data], { stdio: 'ignore' });
await run.end();
perf.kill('SIGINT');
await new Promise((r) => perf.on('exit', r));
const script = spawnSync('perf', ['script', '-i', data, '-F', 'pid,comm,trace'], {
  maxBuffer: 1 << 30,
  encoding: 'utf8',
});
const awarded = (await run.result()).peak?.awarded ?? 0;
const counts = new Map(); // process kind -> Map(call -> n)
for (const line of script.stdout.split('\n')) {
  const m = /^\s*(\S+)\s+(\d+)\s+NR (\d+)/.exec(line);
  if (!m) continue;
  const [, comm, pid, nr] = m;
  const kind = who.get(pid) ?? (comm === 'postgres' ? 'postgres' : undefined);
  if (!kind) continue;
  const call = NAMES[nr] ?? `NR ${nr}`;
  if (!counts.has(kind)) counts.set(kind, new Map());
  counts.get(kind).set(call, (counts.get(kind).get(call) ?? 0) + 1);
}
console.log(`system calls per awarded intent during the peak (${awarded} awarded)`);
for (const [kind, calls] of [...counts].sort((a, b) => sum(b[1]) - sum(a[1]))) {
  const top = [...calls].sort((a, b) => b[1] - a[1]).slice(0, Number(opt.top));
  console.log(`${kind.padEnd(12)} ${per(sum(calls)).padStart(6)}  ${top.map(([c, n]) => `${c} ${per(n)}`).join(', ')}`);
}
function sum(m) {
  return [...m.values()].reduce((a, b) => a + b, 0);
}
function per(n) {
  return (n / Math.max(1, awarded)).toFixed(2);
}
