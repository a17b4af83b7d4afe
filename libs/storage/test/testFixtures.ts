import type { AuctionRecordJSON, IntentJSON, SignedAwardJSON } from '@intentmesh/protocol';
import { createTestDatabase } from '../../../test/support/postgres';
import { openStorage, type Storage } from '../src/index';

/** A bytes32 from a small number: readable hashes and ids in storage tests. */
export const h = (n: number) => '0x' + n.toString(16).padStart(64, '0');

/** A well-formed intent for storage tests; the store never checks its signature, so none is needed. */
export const testIntent = (nonce: string | number, sourceChainId = 1, destinationChainId = 1): IntentJSON => ({
  swapper: '0x52908400098527886e0f7030069857d2e4169ee7',
  sellToken: '0x1111111111111111111111111111111111111111',
  sellAmount: '1000',
  buyToken: '0x2222222222222222222222222222222222222222',
  minBuyAmount: '900',
  recipient: '0x52908400098527886e0f7030069857d2e4169ee7',
  sourceChainId,
  destinationChainId,
  nonce: String(nonce),
  deadline: 2_000_000_000,
});

/** Storage tests run against both stores: PostgreSQL (a fresh database) and the embedded PGlite. */
export const STORES = ['postgres', 'pglite'] as const;
export async function openTestStorage(
  kind: (typeof STORES)[number],
  name: string,
): Promise<{ s: Storage; stop: () => Promise<void> }> {
  const db = kind === 'postgres' ? await createTestDatabase(name) : undefined;
  const s = await openStorage(db ? { databaseUrl: db.url } : {});
  return {
    s,
    stop: async () => {
      await s.close();
      await db?.drop();
    },
  };
}

/** A record shaped like the auctioneer's (the store reads no signature): empty lists; `over` sets what a test needs. */
export const testRecord = (
  auctionId: string,
  seq: number,
  over: Partial<AuctionRecordJSON> = {},
): AuctionRecordJSON => ({
  version: 1,
  auctionId,
  seq,
  auctioneer: '0xaa00000000000000000000000000000000000000',
  openedAt: 1,
  closedAt: 2,
  bidWindowMs: 300,
  seed: h(0),
  referencePrices: {},
  intents: [],
  solvers: [],
  bids: [],
  outcomes: [],
  winners: [],
  referenceScores: {},
  awards: [],
  unfilled: [],
  prevRecordHash: h(0),
  recordHash: h(1000 + seq),
  signature: '0x',
  ...over,
});

/** An award of `intentHash` in `auctionId` to `solver` (unsigned: the store checks no signature). */
export const testAward = (
  auctionId: string,
  intentHash: string,
  solver = '0xbb00000000000000000000000000000000000000',
  settleBy = 5,
): SignedAwardJSON => ({
  award: { auctionId, intentHash, solver, buyAmount: '950', settleBy },
  signature: '0x01',
});
