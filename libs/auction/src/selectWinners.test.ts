import fc from 'fast-check';
import { PRICE_SCALE, selectWinners, tieKey, type CandidateBid } from '@intentmesh/auction';
import { keccakHex, type Address } from '@intentmesh/protocol';

const SEED = keccakHex(new TextEncoder().encode('seed'));
const addr = (i: number) => `0x${i.toString(16).padStart(40, '0')}` as Address;
const intentHash = (i: number) => keccakHex(new TextEncoder().encode(`intent${i}`));
const terms = (n: number, min = 1000n) =>
  Array.from({ length: n }, (_, i) => ({ hash: intentHash(i), minBuyAmount: min, price: PRICE_SCALE }));
let next = 0;
const bid = (solver: number, fills: [intent: number, amount: bigint][]): CandidateBid => {
  const index = next++;
  return {
    index,
    bidHash: keccakHex(new TextEncoder().encode(`bid${index}`)),
    solver: addr(solver),
    operator: addr(solver),
    fills: fills.map(([i, a]) => ({ intentHash: intentHash(i), buyAmount: a })),
  };
};
/** Singles of 1,100 on intents 0 and 1 (solvers 1 and 2) against solver 3's batch on both, and the selection. */
const singlesAgainstBatch = (onIntent0: bigint, onIntent1: bigint) => {
  const singles = [bid(1, [[0, 1100n]]), bid(2, [[1, 1100n]])];
  const batch = bid(3, [
    [0, onIntent0],
    [1, onIntent1],
  ]);
  return { singles, batch, r: selectWinners({ intents: terms(2), bids: [...singles, batch], seed: SEED }) };
};

describe('auction - fair combinatorial winner selection', () => {
  it('fairness - a batch that shortchanges one of its intents against the best single bid never wins, even with the top score', () => {
    // total surplus 1,099 beats the singles' 200, but intent 0 gets 1,099 < 1,100
    const { singles, batch, r } = singlesAgainstBatch(1099n, 2000n);
    expect(r.outcomes.find((o) => o.index === batch.index)).toEqual({
      index: batch.index,
      score: 99n + 1000n,
      outcome: 'UNFAIR',
    });
    expect(r.winners.map((w) => w.index).sort()).toEqual(singles.map((s) => s.index).sort());
    expect(r.totalScore).toBe(200n);
  });

  it('fairness - a batch that improves every one of its intents wins over the single bids', () => {
    const { singles, batch, r } = singlesAgainstBatch(1101n, 1100n);
    expect(r.winners.map((w) => w.index)).toEqual([batch.index]);
    expect(
      r.outcomes
        .filter((o) => o.outcome === 'LOST')
        .map((o) => o.index)
        .sort(),
    ).toEqual(singles.map((s) => s.index).sort());
    // without the batch's solver the two singles win: that is its reference score
    expect(r.referenceScores.get(addr(3))).toBe(200n);
  });

  it('selection - reference scores rerun the fairness filter without the solver', () => {
    // solver 1's single on intent 0 is what makes solver 3's batch unfair; solver 1 also wins intent 0
    const single = bid(1, [[0, 1200n]]);
    const batch = bid(3, [
      [0, 1150n],
      [1, 1500n],
    ]);
    const other = bid(2, [[1, 1100n]]);
    const r = selectWinners({ intents: terms(2), bids: [single, batch, other], seed: SEED });
    expect(r.winners.map((w) => w.index).sort()).toEqual([single.index, other.index].sort());
    // without solver 1 the batch is fair and wins both intents: 150 + 500
    expect(r.referenceScores.get(addr(1))).toBe(650n);
    // version 1 records kept the full auction's fairness verdicts: the batch stays out, only intent 1 is filled
    expect(
      selectWinners({
        intents: terms(2),
        bids: [single, batch, other],
        seed: SEED,
        referenceFairness: 'full-auction',
      }).referenceScores.get(addr(1)),
    ).toBe(100n);
  });

  it('selection - equal scores are ordered by keccak(seed ‖ bidHash): another seed may pick another winner, the same seed always the same', () => {
    const pair = [bid(1, [[0, 1100n]]), bid(2, [[0, 1100n]])];
    const pick = (seed: string) => selectWinners({ intents: terms(1), bids: pair, seed }).winners[0].index;
    const winners = new Set(Array.from({ length: 16 }, (_, i) => pick(keccakHex(new TextEncoder().encode(`s${i}`)))));
    expect(winners.size).toBe(2);
    expect(pick(SEED)).toBe(pick(SEED));
    expect(selectWinners({ intents: terms(1), bids: [...pair].reverse(), seed: SEED }).winners[0].index).toBe(
      pick(SEED),
    );
  });

  it("fairness - property: no winning batch gives any intent less than that intent's best single bid; winners never overlap", () => {
    const arb = fc.array(
      fc.record({
        solver: fc.integer({ min: 0, max: 4 }),
        fills: fc.uniqueArray(
          fc.record({ intent: fc.integer({ min: 0, max: 5 }), extra: fc.bigInt({ min: 0n, max: 300n }) }),
          { minLength: 1, maxLength: 4, selector: (f) => f.intent },
        ),
      }),
      { minLength: 1, maxLength: 25 },
    );
    fc.assert(
      fc.property(arb, (plan) => {
        const bids = plan.map((p) =>
          bid(
            p.solver,
            p.fills.map((f) => [f.intent, 1000n + f.extra]),
          ),
        );
        const r = selectWinners({ intents: terms(6), bids, seed: SEED });
        const best = new Map<string, bigint>();
        for (const b of bids)
          if (b.fills.length === 1 && (best.get(b.fills[0].intentHash) ?? -1n) < b.fills[0].buyAmount)
            best.set(b.fills[0].intentHash, b.fills[0].buyAmount);
        const seen = new Set<string>();
        for (const w of r.winners) {
          for (const f of w.fills) {
            if (w.fills.length > 1) expect(f.buyAmount >= (best.get(f.intentHash) ?? 0n)).toBe(true);
            expect(seen.has(f.intentHash)).toBe(false);
            seen.add(f.intentHash);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('tieKey', () => {
  it('is keccak256 of the UTF-8 of seed and bid hash joined, for hex, non-ASCII and over-long strings alike', () => {
    const utf8 = (s: string) => keccakHex(new TextEncoder().encode(s));
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), (a, b) => {
        expect(tieKey(a, b)).toBe(utf8(a + b));
      }),
      { numRuns: 300 },
    );
    for (const [a, b] of [
      [SEED, intentHash(1)],
      [SEED, intentHash(2).toUpperCase()],
      [SEED + 'é', intentHash(3)],
      [SEED, '0x' + '€'.repeat(64)],
      [SEED.repeat(3), intentHash(4)],
    ])
      expect(tieKey(a, b)).toBe(utf8(a + b));
  });
});
