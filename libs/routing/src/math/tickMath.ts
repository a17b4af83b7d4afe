import { MAX_SQRT_RATIO, MAX_TICK, MAX_UINT256, MIN_SQRT_RATIO, MIN_TICK } from './constants';

// Magic constants from Uniswap v3-core TickMath.sol: ratio = 2^128 / sqrt(1.0001)^(2^i).
const FACTORS: ReadonlyArray<readonly [number, bigint]> = [
  [0x2, 0xfff97272373d413259a46990580e213an],
  [0x4, 0xfff2e50f5f656932ef12357cf3c7fdccn],
  [0x8, 0xffe5caca7e10e4e61c3624eaa0941cd0n],
  [0x10, 0xffcb9843d60f6159c9db58835c926644n],
  [0x20, 0xff973b41fa98c081472e6896dfb254c0n],
  [0x40, 0xff2ea16466c96a3843ec78b326b52861n],
  [0x80, 0xfe5dee046a99a2a811c461f1969c3053n],
  [0x100, 0xfcbe86c7900a88aedcffc83b479aa3a4n],
  [0x200, 0xf987a7253ac413176f2b074cf7815e54n],
  [0x400, 0xf3392b0822b70005940c7a398e4b70f3n],
  [0x800, 0xe7159475a2c29b7443b29c7fa6e889d9n],
  [0x1000, 0xd097f3bdfd2022b8845ad8f792aa5825n],
  [0x2000, 0xa9f746462d870fdf8a65dc1f90e061e5n],
  [0x4000, 0x70d869a156d2a1b890bb3df62baf32f7n],
  [0x8000, 0x31be135f97d08fd981231505542fcfa6n],
  [0x10000, 0x9aa508b5b7a84e1c677de54f3e99bc9n],
  [0x20000, 0x5d6af8dedb81196699c329225ee604n],
  [0x40000, 0x2216e584f5fa1ea926041bedfe98n],
  [0x80000, 0x48a170391f7dc42444e8fa2n],
];

const cache = new Map<number, bigint>();

/** sqrt(1.0001^tick) * 2^96, rounded up, exactly as TickMath.getSqrtRatioAtTick. */
export function getSqrtRatioAtTick(tick: number): bigint {
  if (!Number.isInteger(tick) || tick < MIN_TICK || tick > MAX_TICK) throw new Error(`tick out of range: ${tick}`);
  const hit = cache.get(tick);
  if (hit !== undefined) return hit;
  const absTick = tick < 0 ? -tick : tick;
  let ratio = (absTick & 0x1) !== 0 ? 0xfffcb933bd6fad37aa2d162d1a594001n : 0x100000000000000000000000000000000n;
  for (const [bit, factor] of FACTORS) if ((absTick & bit) !== 0) ratio = (ratio * factor) >> 128n;
  if (tick > 0) ratio = MAX_UINT256 / ratio;
  const result = (ratio >> 32n) + (ratio % (1n << 32n) === 0n ? 0n : 1n);
  // Ticks of a market are a small recurring set; memoising keeps the swap loop cheap.
  if (cache.size < 200_000) cache.set(tick, result);
  return result;
}

function mostSignificantBit(x: bigint): number {
  return x.toString(2).length - 1;
}

/** Greatest tick whose sqrt ratio is <= sqrtPriceX96, exactly as TickMath.getTickAtSqrtRatio. */
export function getTickAtSqrtRatio(sqrtPriceX96: bigint): number {
  if (sqrtPriceX96 < MIN_SQRT_RATIO || sqrtPriceX96 >= MAX_SQRT_RATIO) throw new Error('sqrt ratio out of range');
  const sqrtRatioX128 = sqrtPriceX96 << 32n;
  const msb = mostSignificantBit(sqrtRatioX128);
  let r = msb >= 128 ? sqrtRatioX128 >> BigInt(msb - 127) : sqrtRatioX128 << BigInt(127 - msb);
  let log2 = BigInt(msb - 128) << 64n;
  for (let i = 0; i < 14; i++) {
    r = (r * r) >> 127n;
    const f = r >> 128n;
    log2 = log2 | (f << BigInt(63 - i));
    r = r >> f;
  }
  const logSqrt10001 = log2 * 255738958999603826347141n;
  const tickLow = Number((logSqrt10001 - 3402992956809132418596140100660247210n) >> 128n);
  const tickHigh = Number((logSqrt10001 + 291339464771989622907027621153398088495n) >> 128n);
  if (tickLow === tickHigh) return tickLow;
  return getSqrtRatioAtTick(tickHigh) <= sqrtPriceX96 ? tickHigh : tickLow;
}
