// A jest reporter: one line per test file with its wall time and CPU, appended to JEST_TIMING_OUT (default
// .jest-timing.tsv), to tell a file that waits (timers, other processes) from one that computes.
//   npx jest test/lapse.e2e.ts --selectProjects e2e --runInBand --reporters=default --reporters=./scripts/jest-timing.mjs
// Columns: file, wall s, CPU s of this process and the children it reaped (in band only: workers are other
// processes), busy s of the whole machine (NATS and PostgreSQL included, and anything else running), passed, failed.
import { appendFileSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const TICKS = 100; // USER_HZ on Linux
const ownCpu = () => {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS; // utime stime cutime cstime
};
const machineBusy = () => {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  return (f.reduce((a, b) => a + b, 0) - f[3] - f[4]) / TICKS; // all but idle and iowait
};

export default class JestTiming {
  started = new Map();
  out = process.env.JEST_TIMING_OUT ?? '.jest-timing.tsv';

  onTestFileStart(test) {
    this.started.set(test.path, { at: Date.now(), cpu: ownCpu(), busy: machineBusy() });
  }

  onTestFileResult(test, result) {
    const s = this.started.get(test.path);
    if (!s) return;
    const row = [
      relative(process.cwd(), test.path),
      ((Date.now() - s.at) / 1000).toFixed(1),
      (ownCpu() - s.cpu).toFixed(1),
      (machineBusy() - s.busy).toFixed(1),
      result.numPassingTests,
      result.numFailingTests,
    ];
    appendFileSync(this.out, row.join('\t') + '\n');
  }
}
