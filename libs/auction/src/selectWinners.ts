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
  const rows = prepared.get(bids);
  const cols = rows && rows.fits(intents, bids) ? rows.columns() : columns(intents, bids);
  const { score, approx, tieHead } = cols;

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

  // the passes below walk positions in score order
  const ctx = positions(cols, bids, intents, order);
  pass(ctx, -1);
  const fullUnfair = ctx.unfair.slice();
  const fullWon = ctx.won.slice();
  const fullTotal = sumWon(order, score, fullWon);
  const outcome: BidOutcome[] = new Array(n);
  const winners: CandidateBid[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k];
    outcome[i] = {
      index: cols.index[i],
      score: score[i],
      outcome: fullUnfair[k] ? 'UNFAIR' : fullWon[k] ? 'WON' : 'LOST',
    };
    if (fullWon[k]) winners.push(bids[i]);
  }
  // one reference run per winning solver, in the order of its first won position
  const referenceScores = new Map<string, bigint>();
  const rerun = new Uint8Array(cols.solverCount);
  for (let k = 0; k < n; k++) {
    if (!fullWon[k]) continue;
    const id = ctx.posSolver[k];
    if (rerun[id]) continue;
    rerun[id] = 1;
    pass(ctx, id, referenceFairness === 'full-auction' ? fullUnfair : undefined);
    referenceScores.set(bids[order[k]].solver, totalFrom(fullTotal, order, score, fullWon, ctx.won));
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
  /** Per position in score order: the bid's solver id, and its intent when it has exactly one fill (-1 otherwise). */
  posSolver: Int32Array;
  posSlot: Int32Array;
  /** The positions of bids with two fills or more (batches): the only ones the fairness filter can drop. */
  batchPos: Int32Array;
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
  /** Solver ids are 0 .. solverCount - 1, one per distinct solver. */
  solverCount: number;
  index: number[];
  fillCount: Int32Array;
  firstFill: Int32Array;
  flatSlot: Int32Array;
  flatLength: number;
  tieHead: Float64Array;
  /** Bids with two fills or more, in input order. */
  batches: number[];
  /** Per intent: the best single-fill bid (its score when the price is 1:1, else its amount) and its solver, and the best of the other solvers. */
  best1: (bigint | undefined)[];
  best1Solver: Int32Array;
  best2: (bigint | undefined)[];
  /** Per intent: 1 when its price is PRICE_SCALE, so a single fill's score is its amount minus the minimum, exactly. */
  unit: Uint8Array;
};

/**
 * Per bid, in input order and in one walk over the bids (each bid's objects are read once at close): exact score,
 * its float64 image (monotone, so it orders every unequal pair it can tell apart), solver id, index, the fills'
 * intents flattened into `flatSlot`, and the fairness filter's best single fills per intent. Columns of numbers are
 * typed arrays: their storage is outside the young generation, so a decision fills it less (fewer scavenges).
 */
