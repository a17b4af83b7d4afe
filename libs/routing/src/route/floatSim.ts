// Float models of every venue: used only to choose paths and split fractions; final amounts are exact bigint.
import { tickIndexAtOrBelow } from '../math/tickBitmap';
import { type ClTable, type Edge, type MarketIndex, sqrtPriceToFloat } from '../market/marketIndex';

export type FCp = { k: 0; r0: number; r1: number; g: number };
export type FCl = { k: 1; sp: number; idx: number; t: ClTable; g: number };
export type FSt = { k: 2; xp: number[]; mul: number[]; ann: number; fee: number; d: number };
export type FBr = { k: 3; used: number; cap: number; g: number; fixed: number };
/**
 * The parallel two-token pools of one token pair as one venue: an amount is split among them by equal marginal
 * rates. `ms` are the member states (aligned with each aggregate edge's `members`), copied on first write.
 */
export type FAgg = {
  k: 4;
  ms: FState[];
  own: Uint8Array | null;
  /** The market's aggregate this one still equals (no member written yet): its splits are memoised there. */
  pristine?: FAgg | null;
  memo?: Map<number, AggMemo>;
  /** A pristine aggregate's marginal rate per direction (e.i), computed once: beams price it again and again. */
  rate?: [number, number];
};
type AggMemo = { lambda: number; u: number; slope: number; inputs: Float64Array };
export type FState = FCp | FCl | FSt | FBr | FAgg;

const baseCache = new WeakMap<MarketIndex, FState[]>();

export function baseStates(index: MarketIndex): FState[] {
  const hit = baseCache.get(index);
  if (hit) return hit;
  const states = index.venues.map((v, vi): FState => {
    if (v.bridge) {
      const b = v.bridge;
      return {
        k: 3,
        used: 0,
        cap: b.capacity === undefined ? Infinity : Number(b.capacity),
        g: 1 - b.feeBps / 1e4,
        fixed: Number(b.fixedFee),
      };
    }
    const p = v.pool;
    if (p.kind === 'constantProduct')
      return { k: 0, r0: Number(p.reserve0), r1: Number(p.reserve1), g: 1 - p.feeBps / 1e4 };
    if (p.kind === 'concentrated') {
      const t = index.clTables.get(vi)!;
      return { k: 1, sp: sqrtPriceToFloat(p.sqrtPriceX96), idx: tickIndexAtOrBelow(p.ticks, p.tick), t, g: 1 - t.fee };
    }
    const mul = index.stableRates.get(vi)!.map((r) => Number(r) / 1e18);
    const xp = p.balances.map((b, k) => Number(b) * mul[k]);
    const ann = Number(p.amplification) * xp.length;
    return { k: 2, xp, mul, ann, fee: Number(p.fee) / 1e10, d: stableD(xp, ann) };
  });
  baseCache.set(index, states);
  return states;
}

export function cloneState(s: FState): FState {
  if (s.k === 4) return { k: 4, ms: s.ms.slice(), own: new Uint8Array(s.ms.length), pristine: s.own ? s.pristine : s };
  return s.k === 2 ? { ...s, xp: s.xp.slice() } : { ...s };
}

export function stableD(xp: readonly number[], ann: number): number {
  const n = xp.length;
  let s = 0;
  for (const x of xp) s += x;
  if (s === 0) return 0;
  let d = s;
  for (let it = 0; it < 64; it++) {
    let dP = d;
    for (const x of xp) dP = (dP * d) / (x * n);
    const prev = d;
    d = ((ann * s + dP * n) * d) / ((ann - 1) * d + (n + 1) * dP);
    if (Math.abs(d - prev) <= d * 1e-15) break;
  }
  return d;
}

function stableY(i: number, j: number, x: number, xp: readonly number[], ann: number, d: number): number {
  const n = xp.length;
  let c = d;
  let s = 0;
  for (let k = 0; k < n; k++) {
    if (k === j) continue;
    const xk = k === i ? x : xp[k];
    s += xk;
    c = (c * d) / (xk * n);
  }
  c = (c * d) / (ann * n);
  const b = s + d / ann;
  let y = d;
  for (let it = 0; it < 64; it++) {
    const prev = y;
    y = (y * y + c) / (2 * y + b - d);
    if (Math.abs(y - prev) <= y * 1e-15) break;
  }
  return y;
}

