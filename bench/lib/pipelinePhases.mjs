// Runs bench/pipeline.mjs as a child and tells its caller when the measured peak starts and ends (BENCH_PHASE_FILE),
// so a profiler or counter started from outside covers exactly the peak: bench/perfThreads.mjs, syscalls.mjs,
// pgByProcess.mjs.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the pipeline with `args` (and `env` on top of this process's). `peak()` resolves at the peak's start with its
 * apps (pid -> name), `end(each)` at its end (calling `each` as it waits, at most every 100 ms), `result()` with the
 * pipeline's JSON once it exits. `dir` is a scratch directory, removed by `result()`.
 */
export function runPipeline(args, env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'im-phases-'));
  const phaseFile = join(dir, 'phase');
  const read = () => {
    try {
      return readFileSync(phaseFile, 'utf8');
    } catch {
      return '';
    }
  };
  const bench = spawn(process.execPath, [new URL('../pipeline.mjs', import.meta.url).pathname, '--json', ...args], {
    env: { ...process.env, ...env, BENCH_PHASE_FILE: phaseFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  bench.stdout.on('data', (d) => (out += d));
  const exited = new Promise((r) => bench.on('exit', r));
  return {
    dir,
    async peak() {
      while (!read().startsWith('peak')) {
        if (bench.exitCode !== null) throw new Error('the pipeline ended before its peak phase');
        await sleep(20);
      }
      // 'peak auctioneer=123 api=124 direct=125 ...'
      return new Map(
        read()
          .split(' ')
          .slice(1)
          .map((kv) => kv.split('='))
          .map(([name, pid]) => [pid, name]),
      );
    },
    async end(each = async () => {}) {
      for (let next = 0; read() !== 'end' && bench.exitCode === null; await sleep(20))
        if (performance.now() >= next) {
          next = performance.now() + 100;
          await each();
        }
    },
    async result() {
      await exited;
      rmSync(dir, { recursive: true, force: true });
      return JSON.parse(out.trim().split('\n').pop());
    },
  };
}
