// bench:store-writes: what PostgreSQL spends on one intent's writes from intake to award (the API's insertMany, the
// auctioneer's claim, live-auction id and AuctionRepository.append), for this build and another side by side, each
// on its own fresh database with --history settled intents already stored, rounds interleaved. Per step and intent:
// the database backend's CPU (from /proc, so the server must run on this machine) and the WAL the step wrote (the
// whole server's: on a shared server other work adds to it; point TEST_DATABASE_URL at a private one for exact bytes),
// and this process's CPU for the step (the client's side: pg building the messages, the socket writes).
//   node bench/storeWrites.mjs --base <dir of another built checkout> [--intents 100] [--rounds 30] [--history 100000]
//                              [--open 0] (intents left open beside the measured ones: a backlog waiting for auctions)
//                              [--random-hex] (signatures and hashes random, as in real records: they compress ~2.7x, not ~20x)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { createDatabase } from './lib/env.mjs';
import { randomHex, syntheticRecord } from './lib/records.mjs';

const { values: opt } = parseArgs({
  options: {
    base: { type: 'string' },
    intents: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '30' },
    history: { type: 'string', default: '100000' },
    open: { type: 'string', default: '0' },
    'random-hex': { type: 'boolean', default: false },
  },
});
if (!opt.base) throw new Error('--base <dir>: a built checkout to compare with (node scripts/build.mjs there)');
const I = Number(opt.intents);
const ROUNDS = Number(opt.rounds);
const HISTORY = Number(opt.history);
const OPEN = Number(opt.open);
const branchDir = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const solvers = [1, 2, 3].map((s) => '0x' + (0xa0 + s).toString(16).padStart(40, '0'));
const STEPS = ['insert', 'claim', 'liveAuction', 'append'];

async function open(dir, tag) {
  const S = createRequire(dir + '/package.json')(dir + '/libs/storage/dist/index.js');
  const db = await createDatabase(tag);
  // one connection, so every statement runs in the one backend whose CPU is read
  const storage = await S.openStorage({ databaseUrl: db.url, poolSize: 1 });
  const q = (sql, params) => storage.db.query(sql, params);
  const first = syntheticRecord(0, I, solvers);
  await storage.intents.insertMany(first.intents);
  // the history: settled intents (copies of the first batch under new hashes and nonces), as a long-running store holds
  await q(
    `INSERT INTO intents (hash, swapper, source_chain_id, destination_chain_id, nonce, deadline, intent, signature, status)
     SELECT 'h' || g || substr(hash, 10), swapper, source_chain_id, destination_chain_id, nonce + g::numeric * 1000000000, deadline, intent, signature, 'settled'
       FROM intents, generate_series(1, $1::int) g`,
    [Math.ceil(HISTORY / I)],
  );
  // a backlog: intents still waiting for an auction (the API counts a swapper's open intents on every insert)
  if (OPEN)
    await q(
      `INSERT INTO intents (hash, swapper, source_chain_id, destination_chain_id, nonce, deadline, intent, signature, status)
       SELECT 'o' || g || substr(hash, 10), swapper, source_chain_id, destination_chain_id, nonce + g::numeric * 1000000000 + 500000000, deadline, intent, signature, 'pending'
         FROM intents, generate_series(1, $1::int) g WHERE status = 'pending'`,
      [Math.ceil(OPEN / I)],
    );
  await q('ANALYZE intents');
  const pid = (await q('SELECT pg_backend_pid() AS p')).rows[0].p;
  const cpuUs = () => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1000;
  const lsn = async () => (await q('SELECT pg_current_wal_insert_lsn() AS l')).rows[0].l;
  const walSince = async (from) =>
    Number((await q('SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1) AS d', [from])).rows[0].d);
  const totals = Object.fromEntries(STEPS.map((s) => [s, { cpuUs: 0, walBytes: 0, clientUs: 0 }]));
  return {
    dir,
    totals,
    async step(name, fn) {
      const from = await lsn();
      const c0 = cpuUs();
      const u0 = process.cpuUsage();
      await fn();
      const u = process.cpuUsage(u0);
      totals[name].cpuUs += cpuUs() - c0;
      totals[name].clientUs += u.user + u.system;
      totals[name].walBytes += await walSince(from);
    },
    storage,
    close: async () => {
      await storage.close();
      await db.drop();
    },
  };
}

const builds = [await open(opt.base, 'swbase'), await open(branchDir, 'swbranch')];
for (let k = 1; k <= ROUNDS; k++) {
  const record = opt['random-hex'] ? randomHex(syntheticRecord(k, I, solvers)) : syntheticRecord(k, I, solvers);
  const hashes = record.intents.map((e) => e.hash);
  const changes = hashes.map((hash) => ({ hash, status: 'awarded', auctionId: record.auctionId }));
  for (const b of k % 2 ? builds : [...builds].reverse()) {
    const { intents, auctions } = b.storage;
    await b.step('insert', () => intents.insertMany(record.intents));
    await b.step('claim', () => intents.markAuctioning(hashes));
    await b.step('liveAuction', () => intents.setLiveAuction(hashes, record.auctionId));
    await b.step('append', () => auctions.append(record, changes));
  }
}
const per = (b, s, f) => Math.round(b.totals[s][f] / (ROUNDS * I));
const rows = STEPS.map((s) => ({
  step: s,
  baseCpuUs: per(builds[0], s, 'cpuUs'),
  branchCpuUs: per(builds[1], s, 'cpuUs'),
  baseWalBytes: per(builds[0], s, 'walBytes'),
  branchWalBytes: per(builds[1], s, 'walBytes'),
  baseClientUs: per(builds[0], s, 'clientUs'),
  branchClientUs: per(builds[1], s, 'clientUs'),
}));
const sum = (f) => rows.reduce((a, r) => a + r[f], 0);
rows.push({
  step: 'total',
  baseCpuUs: sum('baseCpuUs'),
  branchCpuUs: sum('branchCpuUs'),
  baseWalBytes: sum('baseWalBytes'),
  branchWalBytes: sum('branchWalBytes'),
  baseClientUs: sum('baseClientUs'),
  branchClientUs: sum('branchClientUs'),
});
console.log(
  JSON.stringify(
    {
      bench: 'storeWrites',
      intents: I,
      rounds: ROUNDS,
      history: HISTORY,
      open: OPEN,
      randomHex: opt['random-hex'],
      base: opt.base,
      perIntent: rows,
    },
    null,
    2,
  ),
);
for (const b of builds) await b.close();
