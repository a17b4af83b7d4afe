import { STORES, h, testIntent } from '../test/testFixtures';
import { useTestStorage } from '../test/useTestStorage';

describe.each(STORES)('storage - settlements - %s', (kind) => {
  const s = useTestStorage(kind, 'settlements');

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