function columns(intents: AuctionIntentTerms[], bids: CandidateBid[]): Columns {
  const n = bids.length;
  const m = intents.length;
  // intents become small integers (a repeated hash keeps its last entry, as a Map built from the list would)
  // (built only if a bid was not scored on arrival against these terms)
  let slotOf: Map<string, number> | undefined;
  // solvers too, for the reference runs
  const solverIds = new Map<string, number>();

  const cols = emptyColumns(n, intents);
  const { score, approx, solverOf, index, fillCount, firstFill, batches, unit, best1, best1Solver, best2 } = cols;
  let { flatSlot, flatLength } = cols;
  // tie keys' heads, read from the bid (or computed) only when its score ties another's; -1: not read yet
  cols.tieHead.fill(-1);
  let lastSolver: string | undefined;
  let lastId = -1;
  for (let i = 0; i < n; i++) {
    const b = bids[i];
    // bids of one solver usually come together: one Map lookup per run of them
    if (b.solver !== lastSolver) {
      lastSolver = b.solver;
      const known = solverIds.get(b.solver);
      if (known === undefined) solverIds.set(b.solver, (lastId = solverIds.size));
      else lastId = known;
    }
    solverOf[i] = lastId;
    index[i] = b.index;
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
      approx[i] = Number(s);
    }
    score[i] = s;
    if (nf === 1) {
      // the fairness bar of this intent: the best single (first of equals) and the best of every other solver
      const slot = flatSlot[flatLength - 1];
      const key = unit[slot] ? s : fills[0].buyAmount;
      const b1 = best1[slot];
      if (b1 === undefined) {
        best1[slot] = key;
        best1Solver[slot] = lastId;
      } else if (b1 < key) {
        // the old best was the best of all so far, so of every solver but this one
        if (best1Solver[slot] !== lastId) best2[slot] = b1;
        best1[slot] = key;
        best1Solver[slot] = lastId;
      } else if (best1Solver[slot] !== lastId) {
        const b2 = best2[slot];
        if (b2 === undefined || b2 < key) best2[slot] = key;
      }
    } else if (nf > 1) batches.push(i);
  }

  return Object.assign(cols, { flatSlot, flatLength, solverCount: solverIds.size });
}

/** Columns for `n` bids over `intents`, zeroed; `unit` filled (a single fill at a 1:1 price is ranked by its score). */
function emptyColumns(n: number, intents: readonly AuctionIntentTerms[]): Columns {
  const m = intents.length;
  // a single fill at a 1:1 price is ranked by its score (amount minus minimum, the same order as the amounts) so its
  // amount is not read at close; at other prices the rounded score can tie unequal amounts, so the amount is read
  const unit = new Uint8Array(m);
  for (let k = 0; k < m; k++) unit[k] = intents[k].price === PRICE_SCALE ? 1 : 0;
  return {
    score: new Array<bigint>(n),
    approx: new Float64Array(n),
    solverOf: new Int32Array(n),
    solverCount: 0,
    index: new Array<number>(n),
    fillCount: new Int32Array(n),
    firstFill: new Int32Array(n),
    flatSlot: new Int32Array(n + (n >> 2) + 64),
    flatLength: 0,
    tieHead: new Float64Array(n),
    batches: [],
    best1: new Array<bigint | undefined>(m),
    best1Solver: new Int32Array(m).fill(-1),
    best2: new Array<bigint | undefined>(m),
    unit,
  };
}

/**
 * What selectWinners reads of each counted bid, written as columns when the bid is counted (AuctionBook, on arrival)
 * so that the close reads a few typed arrays instead of half a dozen scattered objects per bid (at close they are
 * rarely in cache, and reading them was most of the decision). One row per counted bid, in counting order.
 */
export class CountedColumns {
  size = 0;
  approx = new Float64Array(256);
  /** tieHead as given with the bid's tie key; -1 when not given (selectWinners computes it if the score ties). */
  head = new Float64Array(256);
  solver = new Int32Array(256);
  /** The intent of a single-fill bid; -1 for any other (its slots are read from the bid, as batches are few). */
  slot = new Int32Array(256);
  /** A single fill's fairness key (its score at a 1:1 price, else its amount) and the key's float64 image. */
  keyApprox = new Float64Array(256);
  readonly key: (bigint | undefined)[] = [];
  readonly score: bigint[] = [];
  readonly index: number[] = [];
  /** Distinct solvers in order of first appearance, and their ids. */
  readonly solverNames: Address[] = [];
  private readonly solverIds = new Map<string, number>();
  /** False once a counted bid was not scored on arrival against `terms`: its candidates then take the usual way. */
  complete = true;

  constructor(readonly terms: readonly AuctionIntentTerms[]) {}

