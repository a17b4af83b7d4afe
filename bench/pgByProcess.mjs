// Where PostgreSQL's CPU goes during the pipeline's measured peak: each server process's CPU, labelled by what it is
// (a client backend by its application and database, or the walwriter, checkpointer, autovacuum, ...).
// bench:pipeline's `postgres` column is the sum of these; this says which of them to work on.
//   node bench/pgByProcess.mjs [--statements] [-- <bench/pipeline.mjs options>]
//   TEST_DATABASE_URL names the server (default the local one). --statements also prints the peak's statements by
//   execution time per awarded intent: the server must load pg_stat_statements (shared_preload_libraries) and the
//   URL's database have the extension; BENCH_PG_PID=<its postmaster pid> keeps the pipeline's column to that server.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const dir = mkdtempSync(join(tmpdir(), 'im-pgproc-'));
const phaseFile = join(dir, 'phase');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const readPhase = () => {
  try {
    return readFileSync(phaseFile, 'utf8');
  } catch {
    return '';
  }
};
const ticks = (pid) => {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // ms (USER_HZ 100)
  } catch {
    return 0;
  }
};
const postgresPids = () =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    })
    .map(Number);
// BENCH_PG_PID=<postmaster pid>: only that server's processes (another PostgreSQL may run on the machine)
const root = process.env.BENCH_PG_PID;
const parentOf = (p) => /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1];
const ours = (p) => {
  try {
    return !root || String(p) === root || parentOf(p) === root;
  } catch {
    return false;
  }
};
const snapshot = () =>
  new Map(
    postgresPids()
      .filter(ours)
      .map((p) => [p, ticks(p)]),
  );

const client = new pg.Client({
  connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
});
await client.connect();
const labels = new Map();
const label = async () => {
  const { rows } = await client.query(
    'SELECT pid, backend_type, application_name, datname FROM pg_stat_activity WHERE pid <> pg_backend_pid()',
  );
  for (const r of rows)
    labels.set(
      r.pid,
      r.backend_type === 'client backend' ? `backend ${r.application_name || '(no name)'}` : r.backend_type,
    );
};

const args = process.argv.slice(2).filter((a) => a !== '--');
const statements = args.includes('--statements');
const bench = spawn(
  process.execPath,
  [new URL('pipeline.mjs', import.meta.url).pathname, '--json', ...args.filter((a) => a !== '--statements')],
  {
    env: { ...process.env, BENCH_PHASE_FILE: phaseFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
let out = '';
bench.stdout.on('data', (d) => (out += d));
const benchDone = new Promise((r) => bench.on('exit', r));
while (!readPhase().startsWith('peak')) {
  if (bench.exitCode !== null) throw new Error('the pipeline ended before its peak phase');
  await sleep(20);
}
const before = snapshot();
if (statements) await client.query('SELECT pg_stat_statements_reset()');
await label();
while (readPhase() !== 'end' && bench.exitCode === null) {
  await sleep(200);
  await label(); // backends born during the peak
}
const after = snapshot();
const top = statements
  ? (
      await client.query(
        `SELECT calls, total_exec_time AS ms, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 150) AS query
           FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25`,
      )
    ).rows
  : [];
await benchDone;
await client.end();
rmSync(dir, { recursive: true, force: true });
const result = JSON.parse(out.trim().split('\n').pop());
const awarded = result.peak?.awarded ?? 0;
console.log(`pipeline peak, µs per awarded intent: ${JSON.stringify(result.peak?.cpu?.cpuUsPerIntent)}`);
console.log(`minor page faults per awarded intent: ${JSON.stringify(result.peak?.cpu?.minorFaultsPerIntent)}`);
const by = new Map();
for (const [pid, t] of after) {
  const ms = t - (before.get(pid) ?? 0);
  const what = labels.get(pid) ?? (before.has(pid) ? 'postmaster or unlabelled' : 'born and unlabelled');
  by.set(what, (by.get(what) ?? 0) + ms);
}
const total = [...by.values()].reduce((a, b) => a + b, 0);
console.log(`PostgreSQL during the peak: ${total} ms CPU, ${awarded} awarded intents`);
for (const [what, ms] of [...by].sort((a, b) => b[1] - a[1]))
  console.log(
    `${String(ms).padStart(7)} ms  ${awarded ? String(Math.round((ms * 1000) / awarded)).padStart(5) + ' µs/intent' : ''}  ${what}`,
  );
if (statements) {
  console.log(`\nstatements during the peak, by execution time (µs per awarded intent, calls, rows)`);
  for (const r of top)
    console.log(
      `${String(Math.round((r.ms * 1000) / Math.max(1, awarded))).padStart(5)} µs  ${String(r.calls).padStart(6)} calls ${String(r.rows).padStart(7)} rows  ${r.query}`,
    );
}
