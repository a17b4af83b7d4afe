import { createTestDatabase } from '../../../test/support/postgres';
import { PgDb, PgliteDb, type Db } from './db';
import { migrations } from './migrations';
import { AuctionRepository } from './auctions';
import { IntentRepository } from './intents';
import { auditIndexRows, migrate, type Storage } from './index';
import type { AuctionRecordJSON, BidVerdict } from '@intentmesh/protocol';
import { STORES, h, openTestStorage, testIntent } from '../test/testFixtures';

const A = '0xa100000000000000000000000000000000000001';
const B = '0xb200000000000000000000000000000000000002';

/**
 * A record shaped like the auctioneer's (the index reads no signature): intent hashes, chains, and bids whose
 * solvers, verdicts and outcomes the index must tally. `seq` n closes at 1000 * n.
 */
function record(
  seq: number,
  intents: { hash: string; source: number; destination: number }[],
  bids: {
    solver: string | null;
    verdict: BidVerdict;
    outcome?: 'WON' | 'LOST' | 'UNFAIR';
    score?: string;
    fills?: string[];
  }[],
): AuctionRecordJSON {
  const outcomes = bids.flatMap((b, index) =>
    b.outcome ? [{ index, score: b.score ?? '0', outcome: b.outcome }] : [],
  );
  const winners = bids.flatMap((b, index) =>
    b.outcome === 'WON'
      ? (b.fills ?? []).map((ih) => ({ intentHash: ih, solver: b.solver!, buyAmount: '950', bidIndex: index }))
      : [],
  );
  return {
    version: 1,
    auctionId: h(10_000 + seq),
    seq,
    auctioneer: '0xaa00000000000000000000000000000000000000',
    openedAt: 1000 * seq - 300,
    closedAt: 1000 * seq,
    bidWindowMs: 300,
    seed: h(0),
    referencePrices: {},
    solvers: [],
    intents: intents.map((i, n) => ({
      hash: i.hash,
      intent: testIntent(seq * 100 + n, i.source, i.destination),
      signature: '0x',
    })),
    bids: bids.map((b, n) => ({
      receivedAt: 1000 * seq - 100,
      solver: b.solver,
      bidHash: b.solver ? h(20_000 + seq * 100 + n) : null,
      bid: null,
      signature: null,
      verdict: b.verdict,
      reason: '',
    })),
    outcomes,
    winners,
    referenceScores: Object.fromEntries(winners.map((w) => [w.solver, '7'])),
    awards: [],
    unfilled: [],
    prevRecordHash: h(0),
    recordHash: h(30_000 + seq),
    signature: '0x',
  };
}

const records = [
  // seq 1: A wins intent 1 on chain 1; B loses; a malformed bid names nobody
  record(
    1,
    [{ hash: h(1), source: 1, destination: 1 }],
    [
      { solver: A, verdict: 'ACCEPTED', outcome: 'WON', score: '50', fills: [h(1)] },
      { solver: B, verdict: 'ACCEPTED', outcome: 'LOST', score: '20' },
      { solver: null, verdict: 'MALFORMED' },
    ],
  ),
  // seq 2: intent 1 again (a retry) and intent 2 across chains 1 -> 10; B wins both with a batch, A's bid was late
  record(
    2,
    [
      { hash: h(1), source: 1, destination: 1 },
      { hash: h(2), source: 1, destination: 10 },
    ],
    [
      { solver: A, verdict: 'LATE' },
      { solver: B, verdict: 'ACCEPTED', outcome: 'WON', score: '90', fills: [h(1), h(2)] },
    ],
  ),
  // seq 3: chain 42161 only; A's batch is unfair and its single bid wins; B did not bid
  record(
    3,
    [{ hash: h(3), source: 42161, destination: 42161 }],
    [
      { solver: A, verdict: 'ACCEPTED', outcome: 'UNFAIR', score: '30' },
      { solver: A, verdict: 'ACCEPTED', outcome: 'WON', score: '25', fills: [h(3)] },
    ],
  ),
];

