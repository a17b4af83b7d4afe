// Runs e2e test files with FAULT_REPORT_FILE set and returns jest's exit status with the JSON lines the tests wrote
// (test:faults and sim:lapse read their figures this way).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** @returns {{ status: number | null, entries: Record<string, any>[] }} */
export function runWithFaultReport(jestArgs, stdio) {
  const file = join(mkdtempSync(join(tmpdir(), 'im-report-')), 'report.jsonl');
  const run = spawnSync('npx', ['jest', '--selectProjects', 'e2e', '--runInBand', ...jestArgs], {
    cwd: root,
    stdio,
    env: { ...process.env, FAULT_REPORT_FILE: file },
  });
  const entries = existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
  return { status: run.status, entries };
}
