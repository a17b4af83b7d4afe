import {
  AUCTION_RECORD_VERSION,
  createDigestSigner,
  createNobleBackend,
  useSecpBackend,
  hashAuctionRecord,
  hashBid,
  hashBidBundle,
  hashRecordedBid,
  recordedBidLeaf,
  recordedIntentLeaf,
  serializeSignedBid,
  type BidJSON,
  type Hex,
  type AuctionRecordJSON,
} from '@intentmesh/protocol';
import { AuctionBook, verifyAuction, verifyChain } from '@intentmesh/auction';
import { dirname, join } from 'node:path';
import { generatePrivateKey } from 'viem/accounts';
import { codes, copy, honestAuction, resign, type PlannedAuction } from '../test/testAuction';

const lc = (s: string) => s.toLowerCase();

// three intents, three solvers (operators 0, 1, 2), singles and one fair batch; bid #4 is a losing single
const PLAN: PlannedAuction = {
  intents: [{ minBuyAmount: 1000n }, { minBuyAmount: 1000n }, { minBuyAmount: 1000n }],
  solvers: [0, 1, 2],
  bids: [
    { solver: 0, fills: [{ intent: 0, buyAmount: 1100n }] },
    { solver: 1, fills: [{ intent: 0, buyAmount: 1050n }] },
    {
      solver: 2,
      fills: [
        { intent: 1, buyAmount: 1200n },
        { intent: 2, buyAmount: 1150n },
      ],
    },
    { solver: 0, fills: [{ intent: 1, buyAmount: 1100n }] },
    { solver: 1, fills: [{ intent: 2, buyAmount: 1010n }] },
  ],
};

