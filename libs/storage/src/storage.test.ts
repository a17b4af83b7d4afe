import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import type { AuctionRecordJSON } from '@intentmesh/protocol';
import { STORES, h, testAward, testIntent, testRecord } from '../test/testFixtures';
import { useTestStorage } from '../test/useTestStorage';
import { AuctionRepository } from './auctions';
import { IntentRepository } from './intents';
import { JsonParam } from './jsonParam';
import { createTestDatabase } from '../../../test/support/postgres';
import { PgDb, type Db } from './db';

const record = (auctionId: string, seq: number, awardsFor: string[]): AuctionRecordJSON =>
  testRecord(auctionId, seq, { awards: awardsFor.map((ih) => testAward(auctionId, ih)) });

describe.each(STORES)('storage - %s', (kind) => {
  const s = useTestStorage(kind, 'storage');

  it('inserts an intent once; a repeat is a duplicate with its status; a reused nonce is refused', async () => {
    expect(await s.intents.insert({ hash: h(1), intent: testIntent('1'), signature: '0xsig' })).toEqual({
      inserted: true,
    });
    expect(await s.intents.insert({ hash: h(1), intent: testIntent('1'), signature: '0xsig' })).toEqual({
      inserted: false,
      reason: 'duplicate',
      status: 'pending',
    });
    expect(await s.intents.insert({ hash: h(2), intent: testIntent('1'), signature: '0xsig' })).toEqual({
      inserted: false,
      reason: 'nonce',
    });
    expect((await s.intents.get(h(1)))?.status).toBe('pending');
  });

  it('appends an auction with its awards and status changes in one transaction, and refuses a double award', async () => {
    await s.intents.insert({ hash: h(3), intent: testIntent('3'), signature: '0xsig' });
    await s.auctions.append(record(h(50), 1, [h(3)]), [{ hash: h(3), status: 'awarded', auctionId: h(50) }]);
    expect(await s.auctions.get(h(50))).toEqual(record(h(50), 1, [h(3)]));
    const row = await s.intents.get(h(3));
    expect(row).toMatchObject({
      status: 'awarded',
      auctionId: h(50),
      award: { award: { buyAmount: '950' }, signature: '0x01' },
    });
    await expect(
      s.auctions.append(record(h(51), 2, [h(3)]), [{ hash: h(3), status: 'awarded', auctionId: h(51) }]),
    ).rejects.toThrow(/already holds an award that has not lapsed/);
    expect(await s.auctions.get(h(51))).toBeUndefined(); // rolled back whole
    expect(await s.auctions.head('0xaa00000000000000000000000000000000000000')).toEqual({
      seq: 1,
      recordHash: h(1001),
    });
  });

  it('keeps auction records append-only', async () => {
    await expect(s.db.query(`UPDATE auctions SET closed_at = 9 WHERE auction_id = $1`, [h(50)])).rejects.toThrow(
      /append-only/,
    );
    await expect(s.db.query(`DELETE FROM awards`)).rejects.toThrow(/append-only/);
    await expect(s.db.query(`TRUNCATE auctions CASCADE`)).rejects.toThrow(/append-only/);
  });

  it('refuses awards and audit index rows that name an auction not stored, once per statement (migration 009)', async () => {
    const award = testAward(h(70), h(3));
    const insertAward = (auctionId: string, q: Pick<typeof s.db, 'query'> = s.db) =>
      q.query(
        `INSERT INTO awards (intent_hash, auction_id, solver, buy_amount, award, signature) VALUES ($1, $2, $3, 950, $4, '0x01')`,
        [h(71), auctionId, award.award.solver, JSON.stringify({ ...award.award, auctionId })],
      );
    await expect(insertAward(h(70))).rejects.toThrow(`awards names auction ${h(70)}, which is not stored`);
    // a statement of many rows is refused whole when one of them names an unknown auction
    await expect(
      s.db.query(`INSERT INTO auction_intents (intent_hash, auction_id, closed_at) SELECT $1, unnest($2::text[]), 1`, [
        h(71),
        [h(50), h(70)],
      ]),
    ).rejects.toThrow(`auction_intents names auction ${h(70)}, which is not stored`);
    await expect(
      s.db.query(`INSERT INTO auction_chains (chain_id, auction_id, closed_at) VALUES (1, $1, 1)`, [h(70)]),
    ).rejects.toThrow(/auction_chains names auction/);
    await expect(
      s.db.query(
        `INSERT INTO auction_solvers (solver, auction_id, closed_at, seq, bids, bids_by_verdict, won_bids, lost_bids, unfair_bids, intents_won, score)
         VALUES ('0x01', $1, 1, 1, 0, '{}', 0, 0, 0, 0, 0)`,
        [h(70)],
      ),
    ).rejects.toThrow(/auction_solvers names auction/);
    expect((await s.db.query(`SELECT 1 FROM auction_intents WHERE intent_hash = $1`, [h(71)])).rows).toEqual([]);
    // naming a stored auction passes the check (h(50) was stored above)
    await expect(
      s.db.transaction(async (tx) => {
        await insertAward(h(50), tx);
        throw new Error('stored, rolled back');
      }),
    ).rejects.toThrow('stored, rolled back');
  });

  it('lists open intents and counts statuses', async () => {
    const open = await s.intents.listOpen();
    expect(open.map((o) => o.hash)).toEqual([h(1)]);
    expect(await s.intents.countByStatus()).toEqual({ pending: 1, awarded: 1 });
  });

  it('names the live auction of an auctioning intent until its record is stored, and never after', async () => {
    await s.intents.insert({ hash: h(5), intent: testIntent('5'), signature: '0xsig' });
    expect([...(await s.intents.markAuctioning([h(5)]))]).toEqual([h(5)]);
    expect((await s.intents.get(h(5)))?.auctionId).toBeNull(); // claimed, live id not written yet
    await s.intents.setLiveAuction([h(5), h(9)], h(60));
    expect(await s.intents.get(h(5))).toMatchObject({ status: 'auctioning', auctionId: h(60) });
    await s.auctions.append(testRecord(h(60), 3, { unfilled: [h(5)] }), [
      { hash: h(5), status: 'unfilled', auctionId: h(60) },
    ]);
    expect((await s.db.query('SELECT auction_id FROM live_auctions')).rows).toEqual([]);
    // a live write that lands after its record stores nothing
    await s.intents.setLiveAuction([h(5)], h(60));
    expect((await s.db.query('SELECT auction_id FROM live_auctions')).rows).toEqual([]);
    // claimed again: the decided auction until the next live write, then the new one
    await s.intents.markAuctioning([h(5)]);
    expect(await s.intents.get(h(5))).toMatchObject({ status: 'auctioning', auctionId: h(60) });
    await s.intents.setLiveAuction([h(5)], h(61));
    expect((await s.intents.get(h(5)))?.auctionId).toBe(h(61));
    await s.auctions.append(testRecord(h(61), 4, { unfilled: [h(5)] }), [
      { hash: h(5), status: 'unfilled', auctionId: h(61) },
    ]);
    expect(await s.intents.get(h(5))).toMatchObject({ status: 'unfilled', auctionId: h(61) });
    // a live row a crash left behind goes with the next record once it is an hour old
    await s.db.query(
      `INSERT INTO live_auctions (auction_id, intent_hashes, written_at) VALUES ($1, $2, now() - interval '2 hours')`,
      [h(62), [h(5)]],
    );
    await s.auctions.append(testRecord(h(63), 5), []);
    expect((await s.db.query('SELECT auction_id FROM live_auctions')).rows).toEqual([]);
    await s.intents.cancel(h(5));
  });

  it('inserts a batch: per row inserted, duplicate (in the store or earlier in the batch), nonce taken, or over the open cap', async () => {
    const other = (nonce: string) => ({ ...testIntent(nonce), swapper: '0x00000000000000000000000000000000000000b0' });
    // h(3) is awarded (not open) and h(1) pending: the first swapper has 1 open intent
    const rows = [
      { hash: h(100), intent: testIntent('100'), signature: '0xsig' },
      { hash: h(1), intent: testIntent('1'), signature: '0xsig' }, // in the store: duplicate, pending
      { hash: h(101), intent: testIntent('101'), signature: '0xsig' },
      { hash: h(100), intent: testIntent('100'), signature: '0xsig' }, // earlier in this batch: duplicate, pending
      { hash: h(102), intent: testIntent('100'), signature: '0xsig' }, // same nonce as h(100)
      { hash: h(103), intent: testIntent('103'), signature: '0xsig' }, // 1 open + 5 earlier rows of this batch: capped
      { hash: h(110), intent: other('1'), signature: '0xsig' }, // another swapper, its own count
      { hash: h(3), intent: testIntent('3'), signature: '0xsig' }, // capped before it is looked up
    ];
    expect(await s.intents.insertMany(rows, { maxOpenPerSwapper: 6 })).toEqual([
      { inserted: true },
      { inserted: false, reason: 'duplicate', status: 'pending' },
      { inserted: true },
      { inserted: false, reason: 'duplicate', status: 'pending' },
      { inserted: false, reason: 'nonce' },
      { inserted: false, reason: 'too-many-open' },
      { inserted: true },
      { inserted: false, reason: 'too-many-open' },
    ]);
    expect(await s.intents.statuses([h(100), h(101), h(102), h(103), h(110)])).toEqual(
      new Map([
        [h(100), 'pending'],
        [h(101), 'pending'],
        [h(110), 'pending'],
      ]),
    );
    // the first swapper now has 3 open (h(1), h(100), h(101)): one more fits under 4, the next does not
    expect(
      await s.intents.insertMany(
        [
          { hash: h(104), intent: testIntent('104'), signature: '0xsig' },
          { hash: h(105), intent: testIntent('105'), signature: '0xsig' },
        ],
        { maxOpenPerSwapper: 4 },
      ),
    ).toEqual([{ inserted: true }, { inserted: false, reason: 'too-many-open' }]);
    expect(await s.intents.insertMany([{ hash: h(3), intent: testIntent('3'), signature: '0xsig' }])).toEqual([
      { inserted: false, reason: 'duplicate', status: 'awarded' },
    ]);
    expect(await s.intents.insertMany([])).toEqual([]);
    for (const x of [h(100), h(101), h(104), h(110)]) await s.intents.cancel(x);
  });

  it('refuses a swapper at its open cap whatever its backlog, counting only up to the cap', async () => {
    const swapper = '0x00000000000000000000000000000000000000c0';
    const of = (i: number) => ({
      hash: h(200 + i),
      intent: { ...testIntent(String(200 + i)), swapper },
      signature: '0xsig',
    });
    // five open, more than every cap below: the count stops at the cap and must still say "at the cap"
    expect(await s.intents.insertMany([0, 1, 2, 3, 4].map(of))).toEqual(Array(5).fill({ inserted: true }));
    for (const cap of [1, 4, 5]) {
      expect(await s.intents.insert(of(10 + cap), { maxOpenPerSwapper: cap })).toEqual({
        inserted: false,
        reason: 'too-many-open',
      });
      expect(await s.intents.insertMany([of(20 + cap)], { maxOpenPerSwapper: cap })).toEqual([
        { inserted: false, reason: 'too-many-open' },
      ]);
    }
    // one under the cap: one more fits, by either path, and then the cap holds
    expect(await s.intents.insert(of(30), { maxOpenPerSwapper: 6 })).toEqual({ inserted: true });
    expect(await s.intents.insertMany([of(31), of(32)], { maxOpenPerSwapper: 7 })).toEqual([
      { inserted: true },
      { inserted: false, reason: 'too-many-open' },
    ]);
    for (const i of [0, 1, 2, 3, 4, 30, 31]) await s.intents.cancel(h(200 + i));
  });

  it('derives open and awarded from the status (migration 011), so the claim changes no indexed column', async () => {
    const statuses = ['pending', 'auctioning', 'unfilled', 'unfunded', 'awarded', 'settled', 'expired', 'cancelled'];
    // the stored columns, for each status a row can hold
    await s.intents.insert({ hash: h(80), intent: testIntent('80'), signature: '0xsig' });
    const seen: Record<string, [boolean, boolean]> = {};
    for (const status of statuses) {
      await s.db.query(`UPDATE intents SET status = $2 WHERE hash = $1`, [h(80), status]);
      const r = (
        await s.db.query<{ open: boolean; awarded: boolean }>(`SELECT open, awarded FROM intents WHERE hash = $1`, [
          h(80),
        ])
      ).rows[0];
      seen[status] = [r.open, r.awarded];
    }
    expect(seen).toEqual({
      pending: [true, false],
      auctioning: [true, false],
      unfilled: [true, false],
      unfunded: [true, false],
      awarded: [false, true],
      settled: [false, false],
      expired: [false, false],
      cancelled: [false, false],
    });
    // a claim of an intent on a page with room is a HOT update: no new index entry (counted in this transaction)
    await s.db.query(`UPDATE intents SET status = 'pending' WHERE hash = $1`, [h(80)]);
    const hot = await s.db.transaction(async (tx) => {
      const before = await tx.query<{ n: string }>(
        `SELECT pg_stat_get_xact_tuples_hot_updated('intents'::regclass) AS n`,
      );
      const claimed = await new IntentRepository({ ...s.db, query: tx.query } as Db).markAuctioning([h(80)]);
      const after = await tx.query<{ n: string }>(
        `SELECT pg_stat_get_xact_tuples_hot_updated('intents'::regclass) AS n`,
      );
      return { claimed: [...claimed], hot: Number(after.rows[0].n) - Number(before.rows[0].n) };
    });
    expect(hot).toEqual({ claimed: [h(80)], hot: 1 });
    await s.intents.cancel(h(80));
  });

  it('claims only open intents for an auction, and expires only open ones', async () => {
    await s.intents.insert({ hash: h(4), intent: testIntent('4'), signature: '0xsig' });
    // h(3) is awarded, h(4) pending, h(9) unknown: only h(4) is claimed
    expect([...(await s.intents.markAuctioning([h(3), h(4), h(9)]))]).toEqual([h(4)]);
    await s.intents.expireOpen([h(3), h(4)]);
    expect((await s.intents.get(h(3)))?.status).toBe('awarded');
    expect((await s.intents.get(h(4)))?.status).toBe('expired');
    expect([...(await s.intents.markAuctioning([h(4)]))]).toEqual([]);
  });

  it('stores a record as the exact text JSON.stringify gives, large, non-ASCII and concurrent (JsonParam)', async () => {
    const bids = Array.from({ length: 400 }, (_, i) => ({
      receivedAt: i,
      solver: '0xbb00000000000000000000000000000000000000',
      bidHash: h(5000 + i),
      bid: null,
      signature: null,
      verdict: 'MALFORMED',
      reason: `unreadable bid #${i}: ÿ € 💱 "quoted" \\ \n`,
    })) as unknown as AuctionRecordJSON['bids'];
    const recs = [81, 82, 83].map((i) =>
      testRecord(h(i), 80 + i, { bids, auctioneer: `0xcc${String(i).padStart(38, '0')}` }),
    );
    // three appends at once: each must store its own text, not the bytes of another in flight
    await Promise.all(recs.map((r) => s.auctions.append(r, [])));
    for (const r of recs) {
      const { rows } = await s.db.query<{ record: string; bytes: number }>(
        'SELECT record, octet_length(record) AS bytes FROM auctions WHERE auction_id = $1',
        [r.auctionId],
      );
      expect(rows[0].record).toBe(JSON.stringify(r));
      expect(Number(rows[0].bytes)).toBe(Buffer.byteLength(JSON.stringify(r)));
      expect(await s.auctions.get(r.auctionId)).toEqual(r);
    }
  });

  it('refuses a record the way it did before JsonParam: the statement fails whole and the store stays usable', async () => {
    const rec = testRecord(h(84), 84, { auctioneer: '0xdd00000000000000000000000000000000000000' });
    await s.auctions.append(rec, []);
    // the same auction again: the primary key refuses it, nothing else is written
    await expect(s.auctions.append({ ...rec, seq: 85 }, [])).rejects.toThrow(/duplicate key|unique/i);
    expect((await s.auctions.head('0xdd00000000000000000000000000000000000000'))?.seq).toBe(84);
    const next = testRecord(h(86), 86, { auctioneer: '0xdd00000000000000000000000000000000000000' });
    await s.auctions.append(next, []);
    expect(await s.auctions.get(h(86))).toEqual(next);
  });

  it('stores each award as signed, from one JSON parameter: no array of award texts for pg to quote one by one', async () => {
    for (const i of [90, 91]) await s.intents.insert({ hash: h(i), intent: testIntent(String(i)), signature: '0xsig' });
    const awards = [testAward(h(72), h(90)), { ...testAward(h(72), h(91)), signature: '0x"\\02' }];
    awards[1].award.buyAmount = '123456789012345678901234567890';
    const rec = testRecord(h(72), 72, { awards });
    const params: unknown[][] = [];
    const spied = { ...s.db, query: (sql: string, p?: unknown[]) => (params.push(p ?? []), s.db.query(sql, p)) };
    await new AuctionRepository(spied as Db, s.intents).append(
      rec,
      awards.map((a) => ({ hash: a.award.intentHash, status: 'awarded', auctionId: h(72) })),
    );
    const { rows } = await s.db.query(
      `SELECT intent_hash, solver, buy_amount::text AS buy_amount, award, signature FROM awards WHERE auction_id = $1 ORDER BY intent_hash`,
      [h(72)],
    );
    expect(rows).toEqual(
      awards.map((a) => ({
        intent_hash: a.award.intentHash,
        solver: a.award.solver,
        buy_amount: a.award.buyAmount,
        award: a.award,
        signature: a.signature,
      })),
    );
    expect((await s.intents.get(h(91)))?.award).toEqual(awards[1]);
    // pg turns a JS array into an array literal, escaping every element: an award's JSON has quotes in every key
    const jsonArrays = params.flat().filter((v) => Array.isArray(v) && v.some((e) => String(e).startsWith('{')));
    expect(jsonArrays).toEqual([]);
  });
});