describe('audit index - rows derived from a record', () => {
  it('tallies bids by verdict, outcomes, intents won, scores and reference scores per solver', () => {
    const rows = auditIndexRows(records[0]);
    expect(rows.intentHashes).toEqual([h(1)]);
    expect(rows.chainIds).toEqual([1]);
    expect(rows.solvers).toEqual([
      {
        solver: A,
        bids: 1,
        bidsByVerdict: { ACCEPTED: 1 },
        won: 1,
        lost: 0,
        unfair: 0,
        intentsWon: 1,
        score: '50',
        bestScore: '50',
        referenceScore: '7',
      },
      {
        solver: B,
        bids: 1,
        bidsByVerdict: { ACCEPTED: 1 },
        won: 0,
        lost: 1,
        unfair: 0,
        intentsWon: 0,
        score: '0',
        bestScore: '20',
        referenceScore: null,
      },
    ]);
    expect(auditIndexRows(records[1]).chainIds).toEqual([1, 10]);
  });
});

describe.each(STORES)('audit index - %s', (kind) => {
  let s: Storage;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ s, stop } = await openTestStorage(kind, 'auditidx'));
    for (const r of records) await s.auctions.append(r, []);
  }, 60_000); // PGlite's first open takes seconds on a busy machine, as in the other storage suites
  afterAll(() => stop(), 30_000);
  const ids = (rows: { auctionId: string }[]) => rows.map((r) => r.auctionId);
  const id = (seq: number) => h(10_000 + seq);

  it('filters the auction list by intent, solver, chain, time range, auctioneer and sequence, newest first', async () => {
    expect(ids(await s.auctions.list())).toEqual([id(3), id(2), id(1)]);
    expect((await s.auctions.list())[1]).toMatchObject({
      auctionId: id(2),
      seq: 2,
      closedAt: 2000,
      intents: 2,
      awards: 0,
    });
    expect(ids(await s.auctions.list({ intent: h(1) }))).toEqual([id(2), id(1)]);
    expect(ids(await s.auctions.list({ intent: h(9) }))).toEqual([]);
    expect(ids(await s.auctions.list({ solver: B }))).toEqual([id(2), id(1)]);
    expect(ids(await s.auctions.list({ solver: A.toUpperCase().replace('0X', '0x') }))).toEqual([id(3), id(2), id(1)]);
    expect(ids(await s.auctions.list({ chainId: 10 }))).toEqual([id(2)]);
    expect(ids(await s.auctions.list({ chainId: 1, solver: B, intent: h(2) }))).toEqual([id(2)]);
    expect(ids(await s.auctions.list({ chainId: 42161, solver: B }))).toEqual([]);
    expect(ids(await s.auctions.list({ from: 2000, to: 3000 }))).toEqual([id(2)]);
    expect(ids(await s.auctions.list({ solver: A, from: 1500 }))).toEqual([id(3), id(2)]);
    expect(
      ids(await s.auctions.list({ auctioneer: '0xaa00000000000000000000000000000000000000', fromSeq: 1, toSeq: 2 })),
    ).toEqual([id(2), id(1)]);
    expect(ids(await s.auctions.list({ auctioneer: '0xbb00000000000000000000000000000000000000' }))).toEqual([]);
  });

  it('pages with a keyset cursor under a filter, without repeats or gaps', async () => {
    const first = await s.auctions.list({ solver: A, limit: 2 });
    expect(ids(first)).toEqual([id(3), id(2)]);
    const last = first[1];
    expect(
      ids(
        await s.auctions.list({ solver: A, limit: 2, before: { closedAt: last.closedAt, auctionId: last.auctionId } }),
      ),
    ).toEqual([id(1)]);
  });

  it('names every closed auction of an intent, newest first, with the total', async () => {
    expect(await s.auctions.ofIntent(h(1))).toEqual({
      total: 2,
      auctions: [
        { auctionId: id(2), closedAt: 2000 },
        { auctionId: id(1), closedAt: 1000 },
      ],
    });
    expect(await s.auctions.ofIntent(h(1), 1)).toEqual({ total: 2, auctions: [{ auctionId: id(2), closedAt: 2000 }] });
    expect(await s.auctions.ofIntent(h(9))).toEqual({ total: 0, auctions: [] });
  });

  it("sums a solver's competition over a range and lists its points", async () => {
    const a = await s.auctions.solverCompetition(A);
    expect(a.totals).toEqual({
      auctions: 3,
      auctionsWon: 2,
      auctionsLost: 0,
      intentsWon: 2,
      bids: 4,
      bidsByVerdict: { ACCEPTED: 3, LATE: 1 },
      outcomes: { WON: 2, LOST: 0, UNFAIR: 1 },
      score: '75',
      referenceScore: '14',
    });
    expect(a.series.map((p) => [p.seq, p.score, p.bestScore, p.intentsWon])).toEqual([
      [3, '25', '30', 1],
      [2, '0', null, 0],
      [1, '50', '50', 1],
    ]);
    const b = await s.auctions.solverCompetition(B, { from: 0, to: 2000 });
    expect(b.totals).toMatchObject({
      auctions: 1,
      auctionsWon: 0,
      auctionsLost: 1,
      score: '0',
      outcomes: { WON: 0, LOST: 1, UNFAIR: 0 },
    });
    const page = await s.auctions.solverCompetition(A, { limit: 1, before: { closedAt: 3000, auctionId: id(3) } });
    expect(page.series.map((p) => p.seq)).toEqual([2]);
    expect(page.totals.auctions).toBe(3);
    expect((await s.auctions.solverCompetition('0xcc00000000000000000000000000000000000000')).totals).toMatchObject({
      auctions: 0,
      bids: 0,
      score: '0',
      bidsByVerdict: {},
    });
  });

  it('keeps the index tables append-only', async () => {
    await expect(s.db.query(`UPDATE auction_solvers SET score = 0`)).rejects.toThrow(/append-only/);
    await expect(s.db.query(`DELETE FROM auction_intents`)).rejects.toThrow(/append-only/);
    await expect(s.db.query(`DELETE FROM auction_chains`)).rejects.toThrow(/append-only/);
  });
});