  /** One counted bid (scored on arrival against `terms`): its row, or -1 when it was not. */
  add(c: CandidateBid): number {
    const pre = c.scored;
    if (!this.complete || pre === undefined || pre.terms !== this.terms) {
      this.complete = false;
      return -1;
    }
    if (this.size === this.approx.length) this.grow();
    const r = this.size++;
    this.approx[r] = pre.approx;
    this.score[r] = pre.score;
    this.index[r] = c.index;
    this.head[r] = c.tie !== undefined && c.tieHead !== undefined ? c.tieHead : -1;
    let id = this.solverIds.get(c.solver);
    if (id === undefined) {
      this.solverIds.set(c.solver, (id = this.solverNames.length));
      this.solverNames.push(c.solver);
    }
    this.solver[r] = id;
    if (c.fills.length === 1) {
      const slot = pre.slots[0];
      const unit = this.terms[slot].price === PRICE_SCALE;
      this.slot[r] = slot;
      this.key[r] = unit ? pre.score : c.fills[0].buyAmount;
      this.keyApprox[r] = unit ? pre.approx : Number(c.fills[0].buyAmount);
    } else {
      this.slot[r] = -1;
      this.key[r] = undefined;
    }
    return r;
  }

  /** Hands selectWinners these rows for `bids` (row `rows[k]` is `bids[k]`), for as long as the array is unchanged. */
  prepare(bids: readonly CandidateBid[], rows: Int32Array): void {
    prepared.set(bids, new PreparedRows(this, bids.slice(), rows));
  }

  private grow(): void {
    const to = 2 * this.approx.length;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(to);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(to);
      b.set(a);
      return b;
    };
    this.approx = f64(this.approx);
    this.head = f64(this.head);
    this.keyApprox = f64(this.keyApprox);
    this.solver = i32(this.solver);
    this.slot = i32(this.slot);
  }
}

/** Candidate arrays AuctionBook made from its CountedColumns, with their rows (weak: gone with the array). */
const prepared = new WeakMap<readonly CandidateBid[], PreparedRows>();

class PreparedRows {
  constructor(
    private readonly table: CountedColumns,
    /** The array as it was handed out: a caller that changed it gets the usual way. */
    private readonly bids: readonly CandidateBid[],
    private readonly rows: Int32Array,
  ) {}

  /** Same terms, and the same bids in the same places (one pointer comparison per bid, nothing read from them). */
  fits(intents: readonly AuctionIntentTerms[], bids: readonly CandidateBid[]): boolean {
    if (intents !== this.table.terms || bids.length !== this.bids.length) return false;
    for (let k = 0; k < bids.length; k++) if (bids[k] !== this.bids[k]) return false;
    return true;
  }

  /** The Columns `columns()` computes from the bids, copied from the rows (batches' slots from their bids). */
  columns(): Columns {
    const t = this.table;
    const rows = this.rows;
    const n = rows.length;
    const m = t.terms.length;
    const cols = emptyColumns(n, t.terms);
    const { score, approx, solverOf, index, fillCount, firstFill, tieHead, batches, best1, best1Solver, best2 } = cols;
    let { flatSlot, flatLength } = cols;
    // the keys' images decide every comparison they can tell apart; the bigints are read only for equal images
    const best1x = new Float64Array(m);
    const best2x = new Float64Array(m);
    for (let k = 0; k < n; k++) {
      const r = rows[k];
      score[k] = t.score[r];
      approx[k] = t.approx[r];
      const id = (solverOf[k] = t.solver[r]);
      index[k] = t.index[r];
      tieHead[k] = t.head[r];
      firstFill[k] = flatLength;
      const slot = t.slot[r];
      if (slot < 0) {
        const slots = this.bids[k].scored!.slots;
        const nf = slots.length;
        fillCount[k] = nf;
        if (flatLength + nf > flatSlot.length) {
          const grown = new Int32Array(Math.max(2 * flatSlot.length, flatLength + nf));
          grown.set(flatSlot);
          flatSlot = grown;
        }
        flatSlot.set(slots, flatLength);
        flatLength += nf;
        if (nf > 1) batches.push(k);
        continue;
      }
      fillCount[k] = 1;
      if (flatLength === flatSlot.length) {
        const grown = new Int32Array(2 * flatSlot.length);
        grown.set(flatSlot);
        flatSlot = grown;
      }
      flatSlot[flatLength++] = slot;
      // the fairness bar of this intent, as columns() keeps it
      const key = t.key[r]!;
      const kx = t.keyApprox[r];
      const b1 = best1[slot];
      if (b1 === undefined) {
        best1[slot] = key;
        best1x[slot] = kx;
        best1Solver[slot] = id;
      } else if (kx > best1x[slot] || (kx === best1x[slot] && b1 < key)) {
        if (best1Solver[slot] !== id) {
          best2[slot] = b1;
          best2x[slot] = best1x[slot];
        }
        best1[slot] = key;
        best1x[slot] = kx;
        best1Solver[slot] = id;
      } else if (best1Solver[slot] !== id) {
        const b2 = best2[slot];
        if (b2 === undefined || kx > best2x[slot] || (kx === best2x[slot] && b2 < key)) {
          best2[slot] = key;
          best2x[slot] = kx;
        }
      }
    }
    return Object.assign(cols, { flatSlot, flatLength, solverCount: t.solverNames.length });
  }
}

