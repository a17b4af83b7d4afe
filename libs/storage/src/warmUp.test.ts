import { createTestDatabase } from '../../../test/support/postgres';
import { h, testIntent } from '../test/testFixtures';
import { PgDb, openStorage } from './index';
import { warmUpHotPath } from './warmUp';

describe('storage - warm pool', () => {
  it('opens poolMin connections at start, each past the hot path once, and leaves no row behind', async () => {
    const db = await createTestDatabase('warmpool');
    const s = await openStorage({ databaseUrl: db.url, poolSize: 5, poolMin: 3, applicationName: 'warm-test' });
    try {
      const pool = (s.db as PgDb).pool;
      expect(pool.totalCount).toBe(3);
      const { rows } = await s.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'warm-test' AND datname = current_database()`,
      );
      expect(Number(rows[0].n)).toBe(3);
      for (const table of [
        'intents',
        'auctions',
        'awards',
        'auction_intents',
        'auction_solvers',
        'auction_chains',
        'live_auctions',
      ]) {
        const r = await s.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
        expect([table, Number(r.rows[0].n)]).toEqual([table, 0]);
      }
      // still usable and still warm after the warm-up: the kept connections serve the next queries
      await s.intents.insert({ hash: h(1), intent: testIntent('1'), signature: '0xsig' });
      expect(pool.totalCount).toBe(3);
    } finally {
      await s.close();
      await db.drop();
    }
  });

  it('runs every step of the hot path: the warm-up decides its made-up intent and stores its record', async () => {
    const db = await createTestDatabase('warmsteps');
    const s = await openStorage({ databaseUrl: db.url });
    try {
      const seen = await s.db
        .transaction(async (tx) => {
          await warmUpHotPath(tx);
          const q = async (sql: string) => (await tx.query<{ v: string }>(sql)).rows.map((r) => r.v);
          const found = {
            intents: await q(`SELECT status || ' ' || attempts || ' ' || (auction_id IS NOT NULL) AS v FROM intents`),
            awards: await q('SELECT count(*)::text AS v FROM awards'),
            index: await q(
              `SELECT (SELECT count(*) FROM auction_intents) || ' ' || (SELECT count(*) FROM auction_solvers) AS v`,
            ),
          };
          throw Object.assign(new Error('rollback'), { found });
        })
        .catch((err: Error & { found?: unknown }) => err.found);
      expect(seen).toEqual({ intents: ['awarded 1 true'], awards: ['1'], index: ['1 1'] });
    } finally {
      await s.close();
      await db.drop();
    }
  });

  it('keeps no connection whose warm-up failed, and reports how many warmed', async () => {
    const db = await createTestDatabase('warmfail');
    const d = new PgDb(db.url, { max: 3 });
    try {
      expect(await d.warm(2, async (tx) => void (await tx.query('SELECT 1')))).toBe(2);
      expect(d.pool.totalCount).toBe(2);
      expect(await d.warm(3, async (tx) => void (await tx.query('SELECT * FROM no_such_table')))).toBe(0);
      expect(d.pool.totalCount).toBe(0);
    } finally {
      await d.close();
      await db.drop();
    }
  });

  it('caps the warm connections at the pool size', async () => {
    const db = await createTestDatabase('warmcap');
    const s = await openStorage({ databaseUrl: db.url, poolSize: 2, poolMin: 6 });
    try {
      expect((s.db as PgDb).pool.totalCount).toBe(2);
    } finally {
      await s.close();
      await db.drop();
    }
  });
});
