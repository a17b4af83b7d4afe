// The record chain on a real PostgreSQL store when a connection drops after the server committed: the store must
// count as done. Retrying would collide with our own record on every attempt and wedge the chain behind it (the
// PostgreSQL-outage drill saw a whole auction's intents stay `auctioning` for the 50 retries).
import type { AuctionRecordBody } from '@intentmesh/auction';
import { createDigestSigner, GENESIS_RECORD_HASH, type AuctionRecordJSON } from '@intentmesh/protocol';
import type { Storage } from '@intentmesh/storage';
import { generatePrivateKey } from 'viem/accounts';
import { honestAuction, TWO_SOLVER_PLAN } from '../../../../libs/auction/test/testAuction';
import { createTestStorage } from '../../../../test/support/postgres';
import { RecordChain } from './recordChain';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
const PLAN = TWO_SOLVER_PLAN;

function bodyOf(record: AuctionRecordJSON): AuctionRecordBody {
  const { seq: _seq, prevRecordHash: _prev, recordHash: _hash, signature: _sig, ...body } = record;
  return body;
}

describe('auctioneer - record chain', () => {
  let store: Awaited<ReturnType<typeof createTestStorage>>;
  beforeAll(async () => {
    store = await createTestStorage('record_chain');
  }, 60_000);
  afterAll(() => store.close());

  it('a store whose reply was lost after the commit counts as stored, and the next record follows it', async () => {
    const auctioneer = createDigestSigner(generatePrivateKey());
    const first = honestAuction(PLAN, { auctioneer, head: { seq: 0, recordHash: GENESIS_RECORD_HASH } });
    const second = first.next(PLAN);
    // the first append commits, then fails as a dropped connection does
    let dropped = 0;
    const auctions = Object.create(store.storage.auctions) as Storage['auctions'];
    auctions.append = async (record, changes) => {
      await store.storage.auctions.append(record, changes);
      if (dropped++ === 0) throw new Error('Connection terminated unexpectedly');
    };
    const storage = { ...store.storage, auctions } as Storage;
    const chain = new RecordChain({ storage, signer: auctioneer, log: silent, maxAttempts: 3 });

    const a = await chain.append(bodyOf(first.record), []);
    expect(a).toMatchObject({ seq: 1, auctionId: first.record.auctionId });
    const b = await chain.append(bodyOf(second.record), []);
    expect(b).toMatchObject({ seq: 2, prevRecordHash: a!.recordHash });
    expect(dropped).toBe(2);
    expect(await store.storage.auctions.head(auctioneer.address)).toEqual({ seq: 2, recordHash: b!.recordHash });
  }, 60_000);
});