describe('auction record - built by the auctioneer code, checked by verifyAuction', () => {
  const honest = honestAuction(PLAN);
  const { record, auctioneer } = honest;
  const A = auctioneer.address;

  it('audit - an honest version 2 record passes, names operators, invited chains and the attestations relied on', () => {
    expect(record.version).toBe(AUCTION_RECORD_VERSION);
    expect(verifyAuction(record, { auctioneer: A })).toEqual({
      ok: true,
      auctionId: record.auctionId,
      seq: 1,
      problems: [],
    });
    for (const s of record.solvers) {
      expect(s).toMatchObject({ invited: true, chains: [1], operator: expect.stringMatching(/^0x/) });
      expect(s.attestation).toMatchObject({ attestation: { solver: s.solver, auctioneer: A }, rttMs: 7 });
    }
    // the batch beats the singles on both its intents; intent 0 goes to the best single
    expect([...new Set(record.winners.map((w) => w.bidIndex))].sort()).toEqual([0, 2]);
    expect(record.referencePrices).toEqual({ '1:0x00000000000000000000000000000000000000b1': (10n ** 18n).toString() });
  });

  it('audit - a changed bid amount is caught as BAD_BID (and RECORD_HASH_MISMATCH unless re-signed)', () => {
    const r = copy(record);
    (r.bids[0].bid as { fills: { buyAmount: string }[] }).fills[0].buyAmount = '1099';
    expect(codes(r, A)).toEqual(expect.arrayContaining(['BAD_BID', 'RECORD_HASH_MISMATCH']));
    const re = resign(copy(r), auctioneer);
    expect(codes(re, A)).toContain('BAD_BID');
    expect(codes(re, A)).not.toContain('RECORD_HASH_MISMATCH');
  });

  it('audit - a dropped bid is caught as SCORED_BID_MISSING', () => {
    const r = copy(record);
    r.bids.pop();
    // bid #4 was the runner-up on intent 2, so the batch winner's reference score moves too
    expect(codes(r, A)).toEqual(['RECORD_HASH_MISMATCH', 'REFERENCE_SCORES_MISMATCH', 'SCORED_BID_MISSING']);
    expect(codes(resign(r, auctioneer), A)).toEqual(['REFERENCE_SCORES_MISMATCH', 'SCORED_BID_MISSING']);
  });

  it('audit - an added validly signed bid is caught as UNSCORED_BID', () => {
    const r = copy(record);
    const key = honest.solverKeys[1];
    const bid = {
      auctionId: r.auctionId as `0x${string}`,
      solver: key.address,
      fills: [{ intentHash: r.intents[1].hash as `0x${string}`, buyAmount: 1001n }],
      routeHash: r.auctionId as `0x${string}`,
      validUntil: r.intents[1].intent.deadline,
    };
    const signed = serializeSignedBid({ bid, signature: key.signDigest(hashBid(bid)) });
    r.bids.push({
      receivedAt: r.openedAt + 50,
      solver: key.address,
      bidHash: hashBid(bid),
      bid: signed.bid,
      signature: signed.signature,
      verdict: 'ACCEPTED',
      reason: 'valid',
    });
    expect(codes(resign(r, auctioneer), A)).toEqual(['UNSCORED_BID']);
  });

  it('audit - a changed winner is caught as WINNERS_MISMATCH and BAD_AWARD; a changed score as SCORE_MISMATCH', () => {
    const w = copy(record);
    w.winners[0].solver = honest.solverKeys[1].address;
    expect(codes(resign(w, auctioneer), A)).toEqual(['BAD_AWARD', 'WINNERS_MISMATCH']);
    const s = copy(record);
    s.outcomes[4].score = (BigInt(s.outcomes[4].score) + 1n).toString();
    expect(codes(s, A)).toEqual(['RECORD_HASH_MISMATCH', 'SCORE_MISMATCH']);
    expect(codes(resign(s, auctioneer), A)).toEqual(['SCORE_MISMATCH']);
  });

  it('audit - a record re-signed by another key is caught as BAD_RECORD_SIGNATURE', () => {
    const forger = createDigestSigner(generatePrivateKey());
    expect(codes(resign(copy(record), forger), A)).toEqual(['BAD_RECORD_SIGNATURE']);
    // a forger who also swaps in its own address still fails against the auctioneer the auditor trusts,
    // and the solvers' attestations name the real auctioneer
    const r = copy(record);
    r.auctioneer = forger.address;
    expect(codes(resign(r, forger), A)).toEqual(['BAD_ATTESTATION', 'BAD_RECORD_SIGNATURE', 'WRONG_AUCTIONEER']);
  });

  it('audit - a valid bid recorded as refused, a forged attestation and a bent seat draw are each named', () => {
    const v = copy(record);
    v.bids[0].verdict = 'NOT_INVITED';
    v.bids[0].reason = 'not invited';
    v.outcomes = v.outcomes.filter((o) => o.index !== 0);
    expect(codes(resign(v, auctioneer), A)).toEqual(expect.arrayContaining(['BID_VERDICT_MISMATCH']));

    const a = copy(record);
    a.solvers[0].attestation!.attestation.inflight = 9;
    expect(codes(resign(a, auctioneer), A)).toEqual(['BAD_ATTESTATION']);
    const late = copy(record);
    late.solvers[1].attestation!.receivedAt = late.openedAt + 1;
    expect(codes(resign(late, auctioneer), A)).toEqual(['BAD_ATTESTATION']);

    const f = copy(record);
    f.fanout!.shards[0].invited.pop();
    expect(codes(resign(f, auctioneer), A)).toEqual(['BAD_FANOUT']);
  });

  it('audit - a missing reference price and an unknown version are refused with their codes', () => {
    const p = copy(record);
    p.referencePrices = {};
    expect(codes(resign(p, auctioneer), A)).toEqual(['BAD_REFERENCE_PRICES']);
    const v = copy(record) as unknown as { version: number };
    v.version = 6;
    expect(codes(v as unknown as AuctionRecordJSON, A)).toEqual(['UNSUPPORTED_VERSION']);
  });

  it('audit - a version 3 record (every bid signed on its own, no bundles) still verifies; one with bundles is refused', () => {
    const v3 = copy(record);
    v3.version = 3;
    expect(codes(resign(v3, auctioneer), A)).toEqual([]);
    const bundled = copy(honestAuction({ ...PLAN, bundled: true }).record);
    bundled.version = 3;
    expect(codes(bundled, A)).toContain('UNSUPPORTED_VERSION');
  });

  it('audit - a version 1 record (no operators, chains or attestations) still verifies', () => {
    const v1 = copy(record);
    v1.version = 1;
    delete v1.fanout;
    v1.referencePrices = {};
    v1.solvers = v1.solvers.map((s) => ({ solver: s.solver, invited: true, reason: 'registered' }));
    expect(codes(resign(v1, auctioneer), A)).toEqual([]);
    const tampered = copy(v1);
    tampered.outcomes[0].score = '1';
    expect(codes(resign(tampered, auctioneer), A)).toEqual(['SCORE_MISMATCH']);
  });

  it('audit - one counted bid per operator per intent is recomputed from the record: a revived SUPERSEDED bid is caught', () => {
    // a later bid of the same operator on intent 0 replaces its earlier batch whole
    const h = honestAuction({
      intents: [{ minBuyAmount: 1000n }, { minBuyAmount: 1000n }],
      solvers: [0, 1],
      bids: [
        {
          solver: 0,
          fills: [
            { intent: 0, buyAmount: 1300n },
            { intent: 1, buyAmount: 1300n },
          ],
        },
        { solver: 1, fills: [{ intent: 0, buyAmount: 1100n }] },
        { solver: 0, fills: [{ intent: 0, buyAmount: 1050n }] },
      ],
    });
    const A2 = h.auctioneer.address;
    expect(h.record.bids.map((b) => b.verdict)).toEqual(['SUPERSEDED', 'ACCEPTED', 'ACCEPTED']);
    expect(verifyAuction(h.record, { auctioneer: A2 }).ok).toBe(true);
    // the auctioneer counts the superseded batch after all (it would win both intents) and re-signs
    const r = copy(h.record);
    r.bids[0].verdict = 'ACCEPTED';
    r.bids[0].reason = 'valid';
    expect(codes(resign(r, h.auctioneer), A2)).toEqual(expect.arrayContaining(['BAD_BID']));
    expect(verifyAuction(r, { auctioneer: A2 }).problems.find((p) => p.code === 'BAD_BID')!.message).toContain(
      'SUPERSEDED',
    );
  });

  it('audit - verifyChain names a dropped record (CHAIN_BROKEN) and two reordered records (CHAIN_ORDER)', () => {
    const chain = [record];
    let h = honest;
    for (let i = 0; i < 3; i++) {
      h = h.next(PLAN);
      chain.push(h.record);
    }
    expect(verifyChain(chain, { auctioneer: A })).toEqual({ ok: true, checked: 4, problems: [] });
    const dropped = verifyChain([chain[0], chain[2], chain[3]], { auctioneer: A });
    expect(dropped.problems.map((p) => [p.code, p.seq])).toEqual([
      ['CHAIN_BROKEN', 3],
      ['CHAIN_BROKEN', 3],
    ]);
    const swapped = verifyChain([chain[0], chain[2], chain[1], chain[3]], { auctioneer: A });
    expect(swapped.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['CHAIN_ORDER', 'CHAIN_BROKEN']));
    expect(swapped.problems.find((p) => p.code === 'CHAIN_ORDER')!.seq).toBe(2);
  });
});

