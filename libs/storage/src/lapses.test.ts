import type { AuctionRecordJSON, LapseEvidenceJSON } from '@intentmesh/protocol';
import { createTestDatabase } from '../../../test/support/postgres';
import { openStorage, type Storage } from './index';
import { h, testAward, testIntent, testRecord } from '../test/testFixtures';

const SOLVER = '0xbb00000000000000000000000000000000000000';
const OTHER = '0xcc00000000000000000000000000000000000000';

const record = (auctionId: string, seq: number, closedAt: number, intents: string[], solver = SOLVER) =>
  testRecord(auctionId, seq, {
    version: 3,
    openedAt: closedAt - 1,
    closedAt,
    intents: intents.map((hash) => ({ hash, intent: testIntent(hash.slice(-4)), signature: '0xsig' })),
    awards: intents.map((ih) => testAward(auctionId, ih, solver, 100)),
  });

const evidence = (r: AuctionRecordJSON, i: number, decidedAt: number): LapseEvidenceJSON => ({
  award: r.awards[i],
  sourceChainId: 1,
  operator: SOLVER,
  kind: 'lapsed',
  decidedAt,
  checkedBlock: { number: 7, hash: h(7), timestamp: 101 },
});

describe('storage - award lifecycle - postgres', () => {
  let s: Storage;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const t = await createTestDatabase('lapses');
    s = await openStorage({ databaseUrl: t.url });
    drop = t.drop;
  }, 60_000);
  afterAll(async () => {
    await s.close();
    await drop();
  });

  it('lifecycle - an award past settleBy is due; its lapse reopens the intent, keeps the operator out and shows in the history', async () => {
    await s.intents.insert({ hash: h(1), intent: testIntent('1'), signature: '0xsig' });
    await s.intents.insert({ hash: h(2), intent: { ...testIntent('2'), deadline: 150 }, signature: '0xsig' });
    const r1 = record(h(50), 1, 10_000, [h(1), h(2)]);
    await s.auctions.append(r1, [
      { hash: h(1), status: 'awarded', auctionId: h(50) },
      { hash: h(2), status: 'awarded', auctionId: h(50) },
    ]);
    expect(await s.lapses.due(100)).toEqual([]);
    expect((await s.lapses.due(101)).map((d) => d.hash).sort()).toEqual([h(1), h(2)]);

    // a second award while the first is running is refused by the store itself
    await expect(s.auctions.append(record(h(51), 2, 11_000, [h(1)], OTHER), [])).rejects.toThrow(
      /intent 0x0*1 already holds an award that has not lapsed/,
    );

    expect(await s.lapses.lapse(evidence(r1, 0, 20_000), 120)).toEqual({ lapsed: true, status: 'unfilled' });
    expect(await s.lapses.lapse(evidence(r1, 1, 20_000), 160)).toEqual({ lapsed: true, status: 'expired' });
    // once only: the award is no longer the running one
    expect(await s.lapses.lapse(evidence(r1, 0, 20_001), 120)).toEqual({ lapsed: false });
    expect(await s.lapses.excluded([h(1), h(3)])).toEqual(new Map([[h(1), [SOLVER]]]));
    expect(await s.lapses.since(20_000)).toHaveLength(2);
    expect(await s.lapses.since(20_001)).toEqual([]);

    // auctioned again, awarded to another solver: the intent view shows the new award, the history both
    await s.intents.markAuctioning([h(1)]);
    await s.auctions.append(record(h(52), 3, 30_000, [h(1)], OTHER), [
      { hash: h(1), status: 'awarded', auctionId: h(52) },
    ]);
    expect((await s.intents.get(h(1)))?.award?.award.solver).toBe(OTHER);
    await s.intents.markSettled([{ intentHash: h(1), txHash: h(99), chainId: 1, blockNumber: 9 }]);
    const history = await s.lapses.history(h(1));
    expect(history.map((a) => [a.auctionId, a.outcome])).toEqual([
      [h(50), 'lapsed'],
      [h(52), 'settled'],
    ]);
    expect(history[0].lapse).toEqual({ kind: 'lapsed', decidedAt: 20_000 });
    expect(await s.lapses.countByOperator()).toEqual({ [SOLVER]: 2 });
    await expect(s.db.query('DELETE FROM award_lapses')).rejects.toThrow(/append-only/);
  });
});
