import { Client } from 'pg';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { startMarketplace } from './support/marketplace';
import { settleAndAudit } from './support/outcomes';
import { startApp } from './support/processes';
import { demoMarket, planIntents, submitAll } from './support/trader';

describe('scale-out - two auctioneer replicas share the intent stream', () => {
  it('never auction one intent twice; both take part; every intent ends once', async () => {
    const m = await startMarketplace('scale');
    const secondKey = generatePrivateKey();
    m.apps.auctioneer2 = startApp('auctioneer2', 'apps/auctioneer/dist/main.js', {
      ...m.auctioneerEnv,
      AUCTIONEER_PRIVATE_KEY: secondKey,
    });
    try {
      await new Promise((r) => setTimeout(r, 1500)); // let the second replica join the consumer
      const planned = planIntents(demoMarket(), 400);
      const hashes = await submitAll(m.url, planned, 16);
      const out = await settleAndAudit(
        m.db.url,
        hashes,
        (i) => (planned[i].fillable ? ['awarded'] : ['unfilled']),
        60_000,
      );
      expect({ lost: out.lost, doubleAwards: out.doubleAwards, chainOk: out.chainOk }).toEqual({
        lost: 0,
        doubleAwards: 0,
        chainOk: true,
      });

      const pg = new Client({ connectionString: m.db.url });
      await pg.connect();
      try {
        // an intent is in two auctions at once only if two replicas held it together: never
        const { rows } = await pg.query(`
          SELECT a.auction_id, a.auctioneer, a.opened_at, a.closed_at, i->>'hash' AS h
            FROM auctions a, jsonb_array_elements(a.record::jsonb->'intents') i`);
        const byIntent = new Map<string, { auctioneer: string; openedAt: number; closedAt: number }[]>();
        for (const r of rows)
          byIntent.set(r.h, [
            ...(byIntent.get(r.h) ?? []),
            { auctioneer: r.auctioneer, openedAt: Number(r.opened_at), closedAt: Number(r.closed_at) },
          ]);
        let overlapping = 0;
        for (const list of byIntent.values()) {
          list.sort((a, b) => a.openedAt - b.openedAt);
          for (let k = 1; k < list.length; k++) if (list[k].openedAt < list[k - 1].closedAt) overlapping++;
        }
        expect(overlapping).toBe(0);
        const auctioneers = new Set(rows.map((r) => r.auctioneer));
        expect(auctioneers).toEqual(
          new Set([m.auctioneerAddress, privateKeyToAccount(secondKey).address.toLowerCase()]),
        );
      } finally {
        await pg.end();
      }
    } finally {
      await m.stop();
    }
  }, 120_000);
});
