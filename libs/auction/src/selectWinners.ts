import { keccakHex, type Address, type Hex } from '@intentmesh/protocol';

/** Reference prices are numeraire units per 1e18 base units of the buy token; 1e18 means "1:1". */
export const PRICE_SCALE = 10n ** 18n;

export type AuctionIntentTerms = { hash: string; minBuyAmount: bigint; price: bigint };
export type CandidateBid = {
  /** Position in the auction record's bid list; the stable id of the bid. */
  index: number;
  bidHash: string;
  solver: Address;
  /** Seats and counted bids belong to operators; until the trust work, each solver is its own operator. */
  operator: Address;
  fills: { intentHash: string; buyAmount: bigint }[];
};
export type SelectWinnersParameters = { intents: AuctionIntentTerms[]; bids: CandidateBid[]; seed: Hex };
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
 * 3. ties are broken by keccak(seed, bidHash), a shuffle nobody can steer after the seed is fixed.
 * The caller passes at most one bid per operator (the operator's latest valid bid).
 */
export function selectWinners({ intents, bids, seed }: SelectWinnersParameters): SelectWinnersResult {
  const terms = new Map(intents.map((i) => [i.hash, i]));
  const best = new Map<string, bigint>();
  for (const b of bids) {
    if (b.fills.length !== 1) continue;
    const f = b.fills[0];
    if ((best.get(f.intentHash) ?? -1n) < f.buyAmount) best.set(f.intentHash, f.buyAmount);
  }
  const outcomes = new Map<number, BidOutcome>();
  const fair: { bid: CandidateBid; score: bigint; tie: string }[] = [];
  for (const b of bids) {
    const score = scoreBid(b, terms);
    const unfair = b.fills.length > 1 && b.fills.some((f) => f.buyAmount < (best.get(f.intentHash) ?? 0n));
    if (unfair) outcomes.set(b.index, { index: b.index, score, outcome: 'UNFAIR' });
    else fair.push({ bid: b, score, tie: keccakHex(new TextEncoder().encode(seed + b.bidHash)) });
  }
  fair.sort((a, b) => (a.score === b.score ? (a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0) : a.score > b.score ? -1 : 1));
  const { winners, total } = greedy(fair);
  for (const f of fair) outcomes.set(f.bid.index, { index: f.bid.index, score: f.score, outcome: winners.has(f.bid) ? 'WON' : 'LOST' });

  const referenceScores = new Map<string, bigint>();
  for (const solver of new Set([...winners].map((w) => w.solver))) {
    referenceScores.set(solver, greedy(fair.filter((f) => f.bid.solver !== solver)).total);
  }
  return {
    winners: fair.filter((f) => winners.has(f.bid)).map((f) => f.bid),
    outcomes: bids.map((b) => outcomes.get(b.index)!),
    totalScore: total,
    referenceScores,
  };
}

function greedy(sorted: { bid: CandidateBid; score: bigint }[]): { winners: Set<CandidateBid>; total: bigint } {
  const won = new Set<string>();
  const winners = new Set<CandidateBid>();
  let total = 0n;
  for (const { bid, score } of sorted) {
    if (bid.fills.some((f) => won.has(f.intentHash))) continue;
    for (const f of bid.fills) won.add(f.intentHash);
    winners.add(bid);
    total += score;
  }
  return { winners, total };
}
