import fc from 'fast-check';
import { PRICE_SCALE, verifyAuction } from '@intentmesh/auction';
import {
  createDigestSigner,
  hashBidBundle,
  keccakHex,
  type Address,
  type AuctionRecordJSON,
  type BidBundle,
} from '@intentmesh/protocol';
import { generatePrivateKey } from 'viem/accounts';
import { honestAuction, randomFills, resign, type PlannedAuction } from '../test/testAuction';

const TOKENS = [
  '0x00000000000000000000000000000000000000b1',
  '0x00000000000000000000000000000000000000b2',
] as Address[];

/** The rules of issue #5 written out naively, independent of selectWinners: the oracle for the property. */
function oracle(record: AuctionRecordJSON) {
  const intents = new Map(record.intents.map((e) => [e.hash, e.intent]));
  const price = (h: string) =>
    BigInt(
      record.referencePrices[`${intents.get(h)!.destinationChainId}:${intents.get(h)!.buyToken.toLowerCase()}`] ??
        PRICE_SCALE,
    );
  const counted = record.bids.flatMap((b, index) => {
    if (b.verdict !== 'ACCEPTED') return [];
    const fills = (b.bid as { fills: { intentHash: string; buyAmount: string }[] }).fills.map((f) => ({
      h: f.intentHash,
      a: BigInt(f.buyAmount),
    }));
    const score = fills.reduce(
      (s, f) => s + ((f.a - BigInt(intents.get(f.h)!.minBuyAmount)) * price(f.h)) / PRICE_SCALE,
      0n,
    );
    return [{ index, solver: b.solver!, hash: b.bidHash!, fills, score }];
  });
  const auction = (bids: typeof counted) => {
    const best = new Map<string, bigint>();
    for (const b of bids)
      if (b.fills.length === 1 && (best.get(b.fills[0].h) ?? -1n) < b.fills[0].a) best.set(b.fills[0].h, b.fills[0].a);
    const fair = bids.filter((b) => b.fills.length === 1 || b.fills.every((f) => f.a >= (best.get(f.h) ?? 0n)));
    const tie = (b: (typeof counted)[number]) => keccakHex(new TextEncoder().encode(record.seed + b.hash));
    fair.sort((x, y) => (x.score !== y.score ? (x.score > y.score ? -1 : 1) : tie(x) < tie(y) ? -1 : 1));
    const taken = new Set<string>();
    const winners = fair.filter(
      (b) => !b.fills.some((f) => taken.has(f.h)) && (b.fills.forEach((f) => taken.add(f.h)), true),
    );
    return { winners, total: winners.reduce((s, w) => s + w.score, 0n) };
  };
  const { winners } = auction(counted);
  const refs = Object.fromEntries(
    [...new Set(winners.map((w) => w.solver))].map((s) => [
      s,
      auction(counted.filter((b) => b.solver !== s)).total.toString(),
    ]),
  );
  return { winners: winners.flatMap((w) => w.fills.map((f) => ({ intentHash: f.h, bidIndex: w.index }))), refs };
}

