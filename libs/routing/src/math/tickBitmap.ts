import type { TickData } from '../types';

/** Index of the last tick with index <= tick, or -1. Ticks are sorted by index. */
export function tickIndexAtOrBelow(ticks: readonly TickData[], tick: number): number {
  let lo = 0;
  let hi = ticks.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ticks[mid].index <= tick) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/**
 * TickBitmap.nextInitializedTickWithinOneWord over a sorted tick list: the search never leaves the
 * 256-tick-spacing word of the current tick, so a swap steps on word boundaries exactly as on chain.
 */
export function nextInitializedTickWithinOneWord(
  ticks: readonly TickData[],
  tick: number,
  lte: boolean,
  tickSpacing: number,
): [next: number, initialized: boolean, listIndex: number] {
  const compressed = Math.floor(tick / tickSpacing);
  if (lte) {
    const minimum = ((compressed >> 8) << 8) * tickSpacing;
    const i = tickIndexAtOrBelow(ticks, tick);
    if (i < 0 || ticks[i].index < minimum) return [minimum, false, -1];
    return [ticks[i].index, true, i];
  }
  const maximum = ((((compressed + 1) >> 8) + 1) * 256 - 1) * tickSpacing;
  const i = tickIndexAtOrBelow(ticks, tick) + 1;
  if (i >= ticks.length || ticks[i].index > maximum) return [maximum, false, -1];
  return [ticks[i].index, true, i];
}