/** Output of `amount` through edge e at state s; -1 when infeasible. Mutates s when write is set. */
export function fSwap(s: FState, e: Edge, amount: number, write: boolean, chargeFixed = true): number {
  if (!(amount > 0)) return amount === 0 ? 0 : -1;
  switch (s.k) {
    case 0: {
      const rin = e.zeroForOne ? s.r0 : s.r1;
      const rout = e.zeroForOne ? s.r1 : s.r0;
      const ain = amount * s.g;
      const out = (ain * rout) / (rin + ain);
      if (write) {
        if (e.zeroForOne) {
          s.r0 += amount;
          s.r1 -= out;
        } else {
          s.r1 += amount;
          s.r0 -= out;
        }
      }
      return out;
    }
    case 1:
      return clSwap(s, e.zeroForOne, amount, write);
    case 2: {
      const x = s.xp[e.i] + amount * s.mul[e.i];
      const y = stableY(e.i, e.j, x, s.xp, s.ann, s.d);
      const dyN = s.xp[e.j] - y;
      if (!(dyN > 0)) return -1;
      const out = (dyN * (1 - s.fee)) / s.mul[e.j];
      if (write) {
        s.xp[e.i] = x;
        // Half the fee (Curve's default admin share) leaves the pool; close enough for a heuristic.
        s.xp[e.j] -= dyN * (1 - s.fee * 0.5);
        s.d = stableD(s.xp, s.ann);
      }
      return out;
    }
    case 3: {
      if (s.used + amount > s.cap) return -1;
      const out = amount * s.g - (chargeFixed ? s.fixed : 0);
      if (write) s.used += amount;
      return out > 0 ? out : -1;
    }
    case 4:
      return aggSwap(s, e, amount, write);
  }
}

function clSwap(s: FCl, zeroForOne: boolean, amount: number, write: boolean): number {
  const { sqrtAt, liqAbove } = s.t;
  let rem = amount * s.g;
  let out = 0;
  let sp = s.sp;
  let i = s.idx;
  if (zeroForOne) {
    for (;;) {
      if (i < 0) return rem <= amount * CAPACITY_TOLERANCE ? fillTo(s, out, sp, i, write) : -1;
      const l = liqAbove[i];
      const spb = sqrtAt[i];
      if (l > 0) {
        const need = l * (1 / spb - 1 / sp);
        if (rem < need) {
          // l * (sp - sp2) written without the difference, so dust keeps its output instead of rounding to 0.
          const den = l + rem * sp;
          out += (l * sp * sp * rem) / den;
          sp = (l * sp) / den;
          break;
        }
        out += l * (sp - spb);
        rem -= need;
      }
      sp = spb;
      i--;
    }
  } else {
    const n = sqrtAt.length;
    for (;;) {
      if (i + 1 >= n) return rem <= amount * CAPACITY_TOLERANCE ? fillTo(s, out, sp, i, write) : -1;
      const l = i >= 0 ? liqAbove[i] : 0;
      const spb = sqrtAt[i + 1];
      if (l > 0) {
        const need = l * (spb - sp);
        if (rem < need) {
          const sp2 = sp + rem / l;
          out += rem / (sp * sp2);
          sp = sp2;
          break;
        }
        out += l * (1 / sp - 1 / spb);
        rem -= need;
      }
      sp = spb;
      i++;
    }
  }
  last[SQRT_PRICE] = sp;
  if (write) {
    s.sp = sp;
    s.idx = i;
  }
  return out;
}

// Results left by the last call of some functions below, in a typed array: a module-level `let` holding a double
// allocates a heap number on every write, and these are written millions of times per quote.
const last = new Float64Array(5);
// The sqrt price where the last clSwap stopped.
const SQRT_PRICE = 0;

