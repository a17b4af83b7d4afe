import {
  bidDigest,
  bytesToHex,
  createDigestSigner,
  deriveAuctionId,
  hashBid,
  recordedBidLeaf,
  serializeBid,
  signBidBundle,
  type Bid,
  type BidJSON,
  type BidBundleMessageJSON,
  type Hex,
  type RecordedBidJSON,
} from '@intentmesh/protocol';
import { AuctionBook, type AuctionBookContext } from '@intentmesh/auction';
import { generatePrivateKey } from 'viem/accounts';

const copy = <T>(x: T) => JSON.parse(JSON.stringify(x)) as T;
const solver = createDigestSigner(generatePrivateKey());
const auctioneer = createDigestSigner(generatePrivateKey());
const openedAt = 1_900_000_000_000;
const auctionId = deriveAuctionId(auctioneer.address, 1, openedAt);
const otherAuction = deriveAuctionId(auctioneer.address, 2, openedAt);
const intents = [1, 2, 3].map((i) => ('0x' + i.toString(16).padStart(64, '0')) as Hex);
const ctx = (): AuctionBookContext => ({
  auctionId,
  closesAt: openedAt + 300,
  minBuyAmounts: new Map(intents.map((h) => [h, 1000n])),
  isRegistered: (s) => s === solver.address,
  seed: auctionId,
});
const bidOn = (i: number, buyAmount = 1100n + BigInt(i), forAuction: Hex = auctionId): Bid => ({
  auctionId: forAuction,
  solver: solver.address,
  fills: [{ intentHash: intents[i], buyAmount }],
  routeHash: ('0x' + 'ab'.repeat(32)) as Hex,
  validUntil: Math.floor(openedAt / 1000) + 60,
});
const signed = (bids: Bid[]) => copy(signBidBundle(bids, solver)) as BidBundleMessageJSON;
const honest = () => signed([bidOn(0), bidOn(1), bidOn(2)]);

/**
 * The bundle as the auditor replays it (verifyAuction): the recorded bundle opened from its hex leaves alone, then
 * each bid added by its leaf, parsed and hashed on its own. addBundle reads the message once, hashes each bid once and
 * builds the root from those digests' bytes; both must give every bid the same verdict, reason and leaf.
 */
function replayed(live: AuctionBook, msg: BidBundleMessageJSON): RecordedBidJSON[] {
  const book = new AuctionBook(ctx());
  for (const b of live.bundles) book.openBundle(b);
  msg.bids.forEach((bid, leaf) => book.add({ bid }, openedAt + 5, { bundle: 0, leaf }));
  expect(book.bidLeaves).toEqual(live.bidLeaves);
  expect(live.bidLeaves).toEqual(live.bids.map((e) => recordedBidLeaf(e)));
  return book.bids;
}

function verdicts(msg: unknown): string[] {
  const book = new AuctionBook(ctx());
  const booked = book.addBundle(msg, openedAt + 5);
  if (book.bundles.length) {
    const again = replayed(book, msg as BidBundleMessageJSON);
    expect(again.map((b) => [b.verdict, b.reason])).toEqual(book.bids.map((b) => [b.verdict, b.reason]));
  }
  return booked.map((b) => b.verified.verdict);
}