/**
 * The passes' inputs in score order, and the fairness filter's bar for each batch fill: below the best single-fill
 * amount, and below the best from any other solver (the bar in a run without the first one), compared once, here.
 */
function positions(cols: Columns, bids: CandidateBid[], intents: AuctionIntentTerms[], order: Int32Array): Pass {
  const { solverOf, fillCount, firstFill, flatSlot, flatLength, batches, best1, best1Solver, best2, unit } = cols;
  const n = order.length;
  const below1 = new Uint8Array(flatLength);
  const below2 = new Uint8Array(flatLength);
  // a bar kept as a score (1:1 price) back to an amount: score + minimum is the amount exactly
  const amountOf = (bar: bigint | undefined, slot: number) =>
    bar === undefined ? 0n : unit[slot] ? bar + intents[slot].minBuyAmount : bar;
  for (const i of batches) {
    const fills = bids[i].fills;
    for (let j = 0; j < fills.length; j++) {
      const f = firstFill[i] + j;
      const a = fills[j].buyAmount;
      below1[f] = a < amountOf(best1[flatSlot[f]], flatSlot[f]) ? 1 : 0;
      below2[f] = a < amountOf(best2[flatSlot[f]], flatSlot[f]) ? 1 : 0;
    }
  }
  const posSolver = new Int32Array(n);
  const posSlot = new Int32Array(n);
  const batchPos = new Int32Array(batches.length);
  let nb = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    posSolver[k] = solverOf[i];
    posSlot[k] = fillCount[i] === 1 ? flatSlot[firstFill[i]] : -1;
    if (fillCount[i] > 1) batchPos[nb++] = k;
  }
  return {
    order,
    solverOf,
    fillCount,
    firstFill,
    flatSlot,
    posSolver,
    posSlot,
    batchPos,
    below1,
    below2,
    best1Solver,
    taken: new Uint8Array(intents.length),
    unfair: new Uint8Array(n),
    won: new Uint8Array(n),
  };
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

/** A bid's tie-key head: as AuctionBook computed it on arrival with its key, else from the key. */
function headOf(tb: TieBreak, i: number): number {
  let h = tb.head[i];
  if (h === -1) {
    const b = tb.bids[i];
    tb.head[i] = h = b.tie !== undefined && b.tieHead !== undefined ? b.tieHead : tieHeadOf(tieOf(tb, i));
  }
  return h;
}