describe('auction record - version 4: bids in signed bundles (one signature per solver per auction)', () => {
  const bundledPlan = { ...PLAN, bundled: true };
  const { record, auctioneer } = honestAuction(bundledPlan);
  const A = auctioneer.address;
  // keys differ from auction to auction: winners compared by intent position and amount
  const won = (r: AuctionRecordJSON) =>
    r.winners.map((w) => `${r.intents.findIndex((e) => e.hash === w.intentHash)}:${w.buyAmount}`).sort();

  it('audit - an honest bundled record passes, keeps one bundle per solver with its leaves, and awards what single bids would', () => {
    expect(record.version).toBe(5);
    expect(codes(record, A)).toEqual([]);
    expect(record.bundles).toHaveLength(3);
    for (const b of record.bundles!) expect(b.leaves).toHaveLength(b.count);
    expect(record.bids.every((b) => b.signature === null && b.bundle !== undefined)).toBe(true);
    expect(won(record)).toEqual(won(honestAuction(PLAN).record));
  });

  it('audit - a changed bundled bid is caught as BAD_BID, a changed leaf, root or count as a refused bid recorded accepted', () => {
    const amount = copy(record);
    (amount.bids[0].bid as { fills: { buyAmount: string }[] }).fills[0].buyAmount = '999999';
    expect(codes(amount, A)).toEqual(expect.arrayContaining(['RECORD_HASH_MISMATCH', 'BAD_BID']));
    for (const change of [
      (r: AuctionRecordJSON) => (r.bundles![0].leaves[0] = r.bundles![1].leaves[0]),
      (r: AuctionRecordJSON) => (r.bundles![0].root = r.bundles![1].root),
      (r: AuctionRecordJSON) => (r.bundles![0].count += 1),
      (r: AuctionRecordJSON) => (r.bundles![0].signature = r.bundles![1].signature),
      (r: AuctionRecordJSON) => (r.bids[0].leaf = 5),
    ]) {
      const r = copy(record);
      change(r);
      expect(codes(r, A)).toContain('RECORD_HASH_MISMATCH');
      expect(codes(resign(r, auctioneer), A)).toContain('BAD_BID');
    }
  });

  it('audit - a bundle that does not hold (an unreadable member, another signer) has every bid of it refused, each with its own verdict', () => {
    const { record: r, solverKeys } = honestAuction(bundledPlan);
    const newBook = () =>
      new AuctionBook({
        auctionId: r.auctionId as Hex,
        closesAt: r.openedAt + r.bidWindowMs,
        minBuyAmounts: new Map(r.intents.map((e) => [e.hash, BigInt(e.intent.minBuyAmount)])),
        isRegistered: () => true,
      });
    const book = newBook();
    const bids = r.bids.filter((b) => lc(b.solver!) === solverKeys[0].address).map((b) => b.bid as BidJSON);
    const signed = r.bundles!.find((b) => lc(b.solver) === solverKeys[0].address)!;
    const bundle = { auctionId: signed.auctionId, solver: signed.solver, root: signed.root, count: signed.count };
    const message = { bundle, signature: signed.signature, bids };
    const forged = book.addBundle(
      { ...message, signature: solverKeys[1].signDigest(hashBidBundle(bundle as never)) },
      r.openedAt + 1,
    );
    expect(forged.map((x) => x.verified.verdict)).toEqual(['BAD_SIGNATURE', 'BAD_SIGNATURE']);
    // a fresh book: the same bids again would be identical repeats (DUPLICATE_BID) of the refused ones
    const other = newBook();
    const broken = other.addBundle({ ...message, bids: [bids[0], { ...bids[1], fills: 'x' }] }, r.openedAt + 2);
    expect(broken.map((x) => x.verified.verdict)).toEqual(['BAD_SIGNATURE', 'MALFORMED']);
    expect(other.addBundle({ ...message, bids: [] }, r.openedAt + 3).map((x) => x.verified.verdict)).toEqual([
      'MALFORMED',
    ]);
    expect([...book.bids, ...other.bids].filter((b) => b.bundle !== undefined)).toHaveLength(3);
  });
});

