// bench:audit-index: what the audit index (migration 002) costs and buys, measured side by side in one run on the
// local PostgreSQL: storing a record with its index rows (AuctionRepository.append) against the same record and
// awards stored without them (the statements append ran before 002), interleaved; then filtered list and solver
// competition reads against an unfiltered page. Prints one JSON object.
//   npm run bench:audit-index -- [--auctions 300] [--intents 100]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const { openStorage } = require(join(root, 'libs/storage/dist/index.js'));
const { Client } = require('pg');
import { syntheticRecord } from './lib/records.mjs';

const { values: opt } = parseArgs({
  options: { auctions: { type: 'string', default: '300' }, intents: { type: 'string', default: '100' } },
});
const N = Number(opt.auctions);
const I = Number(opt.intents);
const ADMIN = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const hex = (n, width = 64) => '0x' + n.toString(16).padStart(width, '0');
const solvers = [1, 2, 3].map((s) => hex(0xa0 + s, 40));

const record = (k) => syntheticRecord(k, I, solvers);

/** The record and its awards exactly as append stored them before 002: the baseline. */
async function appendWithoutIndex(db, r) {
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO auctions (auction_id, auctioneer, seq, opened_at, closed_at, prev_record_hash, record_hash, record) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [r.auctionId, r.auctioneer, r.seq, r.openedAt, r.closedAt, r.prevRecordHash, r.recordHash, r],
    );
    await tx.query(
      `INSERT INTO awards (intent_hash, auction_id, solver, buy_amount, award, signature)
       SELECT v.h, $1, v.s, v.b::numeric, v.a, v.sig FROM (SELECT unnest($2::text[]) AS h, unnest($3::text[]) AS s, unnest($4::text[]) AS b, unnest($5::jsonb[]) AS a, unnest($6::text[]) AS sig) v`,
      [
        r.auctionId,
        r.awards.map((a) => a.award.intentHash),
        r.awards.map((a) => a.award.solver),
        r.awards.map((a) => a.award.buyAmount),
        r.awards.map((a) => JSON.stringify(a.award)),
        r.awards.map((a) => a.signature),
      ],
    );
  });
}

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (x) => Math.round(x * 100) / 100;
async function timed(fn) {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const name = `im_bench_auditidx_${process.pid}`;
const admin = new Client({ connectionString: ADMIN });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const storage = await openStorage({ databaseUrl: ADMIN.replace(/\/[^/]*$/, `/${name}`) });
try {
  const withIndex = [];
  const without = [];
  // interleaved, so both sides see the same machine load; ids differ, so both land in the same tables
  for (let k = 0; k < N; k++) {
    const r = record(2 * k);
    const b = record(2 * k + 1);
    withIndex.push(await timed(() => storage.auctions.append(r, [])));
    without.push(await timed(() => appendWithoutIndex(storage.db, b)));
  }
  const reads = { unfilteredPage: [], bySolver: [], byIntent: [], byChainAndTime: [], solverCompetition: [] };
  for (let k = 0; k < 50; k++) {
    reads.unfilteredPage.push(await timed(() => storage.auctions.list({ limit: 50 })));
    reads.bySolver.push(await timed(() => storage.auctions.list({ limit: 50, solver: solvers[k % 3] })));
    reads.byIntent.push(
      await timed(() => storage.auctions.list({ limit: 50, intentHash: hex(2 * (k % N) * 100_000 + 5) })),
    );
    reads.byChainAndTime.push(
      await timed(() => storage.auctions.list({ limit: 50, chainId: 10, from: 0, to: 1000 * N })),
    );
    reads.solverCompetition.push(await timed(() => storage.auctions.solverCompetition(solvers[k % 3], { limit: 50 })));
  }
  const summary = (xs) => ({ p50: ms(pct(xs, 50)), p99: ms(pct(xs, 99)) });
  const p50With = pct(withIndex, 50);
  const p50Without = pct(without, 50);
  console.log(
    JSON.stringify({
      bench: 'audit-index',
      auctions: N,
      intentsPerAuction: I,
      bidsPerAuction: 3 * I,
      appendMs: { withIndex: summary(withIndex), withoutIndex: summary(without), p50Ratio: ms(p50With / p50Without) },
      readMs: Object.fromEntries(Object.entries(reads).map(([k, v]) => [k, summary(v)])),
      indexRows: Number(
        (
          await storage.db.query(
            `SELECT (SELECT count(*) FROM auction_intents) + (SELECT count(*) FROM auction_chains) + (SELECT count(*) FROM auction_solvers) AS n`,
          )
        ).rows[0].n,
      ),
    }),
  );
} finally {
  await storage.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
