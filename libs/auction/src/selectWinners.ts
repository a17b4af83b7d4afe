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
  /** tieHead(tie), when computed on arrival with it (AuctionBook); computed here otherwise. */
  tieHead?: number;
  /** Score and intent positions computed on arrival against `terms` (AuctionBook); used only when selectWinners gets that same array. */
  scored?: { terms: readonly AuctionIntentTerms[]; score: bigint; approx: number; slots: Int32Array };
};
export type SelectWinnersParameters = {
  intents: AuctionIntentTerms[];
  bids: CandidateBid[];
  seed: Hex | string;
  referenceFairness?: 'rerun' | 'full-auction';
};
export type BidOutcome = { index: number; score: bigint; outcome: 'WON' | 'LOST' | 'UNFAIR' };
export type SelectWinnersResult = {
  winners: CandidateBid[];
  outcomes: BidOutcome[];
  totalScore: bigint;
  /** Per winning solver: the auction's total score recomputed without that solver's bids. */
  referenceScores: Map<string, bigint>;
};

/**
 * A bid's score and its intents' positions in `terms`, as selectWinners computes them (AuctionBook calls this on
 * arrival; `slotOf`: hash to position in `terms`, the last position for a repeated hash, as selectWinners takes it).
 */
export function scoreOnArrival(
  fills: CandidateBid['fills'],
  terms: readonly AuctionIntentTerms[],
  slotOf: ReadonlyMap<string, number>,
): CandidateBid['scored'] {
  const slots = new Int32Array(fills.length);
  let s = 0n;
  for (let j = 0; j < fills.length; j++) {
    const slot = slotOf.get(fills[j].intentHash);
    // an intent outside these terms: left for selectWinners to score at close
    if (slot === undefined) return undefined;
    const t = terms[slot];
    slots[j] = slot;
    const a = fills[j].buyAmount;
    const v = t.price === PRICE_SCALE ? a - t.minBuyAmount : ((a - t.minBuyAmount) * t.price) / PRICE_SCALE;
    s = j === 0 ? v : s + v;
  }
  return { terms, score: s, approx: Number(s), slots };
}

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
export function selectWinners({
  intents,
  bids,
  seed,
  referenceFairness = 'rerun',
}: SelectWinnersParameters): SelectWinnersResult {
  const n = bids.length;
  const m = intents.length;
  const cols = columns(intents, bids);
  const { score, approx, solverOf, solverIds, tieHead } = cols;

  // one order for the auction and every reference run: score descending, then keccak(seed ‖ bidHash) ascending.
  // Tie keys are compared by their first 13 hex digits as a number when both are lowercase 0x-hex (the same order
  // as the strings'), and as strings otherwise or when those digits are equal.
  const tb: TieBreak = { bids, seed, ties: undefined, head: tieHead };
  let order = orderByScore(score, approx);
  if (order) {
    sortEqualRuns(order, approx, tb);
  } else {
    const exact = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
      if (approx[a] !== approx[b]) return approx[a] > approx[b] ? -1 : 1;
      if (score[a] !== score[b]) return score[a] > score[b] ? -1 : 1;
      return tieCmp(tb, a, b);
    });
    order = Int32Array.from(exact);
  }

  const { below1, below2, best1Solver } = fairnessBars(cols, bids, m);

  // the passes below walk positions in score order
  const ctx: Pass = {
    order,
    solverOf,
    fillCount: cols.fillCount,
    firstFill: cols.firstFill,
    flatSlot: cols.flatSlot,
    below1,
    below2,
    best1Solver,
    taken: new Uint8Array(m),
    unfair: new Uint8Array(n),
    won: new Uint8Array(n),
  };
  pass(ctx, -1);
  const fullUnfair = ctx.unfair.slice();
  const fullWon = ctx.won.slice();
  const fullTotal = sumWon(order, score, fullWon);
  const { outcome, winners } = outcomesOf(bids, order, score, fullUnfair, fullWon);
  const referenceScores = new Map<string, bigint>();
  for (const w of winners) {
    if (!referenceScores.has(w.solver)) {
      pass(ctx, solverIds.get(w.solver)!, referenceFairness === 'full-auction' ? fullUnfair : undefined);
      referenceScores.set(w.solver, totalFrom(fullTotal, order, score, fullWon, ctx.won));
    }
  }
  return { winners, outcomes: outcome, totalScore: fullTotal, referenceScores };
}