describe('audit - a verifier that cannot run throws, it never fails an honest record', () => {
  it("audit - with viem's @noble/curves 1.x forced as the backend, verifyAuction throws INTERNAL instead of answering ok: false", () => {
    const { record, auctioneer } = honestAuction(PLAN);
    // the copy npm resolves when a package of ours is installed beside viem without its own noble 2.x
    const noble1Dir = join(dirname(require.resolve('viem/package.json')), 'node_modules/@noble/curves');
    const noble1 = require(join(noble1Dir, 'secp256k1.js'));
    expect(require(join(noble1Dir, 'package.json')).version).toMatch(/^1\./);
    const prev = useSecpBackend(createNobleBackend(noble1.secp256k1));
    try {
      expect(() => verifyAuction(record, { auctioneer: auctioneer.address })).toThrow(
        expect.objectContaining({ code: 'INTERNAL', message: expect.stringContaining('@noble/curves 2.x') }),
      );
      expect(() => verifyChain([record], { auctioneer: auctioneer.address })).toThrow(
        expect.objectContaining({ code: 'INTERNAL' }),
      );
    } finally {
      useSecpBackend(prev);
    }
    // with the right backend the same record verifies
    expect(verifyAuction(record, { auctioneer: auctioneer.address }).ok).toBe(true);
  });

  it('audit - a backend that breaks with a TypeError is rethrown, not reported as a bad signature', () => {
    const { record, auctioneer } = honestAuction(PLAN);
    const broken = {
      name: 'noble' as const,
      recover: () => {
        throw new TypeError('x.fromBytes is not a function');
      },
      sign: () => {
        throw new TypeError('nope');
      },
    };
    const prev = useSecpBackend(broken);
    try {
      expect(() => verifyAuction(record, { auctioneer: auctioneer.address })).toThrow(
        expect.objectContaining({ code: 'INTERNAL' }),
      );
    } finally {
      useSecpBackend(prev);
    }
  });
});

