// Float models of every venue: used only to choose paths and split fractions; final amounts are exact bigint.
import { tickIndexAtOrBelow } from '../math/tickBitmap';
import { type ClTable, type Edge, type MarketIndex, sqrtPriceToFloat } from '../market/marketIndex';

export type FCp = { k: 0; r0: number; r1: number; g: number };
export type FCl = { k: 1; sp: number; idx: number; t: ClTable; g: number };
export type FSt = { k: 2; xp: number[]; mul: number[]; ann: number; fee: number; d: number };
export type FBr = { k: 3; used: number; cap: number; g: number; fixed: number };
export type FState = FCp | FCl | FSt | FBr;

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
  lastSqrtPrice = sp;
  if (write) {
    s.sp = sp;
    s.idx = i;
  }
  return out;
}

let lastSqrtPrice = 0;

// Input the float model finds just beyond a pool's range (relative): below its resolution, so the exact
// integer math decides whether the pool fills it.
const CAPACITY_TOLERANCE = 1e-9;

/** A V3 swap that used up every range: the output so far, the price parked at the last tick. */
function fillTo(s: FCl, out: number, sp: number, i: number, write: boolean): number {
  lastSqrtPrice = sp;
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
      const p = lastSqrtPrice * lastSqrtPrice;
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