/** Tie-break key of a bid: keccak(seed ‖ bidHash) over the UTF-8 hex strings; computable as soon as the bid arrives. */
export function tieKey(seed: string, bidHash: string): string {
  const n = seed.length + bidHash.length;
  if (n > tieInput.length) return keccakHex(utf8.encode(seed + bidHash));
  // hex strings are ASCII, whose UTF-8 is their char codes: written into one reused buffer (no string joined and
  // encoded per bid); anything else goes through the encoder as before
  let i = 0;
  for (let j = 0; j < seed.length; j++, i++)
    if ((tieInput[i] = seed.charCodeAt(j)) > 127) return keccakHex(utf8.encode(seed + bidHash));
  for (let j = 0; j < bidHash.length; j++, i++)
    if ((tieInput[i] = bidHash.charCodeAt(j)) > 127) return keccakHex(utf8.encode(seed + bidHash));
  return keccakHex(tieInput.subarray(0, n));
}

const utf8 = new TextEncoder();
const tieInput = new Uint8Array(132);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The first 13 hex digits of a tie key after "0x", as a number, when they are lowercase hex: two keys whose heads
 * differ then compare as their heads do. NaN otherwise (the strings are compared).
 */
export function tieHeadOf(t: string): number {
  if (t.length < 15 || t.charCodeAt(0) !== 48 || t.charCodeAt(1) !== 120) return NaN;
  let h = 0;
  for (let i = 2; i < 15; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) h = h * 16 + (c - 48);
    else if (c >= 97 && c <= 102) h = h * 16 + (c - 87);
    else return NaN;
  }
  return h;
}

type Pass = {
  order: Int32Array;
  solverOf: Int32Array;
  fillCount: Int32Array;
  firstFill: Int32Array;
  flatSlot: Int32Array;
  below1: Uint8Array;
  below2: Uint8Array;
  best1Solver: Int32Array;
  taken: Uint8Array;
  unfair: Uint8Array;
  won: Uint8Array;
};

type Columns = {
  score: bigint[];
  approx: Float64Array;
  solverOf: Int32Array;
  solverIds: Map<string, number>;
  fillCount: Int32Array;
  firstFill: Int32Array;
  flatSlot: Int32Array;
  flatLength: number;
  tieHead: Float64Array;
};

/**
 * Per bid, in input order: exact score, its float64 image (monotone, so it orders every unequal pair it can tell
 * apart), solver id, tie-key head when given, and the fills' intents flattened into `flatSlot`. Columns of numbers
 * are typed arrays: their storage is outside the young generation, so a decision fills it less (fewer scavenges).
 */
function columns(intents: AuctionIntentTerms[], bids: CandidateBid[]): Columns {
  const n = bids.length;
  const m = intents.length;
  // intents become small integers (a repeated hash keeps its last entry, as a Map built from the list would)
  // (built only if a bid was not scored on arrival against these terms)
  let slotOf: Map<string, number> | undefined;
  // solvers too, for the reference runs
  const solverIds = new Map<string, number>();

  const score: bigint[] = new Array(n);
  const approx = new Float64Array(n);
  const solverOf = new Int32Array(n);
  const fillCount = new Int32Array(n);
  const firstFill = new Int32Array(n);
  let flatSlot = new Int32Array(n + (n >> 2) + 64);
  let flatLength = 0;
  // tie keys' heads as AuctionBook computed them on arrival; -1: not known yet
  const tieHead = new Float64Array(n);
  let lastSolver: string | undefined;
  let lastId = -1;
  for (let i = 0; i < n; i++) {
    const b = bids[i];
    const fills = b.fills;
    const nf = fills.length;
    fillCount[i] = nf;
    firstFill[i] = flatLength;
    if (flatLength + nf > flatSlot.length) {
      const grown = new Int32Array(Math.max(2 * flatSlot.length, flatLength + nf));
      grown.set(flatSlot);
      flatSlot = grown;
    }
    const pre = b.scored;
    let s = 0n;
    if (pre !== undefined && pre.terms === intents) {
      // scored on arrival against these very terms: copy, no lookups or bigint arithmetic at close
      if (nf === 1) {
        flatSlot[flatLength++] = pre.slots[0];
      } else {
        flatSlot.set(pre.slots, flatLength);
        flatLength += nf;
      }
      s = pre.score;
      approx[i] = pre.approx;
    } else {
      if (slotOf === undefined) {
        slotOf = new Map<string, number>();
        for (let k = 0; k < m; k++) slotOf.set(intents[k].hash, k);
      }
      for (let j = 0; j < nf; j++) {
        const slot = slotOf.get(fills[j].intentHash)!;
        const t = intents[slot];
        flatSlot[flatLength++] = slot;
        const a = fills[j].buyAmount;
        // x * 1e18 / 1e18 is x exactly: the common 1:1 price skips the multiply and divide
        const v = t.price === PRICE_SCALE ? a - t.minBuyAmount : ((a - t.minBuyAmount) * t.price) / PRICE_SCALE;
        s = j === 0 ? v : s + v;
      }
    }
    score[i] = s;
    if (pre === undefined || pre.terms !== intents) approx[i] = Number(s);
    tieHead[i] = b.tie !== undefined && b.tieHead !== undefined ? b.tieHead : -1;
    // bids of one solver usually come together: one Map lookup per run of them
    if (b.solver !== lastSolver) {
      lastSolver = b.solver;
      const known = solverIds.get(b.solver);
      if (known === undefined) solverIds.set(b.solver, (lastId = solverIds.size));
      else lastId = known;
    }
    solverOf[i] = lastId;
  }

  return { score, approx, solverOf, solverIds, fillCount, firstFill, flatSlot, flatLength, tieHead };
}

