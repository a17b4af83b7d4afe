import fc from 'fast-check';
import { exchangeStableSwap, getD, getDx, getDy, getY, stableRate, type StableParams } from './stableSwap';

const e18 = 10n ** 18n;
const params = (decimals: number[], amp: bigint, fee: bigint, adminFee = 0n): StableParams => ({
  amplification: amp,
  fee,
  adminFee,
  rates: decimals.map(stableRate),
});
const xpOf = (p: StableParams, balances: bigint[]) => balances.map((b, k) => (b * p.rates[k]) / e18);

describe('stableswap', () => {
  test('hand vector: balanced pool has D equal to the sum of balances', () => {
    expect(getD([10n ** 24n, 10n ** 24n, 10n ** 24n], 100n)).toBe(3n * 10n ** 24n);
  });

  test('hand vector: n=2, A=1, x=3e18, y=1e18 solves d^3 + 12d - 96 = 0 (d in 1e18 units, d ~ 3.7178)', () => {
    // Invariant Ann*S + D = Ann*D + D^3/(4xy) with Ann = 2 gives 8 - d = d^3/12.
    const d = getD([3n * e18, e18], 1n);
    expect(d > 3_717_000_000_000_000_000n && d < 3_719_000_000_000_000_000n).toBe(true);
    const residual = d ** 3n + 12n * d * e18 * e18 - 96n * e18 ** 3n;
    // |residual| / derivative (3d^2 + 12) bounds the distance to the exact root: a few wei.
    expect((residual < 0n ? -residual : residual) / ((3n * d * d + 12n * e18 * e18) / 1n)).toBeLessThanOrEqual(2n);
  });

  test('hand vector: get_y with the unchanged balance returns the other balance (within 1 wei)', () => {
    const xp = [5n * 10n ** 23n, 7n * 10n ** 23n, 9n * 10n ** 23n];
    const y = getY(0, 2, xp[0], xp, 200n);
    expect(y - xp[2] <= 1n && xp[2] - y <= 1n).toBe(true);
  });

  const pool = fc.record({
    // Deployed Curve pools use A from about 10 (A=1 is nearly constant product) to a few thousand.
    amp: fc.bigInt({ min: 10n, max: 5000n }),
    n: fc.integer({ min: 2, max: 3 }),
    // Up to 20x imbalance: beyond that a StableSwap pool no longer behaves as one in practice.
    bal: fc.array(fc.bigInt({ min: 10n ** 6n, max: 2n * 10n ** 7n }), { minLength: 3, maxLength: 3 }),
    decimals: fc.array(fc.constantFrom(6, 8, 18), { minLength: 3, maxLength: 3 }),
  });

  let maxGrowth = 0n;
  afterAll(() => console.log(`stableswap: largest D growth over a fee-less exchange: ${maxGrowth} wei`));
  test('without fees, an exchange keeps D: it never decreases and grows only by the wei Curve withholds', () => {
    fc.assert(
      fc.property(pool, fc.double({ min: 1e-6, max: 0.5, noNaN: true }), (c, frac) => {
        // 18-decimal coins: no flooring to coin decimals, so only Curve's deliberate -1 wei moves D.
        const decimals = c.decimals.slice(0, c.n).map(() => 18);
        const p = params(decimals, c.amp, 0n);
        const balances = c.bal.slice(0, c.n).map((b, k) => b * 10n ** BigInt(decimals[k]));
        const dx = BigInt(Math.max(1, Math.floor(Number(balances[0]) * frac)));
        const r = exchangeStableSwap(p, balances, 0, 1, dx);
        if (!r) return;
        const d0 = getD(xpOf(p, balances), c.amp);
        const d1 = getD(xpOf(p, r.balances), c.amp);
        expect(d1 >= d0).toBe(true);
        // Curve withholds 1 wei of coin j and get_y stops within 1 wei: D may move by ~3 wei of coin j, i.e.
        // 3 * dD/dx_j (above 1 in imbalanced pools), plus get_D's own 1-wei stopping rule.
        const xp1 = xpOf(p, r.balances);
        const bump = 10n ** 9n;
        const dDdxj =
          (getD(
            xp1.map((v, k) => (k === 1 ? v + bump : v)),
            c.amp,
          ) -
            d1 +
            bump -
            1n) /
          bump;
        expect(d1 - d0).toBeLessThanOrEqual(3n * dDdxj + 1n);
        maxGrowth = d1 - d0 > maxGrowth ? d1 - d0 : maxGrowth;
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  test('in a near-balanced pool a fee-less exchange moves D by at most a few wei', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 100n, max: 5000n }),
        fc.array(fc.bigInt({ min: 10n ** 24n, max: 2n * 10n ** 24n }), { minLength: 3, maxLength: 3 }),
        fc.double({ min: 1e-6, max: 0.1, noNaN: true }),
        (amp, balances, frac) => {
          const p = params([18, 18, 18], amp, 0n);
          const dx = BigInt(Math.floor(Number(balances[0]) * frac));
          const r = exchangeStableSwap(p, balances, 0, 1, dx)!;
          const growth = getD(r.balances, amp) - getD(balances, amp);
          expect(growth >= 0n && growth <= 3n).toBe(true);
        },
      ),
      { seed: 13, numRuns: 300 },
    );
  });

  test('output is monotone in input and get_dy agrees with its inverse get_dx', () => {
    fc.assert(
      fc.property(pool, fc.double({ min: 1e-7, max: 0.3, noNaN: true }), (c, frac) => {
        const decimals = c.decimals.slice(0, c.n);
        const p = params(decimals, c.amp, 4_000_000n, 5_000_000_000n);
        const balances = c.bal.slice(0, c.n).map((b, k) => b * 10n ** BigInt(decimals[k]));
        const dx = BigInt(Math.max(10 ** decimals[0], Math.floor(Number(balances[0]) * frac)));
        const dy = getDy(p, balances, 0, 1, dx);
        expect(getDy(p, balances, 0, 1, dx + dx / 10n + 1n) >= dy).toBe(true);
        expect(getDy(p, balances, 0, 1, dx / 2n) <= dy).toBe(true);
        if (dy <= 0n) return;
        const back = getDx(p, balances, 0, 1, dy);
        // Asking get_dx for get_dy's output needs about dx again: within rounding of both coins' decimals.
        // get_dy floors to whole output units; one output unit is worth about dx/dy input units.
        const tol = dx / 10n ** 9n + 2n * (dx / dy + 1n) + 2n;
        expect(back >= dx - tol && back <= dx + tol).toBe(true);
        // get_dx floors to whole input units; one input unit is worth about dy/dx output units.
        const tolOut = 2n * (dy / dx + 1n) + 1n;
        expect(getDy(p, balances, 0, 1, back) >= dy - tolOut).toBe(true);
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  test('exchange() pays get_dy up to the rounding difference Curve has between the two', () => {
    const p = params([18, 6, 6], 200n, 4_000_000n, 5_000_000_000n);
    const balances = [30_000_000n * e18, 31_000_000n * 10n ** 6n, 29_000_000n * 10n ** 6n];
    const dx = 1_000_000n * e18;
    const r = exchangeStableSwap(p, balances, 0, 1, dx)!;
    const view = getDy(p, balances, 0, 1, dx);
    expect(r.dy - view <= 1n && view - r.dy <= 1n).toBe(true);
    expect(r.balances[0]).toBe(balances[0] + dx);
    // Admin takes half the fee out of the pool: balance drops by more than dy.
    expect(balances[1] - r.balances[1] > r.dy).toBe(true);
    expect(r.dy > 999_000n * 10n ** 6n && r.dy < 1_000_000n * 10n ** 6n).toBe(true);
  });
});