const plan: fc.Arbitrary<PlannedAuction> = fc
  .record({
    intents: fc.array(
      fc.record({
        minBuyAmount: fc.bigInt({ min: 1n, max: 10n ** 21n }),
        chainId: fc.constantFrom(1, 10),
        token: fc.constantFrom(...TOKENS),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    solvers: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 4 }),
    prices: fc.tuple(fc.bigInt({ min: 1n, max: 4n * PRICE_SCALE }), fc.bigInt({ min: 1n, max: 4n * PRICE_SCALE })),
    bids: fc.array(
      fc.record({
        solver: fc.nat(),
        fills: randomFills({ min: -5n, max: 400n }, 1),
        late: fc.integer({ min: 0, max: 7 }).map((x) => x === 0),
      }),
      { maxLength: 12 },
    ),
    bundled: fc.boolean(),
    scoredOnArrival: fc.boolean(),
  })
  .map(({ intents, solvers, prices, bids, bundled, scoredOnArrival }) => ({
    bundled,
    scoredOnArrival,
    intents: intents.map((i) => ({ minBuyAmount: i.minBuyAmount, chainId: i.chainId, buyToken: i.token })),
    solvers,
    prices: Object.fromEntries([1, 10].flatMap((c) => TOKENS.map((t, k) => [`${c}:${t}`, prices[k]]))),
    bids: bids
      .map((b, i) => ({
        solver: b.solver % solvers.length,
        // a few bids below the minimum (refused) and a few after the window (LATE)
        fills: [...new Map(b.fills.map((f) => [f.intent % intents.length, f])).entries()]
          .map(([intent, f]) => ({ intent, buyAmount: intents[intent].minBuyAmount + f.extra }))
          .filter((f) => f.buyAmount > 0n),
        at: b.late ? 250 + i : 1 + i,
      }))
      .filter((b) => b.fills.length > 0),
  }));

describe('auction record - property: verifyAuction recomputes what the auctioneer computed', () => {
  it('audit - over random auctions, honest records pass and the recorded winners and reference scores match the rules', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const { record, result, auctioneer } = honestAuction(p);
        expect(verifyAuction(record, { auctioneer: auctioneer.address })).toMatchObject({ ok: true, problems: [] });
        const o = oracle(record);
        const key = (w: { intentHash: string; bidIndex: number }) => `${w.intentHash}:${w.bidIndex}`;
        expect(record.winners.map(key).sort()).toEqual(o.winners.map(key).sort());
        expect(record.referenceScores).toEqual(o.refs);
        expect(Object.fromEntries([...result.referenceScores].map(([k, v]) => [k, v.toString()]))).toEqual(o.refs);
      }),
      { numRuns: 60 },
    );
  });

  it('audit - over random auctions, raising any counted bid by one wei is caught and named', () => {
    fc.assert(
      fc.property(plan, fc.nat(), (p, pick) => {
        const { record, auctioneer } = honestAuction(p);
        const counted = record.bids.map((b, i) => [b, i] as const).filter(([b]) => b.verdict === 'ACCEPTED');
        fc.pre(counted.length > 0);
        const r = JSON.parse(JSON.stringify(record)) as AuctionRecordJSON;
        const b = r.bids[counted[pick % counted.length][1]].bid as { fills: { buyAmount: string }[] };
        b.fills[0].buyAmount = (BigInt(b.fills[0].buyAmount) + 1n).toString();
        expect(verifyAuction(r, { auctioneer: auctioneer.address }).problems.map((x) => x.code)).toEqual(
          expect.arrayContaining(['RECORD_HASH_MISMATCH', 'BAD_BID']),
        );
      }),
      { numRuns: 30 },
    );
  });

  // verdicts given before the signature is looked at: a bundle's bids with only these say nothing about the bundle
  const UNSIGNED_VERDICTS = new Set(['MALFORMED', 'WRONG_AUCTION', 'LATE', 'EXPIRED']);
  const stranger = createDigestSigner(generatePrivateKey());
  const tampers: Record<string, (r: AuctionRecordJSON, k: number, entry: number, pick: number) => void> = {
    leaf: (r, k, _e, pick) =>
      (r.bundles![k].leaves[pick % r.bundles![k].leaves.length] = keccakHex(Uint8Array.of(pick))),
    root: (r, k, _e, pick) => (r.bundles![k].root = keccakHex(Uint8Array.of(pick, 1))),
    count: (r, k) => (r.bundles![k].count += 1),
    leavesDropped: (r, k) => {
      const b = r.bundles![k];
      b.leaves = b.leaves.length > 1 ? b.leaves.slice(1) : [keccakHex(Uint8Array.of(7))];
    },
    signature: (r, k) => {
      const b = r.bundles![k];
      b.signature = stranger.signDigest(hashBidBundle(b as unknown as BidBundle));
    },
    pointer: (r, _k, e) => {
      const b = r.bids[e];
      const leaves = r.bundles![b.bundle!].leaves;
      const other = leaves.findIndex((l) => l !== leaves[b.leaf!]);
      b.leaf = other === -1 ? leaves.length : other;
    },
    unbundled: (r, _k, e) => {
      delete r.bids[e].bundle;
    },
  };

  it('audit - over random bundled auctions, any change to a bundle (leaves, root, count, signature) or to where a bid points into it is caught, even re-signed', () => {
    fc.assert(
      fc.property(plan, fc.constantFrom(...Object.keys(tampers)), fc.nat(), (p, kind, pick) => {
        const { record, auctioneer } = honestAuction({ ...p, bundled: true });
        // a bid whose verdict rests on its bundle's signature
        const checked = record.bids
          .map((b, i) => [b, i] as const)
          .filter(([b]) => b.bundle !== undefined && !UNSIGNED_VERDICTS.has(b.verdict));
        fc.pre(checked.length > 0);
        const [entry, e] = checked[pick % checked.length];
        const r = JSON.parse(JSON.stringify(record)) as AuctionRecordJSON;
        tampers[kind](r, entry.bundle!, e, pick);
        // the leaf tamper may hit a leaf no kept bid stands on (an identical repeat): then the root no longer holds
        const bare = verifyAuction(r, { auctioneer: auctioneer.address }).problems.map((x) => x.code);
        expect(bare).toContain('RECORD_HASH_MISMATCH');
        const resigned = verifyAuction(resign(r, auctioneer), { auctioneer: auctioneer.address }).problems;
        expect(resigned.map((x) => x.code)).toEqual(
          expect.arrayContaining([expect.stringMatching(/^(BAD_BID|BID_VERDICT_MISMATCH)$/)]),
        );
      }),
      { numRuns: 80 },
    );
  });
});