describe('AuctionBook.addBundle - each bid parsed and hashed once, the root built from those digests', () => {
  it('an honest bundle: every bid accepted, its leaf the digest addBundle computed, the same as the replay', () => {
    const msg = honest();
    expect(verdicts(msg)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
    const book = new AuctionBook(ctx());
    book.addBundle(msg, openedAt + 5);
    expect(book.bundles[0].leaves).toEqual([0, 1, 2].map((i) => hashBid(bidOn(i))));
    expect(book.bundles[0].leaves).toEqual([0, 1, 2].map((i) => bytesToHex(bidDigest(bidOn(i)))));
  });

  it('bids reordered after signing: the root is not theirs, every bid BAD_SIGNATURE (siblings hash as a sorted pair)', () => {
    const msg = honest();
    msg.bids = [msg.bids[2], msg.bids[1], msg.bids[0]];
    expect(verdicts(msg)).toEqual(['BAD_SIGNATURE', 'BAD_SIGNATURE', 'BAD_SIGNATURE']);
    // two leaves of one pair swapped keep the root (OpenZeppelin's sorted-pair rule): the same on both paths
    const pair = honest();
    pair.bids = [pair.bids[1], pair.bids[0], pair.bids[2]];
    expect(verdicts(pair)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
  });

  it('a field changed after hashing (buyAmount, routeHash, validUntil): every bid BAD_SIGNATURE', () => {
    const changes: ((b: BidJSON) => void)[] = [
      (b) => (b.fills[0].buyAmount = (BigInt(b.fills[0].buyAmount) + 1n).toString()),
      (b) => (b.routeHash = '0x' + 'cd'.repeat(32)),
      (b) => (b.validUntil += 1),
    ];
    for (const change of changes) {
      const msg = honest();
      change(msg.bids[1]);
      expect(verdicts(msg)).toEqual(['BAD_SIGNATURE', 'BAD_SIGNATURE', 'BAD_SIGNATURE']);
    }
  });

  it('a bid swapped for one of another bundle (a wrong leaf): every bid BAD_SIGNATURE', () => {
    const msg = honest();
    msg.bids[2] = serializeBid(bidOn(2, 5000n));
    expect(verdicts(msg)).toEqual(['BAD_SIGNATURE', 'BAD_SIGNATURE', 'BAD_SIGNATURE']);
  });

  it('the same bid twice in a signed bundle: the repeat is DUPLICATE_BID', () => {
    expect(verdicts(signed([bidOn(0), bidOn(1), bidOn(0)]))).toEqual(['ACCEPTED', 'ACCEPTED', 'DUPLICATE_BID']);
  });

  it('a signed bid for another auction inside the bundle is WRONG_AUCTION; a bundle for another auction holds none', () => {
    expect(verdicts(signed([bidOn(0), bidOn(1, 1200n, otherAuction)]))).toEqual(['ACCEPTED', 'WRONG_AUCTION']);
    expect(verdicts(signed([bidOn(0, 1100n, otherAuction), bidOn(1, 1200n, otherAuction)]))).toEqual([
      'WRONG_AUCTION',
      'WRONG_AUCTION',
    ]);
    const other = signed([bidOn(0), bidOn(1)]);
    other.bundle.auctionId = otherAuction;
    expect(verdicts(other)).toEqual(['BAD_SIGNATURE', 'BAD_SIGNATURE']);
  });

  it('an unknown field in a bid: that bid MALFORMED and the bundle holds for none; in the envelope: one MALFORMED', () => {
    const msg = honest();
    Object.assign(msg.bids[1], { note: 'x' });
    expect(verdicts(msg)).toEqual(['BAD_SIGNATURE', 'MALFORMED', 'BAD_SIGNATURE']);
    const envelope = honest();
    Object.assign(envelope, { note: 'x' });
    expect(verdicts(envelope)).toEqual(['MALFORMED']);
  });

  it('a count that is not the number of bids, or a bid left out: every bid BAD_SIGNATURE', () => {
    const counted = honest();
    counted.bundle.count = 2;
    expect(verdicts(counted)).toEqual(['BAD_SIGNATURE', 'BAD_SIGNATURE', 'BAD_SIGNATURE']);
    const short = honest();
    short.bids.pop();
    expect(verdicts(short)).toEqual(['BAD_SIGNATURE', 'BAD_SIGNATURE']);
  });

  it('upper-case hex in a bid reads as the same bid: its leaf is the digest of the value, the bundle holds', () => {
    const msg = honest();
    msg.bids[0].routeHash = '0x' + msg.bids[0].routeHash.slice(2).toUpperCase();
    expect(verdicts(msg)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
  });
});

describe('recordedBidLeaf - the digest the caller passes is copied for bidHash only when bidHash is that digest', () => {
  it('gives the leaf an auditor recomputes from the entry, whatever its bidHash field holds', () => {
    const book = new AuctionBook(ctx());
    book.addBundle(signed([bidOn(0), bidOn(1)]), openedAt + 5);
    const entry = book.bids[0];
    const digest = hashBid(bidOn(0));
    const bidHashes: (string | null)[] = [
      digest,
      hashBid(bidOn(1)),
      '0x' + digest.slice(2).toUpperCase(),
      digest.slice(0, 65),
      null,
    ];
    const leaves = bidHashes.map((bidHash) => {
      const e = { ...entry, bidHash } as RecordedBidJSON;
      const leaf = recordedBidLeaf(e, digest);
      expect(leaf).toBe(recordedBidLeaf(e));
      return leaf;
    });
    expect(new Set(leaves).size).toBe(leaves.length);
  });
});