/**
 * The fairness filter's bar per intent: the best single-fill amount (and its solver), and the best from any other
 * solver, which is the bar in a run without the first one; each batch fill is compared with both once, here.
 */
function fairnessBars(
  { fillCount, firstFill, flatSlot, flatLength, solverOf }: Columns,
  bids: CandidateBid[],
  m: number,
) {
  const n = bids.length;
  const best1: (bigint | undefined)[] = new Array(m);
  const best1Solver = new Int32Array(m).fill(-1);
  const best2: (bigint | undefined)[] = new Array(m);
  for (let i = 0; i < n; i++) {
    if (fillCount[i] !== 1) continue;
    const s = flatSlot[firstFill[i]];
    const a = bids[i].fills[0].buyAmount;
    const b = best1[s];
    if (b === undefined || b < a) {
      best1[s] = a;
      best1Solver[s] = solverOf[i];
    }
  }
  for (let i = 0; i < n; i++) {
    if (fillCount[i] !== 1) continue;
    const s = flatSlot[firstFill[i]];
    if (solverOf[i] === best1Solver[s]) continue;
    const a = bids[i].fills[0].buyAmount;
    const b = best2[s];
    if (b === undefined || b < a) best2[s] = a;
  }
  const below1 = new Uint8Array(flatLength);
  const below2 = new Uint8Array(flatLength);
  for (let i = 0; i < n; i++) {
    if (fillCount[i] < 2) continue;
    const fills = bids[i].fills;
    for (let j = 0; j < fills.length; j++) {
      const f = firstFill[i] + j;
      const a = fills[j].buyAmount;
      below1[f] = a < (best1[flatSlot[f]] ?? 0n) ? 1 : 0;
      below2[f] = a < (best2[flatSlot[f]] ?? 0n) ? 1 : 0;
    }
  }

  return { below1, below2, best1Solver };
}

function outcomesOf(bids: CandidateBid[], order: Int32Array, score: bigint[], unfair: Uint8Array, won: Uint8Array) {
  const n = bids.length;
  const outcome: BidOutcome[] = new Array(n);
  const winners: CandidateBid[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k];
    outcome[i] = {
      index: bids[i].index,
      score: score[i],
      outcome: unfair[k] ? 'UNFAIR' : won[k] ? 'WON' : 'LOST',
    };
    if (won[k]) winners.push(bids[i]);
  }
  return { outcome, winners };
}

/** Tie keys of one selectWinners call: given on arrival (CandidateBid.tie, tieHead) or computed when first needed. */
type TieBreak = { bids: CandidateBid[]; seed: string; ties: (string | undefined)[] | undefined; head: Float64Array };

function tieOf(tb: TieBreak, i: number): string {
  const given = tb.bids[i].tie;
  if (given !== undefined) return given;
  // computed keys are kept per call (none when AuctionBook gave every bid its key)
  const ties = (tb.ties ??= new Array<string | undefined>(tb.bids.length));
  let t = ties[i];
  if (t === undefined) ties[i] = t = tieKey(tb.seed, tb.bids[i].bidHash);
  return t;
}

/** Tie-key order of two bids: by their heads when both have one and they differ, else as strings. */
function tieCmp(tb: TieBreak, a: number, b: number): number {
  let ha = tb.head[a];
  if (ha === -1) tb.head[a] = ha = tieHeadOf(tieOf(tb, a));
  let hb = tb.head[b];
  if (hb === -1) tb.head[b] = hb = tieHeadOf(tieOf(tb, b));
  if (ha === ha && hb === hb && ha !== hb) return ha < hb ? -1 : 1;
  return cmp(tieOf(tb, a), tieOf(tb, b));
}

