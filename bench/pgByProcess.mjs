// Where PostgreSQL's CPU goes during the pipeline's measured peak: each server process's CPU, labelled by what it is
// (a client backend by its application and database, or the walwriter, checkpointer, autovacuum, ...).
// bench:pipeline's `postgres` column is the sum of these; this says which of them to work on.
//   node bench/pgByProcess.mjs [--statements] [-- <bench/pipeline.mjs options>]
//   TEST_DATABASE_URL names the server (default the local one). --statements also prints the peak's statements by
//   execution time per awarded intent: the server must load pg_stat_statements (shared_preload_libraries) and the
//   URL's database have the extension; BENCH_PG_PID=<its postmaster pid> keeps the pipeline's column to that server.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { pidsNamed, processStat } from './lib/cpu.mjs';
import { runPipeline } from './lib/pipelinePhases.mjs';

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
    pidsNamed('postgres')
      .filter(ours)
      .map((p) => [Number(p), processStat(p).ticks * 10]),
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
const run = runPipeline(args.filter((a) => a !== '--statements'));
await run.peak();
const before = snapshot();
if (statements) await client.query('SELECT pg_stat_statements_reset()');
await label();
await run.end(label); // backends born during the peak get their labels
const after = snapshot();
const top = statements
  ? (
      await client.query(
        `SELECT calls, total_exec_time AS ms, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 150) AS query
           FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25`,
      )
    ).rows
  : [];
await client.end();
const result = await run.result();
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
