// Requeue-storm probe: the pipeline's peak phase (N intents as fast as the API takes them), then every stored auction
// record and each solver's skip log, joined per auction: who was invited (and why not), who bid, who skipped it for its
// backlog, whether another auction was open at the same time, and how many intents went back unfilled.
//   node bench/stormProbe.mjs [--intents 4000] [--max-open 2] [--json]
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runMain } from './lib/common.mjs';
import { log, makeIntentFactory, startMarketplace, submitClosedLoop, waitAwarded } from './lib/marketplace.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');

const { values: opt } = parseArgs({
  options: {
    intents: { type: 'string', default: '4000' },
    'max-open': { type: 'string', default: '2' },
    json: { type: 'boolean' },
  },
});
const N = Number(opt.intents);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'im-storm-'));
  process.env.BENCH_LOG_DIR = dir;
  process.env.BENCH_LOG_LEVEL ??= 'warn';
  const m = await startMarketplace('storm', {
    auctioneerEnv: { AUCTION_MAX_OPEN: opt['max-open'] },
  });
  const t0 = Date.now();
  try {
    const peak = makeIntentFactory()(N);
    await submitClosedLoop(m.url, peak);
    await waitAwarded(
      m,
      peak.map((b) => b.hash),
      60_000,
    );
    const awarded = peak.filter((b) => m.awardedAt.has(b.hash)).length;
    const metrics = await (await fetch(`${m.url}/metrics`)).text();
    const openLimitDrops = Number(/^intentmesh_open_limit_drops_total (\d+)/m.exec(metrics)?.[1] ?? 0);
    const db = new Client({ connectionString: m.databaseUrl });
    await db.connect();
    const { rows } = await db.query('SELECT record FROM auctions ORDER BY seq');
    await db.end();
    const records = rows.map((r) => (typeof r.record === 'string' ? JSON.parse(r.record) : r.record));
    const names = new Map();
    const skips = new Map(); // auctionId -> [{ solver, behindMs }]
    for (const p of ['direct', 'multihop', 'split']) {
      const lines = readFileSync(join(dir, `storm-${p}.log`), 'utf8').split('\n');
      for (const l of lines) {
        if (!l.startsWith('{')) continue;
        const j = JSON.parse(l);
        if (j.msg?.includes('skipped')) {
          const list = skips.get(j.auctionId) ?? [];
          list.push({ solver: p, behindMs: j.behindMs });
          skips.set(j.auctionId, list);
        }
      }
    }
    for (const r of records)
      for (const s of r.solvers) if (!names.has(s.solver)) names.set(s.solver, `s${names.size + 1}`);
    const rowsOut = records
      .filter((r) => r.intents.length)
      .map((r) => {
        const overlap = records.some(
          (o) => o !== r && o.intents.length && o.openedAt < r.closedAt && o.closedAt > r.openedAt,
        );
        const bidders = new Set(r.bids.map((b) => b.solver).filter(Boolean));
        const invited = r.solvers.filter((s) => s.invited).length;
        const sidelined = r.solvers.filter((s) => !s.invited).map((s) => s.reason.replace(/chain:[^ ]+ /g, ''));
        return {
          t: r.openedAt - t0,
          intents: r.intents.length,
          window: r.closedAt - r.openedAt,
          invited,
          sidelined,
          bidders: bidders.size,
          skipped: (skips.get(r.auctionId) ?? []).length,
          unfilled: r.unfilled.length,
          overlap,
          late: r.bids.filter((b) => b.verdict === 'LATE').length,
        };
      });
    const sum = (xs, f) => xs.reduce((a, x) => a + f(x), 0);
    const noBid = rowsOut.filter((r) => r.bidders === 0);
    const result = {
      intents: N,
      awarded,
      seconds: (Date.now() - t0) / 1000,
      auctions: rowsOut.length,
      intentsAuctioned: sum(rowsOut, (r) => r.intents),
      unfilled: sum(rowsOut, (r) => r.unfilled),
      overlapping: rowsOut.filter((r) => r.overlap).length,
      skipsBySolver: Object.fromEntries(
        ['direct', 'multihop', 'split'].map((p) => [
          p,
          [...skips.values()].flat().filter((s) => s.solver === p).length,
        ]),
      ),
      auctionsWithSkip: rowsOut.filter((r) => r.skipped).length,
      unfilledInAuctionsWithSkip: sum(
        rowsOut.filter((r) => r.skipped),
        (r) => r.unfilled,
      ),
      noBid: {
        auctions: noBid.length,
        intents: sum(noBid, (r) => r.intents),
        overlapping: noBid.filter((r) => r.overlap).length,
        withSkip: noBid.filter((r) => r.skipped).length,
        invitedHist: Object.fromEntries([0, 1, 2, 3].map((k) => [k, noBid.filter((r) => r.invited === k).length])),
      },
      invitedHist: Object.fromEntries([0, 1, 2, 3].map((k) => [k, rowsOut.filter((r) => r.invited === k).length])),
      sidelinedReasons: rowsOut.flatMap((r) => r.sidelined).reduce((a, x) => ((a[x] = (a[x] ?? 0) + 1), a), {}),
      lateBids: sum(rowsOut, (r) => r.late),
      openLimitDrops,
      logDir: dir,
    };
    console.log(JSON.stringify(result, null, opt.json ? 0 : 2));
    if (!opt.json)
      for (const r of rowsOut)
        log(
          `${String(r.t).padStart(6)} ms n=${r.intents} win=${r.window} inv=${r.invited} bid=${r.bidders} skip=${r.skipped} unf=${r.unfilled} late=${r.late}${r.overlap ? ' ovl' : ''} ${r.sidelined.join(',')}`,
        );
  } finally {
    await m.stop();
  }
}

runMain(main);