// Input the float model finds just beyond a pool's range (relative): below its resolution, so the exact
// integer math decides whether the pool fills it.
const CAPACITY_TOLERANCE = 1e-9;

/** A V3 swap that used up every range: the output so far, the price parked at the last tick. */
function fillTo(s: FCl, out: number, sp: number, i: number, write: boolean): number {
  last[SQRT_PRICE] = sp;
  if (write) {
    s.sp = sp;
    s.idx = i;
  }
  return out;
}

/**
 * d(out)/d(amount) of one trade of `amount` from state s (before the trade). Differs from the marginal
 * price after the trade for constant product pools, whose fee stays in the reserves.
 */
export function fTradeDerivative(s: FState, e: Edge, amount: number): number {
  switch (s.k) {
    case 0: {
      const rin = e.zeroForOne ? s.r0 : s.r1;
      const rout = e.zeroForOne ? s.r1 : s.r0;
      const den = rin + s.g * amount;
      return (s.g * rin * rout) / (den * den);
    }
    case 1: {
      if (amount <= 0) return fMarginal(s, e);
      if (clSwap(s, e.zeroForOne, amount, false) < 0) return 0;
      const p = last[SQRT_PRICE] * last[SQRT_PRICE];
      return e.zeroForOne ? s.g * p : s.g / p;
    }
    case 2: {
      const x = s.xp[e.i] + amount * s.mul[e.i];
      const xp = s.xp.slice();
      xp[e.i] = x;
      xp[e.j] = stableY(e.i, e.j, x, s.xp, s.ann, s.d);
      return fMarginal({ ...s, xp }, e);
    }
    case 3:
      return s.used + amount <= s.cap ? s.g : 0;
    case 4: {
      if (amount <= 0) return fMarginal(s, e);
      const lambda = aggSplit(s, e, amount);
      return lambda > 0 ? lambda : 0;
    }
  }
}

/** d(out)/d(in) at the current state, fee included. */
export function fMarginal(s: FState, e: Edge): number {
  switch (s.k) {
    case 0:
      return e.zeroForOne ? (s.g * s.r1) / s.r0 : (s.g * s.r0) / s.r1;
    case 1: {
      const p = s.sp * s.sp;
      return e.zeroForOne ? s.g * p : s.g / p;
    }
    case 2: {
      const n = s.xp.length;
      let dP = s.d;
      for (const x of s.xp) dP = (dP * s.d) / (x * n);
      const r = (s.ann + dP / s.xp[e.i]) / (s.ann + dP / s.xp[e.j]);
      return (r * (1 - s.fee) * s.mul[e.i]) / s.mul[e.j];
    }
    case 3:
      return s.used < s.cap ? s.g : 0;
    case 4: {
      const hit = s.own ? undefined : s.rate?.[e.i];
      if (hit !== undefined && hit >= 0) return hit;
      let m = 0;
      for (let i = 0; i < s.ms.length; i++) m = Math.max(m, fMarginal(s.ms[i], e.members![i]));
      if (!s.own) (s.rate ??= [-1, -1])[e.i] = m;
      return m;
    }
  }
}

/** Copy-on-write view of venue states for one quote. */
export class Sim {
  readonly over = new Map<number, FState>();
  constructor(readonly base: FState[]) {}
  get(v: number): FState {
    return this.over.get(v) ?? this.base[v];
  }
  mut(v: number): FState {
    let s = this.over.get(v);
    if (!s) {
      s = cloneState(this.base[v]);
      this.over.set(v, s);
    }
    return s;
  }
  reset(): void {
    this.over.clear();
  }
}

/** Runs amount through a path; returns the output or -1. */
export function fPath(sim: Sim, path: readonly Edge[], amount: number, write: boolean, chargeFixed = true): number {
  let a = amount;
  for (const e of path) {
    a = fSwap(write ? sim.mut(e.venue) : sim.get(e.venue), e, a, write, chargeFixed);
    if (a < 0) return -1;
  }
  return a;
}

