// Curve StableSwap (3pool) integer math: every division floors exactly as the Vyper contract does.
export const STABLE_FEE_DENOMINATOR = 10_000_000_000n;
export const STABLE_PRECISION = 10n ** 18n;

/** Curve's RATES: scale each balance to 18 decimals. */
export function stableRate(decimals: number): bigint {
  return 10n ** BigInt(36 - decimals);
}

export function getD(xp: readonly bigint[], amp: bigint): bigint {
  const n = BigInt(xp.length);
  let s = 0n;
  for (const x of xp) s += x;
  if (s === 0n) return 0n;
  let d = s;
  const ann = amp * n;
  for (let k = 0; k < 255; k++) {
    let dP = d;
    for (const x of xp) dP = (dP * d) / (x * n);
    const prev = d;
    d = ((ann * s + dP * n) * d) / ((ann - 1n) * d + (n + 1n) * dP);
    if (d > prev ? d - prev <= 1n : prev - d <= 1n) return d;
  }
  throw new Error('stableswap: get_D did not converge');
}

/** Balance of coin j that keeps D when coin i is set to x (Curve get_y). */
export function getY(i: number, j: number, x: bigint, xp: readonly bigint[], amp: bigint, d = getD(xp, amp)): bigint {
  if (i === j || i < 0 || j < 0 || i >= xp.length || j >= xp.length) throw new Error('stableswap: bad coin index');
  const n = BigInt(xp.length);
  const ann = amp * n;
  let c = d;
  let s = 0n;
  for (let k = 0; k < xp.length; k++) {
    if (k === j) continue;
    const xk = k === i ? x : xp[k];
    s += xk;
    c = (c * d) / (xk * n);
  }
  c = (c * d) / (ann * n);
  const b = s + d / ann;
  let y = d;
  for (let k = 0; k < 255; k++) {
    const prev = y;
    y = (y * y + c) / (2n * y + b - d);
    if (y > prev ? y - prev <= 1n : prev - y <= 1n) return y;
  }
  throw new Error('stableswap: get_y did not converge');
}

export type StableParams = { amplification: bigint; fee: bigint; adminFee: bigint; rates: readonly bigint[] };

function xpOf(balances: readonly bigint[], rates: readonly bigint[]): bigint[] {
  return balances.map((b, k) => (b * rates[k]) / STABLE_PRECISION);
}

/** Curve get_dy view: output for dx of coin i, fee deducted. */
export function getDy(p: StableParams, balances: readonly bigint[], i: number, j: number, dx: bigint): bigint {
  const xp = xpOf(balances, p.rates);
  const x = xp[i] + (dx * p.rates[i]) / STABLE_PRECISION;
  const y = getY(i, j, x, xp, p.amplification);
  const dy = ((xp[j] - y - 1n) * STABLE_PRECISION) / p.rates[j];
  return dy - (p.fee * dy) / STABLE_FEE_DENOMINATOR;
}

/** Input of coin i needed for dy of coin j (stableswap-ng get_dx); inverse of getDy up to rounding. */
export function getDx(p: StableParams, balances: readonly bigint[], i: number, j: number, dy: bigint): bigint {
  const xp = xpOf(balances, p.rates);
  const y =
    xp[j] - (((dy * p.rates[j]) / STABLE_PRECISION + 1n) * STABLE_FEE_DENOMINATOR) / (STABLE_FEE_DENOMINATOR - p.fee);
  if (y <= 0n) throw new Error('stableswap: dy exceeds balance');
  const x = getY(j, i, y, xp, p.amplification);
  return ((x - xp[i]) * STABLE_PRECISION) / p.rates[i];
}

/** A pool state's scaled balances and invariant D: what every trade from that state starts with (stableInvariant). */
export type StableInvariant = { xp: readonly bigint[]; d: bigint };

/** The scaled balances and D of `balances` (the same values exchangeStableSwap computes first, given once for many trades). */
export function stableInvariant(p: StableParams, balances: readonly bigint[]): StableInvariant {
  const xp = xpOf(balances, p.rates);
  return { xp, d: getD(xp, p.amplification) };
}

/**
 * Curve exchange(): what the trader receives and the balances afterwards (admin fee leaves the pool). `invariant`:
 * stableInvariant(p, balances) when the caller holds it already (a router pricing many amounts from one state); the
 * result is the same to the wei.
 */
export function exchangeStableSwap(
  p: StableParams,
  balances: readonly bigint[],
  i: number,
  j: number,
  dx: bigint,
  invariant: StableInvariant = stableInvariant(p, balances),
): { dy: bigint; balances: bigint[] } | null {
  if (dx < 0n) return null;
  const { xp, d } = invariant;
  const x = xp[i] + (dx * p.rates[i]) / STABLE_PRECISION;
  const y = getY(i, j, x, xp, p.amplification, d);
  const dyRaw = xp[j] - y - 1n;
  if (dyRaw < 0n) return null;
  const dyFee = (dyRaw * p.fee) / STABLE_FEE_DENOMINATOR;
  const dy = ((dyRaw - dyFee) * STABLE_PRECISION) / p.rates[j];
  const adminFee = (((dyFee * p.adminFee) / STABLE_FEE_DENOMINATOR) * STABLE_PRECISION) / p.rates[j];
  const next = balances.slice();
  next[i] = balances[i] + dx;
  next[j] = balances[j] - dy - adminFee;
  if (next[j] <= 0n) return null;
  return { dy, balances: next };
}