describe('auction record - version 5: bids and intents hashed as binary leaves', () => {
  const single = honestAuction(PLAN);
  const bundled = honestAuction({ ...PLAN, bundled: true });
  // a bid replaced by its operator's later one: its leaf was hashed again when its verdict changed
  const superseded = honestAuction({
    intents: [{ minBuyAmount: 1000n }, { minBuyAmount: 1000n }],
    solvers: [0, 1],
    bids: [
      { solver: 0, fills: [{ intent: 0, buyAmount: 1300n }] },
      { solver: 1, fills: [{ intent: 1, buyAmount: 1100n }] },
      { solver: 0, fills: [{ intent: 0, buyAmount: 1050n }] },
    ],
  });
  const honest = { single, bundled, superseded };
  const upper = (h: string) => '0x' + h.slice(2).toUpperCase();

  it('audit - the leaves the auctioneer computes from the digests it already has are the ones an auditor recomputes from the record', () => {
    for (const { record, auctioneer } of Object.values(honest)) {
      expect(record.version).toBe(AUCTION_RECORD_VERSION);
      expect(codes(record, auctioneer.address)).toEqual([]);
      // JSON round trip, keys in another order: the same leaves
      const r = copy(record);
      for (const [i, b] of r.bids.entries()) {
        const reordered = Object.fromEntries(Object.entries(b).reverse()) as typeof b;
        expect(recordedBidLeaf(reordered)).toBe(recordedBidLeaf(record.bids[i], record.bids[i].bidHash!));
        // not the version 2 leaf: the binary layout is what the record hashes
        expect(recordedBidLeaf(b)).not.toBe(hashRecordedBid(b));
      }
      for (const e of r.intents) expect(recordedIntentLeaf(e)).toBe(recordedIntentLeaf(e, e.hash));
      expect(hashAuctionRecord(r)).toBe(record.recordHash);
    }
    expect(superseded.record.bids.map((b) => b.verdict)).toEqual(['SUPERSEDED', 'ACCEPTED', 'ACCEPTED']);
  });

  // changes that leave every parsed value as it was: only the leaves' form rules catch them
  const sameValue: Record<string, (r: AuctionRecordJSON, i: number) => void> = {
    'upper-case routeHash in a bid': (r, i) => {
      const bid = r.bids[i].bid as BidJSON;
      bid.routeHash = upper(bid.routeHash);
    },
    'a field added to a bid': (r, i) => Object.assign(r.bids[i].bid as object, { note: 'x' }),
    'upper-case bidHash': (r, i) => (r.bids[i].bidHash = upper(r.bids[i].bidHash!)),
    'upper-case solver': (r, i) => (r.bids[i].solver = upper(r.bids[i].solver!)),
    'a field added to a bid entry': (r, i) => Object.assign(r.bids[i], { note: 'x' }),
    'a null field left out': (r, i) => delete (r.bids[i] as Partial<AuctionRecordJSON['bids'][number]>).signature,
    'receivedAt as a string': (r, i) =>
      ((r.bids[i] as unknown as { receivedAt: string }).receivedAt = String(r.bids[i].receivedAt)),
    'upper-case intent swapper': (r, i) => {
      const e = r.intents[i % r.intents.length];
      e.intent.swapper = upper(e.intent.swapper);
    },
    'a field added to an intent': (r, i) => Object.assign(r.intents[i % r.intents.length].intent, { note: 'x' }),
    'upper-case intent signature': (r, i) => {
      const e = r.intents[i % r.intents.length];
      e.signature = upper(e.signature);
    },
  };
  // changes of value
  const otherValue: Record<string, (r: AuctionRecordJSON, i: number) => void> = {
    'receivedAt + 1': (r, i) => (r.bids[i].receivedAt += 1),
    reason: (r, i) => (r.bids[i].reason += '.'),
    verdict: (r, i) => (r.bids[i].verdict = r.bids[i].verdict === 'ACCEPTED' ? 'LATE' : 'ACCEPTED'),
    'buyAmount + 1': (r, i) => {
      const f = (r.bids[i].bid as BidJSON).fills[0];
      f.buyAmount = (BigInt(f.buyAmount) + 1n).toString();
    },
    validUntil: (r, i) => ((r.bids[i].bid as BidJSON).validUntil += 1),
    bidHash: (r, i) => (r.bids[i].bidHash = r.bids[(i + 1) % r.bids.length].bidHash),
    'bundle pointer': (r, i) => {
      const b = r.bids[i];
      if (b.bundle === undefined) b.bundle = 0;
      else b.leaf = b.leaf! + 1;
    },
    'intent minBuyAmount': (r, i) => {
      const e = r.intents[i % r.intents.length];
      e.intent.minBuyAmount = (BigInt(e.intent.minBuyAmount) + 1n).toString();
    },
    'intent hash': (r, i) => (r.intents[i % r.intents.length].hash = r.intents[(i + 1) % r.intents.length].hash),
    'an EIP-1271 citation added': (r, i) =>
      (r.intents[i % r.intents.length].contractSignature = {
        chainId: 1,
        blockNumber: 7,
        blockHash: `0x${'ab'.repeat(32)}`,
      }),
  };

  it('audit - any change to a recorded bid or intent, even one that parses to the same values, is RECORD_HASH_MISMATCH', () => {
    for (const [name, { record, auctioneer }] of Object.entries(honest))
      for (const [kind, change] of Object.entries({ ...sameValue, ...otherValue }))
        for (let i = 0; i < record.bids.length; i++) {
          const r = copy(record);
          change(r, i);
          const found = codes(r, auctioneer.address);
          if (!found.includes('RECORD_HASH_MISMATCH'))
            throw new Error(`${name}: ${kind} of #${i} is not caught: ${found}`);
        }
  });

  it('audit - a citation changed in a record that has one is RECORD_HASH_MISMATCH, and a bid entry without a bid keeps its binary leaf', () => {
    const { record, auctioneer } = single;
    const cited = copy(record);
    cited.intents[0].contractSignature = { chainId: 1, blockNumber: 7, blockHash: `0x${'ab'.repeat(32)}` };
    resign(cited, auctioneer);
    expect(codes(cited, auctioneer.address)).not.toContain('RECORD_HASH_MISMATCH');
    for (const change of [
      (c: { chainId: number; blockNumber: number; blockHash: string }) => (c.blockNumber += 1),
      (c: { chainId: number; blockNumber: number; blockHash: string }) => (c.blockHash = upper(c.blockHash)),
      (c: { chainId: number; blockNumber: number; blockHash: string }) => (c.chainId = 10),
    ]) {
      const r = copy(cited);
      change(r.intents[0].contractSignature!);
      expect(codes(r, auctioneer.address)).toContain('RECORD_HASH_MISMATCH');
    }
    const unreadable = {
      ...record.bids[0],
      bid: null,
      bidHash: null,
      solver: null,
      signature: null,
      verdict: 'MALFORMED' as const,
      reason: 'not JSON',
    };
    expect(recordedBidLeaf(unreadable)).not.toBe(hashRecordedBid(unreadable));
    expect(recordedBidLeaf({ ...unreadable, reason: 'not JSON.' })).not.toBe(recordedBidLeaf(unreadable));
    // a lone surrogate has no UTF-8 form: that reason keeps the JSON leaf (two such reasons never share a leaf)
    expect(recordedBidLeaf({ ...unreadable, reason: '\ud800' })).toBe(
      hashRecordedBid({ ...unreadable, reason: '\ud800' }),
    );
    expect(recordedBidLeaf({ ...unreadable, reason: '\ud800' })).not.toBe(
      recordedBidLeaf({ ...unreadable, reason: '\udc00' }),
    );
    for (const lone of ['x\udc00', 'x\ud800', '\ud83d\ude00\ud800', '\udc00\ud83d'])
      expect(recordedBidLeaf({ ...unreadable, reason: lone })).toBe(hashRecordedBid({ ...unreadable, reason: lone }));
    // a well-formed pair (an emoji) is UTF-8 like any text: binary leaf
    const pair = { ...unreadable, reason: 'ok \ud83d\ude00' };
    expect(recordedBidLeaf(pair)).not.toBe(hashRecordedBid(pair));
  });

  it('audit - a version 4 record (bids as canonical JSON leaves, intents whole) still verifies, and a changed bid in it is caught', () => {
    for (const { record, auctioneer } of Object.values(honest)) {
      const v4 = copy(record);
      v4.version = 4;
      // the version 4 hash is not the version 5 one: relabelling a record without re-signing it is caught
      expect(codes(v4, auctioneer.address)).toEqual(['RECORD_HASH_MISMATCH']);
      expect(codes(resign(v4, auctioneer), auctioneer.address)).toEqual([]);
      const tampered = copy(v4);
      tampered.bids[0].reason += '.';
      expect(codes(tampered, auctioneer.address)).toContain('RECORD_HASH_MISMATCH');
    }
  });
});