describe('audit index - migration 002 indexes records stored before it', () => {
  it.each([
    [
      'postgres',
      async () => {
        const t = await createTestDatabase('auditmig');
        return { db: new PgDb(t.url) as Db, drop: t.drop };
      },
    ],
    ['pglite', async () => ({ db: (await PgliteDb.open()) as Db, drop: async () => undefined })],
  ])(
    '%s',
    async (_kind, open) => {
      const { db, drop } = await open();
      try {
        // a database as 001 left it, holding a record
        await db.transaction(async (tx) => {
          await tx.exec(migrations[0].sql);
          await tx.query(
            `CREATE TABLE schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
          );
          await tx.query(`INSERT INTO schema_migrations (id) VALUES ('001_init')`);
          const r = records[1];
          await tx.query(
            `INSERT INTO auctions (auction_id, auctioneer, seq, opened_at, closed_at, prev_record_hash, record_hash, record) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [r.auctionId, r.auctioneer, r.seq, r.openedAt, r.closedAt, r.prevRecordHash, r.recordHash, r],
          );
        });
        // later migrations run too; 002 is the one that must index the record already stored
        expect(await migrate(db)).toContain('002_audit_index');
        const { rows } = await db.query(
          `SELECT solver, intents_won, score::text AS score FROM auction_solvers ORDER BY solver`,
        );
        expect(rows).toEqual([
          { solver: A, intents_won: 0, score: '0' },
          { solver: B, intents_won: 2, score: '90' },
        ]);
        expect(
          (await db.query(`SELECT intent_hash FROM auction_intents ORDER BY intent_hash`)).rows.map(
            (r) => r.intent_hash,
          ),
        ).toEqual([h(1), h(2)]);
        // 010 turned the json column to text: the record stored before reads back the same, and still casts to jsonb
        const auctions = new AuctionRepository(db, new IntentRepository(db));
        expect(await auctions.get(records[1].auctionId)).toEqual(records[1]);
        const cast = await db.query(`SELECT pg_typeof(record)::text AS t, record::jsonb->>'seq' AS seq FROM auctions`);
        expect(cast.rows).toEqual([{ t: 'text', seq: String(records[1].seq) }]);
      } finally {
        await db.close();
        await drop();
      }
      // PGlite boots a WASM PostgreSQL and runs every migration in it: about 2 s quiet, over 5 s on a busy machine
    },
    60_000,
  );
});