/** Product of marginal rates along a path at the current states. */
export function fPathMarginal(sim: Sim, path: readonly Edge[]): number {
  let m = 1;
  for (const e of path) m *= fMarginal(sim.get(e.venue), e);
  return m;
}

/** Float view of an exact venue state (as produced by exact evaluation). */
export function floatFromExact(base: FState, exact: unknown): FState {
  const s = cloneState(base);
  if (exact === undefined) return s;
  switch (s.k) {
    case 0: {
      const e = exact as { reserve0: bigint; reserve1: bigint };
      s.r0 = Number(e.reserve0);
      s.r1 = Number(e.reserve1);
      return s;
    }
    case 1: {
      const e = exact as { sqrtPriceX96: bigint; tick: number };
      s.sp = sqrtPriceToFloat(e.sqrtPriceX96);
      s.idx = tickIndexAtOrBelowF(s.t, e.tick);
      return s;
    }
    case 2: {
      const e = exact as bigint[];
      s.xp = e.map((b, k) => Number(b) * s.mul[k]);
      s.d = stableD(s.xp, s.ann);
      return s;
    }
    case 3:
      s.used = Number(exact as bigint);
      return s;
    case 4:
      return s;
  }
}

function tickIndexAtOrBelowF(t: ClTable, tick: number): number {
  // sqrtAt is increasing; compare against the tick's float sqrt price with a hair of tolerance.
  const target = Math.pow(1.0001, tick / 2) * (1 + 1e-12);
  let lo = 0;
  let hi = t.sqrtAt.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t.sqrtAt[mid] <= target) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

// Member inputs of the last aggSplit: filled in place, so a split allocates nothing on the hot path.
let splitInputs = new Float64Array(64);

// d(input)/du (u = 1 / sqrt(lambda)) of the last inputAtRate call: zero where the input is capped or nil.
const RATE_SLOPE = 1;
// The input the last inputAtRate call found (in the array: a double returned from a call is allocated).
const INPUT = 4;

/**
 * Input to member `s` (fee included) at which d(out)/d(in) of its trade falls to lambda = 1 / u^2: the member's
 * share of an equal-marginal split. Linear in u within a V3 range and for a constant product pool, so Newton on
 * u is exact between kinks. Capped at a V3 pool's last initialized range. Leaves the input in last[INPUT] and
 * d(input)/du in last[RATE_SLOPE].
 */
function inputAtRate(s: FState, e: Edge, u: number): void {
  last[RATE_SLOPE] = 0;
  if (s.k === 0) {
    const rin = e.zeroForOne ? s.r0 : s.r1;
    const rout = e.zeroForOne ? s.r1 : s.r0;
    const c = Math.sqrt(s.g * rin * rout);
    if (c * u <= rin) {
      last[INPUT] = 0;
      return;
    }
    last[RATE_SLOPE] = c / s.g;
    last[INPUT] = (c * u - rin) / s.g;
    return;
  }
  if (s.k !== 1) {
    last[INPUT] = 0;
    return;
  }
  const { sqrtAt, liqAbove } = s.t;
  const sg = Math.sqrt(s.g);
  let sp = s.sp;
  let i = s.idx;
  let net = 0;
  if (e.zeroForOne) {
    // The price falls to target = 1 / (sqrt(g) u), where g * target^2 = lambda.
    const inv = sg * u;
    if (inv * sp <= 1) {
      last[INPUT] = 0;
      return;
    }
    for (; i >= 0; i--) {
      const l = liqAbove[i];
      const spb = sqrtAt[i];
      if (spb * inv <= 1) {
        last[RATE_SLOPE] = l / sg;
        last[INPUT] = (net + l * (inv - 1 / sp)) / s.g;
        return;
      }
      if (l > 0) net += l * (1 / spb - 1 / sp);
      sp = spb;
    }
  } else {
    // The price rises to target = sqrt(g) u, where g / target^2 = lambda.
    const target = sg * u;
    if (target <= sp) {
      last[INPUT] = 0;
      return;
    }
    for (; i + 1 < sqrtAt.length; i++) {
      const l = i >= 0 ? liqAbove[i] : 0;
      const spb = sqrtAt[i + 1];
      if (spb >= target) {
        last[RATE_SLOPE] = l / sg;
        last[INPUT] = (net + l * (target - sp)) / s.g;
        return;
      }
      if (l > 0) net += l * (spb - sp);
      sp = spb;
    }
  }
  // Past the last range: the whole capacity, a hair less so the float swap stays inside it.
  last[INPUT] = (net / s.g) * (1 - 1e-12);
}

