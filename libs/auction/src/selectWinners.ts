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
  /** tieKey(seed, bidHash) for this auction's seed, when already computed on arrival (AuctionBook); computed here otherwise. */
  tie?: string;
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
  const slot = new Map(intents.map((t, i) => [t.hash, i]));
  const ties = new Map<CandidateBid, string>();
  const tieOf = (b: CandidateBid) => {
    let t = b.tie ?? ties.get(b);
    if (t === undefined) ties.set(b, (t = tieKey(seed, b.bidHash)));
    return t;
  };
  // one order for the auction and every reference run; intents become small integers for the passes below
  const order: Scored[] = bids
    .map((bid) => ({ bid, score: scoreBid(bid, terms), slots: bid.fills.map((f) => slot.get(f.intentHash)!), amounts: bid.fills.map((f) => f.buyAmount) }))
    .sort((a, b) => (a.score === b.score ? cmp(tieOf(a.bid), tieOf(b.bid)) : a.score > b.score ? -1 : 1));

  const full = run(order, intents.length);
  const outcomes = new Map<number, BidOutcome>();
  order.forEach(({ bid, score }, k) => outcomes.set(bid.index, { index: bid.index, score, outcome: full.unfair[k] ? 'UNFAIR' : full.won[k] ? 'WON' : 'LOST' }));
  const referenceScores = new Map<string, bigint>();
  const winners = order.filter((_, k) => full.won[k]).map((o) => o.bid);
  for (const w of winners) {
    if (!referenceScores.has(w.solver)) referenceScores.set(w.solver, run(order, intents.length, w.solver, referenceFairness === 'full-auction' ? full.unfair : undefined).total);
  }
  return { winners, outcomes: bids.map((b) => outcomes.get(b.index)!), totalScore: full.total, referenceScores };
}

/** Tie-break key of a bid: keccak(seed ‖ bidHash) over the UTF-8 hex strings; computable as soon as the bid arrives. */
export function tieKey(seed: string, bidHash: string): string {
  return keccakHex(utf8.encode(seed + bidHash));
}

type Scored = { bid: CandidateBid; score: bigint; slots: number[]; amounts: bigint[] };
const utf8 = new TextEncoder();
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One pass in score order, optionally without one solver's bids: the fairness filter, then greedy acceptance. */
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
      if (o.slots.length > 1 && o.bid.solver !== without && o.slots.some((s, j) => o.amounts[j] < (best[s] ?? 0n))) unfair[k] = 1;
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
