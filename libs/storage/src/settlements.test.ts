import { createTestDatabase } from '../../../test/support/postgres';
import { openStorage, type Storage } from './index';
import type { IntentJSON } from '@intentmesh/protocol';

const h = (n: number) => '0x' + n.toString(16).padStart(64, '0');
const intent = (nonce: string): IntentJSON => ({
  swapper: '0x52908400098527886e0f7030069857d2e4169ee7',
  sellToken: '0x1111111111111111111111111111111111111111',
  sellAmount: '1000',
  buyToken: '0x2222222222222222222222222222222222222222',
  minBuyAmount: '900',
  recipient: '0x52908400098527886e0f7030069857d2e4169ee7',
  sourceChainId: 1,
  destinationChainId: 1,
  nonce,
  deadline: 2_000_000_000,
});

describe.each([
  ['postgres', async () => { const t = await createTestDatabase('settlements'); return { s: await openStorage({ databaseUrl: t.url }), drop: t.drop }; }],
  ['pglite', async () => ({ s: await openStorage({}), drop: async () => undefined })],
])('storage - settlements - %s', (_kind, open) => {
  let s: Storage;
  let drop: () => Promise<void>;
  beforeAll(async () => ({ s, drop } = await open()), 60_000);
  afterAll(async () => { await s.close(); await drop(); });

  it('marks an intent settled with its transaction; the first event wins; unknown hashes are ignored', async () => {
    await s.intents.insert({ hash: h(1), intent: intent('1'), signature: '0xsig' });
    expect((await s.intents.get(h(1)))?.settlement).toBeNull();
    const first = { intentHash: h(1), txHash: h(77), chainId: 1, blockNumber: 12 };
    expect(await s.intents.markSettled([first, { intentHash: h(2), txHash: h(78), chainId: 1, blockNumber: 12 }])).toEqual([h(1)]);
    expect(await s.intents.markSettled([{ ...first, txHash: h(79), blockNumber: 13 }])).toEqual([]);
    expect(await s.intents.get(h(1))).toMatchObject({ status: 'settled', settlement: { txHash: h(77), chainId: 1, blockNumber: 12 } });
  });

  it('keeps settlements append-only', async () => {
    await expect(s.db.query(`UPDATE settlements SET block_number = 1`)).rejects.toThrow(/append-only/);
  });
});
