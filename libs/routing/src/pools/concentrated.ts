import { MAX_SQRT_RATIO, MAX_TICK, MIN_SQRT_RATIO, MIN_TICK } from '../math/constants';
import { computeSwapStep } from '../math/swapMath';
import { nextInitializedTickWithinOneWord, tickIndexAtOrBelow } from '../math/tickBitmap';
import { getSqrtRatioAtTick, getTickAtSqrtRatio } from '../math/tickMath';
import type { ConcentratedPool } from '../types';

export type ConcentratedState = { sqrtPriceX96: bigint; tick: number; liquidity: bigint };
export type ConcentratedSwap = { amountOut: bigint; state: ConcentratedState; ticksCrossed: number };

/**
 * Exact-input swap through a V3 pool, as UniswapV3Pool.swap with the widest price limit.
 * Returns null when liquidity runs out before the input is consumed (the chain would only fill partially).
 */
export function swapConcentratedExactIn(
  pool: Pick<ConcentratedPool, 'fee' | 'tickSpacing' | 'ticks'>,
  start: ConcentratedState,
  zeroForOne: boolean,
  amountIn: bigint,
): ConcentratedSwap | null {
  if (amountIn <= 0n) return amountIn === 0n ? { amountOut: 0n, state: start, ticksCrossed: 0 } : null;
  const { ticks, tickSpacing, fee } = pool;
  const limit = zeroForOne ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n;
  let remaining = amountIn;
  let out = 0n;
  let sqrtP = start.sqrtPriceX96;
  let tick = start.tick;
  let liquidity = start.liquidity;
  let crossed = 0;
  // the tick of a price inside a range is wanted only by a later step or by whoever reads the state after the swap
  // (most exact legs are priced once and never read it): solved when read, not when the last step lands inside a range
  let tickPending = false;
  while (remaining !== 0n && sqrtP !== limit) {
    if (tickPending) {
      tick = getTickAtSqrtRatio(sqrtP);
      tickPending = false;
    }
    if (liquidity === 0n) {
      // Without liquidity and no initialized tick ahead the swap can only end at the limit, unfilled.
      const i = tickIndexAtOrBelow(ticks, tick);
      if (zeroForOne ? i < 0 : i + 1 >= ticks.length) return null;
    }
    const startP = sqrtP;
    const [found, initialized, listIndex] = nextInitializedTickWithinOneWord(ticks, tick, zeroForOne, tickSpacing);
    let tickNext = found;
    if (tickNext < MIN_TICK) tickNext = MIN_TICK;
    else if (tickNext > MAX_TICK) tickNext = MAX_TICK;
    const sqrtNext = getSqrtRatioAtTick(tickNext);
    const target = (zeroForOne ? sqrtNext < limit : sqrtNext > limit) ? limit : sqrtNext;
    const step = computeSwapStep(sqrtP, target, liquidity, remaining, fee);
    sqrtP = step.sqrtRatioNextX96;
    remaining -= step.amountIn + step.feeAmount;
    out += step.amountOut;
    if (sqrtP === sqrtNext) {
      if (initialized) {
        const net = ticks[listIndex].liquidityNet;
        liquidity = zeroForOne ? liquidity - net : liquidity + net;
        if (liquidity < 0n) throw new Error('concentrated pool: negative liquidity, ticks inconsistent');
        crossed++;
      }
      tick = zeroForOne ? tickNext - 1 : tickNext;
    } else if (sqrtP !== startP) {
      tickPending = true;
    }
  }
  if (remaining !== 0n) return null;
  const state = tickPending ? stateAtPrice(sqrtP, liquidity) : { sqrtPriceX96: sqrtP, tick, liquidity };
  return { amountOut: out, state, ticksCrossed: crossed };
}

/** A state whose tick (getTickAtSqrtRatio of its price) is computed on first read, once. */
function stateAtPrice(sqrtPriceX96: bigint, liquidity: bigint): ConcentratedState {
  let tick: number | undefined;
  return {
    sqrtPriceX96,
    liquidity,
    get tick() {
      return (tick ??= getTickAtSqrtRatio(sqrtPriceX96));
    },
  };
}
