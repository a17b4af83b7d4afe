import { keccakHex, type Address, type Hex } from '@intentmesh/protocol';

/** Reference prices are numeraire units per 1e18 base units of the buy token; 1e18 means "1:1". */
export const PRICE_SCALE = 10n ** 18n;

export type AuctionIntentTerms = { hash: string; minBuyAmount: bigint; price: bigint };
export type CandidateBid = {
  /** Position in the auction record's bid list; the stable id of the bid. */
  index: number;
  bidHash: string;
  solver: Address;
  /** Seats and counted bids belong to operators (a key is its own operator when trust is off). */
  operator: Address;
  fills: { intentHash: string; buyAmount: bigint }[];
};
export type SelectWinnersParameters = { intents: AuctionIntentTerms[]; bids: CandidateBid[]; seed: Hex | string; referenceFairness?: 'rerun' | 'full-auction' };
export type BidOutcome = { index: number; score: bigint; outcome: 'WON' | 'LOST' | 'UNFAIR' };
export type SelectWinnersResult = {
  winners: CandidateBid[];
  outcomes: BidOutcome[];
  totalScore: bigint;
  /** Per winning solver: the auction's total score recomputed without that solver's bids. */
  referenceScores: Map<string, bigint>;
};

/** Score of a bid: the surplus it gives over each intent's minimum, valued in the numeraire. */
export function scoreBid(bid: CandidateBid, terms: ReadonlyMap<string, AuctionIntentTerms>): bigint {
  let score = 0n;
  for (const f of bid.fills) {
    const t = terms.get(f.intentHash)!;
    score += ((f.buyAmount - t.minBuyAmount) * t.price) / PRICE_SCALE;
  }
  return score;
}

/**
 * Fair combinatorial winner selection, deterministic for anyone holding the record:
 * 1. drop a batch bid if any of its intents gets less than that intent's best single-intent bid;
 * 2. accept bids greedily by score, skipping bids that touch an intent already won;
 * 3. ties are broken by keccak(seed ‖ bidHash), a shuffle nobody can steer after the seed is fixed.
 * Reference score of a winning solver: steps 1-3 rerun without that solver's bids (fairness included).
 * The caller passes at most one counted bid per operator per intent (AuctionBook enforces it on arrival).
 * `referenceFairness: 'full-auction'` keeps the full auction's fairness verdicts in reference runs (version 1 records).
 */
export function selectWinners({ intents, bids, seed, referenceFairness = 'rerun' }: SelectWinnersParameters): SelectWinnersResult {
  const terms = new Map(intents.map((i) => [i.hash, i]));
  const scored = bids.map((bid) => ({ bid, score: scoreBid(bid, terms) }));
  // one order for the auction and every reference run; tie keys are hashed only when two scores meet
  const ties = new Map<string, string>();
  const tie = (b: CandidateBid) => {
    let t = ties.get(b.bidHash);
    if (t === undefined) ties.set(b.bidHash, (t = keccakHex(utf8.encode(seed + b.bidHash))));
    return t;
  };
  const order = scored.sort((a, b) => (a.score === b.score ? cmp(tie(a.bid), tie(b.bid)) : a.score > b.score ? -1 : 1));

  const full = run(order);
  const outcomes = new Map<number, BidOutcome>();
  for (const { bid, score } of order) outcomes.set(bid.index, { index: bid.index, score, outcome: full.unfair.has(bid) ? 'UNFAIR' : full.winners.has(bid) ? 'WON' : 'LOST' });
  const referenceScores = new Map<string, bigint>();
  for (const w of full.winners) {
    if (referenceScores.has(w.solver)) continue;
    const without = (b: CandidateBid) => b.solver !== w.solver;
    referenceScores.set(w.solver, run(order, without, referenceFairness === 'full-auction' ? full.unfair : undefined).total);
  }
  return {
    winners: order.filter((o) => full.winners.has(o.bid)).map((o) => o.bid),
    outcomes: bids.map((b) => outcomes.get(b.index)!),
    totalScore: full.total,
    referenceScores,
  };
}

const utf8 = new TextEncoder();
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One pass over bids in score order: the fairness filter over the bids kept, then greedy acceptance. */
function run(order: { bid: CandidateBid; score: bigint }[], keep: (b: CandidateBid) => boolean = () => true, fixedUnfair?: Set<CandidateBid>) {
  let unfair = fixedUnfair;
  if (!unfair) {
    const best = new Map<string, bigint>();
    for (const { bid: b } of order) {
      if (b.fills.length !== 1 || !keep(b)) continue;
      const f = b.fills[0];
      if ((best.get(f.intentHash) ?? -1n) < f.buyAmount) best.set(f.intentHash, f.buyAmount);
    }
    unfair = new Set();
    for (const { bid: b } of order) {
      if (b.fills.length > 1 && keep(b) && b.fills.some((f) => f.buyAmount < (best.get(f.intentHash) ?? 0n))) unfair.add(b);
    }
  }
  const won = new Set<string>();
  const winners = new Set<CandidateBid>();
  let total = 0n;
  for (const { bid, score } of order) {
    if (!keep(bid) || unfair.has(bid) || bid.fills.some((f) => won.has(f.intentHash))) continue;
    for (const f of bid.fills) won.add(f.intentHash);
    winners.add(bid);
    total += score;
  }
  return { winners, unfair, total };
}
