import { CurrencyAmount, Token } from '@uniswap/sdk-core';
import { Pool, TickListDataProvider } from '@uniswap/v3-sdk';
import fc from 'fast-check';
import { MAX_TICK } from '../math/constants';
import { getSqrtRatioAtTick, getTickAtSqrtRatio } from '../math/tickMath';
import type { TickData } from '../types';
import { swapConcentratedExactIn } from './concentrated';

const T0 = new Token(1, '0x0000000000000000000000000000000000000001', 18);
const T1 = new Token(1, '0x0000000000000000000000000000000000000002', 18);
const TIERS = [
  [100, 1],
  [500, 10],
  [3000, 60],
  [10000, 200],
] as const;

type Case = { fee: number; spacing: number; tick: number; ticks: TickData[]; liquidity: bigint; sqrtPriceX96: bigint };

/** A pool with a full-range position plus random positions, so every case has liquidity everywhere. */
function buildCase(
  tier: number,
  tickSeed: number,
  positions: Array<[number, number, bigint]>,
  fullL: bigint,
  offset: number,
): Case {
  const [fee, spacing] = TIERS[tier];
  const tick = Math.round((tickSeed % 200_000) / spacing) * spacing + (offset % spacing);
  const net = new Map<number, bigint>();
  const gross = new Map<number, bigint>();
  const add = (lo: number, hi: number, l: bigint) => {
    net.set(lo, (net.get(lo) ?? 0n) + l);
    net.set(hi, (net.get(hi) ?? 0n) - l);
    gross.set(lo, (gross.get(lo) ?? 0n) + l);
    gross.set(hi, (gross.get(hi) ?? 0n) + l);
  };
  const maxUsable = Math.floor(MAX_TICK / spacing) * spacing;
  add(-maxUsable, maxUsable, fullL);
  for (const [a, w, l] of positions) {
    const lo = Math.floor((tick + (a - 50) * spacing) / spacing) * spacing;
    add(lo, lo + (1 + w) * spacing, l);
  }
  const ticks = [...net.keys()]
    .sort((x, y) => x - y)
    .map((index) => ({ index, liquidityNet: net.get(index)!, liquidityGross: gross.get(index)! }));
  let liquidity = 0n;
  for (const t of ticks) if (t.index <= tick) liquidity += t.liquidityNet;
  // A price strictly inside the current tick, so tick and sqrtPrice agree as in a live pool.
  const lo = getSqrtRatioAtTick(tick);
  const sqrtPriceX96 = lo + (getSqrtRatioAtTick(tick + 1) - lo) / 3n;
  return { fee, spacing, tick, ticks, liquidity, sqrtPriceX96 };
}

function sdkPool(c: Case): Pool {
  const ticks = c.ticks.map((t) => ({
    index: t.index,
    liquidityNet: t.liquidityNet.toString(),
    liquidityGross: t.liquidityGross.toString(),
  }));
  return new Pool(
    T0,
    T1,
    c.fee,
    c.sqrtPriceX96.toString(),
    c.liquidity.toString(),
    c.tick,
    new TickListDataProvider(ticks, c.spacing),
  );
}

