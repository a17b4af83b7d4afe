import { Client } from 'pg';
import type { Hex } from '@intentmesh/protocol';
import { createIntentMeshClient } from '@intentmesh/sdk';
import { startMarketplace } from './marketplace';
import { startApp, waitFor, STOP_TIMEOUT_MS } from './processes';
import { demoMarket, planIntents, type PlannedIntent } from './trader';

/**
 * Kill -9 of the auctioneer while `n` intents arrive through `submit`; every accepted intent must end awarded,
 * unfilled or expired exactly once after a restart.
 */
export function crashDrill(tag: string, n: number, submit: (url: string, planned: PlannedIntent[]) => Promise<Hex[]>) {
  let m: Awaited<ReturnType<typeof startMarketplace>>;
  beforeAll(async () => {
    m = await startMarketplace(tag);
  }, 60_000);
  afterAll(async () => m && (await m.stop()), STOP_TIMEOUT_MS);

  it('every accepted intent ends awarded, unfilled or expired exactly once after a restart; none lost, none awarded twice', async () => {
    const planned = planIntents(demoMarket(), n, { unfillableEvery: 10 });
    // a tenth expire quickly, so "expired" is exercised across the crash too
    planned.forEach((p, i) => i % 10 === 5 && (p.intent.deadline = Math.floor(Date.now() / 1000) + 45));
    const submitting = submit(m.url, planned);
    await waitFor('some auctions to be running', async () => (await countAuctions(m.db.url)) >= 1, 20_000);
    await m.apps.auctioneer.kill('SIGKILL');
    const hashes: Hex[] = await submitting; // the API keeps accepting: intents wait in JetStream
    m.apps.auctioneer = startApp('auctioneer', 'apps/auctioneer/dist/main.js', m.auctioneerEnv);

    const expected = (i: number) =>
      i % 10 === 5 ? ['expired', 'awarded'] : planned[i].fillable ? ['awarded'] : ['unfilled'];
    const client = createIntentMeshClient({ url: m.url });
    let statuses: string[] = [];
    await waitFor(
      'every intent to reach its end state',
      async () => {
        statuses = await statusesOf(m.db.url, hashes);
        return statuses.every((s, i) => expected(i).includes(s));
      },
      90_000,
      500,
    ).catch((err) => {
      const off = statuses.map((s, i) => [i, s]).filter(([i, s]) => !expected(i as number).includes(s as string));
      throw new Error(`${err.message}: ${off.length} off, e.g. ${JSON.stringify(off.slice(0, 10))}`);
    });

    // none lost: every 201 is in the store; none awarded twice: one award row and one winner entry per intent at most
    expect(statuses.filter((s) => s === undefined)).toHaveLength(0);
    const pg = new Client({ connectionString: m.db.url });
    await pg.connect();
    try {
      const winners = await pg.query(
        `SELECT w->>'intentHash' AS h, count(*) AS n FROM auctions, jsonb_array_elements(record::jsonb->'winners') w GROUP BY 1 HAVING count(*) > 1`,
      );
      expect(winners.rows).toEqual([]);
      const awards = await pg.query(`SELECT count(*)::int AS n FROM awards`);
      expect(awards.rows[0].n).toBe(statuses.filter((s) => s === 'awarded').length);
      // the hash chain survived the crash: seq is gapless and each record links to the one before
      const chain = await pg.query(`SELECT seq, prev_record_hash, record_hash FROM auctions ORDER BY seq`);
      chain.rows.forEach((r, i) => {
        expect(Number(r.seq)).toBe(i + 1);
        if (i > 0) expect(r.prev_record_hash).toBe(chain.rows[i - 1].record_hash);
      });
    } finally {
      await pg.end();
    }
    const sample = await client.getIntent(hashes[0]);
    expect(['awarded', 'unfilled', 'expired']).toContain(sample.status);
  }, 180_000);
}

async function countAuctions(url: string): Promise<number> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    return (await pg.query('SELECT count(*)::int AS n FROM auctions')).rows[0].n;
  } finally {
    await pg.end();
  }
}

async function statusesOf(url: string, hashes: Hex[]): Promise<string[]> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    const { rows } = await pg.query('SELECT hash, status FROM intents WHERE hash = ANY($1::text[])', [hashes]);
    const by = new Map(rows.map((r) => [r.hash, r.status]));
    return hashes.map((h) => by.get(h));
  } finally {
    await pg.end();
  }
}