// Per member of the last aggSplit: u at which it starts taking flow, and d(input)/du just past it.
let entryU = new Float64Array(64);
let entryC = new Float64Array(64);

/** Fills entryU[i], entryC[i] for member s (u = 1 / sqrt(lambda); Infinity for kinds an aggregate never holds). */
function memberEntry(s: FState, e: Edge, i: number): void {
  if (s.k === 0) {
    const rin = e.zeroForOne ? s.r0 : s.r1;
    const rout = e.zeroForOne ? s.r1 : s.r0;
    entryU[i] = Math.sqrt(rin / (s.g * rout));
    entryC[i] = Math.sqrt((rin * rout) / s.g);
  } else if (s.k === 1) {
    const sg = Math.sqrt(s.g);
    entryU[i] = e.zeroForOne ? 1 / (sg * s.sp) : s.sp / sg;
    entryC[i] = (s.idx >= 0 ? s.t.liqAbove[s.idx] : 0) / sg;
  } else {
    entryU[i] = Infinity;
    entryC[i] = 0;
  }
}

// d(input)/du summed over the members at the last aggSplit's solution, and that u.
const SPLIT_SLOPE = 2;
const SPLIT_U = 3;

/** Members' inputs at u into splitInputs; returns their sum, leaves the summed d(input)/du in last[SPLIT_SLOPE]. */
function membersAt(s: FAgg, members: Edge[], u: number): number {
  let sum = 0;
  let slope = 0;
  for (let i = 0; i < members.length; i++) {
    inputAtRate(s.ms[i], members[i], u);
    const x = last[INPUT];
    splitInputs[i] = x;
    sum += x;
    slope += last[RATE_SLOPE];
  }
  last[SPLIT_SLOPE] = slope;
  return sum;
}

/**
 * Splits `amount` among the aggregate's members by equal marginal rates: the point u = 1 / sqrt(lambda) where the
 * members' inputs add up to the amount. Each input is linear in u between kinks, so Newton steps on a model where
 * every member stays linear from its entry point (exact for constant product pools) give a first guess, and a
 * few safeguarded Newton steps on the members' true inputs finish. Leaves the inputs in splitInputs; returns
 * lambda, or -1 if the members together cannot take the amount.
 */
function aggSplit(s: FAgg, e: Edge, amount: number): number {
  // A split of the market's state is memoised: a Newton step prices a venue's flow again after simulating it.
  const root = s.own ? s.pristine : s;
  if (!root || !(amount > 0)) return solveAggSplit(s, e, amount);
  const key = e.zeroForOne ? amount : -amount;
  const hit = root.memo?.get(key);
  if (hit) {
    splitInputs.set(hit.inputs);
    last[SPLIT_U] = hit.u;
    last[SPLIT_SLOPE] = hit.slope;
    return hit.lambda;
  }
  const lambda = solveAggSplit(s, e, amount);
  root.memo ??= new Map();
  if (root.memo.size >= 16) root.memo.clear();
  const n = e.members!.length;
  root.memo.set(key, { lambda, u: last[SPLIT_U], slope: last[SPLIT_SLOPE], inputs: splitInputs.slice(0, n) });
  return lambda;
}