describe('storage - postgres: a JsonParam statement whose server connection drops', () => {
  it('rejects the statement, does not crash the process, and the next statement runs', async () => {
    const db = await createTestDatabase('jsonparamdrop');
    // a TCP relay to PostgreSQL whose sockets the test cuts: a reset, with no error message from the server first
    const sockets = new Set<Socket>();
    const relay = createServer((client) => {
      const target = new URL(db.url);
      const server = connect(Number(target.port || 5432), target.hostname);
      for (const x of [client, server]) {
        sockets.add(x);
        x.on('error', () => undefined);
      }
      client.pipe(server).pipe(client);
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    const url = new URL(db.url);
    url.hostname = '127.0.0.1';
    url.port = String((relay.address() as AddressInfo).port);
    const pgdb = new PgDb(url.toString(), { max: 2 });
    try {
      const slow = pgdb.query('SELECT pg_sleep(3) AS slept, length($1::text) AS n', [new JsonParam({ note: 'cut' })]);
      const outcome = slow.then(
        () => 'resolved',
        (err: Error) => err.message,
      );
      await new Promise((r) => setTimeout(r, 300));
      for (const x of sockets) x.destroy();
      // the checked-out client emits 'error' on the cut: with no listener the process would die here
      expect(await outcome).toMatch(/terminated|ECONNRESET/i);
      const { rows } = await pgdb.query<{ n: number }>('SELECT length($1::text) AS n', [new JsonParam({ a: 'é' })]);
      expect(Number(rows[0].n)).toBe(JSON.stringify({ a: 'é' }).length);
    } finally {
      await pgdb.close();
      relay.close();
      await db.drop();
    }
  });
});
