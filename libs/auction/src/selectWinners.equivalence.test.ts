import fc from 'fast-check';
import {
  CountedColumns,
  PRICE_SCALE,
  scoreOnArrival,
  selectWinners,
  tieHeadOf,
  tieKey,
  type AuctionIntentTerms,
  type CandidateBid,
  type SelectWinnersParameters,
  type SelectWinnersResult,
} from '@intentmesh/auction';
import { keccakHex, type Address, type Hex } from '@intentmesh/protocol';
import { randomFills } from '../test/testAuction';

/**
 * selectWinners as it was before the typed-array rewrite (objects, bigint comparisons, one full rerun per reference
 * score), kept verbatim as the oracle: the rewrite must give the same winners, outcomes (order and values), total,
 * and reference scores (values and insertion order, which the record hash sees), on any input.
 */
function selectWinnersBefore({
  intents,
  bids,
  seed,
  referenceFairness = 'rerun',
}: SelectWinnersParameters): SelectWinnersResult {
  const terms = new Map(intents.map((i) => [i.hash, i]));
  const slot = new Map(intents.map((t, i) => [t.hash, i]));
  const ties = new Map<CandidateBid, string>();
  const tieOf = (b: CandidateBid) => {
    let t = b.tie ?? ties.get(b);
    if (t === undefined) ties.set(b, (t = tieKey(seed, b.bidHash)));
    return t;
  };
  const scoreOf = (bid: CandidateBid, terms: ReadonlyMap<string, AuctionIntentTerms>) => {
    let score = 0n;
    for (const f of bid.fills) {
      const t = terms.get(f.intentHash)!;
      score += ((f.buyAmount - t.minBuyAmount) * t.price) / PRICE_SCALE;
    }
    return score;
  };
  const order: Scored[] = bids
    .map((bid) => ({
      bid,
      score: scoreOf(bid, terms),
      slots: bid.fills.map((f) => slot.get(f.intentHash)!),
      amounts: bid.fills.map((f) => f.buyAmount),
    }))
    .sort((a, b) => (a.score === b.score ? cmp(tieOf(a.bid), tieOf(b.bid)) : a.score > b.score ? -1 : 1));
  const full = run(order, intents.length);
  const outcomes = new Map<number, SelectWinnersResult['outcomes'][number]>();
  order.forEach(({ bid, score }, k) =>
    outcomes.set(bid.index, {
      index: bid.index,
      score,
      outcome: full.unfair[k] ? 'UNFAIR' : full.won[k] ? 'WON' : 'LOST',
    }),
  );
  const referenceScores = new Map<string, bigint>();
  const winners = order.filter((_, k) => full.won[k]).map((o) => o.bid);
  for (const w of winners) {
    if (!referenceScores.has(w.solver))
      referenceScores.set(
        w.solver,
        run(order, intents.length, w.solver, referenceFairness === 'full-auction' ? full.unfair : undefined).total,
      );
  }
  return { winners, outcomes: bids.map((b) => outcomes.get(b.index)!), totalScore: full.total, referenceScores };
}
type Scored = { bid: CandidateBid; score: bigint; slots: number[]; amounts: bigint[] };
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
function run(order: Scored[], intents: number, without?: string, fixedUnfair?: Uint8Array) {
  let unfair = fixedUnfair;
  if (!unfair) {
    const best: (bigint | undefined)[] = new Array(intents);
    for (const o of order) {
      if (o.slots.length !== 1 || o.bid.solver === without) continue;
      const b = best[o.slots[0]];
      if (b === undefined || b < o.amounts[0]) best[o.slots[0]] = o.amounts[0];
    }
    unfair = new Uint8Array(order.length);
    for (let k = 0; k < order.length; k++) {
      const o = order[k];
      if (o.slots.length > 1 && o.bid.solver !== without && o.slots.some((s, j) => o.amounts[j] < (best[s] ?? 0n)))
        unfair[k] = 1;
    }
  }
  const taken = new Uint8Array(intents);
  const won = new Uint8Array(order.length);
  let total = 0n;
  for (let k = 0; k < order.length; k++) {
    const o = order[k];
    if (unfair[k] || o.bid.solver === without || o.slots.some((s) => taken[s])) continue;
    for (const s of o.slots) taken[s] = 1;
    won[k] = 1;
    total += o.score;
  }
  return { won, unfair, total };
}