/** Within each run of equal scores in `order`, a stable insertion sort by tie key (runs are short). */
function sortEqualRuns(order: Int32Array, approx: Float64Array, tb: TieBreak): void {
  const n = order.length;
  for (let lo = 0; lo < n;) {
    let hi = lo + 1;
    while (hi < n && approx[order[hi]] === approx[order[lo]]) hi++;
    for (let k = lo + 1; k < hi; k++) {
      const x = order[k];
      let j = k - 1;
      while (j >= lo && tieCmp(tb, order[j], x) > 0) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = x;
    }
    lo = hi;
  }
}

/**
 * Bid positions by score descending, stable among equal scores, without a comparator: the distinct float64 images
 * of the scores are sorted natively and each bid is counted into its image's bucket. Undefined when two different
 * scores share an image (beyond 2^53), which the caller then sorts by the exact scores.
 */
function orderByScore(score: readonly bigint[], approx: Float64Array): Int32Array | undefined {
  const n = approx.length;
  const sorted = approx.slice().sort();
  let distinct = 0;
  for (let k = 0; k < n; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[distinct++] = sorted[k];
  // bucket of each bid: 0 for the highest score
  const bucket = new Int32Array(n);
  const count = new Int32Array(distinct + 1);
  const first: (bigint | undefined)[] = new Array(distinct);
  for (let i = 0; i < n; i++) {
    const x = approx[i];
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    const b = distinct - 1 - lo;
    const f = first[b];
    if (f === undefined) first[b] = score[i];
    else if (f !== score[i]) return undefined;
    bucket[i] = b;
    count[b + 1]++;
  }
  for (let b = 0; b < distinct; b++) count[b + 1] += count[b];
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[count[bucket[i]]++] = i;
  return order;
}

/**
 * One pass in score order, optionally without one solver's bids (`without`: its id; -1 for none): the fairness
 * filter (a batch is unfair if any of its fills is below the best single-fill amount of the solvers in the run),
 * then greedy acceptance. Leaves its verdicts in `p.unfair` (unless `fixedUnfair` is given) and `p.won`.
 */
function pass(p: Pass, without: number, fixedUnfair?: Uint8Array): void {
  const { order, solverOf, fillCount, firstFill, flatSlot, below1, below2, best1Solver, taken, won } = p;
  const n = order.length;
  let unfair = fixedUnfair;
  if (!unfair) {
    unfair = p.unfair;
    for (let k = 0; k < n; k++) {
      const i = order[k];
      let u = 0;
      if (fillCount[i] > 1 && solverOf[i] !== without) {
        for (let f = firstFill[i], end = f + fillCount[i]; f < end; f++) {
          // without the best single's solver the bar is the best of the others
          if (best1Solver[flatSlot[f]] === without ? below2[f] : below1[f]) {
            u = 1;
            break;
          }
        }
      }
      unfair[k] = u;
    }
  }
  taken.fill(0);
  won.fill(0);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (unfair[k] || solverOf[i] === without) continue;
    const f0 = firstFill[i];
    const end = f0 + fillCount[i];
    let free = true;
    for (let f = f0; f < end; f++) {
      if (taken[flatSlot[f]]) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    for (let f = f0; f < end; f++) taken[flatSlot[f]] = 1;
    won[k] = 1;
  }
}

/** Total score of the won positions (in score order, as the passes accept them). */
function sumWon(order: Int32Array, score: readonly bigint[], won: Uint8Array): bigint {
  let total = 0n;
  for (let k = 0; k < order.length; k++) if (won[k]) total += score[order[k]];
  return total;
}

/**
 * A reference run's total from the full run's: minus what only the full run won, plus what only the reference run
 * won. Integer sums are exact in any order, so this is the same bigint as summing the reference winners, with one
 * addition per changed position instead of one per winner (each bigint addition is a young-generation allocation).
 */
function totalFrom(
  fullTotal: bigint,
  order: Int32Array,
  score: readonly bigint[],
  fullWon: Uint8Array,
  won: Uint8Array,
): bigint {
  let total = fullTotal;
  for (let k = 0; k < order.length; k++) {
    if (fullWon[k] === won[k]) continue;
    total = won[k] ? total + score[order[k]] : total - score[order[k]];
  }
  return total;
}