/** Tie-key order of two bids: by their heads when both have one and they differ, else as strings. */
function tieCmp(tb: TieBreak, a: number, b: number): number {
  const ha = headOf(tb, a);
  const hb = headOf(tb, b);
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

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const EXACT = 2 ** 53;

/**
 * Bid positions by score descending, stable among equal scores, without a comparator: a least-significant-digit
 * radix sort of the scores' float64 images (8-bit digits; a digit every bid shares is skipped). Undefined when two
 * different scores share an image (beyond 2^53), which the caller then sorts by the exact scores.
 */
function orderByScore(score: readonly bigint[], approx: Float64Array): Int32Array | undefined {
  const n = approx.length;
  const bits = new Uint32Array(approx.buffer, approx.byteOffset, 2 * n);
  const H = LITTLE_ENDIAN ? 1 : 0;
  const L = 1 - H;
  // descending order as ascending unsigned keys: a non-negative image with all bits but the sign flipped (larger is
  // smaller, and below every negative), a negative one as it is (its bits grow as it falls)
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const count = new Int32Array(8 * 256);
  for (let i = 0; i < n; i++) {
    let h = bits[2 * i + H];
    let l = bits[2 * i + L];
    if (h < 0x80000000) {
      h ^= 0x7fffffff;
      l = ~l >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
    count[l & 255]++;
    count[256 + ((l >>> 8) & 255)]++;
    count[512 + ((l >>> 16) & 255)]++;
    count[768 + (l >>> 24)]++;
    count[1024 + (h & 255)]++;
    count[1280 + ((h >>> 8) & 255)]++;
    count[1536 + ((h >>> 16) & 255)]++;
    count[1792 + (h >>> 24)]++;
  }
  let src = new Int32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  let dst = new Int32Array(n);
  for (let d = 0; d < 8; d++) {
    const base = d * 256;
    // every key has the same digit here: the pass would not move anything
    let skip = false;
    for (let v = 0; v < 256; v++) {
      if (count[base + v] === n) skip = true;
      if (count[base + v] !== 0) break;
    }
    if (skip || n === 0) continue;
    let at = 0;
    for (let v = 0; v < 256; v++) {
      const c = count[base + v];
      count[base + v] = at;
      at += c;
    }
    const word = d < 4 ? lo : hi;
    const shift = (d & 3) * 8;
    for (let k = 0; k < n; k++) {
      const i = src[k];
      dst[count[base + ((word[i] >>> shift) & 255)]++] = i;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  // equal images are equal scores only where the image is exact: elsewhere two different scores could share one
  for (let k = 1; k < n; k++) {
    const i = src[k];
    const j = src[k - 1];
    const x = approx[i];
    if (x === approx[j] && !(x < EXACT && x > -EXACT) && score[i] !== score[j]) return undefined;
  }
  return src;
}

/**
 * One pass in score order, optionally without one solver's bids (`without`: its id; -1 for none): the fairness
 * filter (a batch is unfair if any of its fills is below the best single-fill amount of the solvers in the run),
 * then greedy acceptance. Leaves its verdicts in `p.unfair` (unless `fixedUnfair` is given) and `p.won`.
 */
function pass(p: Pass, without: number, fixedUnfair?: Uint8Array): void {
  const { order, fillCount, firstFill, flatSlot, posSolver, posSlot, batchPos, below1, below2, best1Solver } = p;
  const { taken, won } = p;
  const n = order.length;
  let unfair = fixedUnfair;
  if (!unfair) {
    unfair = p.unfair;
    // only a batch can be unfair
    unfair.fill(0);
    for (let b = 0; b < batchPos.length; b++) {
      const k = batchPos[b];
      if (posSolver[k] === without) continue;
      const i = order[k];
      for (let f = firstFill[i], end = f + fillCount[i]; f < end; f++) {
        // without the best single's solver the bar is the best of the others
        if (best1Solver[flatSlot[f]] === without ? below2[f] : below1[f]) {
          unfair[k] = 1;
          break;
        }
      }
    }
  }
  taken.fill(0);
  won.fill(0);
  for (let k = 0; k < n; k++) {
    if (unfair[k] || posSolver[k] === without) continue;
    const s = posSlot[k];
    if (s >= 0) {
      // one fill: free unless its intent is taken
      if (taken[s] === 0) {
        taken[s] = 1;
        won[k] = 1;
      }
      continue;
    }
    const i = order[k];
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
