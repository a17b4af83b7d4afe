// Synthetic auction records for the storage benches (bench:audit-index, bench:store-writes).
import { randomBytes } from 'node:crypto';

const hex = (n, width = 64) => '0x' + n.toString(16).padStart(width, '0');

/** A record shaped like the auctioneer's: I intents, three solvers bidding on each, one winner per intent; `k` makes it unique. */
export function syntheticRecord(k, I, solvers) {
  const intents = Array.from({ length: I }, (_, i) => ({
    hash: hex(k * 100_000 + i),
    intent: {
      swapper: hex(7, 40),
      sellToken: hex(8, 40),
      sellAmount: '1000000000000000000',
      buyToken: hex(9, 40),
      minBuyAmount: '900',
      recipient: hex(7, 40),
      sourceChainId: [1, 10, 42161][i % 3],
      destinationChainId: [1, 10, 42161][(i + k) % 3],
      nonce: String(k * 100_000 + i),
      deadline: 2_000_000_000,
    },
    signature: '0x' + '11'.repeat(65),
  }));
  const bids = intents.flatMap((e, i) =>
    solvers.map((s, j) => ({
      receivedAt: k,
      solver: s,
      bidHash: hex(k * 1e6 + i * 3 + j),
      bid: {
        auctionId: hex(k),
        solver: s,
        fills: [{ intentHash: e.hash, buyAmount: String(950 + j) }],
        routeHash: hex(1),
        validUntil: 2e9,
      },
      signature: '0x' + '22'.repeat(65),
      verdict: 'ACCEPTED',
      reason: '',
    })),
  );
  const winner = (i) => (i + k) % 3;
  return {
    version: 1,
    auctionId: hex(10 ** 9 + k),
    seq: k + 1,
    auctioneer: hex(0xaa, 40),
    openedAt: 1000 * k,
    closedAt: 1000 * k + 300,
    bidWindowMs: 300,
    seed: hex(0),
    referencePrices: {},
    intents,
    solvers: solvers.map((s) => ({ solver: s, invited: true, reason: 'registered' })),
    bids,
    outcomes: bids.map((b, idx) => ({
      index: idx,
      score: String(50 + (idx % 3)),
      outcome: idx % 3 === winner(Math.floor(idx / 3)) ? 'WON' : 'LOST',
    })),
    winners: intents.map((e, i) => ({
      intentHash: e.hash,
      solver: solvers[winner(i)],
      buyAmount: String(950 + winner(i)),
      bidIndex: i * 3 + winner(i),
    })),
    referenceScores: Object.fromEntries(solvers.map((s) => [s, '100'])),
    awards: intents.map((e, i) => ({
      award: {
        auctionId: hex(10 ** 9 + k),
        intentHash: e.hash,
        solver: solvers[winner(i)],
        buyAmount: String(950 + winner(i)),
        settleBy: 2e9,
      },
      signature: '0x' + '33'.repeat(65),
    })),
    unfilled: [],
    prevRecordHash: hex(0),
    recordHash: hex(2 * 10 ** 9 + k),
    signature: '0x' + '44'.repeat(65),
  };
}

/** The record with every signature random and every 32-byte hash replaced by a random one (the same for the same hash), so its text compresses like a real record's. */
export function randomHex(record) {
  const hashes = new Map();
  const fresh = (h) => hashes.get(h) ?? (hashes.set(h, `"0x${randomBytes(32).toString('hex')}"`), hashes.get(h));
  return JSON.parse(
    JSON.stringify(record).replace(/"0x([0-9a-f]{130}|[0-9a-f]{64})"/g, (_, h) =>
      h.length === 130 ? `"0x${randomBytes(65).toString('hex')}"` : fresh(h),
    ),
  );
}
