import type { Pool } from '@intentmesh/routing';
import { decodeAbiParameters, toEventSelector, type Address } from 'viem';
import { stableSwapPoolAbi, v2PairAbi, v3PoolAbi } from './abis';
import type { RawLog } from './getLogs';
import { concentratedPool, constantProductPool, wordOf } from './readPoolState';
import type { TickWindow } from './types';
import { lowerAddress } from '@intentmesh/protocol';

const eventOf = (name: string) => {
  const e = [...v2PairAbi, ...v3PoolAbi, ...stableSwapPoolAbi].find((x) => x.type === 'event' && x.name === name);
  if (!e || e.type !== 'event') throw new Error(name);
  return toEventSelector(e);
};
export const SYNC = eventOf('Sync');
export const SWAP_V3 = eventOf('Swap');
export const MINT_V3 = eventOf('Mint');
export const BURN_V3 = eventOf('Burn');
export const INITIALIZE_V3 = eventOf('Initialize');
export const STABLE_EXCHANGE = eventOf('TokenExchange');
export const STABLE_SEEDED = eventOf('Seeded');
export const POOL_EVENTS = [SYNC, SWAP_V3, MINT_V3, BURN_V3, INITIALIZE_V3, STABLE_EXCHANGE, STABLE_SEEDED];

const SYNC_DATA = [{ type: 'uint112' }, { type: 'uint112' }] as const;
const SWAP_DATA = [
  { type: 'int256' },
  { type: 'int256' },
  { type: 'uint160' },
  { type: 'uint128' },
  { type: 'int24' },
] as const;

export type PoolStateView = { pool: Pool | null; window?: TickWindow; kind: 'v2' | 'v3' | 'stable' };

/**
 * Applies pool logs in chain order. A V2 Sync carries the new reserves and a V3 Swap the new price, tick and
 * liquidity, so both are applied as they are; a V3 Mint, Burn or Initialize changes ticks, and a Swap that leaves the
 * inner words of the loaded window needs fresh ticks: those pools are returned to be read again. A StableSwap's
 * exchange or seeding is read again too (one getBalances call: its log does not carry the balances after the fee).
 * Returns the pools whose state changed and the ones to re-read.
 */
export function applyLogs(
  logs: readonly RawLog[],
  pools: Map<Address, PoolStateView>,
): { changed: Set<Address>; reread: Set<Address> } {
  const changed = new Set<Address>();
  const reread = new Set<Address>();
  for (const log of logs) {
    const address = lowerAddress(log.address);
    const state = pools.get(address);
    if (!state) continue;
    const topic = log.topics[0];
    if (state.kind === 'v2' && topic === SYNC) {
      const [reserve0, reserve1] = decodeAbiParameters(SYNC_DATA, log.data);
      const p = state.pool;
      if (p && p.kind === 'constantProduct' && reserve0 > 0n && reserve1 > 0n)
        state.pool = constantProductPool(p, reserve0, reserve1);
      else reread.add(address); // from or to empty reserves: the pool enters or leaves the market
      changed.add(address);
    } else if (state.kind === 'v3' && topic === SWAP_V3) {
      const [, , sqrtPriceX96, liquidity, tick] = decodeAbiParameters(SWAP_DATA, log.data);
      const p = state.pool;
      changed.add(address);
      if (!p || p.kind !== 'concentrated' || !state.window) {
        reread.add(address);
        continue;
      }
      state.pool = concentratedPool(p, { sqrtPriceX96, tick, liquidity }, p.ticks);
      // keep a whole word of known ticks on each side of the price, or read the window again around it
      const w = wordOf(tick, p.tickSpacing);
      if (w <= wordOf(state.window.lo, p.tickSpacing) || w >= wordOf(state.window.hi, p.tickSpacing))
        reread.add(address);
    } else if (state.kind === 'stable' && (topic === STABLE_EXCHANGE || topic === STABLE_SEEDED)) {
      changed.add(address);
      reread.add(address);
    } else if (state.kind === 'v3' && (topic === MINT_V3 || topic === BURN_V3 || topic === INITIALIZE_V3)) {
      changed.add(address);
      reread.add(address);
    }
  }
  return { changed, reread };
}
