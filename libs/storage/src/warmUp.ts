import { randomBytes } from 'node:crypto';
import type { AuctionRecordJSON, IntentJSON } from '@intentmesh/protocol';
import { AuctionRepository } from './auctions';
import type { Db, Queryable } from './db';
import { IntentRepository } from './intents';
import { LapseRepository } from './lapses';

/**
 * Runs one intent's statements from intake to award (insert, claim, exclusions, live auction id, record) on made-up
 * rows inside `tx`, which the caller rolls back: the connection's backend then holds the catalog entries, plans,
 * foreign-key checks and trigger functions the hot path needs. Every key is random, so warm-ups never wait on each other.
 */
export async function warmUpHotPath(tx: Queryable): Promise<void> {
  const db: Db = { kind: 'postgres', query: tx.query, transaction: (fn) => fn(tx), close: async () => undefined };
  const intents = new IntentRepository(db);
  const word = () => '0x' + randomBytes(32).toString('hex');
  const address = '0x' + randomBytes(20).toString('hex');
  const hash = word();
  const auctionId = word();
  const intent: IntentJSON = {
    swapper: address,
    sellToken: address,
    sellAmount: '1',
    buyToken: address,
    minBuyAmount: '1',
    recipient: address,
    sourceChainId: 1,
    destinationChainId: 1,
    nonce: BigInt(word()).toString(),
    deadline: 1,
  };
  const award = { auctionId, intentHash: hash, solver: address, buyAmount: '1', settleBy: 1 };
  const record: AuctionRecordJSON = {
    version: 1,
    auctionId,
    seq: -Number.parseInt(word().slice(2, 14), 16),
    auctioneer: address,
    openedAt: 0,
    closedAt: 0,
    bidWindowMs: 0,
    seed: word(),
    referencePrices: {},
    intents: [{ hash, intent, signature: '0x' }],
    solvers: [{ solver: address, invited: true, reason: 'registered' }],
    bids: [
      {
        receivedAt: 0,
        solver: address,
        bidHash: word(),
        bid: {
          auctionId,
          solver: address,
          fills: [{ intentHash: hash, buyAmount: '1' }],
          routeHash: word(),
          validUntil: 1,
        },
        signature: '0x',
        verdict: 'ACCEPTED',
        reason: '',
      },
    ],
    outcomes: [{ index: 0, score: '1', outcome: 'WON' }],
    winners: [{ intentHash: hash, solver: address, buyAmount: '1', bidIndex: 0 }],
    referenceScores: { [address]: '0' },
    awards: [{ award, signature: '0x' }],
    unfilled: [],
    prevRecordHash: word(),
    recordHash: word(),
    signature: '0x',
  } as AuctionRecordJSON;
  await intents.insertMany([{ hash, intent, signature: '0x' }]);
  await intents.markAuctioning([hash]);
  await new LapseRepository(db).excluded([hash]);
  await intents.setLiveAuction([hash], auctionId);
  await new AuctionRepository(db, intents).append(record, [{ hash, status: 'awarded', auctionId }]);
}