const SEED = keccakHex(new TextEncoder().encode('equivalence'));
const addr = (i: number) => `0x${i.toString(16).padStart(40, '0')}` as Address;
/** A generated bid as the book hands it to selectWinners: solver `n`, who is its own operator. */
const candidate = (index: number, bidHash: Hex, n: number, fills: CandidateBid['fills'], tie: CandidateBid['tie']) => {
  const solver = addr(n);
  return { index, bidHash, solver, operator: solver, fills, tie };
};
const intentHash = (i: number) => keccakHex(new TextEncoder().encode(`intent${i}`));
const same = (a: SelectWinnersResult, b: SelectWinnersResult) => {
  expect(a.winners).toEqual(b.winners);
  a.winners.forEach((w, i) => expect(w).toBe(b.winners[i]));
  expect(a.outcomes).toEqual(b.outcomes);
  expect(a.totalScore).toBe(b.totalScore);
  expect([...a.referenceScores]).toEqual([...b.referenceScores]);
};

// tie keys as AuctionBook gives them (lowercase keccak hex), absent (computed by selectWinners), or arbitrary strings
// a caller could pass (uppercase, short, shared prefixes): every form must order exactly as the string comparison does
const tieArb = fc.oneof(
  fc.constant(undefined),
  fc.constant('book'),
  fc.constantFrom(
    '0xABCDEF0123456789',
    '0xabcdef0123456',
    '0xabcdef0123456f',
    '0xabcdef0123456e0',
    'zz',
    '',
    '0x0000000000000',
  ),
  fc
    .array(fc.constantFrom('0', '9', 'a', 'f', 'A', 'F', 'g'), { minLength: 12, maxLength: 16 })
    .map((cs) => `0x${cs.join('')}`),
);
const plan = fc.record({
  // past 2^53 distinct scores share a float64 image: `huge` lifts every fill by 2^60 to take the exact-sort path
  huge: fc.boolean(),
  intents: fc.array(
    fc.record({
      min: fc.bigInt({ min: 0n, max: 10n ** 21n }),
      price: fc.constantFrom(PRICE_SCALE, 1n, 3n * PRICE_SCALE + 7n, PRICE_SCALE / 3n),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  solvers: fc.integer({ min: 1, max: 4 }),
  bids: fc.array(
    fc.record({
      solver: fc.nat(),
      // small extras make equal scores (tie-breaks) common; a few bids of no fills or below the minimum too
      fills: randomFills({ min: -3n, max: 6n }, 0),
      tie: tieArb,
    }),
    { maxLength: 30 },
  ),
  fairness: fc.constantFrom('rerun' as const, 'full-auction' as const),
});

describe('auction - selectWinners gives exactly what the object-based implementation gave', () => {
  it('selection - over random auctions with many equal scores, batches, repeated solvers and either fairness mode, results are identical', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const terms = p.intents.map((t, i) => ({ hash: intentHash(i), minBuyAmount: t.min, price: t.price }));
        const bids: CandidateBid[] = p.bids.map((b, index) => {
          const bidHash = keccakHex(new TextEncoder().encode(`bid${index}`));
          const seen = new Set<number>();
          const fills = b.fills.flatMap((f) => {
            const i = f.intent % terms.length;
            if (seen.has(i)) return [];
            seen.add(i);
            return [
              { intentHash: terms[i].hash, buyAmount: terms[i].minBuyAmount + f.extra + (p.huge ? 2n ** 60n : 0n) },
            ];
          });
          return candidate(
            index,
            bidHash,
            b.solver % p.solvers,
            fills,
            b.tie === 'book' ? tieKey(SEED, bidHash) : b.tie,
          );
        });
        const params = { intents: terms, bids, seed: SEED, referenceFairness: p.fairness };
        const before = selectWinnersBefore(params);
        same(selectWinners(params), before);
        // scored on arrival (AuctionBook with terms): the same result from the precomputed scores and positions
        const slotOf = new Map(terms.map((t, i) => [t.hash, i]));
        const pre = selectWinners({
          ...params,
          bids: bids.map((b) => ({ ...b, scored: scoreOnArrival(b.fills, terms, slotOf) })),
        });
        expect(pre.winners.map((w) => w.index)).toEqual(before.winners.map((w) => w.index));
        expect(pre.outcomes).toEqual(before.outcomes);
        expect(pre.totalScore).toBe(before.totalScore);
        expect([...pre.referenceScores]).toEqual([...before.referenceScores]);
        // some scored on arrival and some not (a bid outside the terms at arrival): scored here, the same result
        const mixed = selectWinners({
          ...params,
          bids: bids.map((b, i) => (i % 2 ? b : { ...b, scored: scoreOnArrival(b.fills, terms, slotOf) })),
        });
        expect(mixed.winners.map((w) => w.index)).toEqual(before.winners.map((w) => w.index));
        expect(mixed.outcomes).toEqual(before.outcomes);
        expect(mixed.totalScore).toBe(before.totalScore);
        expect([...mixed.referenceScores]).toEqual([...before.referenceScores]);
      }),
      { numRuns: 400 },
    );
  });
  it('selection - over larger auctions of mostly single bids (the 1,000 x 10 shape scaled down: many equal scores, a few batches, prices 1:1 or not, scores past 2^53), results are identical', () => {
    const big = fc.record({
      intents: fc.integer({ min: 1, max: 12 }),
      solvers: fc.integer({ min: 1, max: 8 }),
      price: fc.constantFrom(PRICE_SCALE, 3n * PRICE_SCALE + 7n),
      // every fill lifted by 2^60: equal float images of different scores, so the exact sort decides
      lift: fc.constantFrom(0n, 2n ** 60n),
      bids: fc.array(
        fc.record({
          solver: fc.nat(),
          intents: fc.uniqueArray(fc.nat({ max: 39 }), { minLength: 1, maxLength: 4 }),
          extra: fc.bigInt({ min: -2n, max: 12n }),
          book: fc.boolean(),
        }),
        { minLength: 1, maxLength: 300 },
      ),
    });
    fc.assert(
      fc.property(big, (p) => {
        const terms = Array.from({ length: p.intents }, (_, i) => ({
          hash: intentHash(i),
          minBuyAmount: 1000n + BigInt(i),
          price: i % 3 ? PRICE_SCALE : p.price,
        }));
        const slotOf = new Map(terms.map((t, i) => [t.hash, i]));
        const bids: CandidateBid[] = p.bids.map((b, index) => {
          const bidHash = keccakHex(new TextEncoder().encode(`big${index}`));
          const at = [...new Set(b.intents.map((i) => i % p.intents))];
          // three in four bids are singles, as in a real auction
          const fills = (index % 4 ? at.slice(0, 1) : at).map((i, j) => ({
            intentHash: terms[i].hash,
            buyAmount: terms[i].minBuyAmount + b.extra + BigInt(j) + p.lift,
          }));
          const tie = b.book ? tieKey(SEED, bidHash) : undefined;
          return {
            ...candidate(index, bidHash, b.solver % p.solvers, fills, tie),
            tieHead: tie === undefined ? undefined : tieHeadOf(tie),
            scored: b.book ? scoreOnArrival(fills, terms, slotOf) : undefined,
          };
        });
        for (const fairness of ['rerun', 'full-auction'] as const) {
          const params = { intents: terms, bids, seed: SEED, referenceFairness: fairness };
          same(selectWinners(params), selectWinnersBefore(params));
        }
        // counted on arrival into columns (AuctionBook with terms), the scored ones in a shuffled order as a book
        // hands them out: selectWinners reads the rows, not the bids, and gives the same result
        const table = new CountedColumns(terms);
        const counted = bids.filter((b) => b.scored);
        const rowOf = new Map(counted.map((b) => [b, table.add(b)]));
        const handed = [...counted].sort((a, b) => ((a.index * 7919) % 301) - ((b.index * 7919) % 301));
        table.prepare(
          handed,
          Int32Array.from(handed, (b) => rowOf.get(b)!),
        );
        for (const fairness of ['rerun', 'full-auction'] as const) {
          const params = { intents: terms, bids: handed, seed: SEED, referenceFairness: fairness };
          same(selectWinners(params), selectWinnersBefore(params));
        }
        // an array changed after it was handed out is read from its bids again
        if (handed.length > 1) {
          handed.reverse();
          const params = { intents: terms, bids: handed, seed: SEED };
          same(selectWinners(params), selectWinnersBefore(params));
        }
      }),
      { numRuns: 150 },
    );
  });
});
