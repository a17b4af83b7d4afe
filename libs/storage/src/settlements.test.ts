import { createTestDatabase } from '../../../test/support/postgres';
import { openStorage, type Storage } from './index';
import { h, testIntent } from '../test/testFixtures';

describe.each([
  [
    'postgres',
    async () => {
      const t = await createTestDatabase('settlements');
      return { s: await openStorage({ databaseUrl: t.url }), drop: t.drop };
    },
  ],
  ['pglite', async () => ({ s: await openStorage({}), drop: async () => undefined })],
])('storage - settlements - %s', (_kind, open) => {
  let s: Storage;
  let drop: () => Promise<void>;
  beforeAll(async () => ({ s, drop } = await open()), 60_000);
  afterAll(async () => {
    await s.close();
    await drop();
  });

  it('marks an intent settled with its transaction; the first event wins; unknown hashes are ignored', async () => {
    await s.intents.insert({ hash: h(1), intent: testIntent('1'), signature: '0xsig' });
    expect((await s.intents.get(h(1)))?.settlement).toBeNull();
    const first = { intentHash: h(1), txHash: h(77), chainId: 1, blockNumber: 12 };
    expect(
      await s.intents.markSettled([first, { intentHash: h(2), txHash: h(78), chainId: 1, blockNumber: 12 }]),
    ).toEqual([h(1)]);
    expect(await s.intents.markSettled([{ ...first, txHash: h(79), blockNumber: 13 }])).toEqual([]);
    expect(await s.intents.get(h(1))).toMatchObject({
      status: 'settled',
      settlement: { txHash: h(77), chainId: 1, blockNumber: 12 },
    });
  });

  it('keeps settlements append-only', async () => {
    await expect(s.db.query(`UPDATE settlements SET block_number = 1`)).rejects.toThrow(/append-only/);
  });
});
