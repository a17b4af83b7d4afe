import { TickMath } from '@uniswap/v3-sdk';
import JSBI from 'jsbi';
import fc from 'fast-check';
import { computeSwapStep } from './swapMath';
import { getSqrtRatioAtTick, getTickAtSqrtRatio } from './tickMath';
import { MAX_TICK, MIN_TICK } from './constants';

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x = (x + n / x) >> 1n;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

/** v3-core's encodePriceSqrt: bignumber.js sqrt rounded half-up to 20 decimals, times 2^96, floored. */
function encodePriceSqrt(reserve1: bigint, reserve0: bigint): bigint {
  const n = (reserve1 * 10n ** 40n) / reserve0; // exact for the ratios used below
  let s = isqrt(n);
  if (n - s * s > s) s += 1n;
  return (s * (1n << 96n)) / 10n ** 20n;
}

const e18 = 10n ** 18n;

// Vectors from Uniswap v3-core test/SwapMath.spec.ts (#computeSwapStep).
describe('computeSwapStep (v3-core vectors)', () => {
  test.each([
    ['in', e18],
    ['out', -e18],
  ])('exact amount %s that gets capped at price target in one for zero', (_, amountRemaining) => {
    const target = encodePriceSqrt(101n, 100n);
    const r = computeSwapStep(encodePriceSqrt(1n, 1n), target, 2n * e18, amountRemaining, 600);
    expect(r).toEqual({
      sqrtRatioNextX96: target,
      amountIn: 9975124224178055n,
      feeAmount: 5988667735148n,
      amountOut: 9925619580021728n,
    });
  });
  test('exact amount in that is fully spent in one for zero', () => {
    const target = encodePriceSqrt(1000n, 100n);
    const r = computeSwapStep(encodePriceSqrt(1n, 1n), target, 2n * e18, e18, 600);
    expect(r.amountIn).toBe(999400000000000000n);
    expect(r.feeAmount).toBe(600000000000000n);
    expect(r.amountOut).toBe(666399946655997866n);
    expect(r.sqrtRatioNextX96 < target).toBe(true);
  });
  test('exact amount out that is fully received in one for zero', () => {
    const target = encodePriceSqrt(10000n, 100n);
    const r = computeSwapStep(encodePriceSqrt(1n, 1n), target, 2n * e18, -e18, 600);
    expect(r.amountIn).toBe(2000000000000000000n);
    expect(r.feeAmount).toBe(1200720432259356n);
    expect(r.amountOut).toBe(e18);
  });
  test.each<[string, Parameters<typeof computeSwapStep>, ReturnType<typeof computeSwapStep>]>([
    [
      'amount out is capped at the desired amount out',
      [417332158212080721273783715441582n, 1452870262520218020823638996n, 159344665391607089467575320103n, -1n, 1],
      { sqrtRatioNextX96: 417332158212080721273783715441581n, amountIn: 1n, feeAmount: 1n, amountOut: 1n },
    ],
    [
      'target price of 1 uses partial input amount',
      [2n, 1n, 1n, 3915081100057732413702495386755767n, 1],
      {
        sqrtRatioNextX96: 1n,
        amountIn: 39614081257132168796771975168n,
        feeAmount: 39614120871253040049813n,
        amountOut: 0n,
      },
    ],
    [
      'entire input amount taken as fee',
      [2413n, 79887613182836312n, 1985041575832132834610021537970n, 10n, 1872],
      { sqrtRatioNextX96: 2413n, amountIn: 0n, feeAmount: 10n, amountOut: 0n },
    ],
  ])('%s', (_, step, expected) => {
    expect(computeSwapStep(...step)).toEqual(expected);
  });
  // the target is the price moved by targetTenths / 10
  test.each([
    ['zero for one', 11n, -4n, { amountIn: 26215n, feeAmount: 79n, amountOut: 0n }],
    ['one for zero', 9n, -263000n, { amountIn: 1n, feeAmount: 1n, amountOut: 26214n }],
  ])('intermediate insufficient liquidity, %s exact output', (_, targetTenths, amountRemaining, amounts) => {
    const sqrtP = 20282409603651670423947251286016n;
    const target = (sqrtP * targetTenths) / 10n;
    const r = computeSwapStep(sqrtP, target, 1024n, amountRemaining, 3000);
    expect(r).toEqual({ sqrtRatioNextX96: target, ...amounts });
  });
});

describe('TickMath', () => {
  test('bounds match the chain constants', () => {
    expect(getSqrtRatioAtTick(MIN_TICK)).toBe(4295128739n);
    expect(getSqrtRatioAtTick(MAX_TICK)).toBe(1461446703485210103287273052203988822378723970342n);
    expect(getSqrtRatioAtTick(0)).toBe(1n << 96n);
  });
  test('matches v3-sdk TickMath in both directions on random ticks and prices', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MIN_TICK, max: MAX_TICK }),
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        (tick, frac) => {
          const ours = getSqrtRatioAtTick(tick);
          expect(ours.toString()).toBe(TickMath.getSqrtRatioAtTick(tick).toString());
          const p = tick < MAX_TICK ? ours + (frac % (getSqrtRatioAtTick(tick + 1) - ours)) : ours - 1n;
          // v3-sdk bundles its own jsbi copy; the value is structurally the same, only the nominal type differs.
          expect(getTickAtSqrtRatio(p)).toBe(TickMath.getTickAtSqrtRatio(JSBI.BigInt(p.toString()) as never));
        },
      ),
      { seed: 3, numRuns: 500 },
    );
  });
});