/** aggSplit without the memo. */
function solveAggSplit(s: FAgg, e: Edge, amount: number): number {
  const members = e.members!;
  const n = members.length;
  if (splitInputs.length < n) {
    splitInputs = new Float64Array(n * 2);
    entryU = new Float64Array(n * 2);
    entryC = new Float64Array(n * 2);
  }
  let floor = Infinity;
  for (let i = 0; i < n; i++) {
    memberEntry(s.ms[i], members[i], i);
    if (entryC[i] > 0 && entryU[i] < floor) floor = entryU[i];
  }
  if (floor === Infinity) return -1;
  // Newton from above on the linear model (convex, so every step stays at or above its root).
  let u = floor;
  for (let it = 0; it < 64; it++) {
    let C = 0;
    let E = 0;
    for (let i = 0; i < n; i++)
      if (entryU[i] <= u && entryC[i] > 0) {
        C += entryC[i];
        E += entryC[i] * entryU[i];
      }
    const guess = (amount + E) / C;
    if (it > 0 && guess >= u * (1 - 1e-15)) break;
    u = guess;
  }
  let lo = floor;
  let up = Infinity;
  let f = membersAt(s, members, u) - amount;
  for (let it = 0; it < 100; it++) {
    if (Math.abs(f) <= amount * 1e-12) break;
    if (f < 0) lo = u;
    else up = u;
    let next = last[SPLIT_SLOPE] > 0 ? u - f / last[SPLIT_SLOPE] : NaN;
    // A Newton step below float resolution: converged (the bracket test below would turn it into a bisection).
    if (Math.abs(next - u) <= u * 1e-15) break;
    if (!(next > lo && next < up)) next = up === Infinity ? u * 2 : (lo + up) / 2;
    // No lambda within 1e-12 of the best spot rate fills the amount: beyond the members' capacity.
    if (next > floor * 1e6) return -1;
    u = next;
    f = membersAt(s, members, u) - amount;
  }
  const sum = f + amount;
  if (!(sum > 0)) return -1;
  const scale = amount / sum;
  for (let i = 0; i < n; i++) splitInputs[i] *= scale;
  last[SPLIT_U] = u;
  return 1 / (u * u);
}

/**
 * d(lambda)/d(amount) of one trade of `amount` from state s: how fast the venue's trade derivative falls with
 * its flow (the second derivative of its output). Analytic for an aggregate, a relative difference otherwise.
 */
export function fRateSlope(s: FState, e: Edge, amount: number): number {
  if (s.k === 3) return 0;
  if (s.k === 4) {
    if (aggSplit(s, e, amount) < 0 || !(last[SPLIT_SLOPE] > 0)) return 0;
    // lambda = u^-2, so d(lambda)/d(amount) = (d(lambda)/du) / (d(amount)/du).
    const u = last[SPLIT_U];
    return -2 / (u * u * u * last[SPLIT_SLOPE]);
  }
  const h = Math.max(amount * 1e-6, 1e-9);
  return (fTradeDerivative(s, e, amount + h) - fTradeDerivative(s, e, amount)) / h;
}

function aggSwap(s: FAgg, e: Edge, amount: number, write: boolean): number {
  if (aggSplit(s, e, amount) < 0) return -1;
  const members = e.members!;
  // Members are pools, never aggregates, so their swaps leave splitInputs alone.
  const xs = splitInputs;
  let out = 0;
  for (let i = 0; i < members.length; i++) {
    const x = xs[i];
    if (!(x > 0)) continue;
    const o = fSwap(aggMember(s, i, write), members[i], x, write);
    if (o < 0) return -1;
    out += o;
  }
  return out;
}

/** The members' inputs of an equal-marginal split of `amount` (states untouched); null if they cannot take it. */
export function aggInputs(s: FAgg, e: Edge, amount: number): number[] | null {
  if (aggSplit(s, e, amount) < 0) return null;
  return Array.from(splitInputs.subarray(0, e.members!.length));
}

/** Member i's state of an aggregate held by a Sim, copied on first write. */
export function aggMember(s: FAgg, i: number, write: boolean): FState {
  if (write && s.own && !s.own[i]) {
    s.ms[i] = cloneState(s.ms[i]);
    s.own[i] = 1;
    s.pristine = null;
  }
  return s.ms[i];
}