describe('concentrated liquidity swap', () => {
  test('equals @uniswap/v3-sdk Pool.getOutputAmount (amount, price, tick, liquidity) on 1,000 random cases', async () => {
    let crossings = 0;
    const tiersSeen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 400_000 }),
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 100 }),
            fc.integer({ min: 0, max: 40 }),
            fc.bigInt({ min: 10n ** 12n, max: 10n ** 24n }),
          ),
          {
            minLength: 0,
            maxLength: 12,
          },
        ),
        fc.bigInt({ min: 10n ** 15n, max: 10n ** 24n }),
        fc.boolean(),
        fc.double({ min: -14, max: 0, noNaN: true }),
        fc.integer({ min: 0, max: 199 }),
        async (tier, tickSeed, positions, fullL, zeroForOne, logSize, offset) => {
          const c = buildCase(tier, tickSeed - 200_000, positions, fullL, offset);
          tiersSeen.add(c.fee);
          // Size relative to the active liquidity so that many swaps cross several initialized ticks.
          const sp = Number(c.sqrtPriceX96) / 2 ** 96;
          const scale = zeroForOne ? 1 / sp : sp;
          const amountIn = BigInt(Math.max(1, Math.floor(Number(c.liquidity) * scale * 10 ** logSize * 0.2)));
          const ours = swapConcentratedExactIn(
            { fee: c.fee, tickSpacing: c.spacing, ticks: c.ticks },
            c,
            zeroForOne,
            amountIn,
          );
          const [out, next] = await sdkPool(c).getOutputAmount(
            CurrencyAmount.fromRawAmount(zeroForOne ? T0 : T1, amountIn.toString()),
          );
          expect(ours).not.toBeNull();
          expect(ours!.amountOut.toString()).toBe(out.quotient.toString());
          expect(ours!.state.sqrtPriceX96.toString()).toBe(next.sqrtRatioX96.toString());
          expect(ours!.state.tick).toBe(next.tickCurrent);
          expect(ours!.state.liquidity.toString()).toBe(next.liquidity.toString());
          if (ours!.ticksCrossed > 0) crossings++;
        },
      ),
      { seed: 7, numRuns: 1000 },
    );
    expect(tiersSeen.size).toBe(4);
    expect(crossings).toBeGreaterThan(200);
  });

  test('drained liquidity is infeasible (null), not a number', () => {
    const spacing = 60;
    const ticks: TickData[] = [
      { index: -600, liquidityNet: 10n ** 18n, liquidityGross: 10n ** 18n },
      { index: 600, liquidityNet: -(10n ** 18n), liquidityGross: 10n ** 18n },
    ];
    const state = { sqrtPriceX96: getSqrtRatioAtTick(0), tick: 0, liquidity: 10n ** 18n };
    const pool = { fee: 3000, tickSpacing: spacing, ticks };
    const small = swapConcentratedExactIn(pool, state, true, 10n ** 15n);
    expect(small!.amountOut > 0n).toBe(true);
    // The range holds about 0.03e18 of token1; asking for far more cannot fill.
    expect(swapConcentratedExactIn(pool, state, true, 10n ** 20n)).toBeNull();
    expect(swapConcentratedExactIn(pool, state, false, 10n ** 20n)).toBeNull();
  });
  test('a swap that ends inside a range reports the tick of its price, and the next swap from that state prices as from a fresh one', () => {
    const ticks: TickData[] = [
      { index: -6000, liquidityNet: 10n ** 20n, liquidityGross: 10n ** 20n },
      { index: -600, liquidityNet: 10n ** 18n, liquidityGross: 10n ** 18n },
      { index: 600, liquidityNet: -(10n ** 18n), liquidityGross: 10n ** 18n },
      { index: 6000, liquidityNet: -(10n ** 20n), liquidityGross: 10n ** 20n },
    ];
    const pool = { fee: 3000, tickSpacing: 60, ticks };
    const start = { sqrtPriceX96: getSqrtRatioAtTick(0), tick: 0, liquidity: 10n ** 18n + 10n ** 20n };
    for (const zeroForOne of [true, false]) {
      let state = start;
      for (const amount of [10n ** 15n, 3n * 10n ** 17n, 2n * 10n ** 18n, 7n * 10n ** 16n]) {
        const r = swapConcentratedExactIn(pool, state, zeroForOne, amount)!;
        const eager = { ...r.state, tick: getTickAtSqrtRatio(r.state.sqrtPriceX96) };
        // the price landed inside a range: its tick is the one at or below the price, read as often as wanted
        if (r.state.sqrtPriceX96 !== getSqrtRatioAtTick(eager.tick)) expect(r.state.tick).toBe(eager.tick);
        expect(r.state.tick).toBe(r.state.tick);
        const fromLazy = swapConcentratedExactIn(pool, r.state, zeroForOne, amount)!;
        const fromEager = swapConcentratedExactIn(pool, eager, zeroForOne, amount)!;
        expect(fromLazy.amountOut).toBe(fromEager.amountOut);
        expect({ ...fromLazy.state }).toEqual({ ...fromEager.state });
        state = r.state;
      }
    }
  });
});
