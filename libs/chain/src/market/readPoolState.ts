import type { ConcentratedPool, ConstantProductPool, Pool, StableSwapPool, TickData } from '@intentmesh/routing';
import { decodeFunctionResult, encodeFunctionData, type Address, type Hex } from 'viem';
import { stableSwapPoolAbi, v2PairAbi, v3PoolAbi } from './abis';
import type { BatchReader } from './batchReader';
import type { PoolRef, TickWindow } from './types';

const MIN_TICK = -887272;
const MAX_TICK = 887272;

export type PoolState = { pool: Pool | null; window?: TickWindow };

type RefOf<K extends PoolRef['kind']> = Extract<PoolRef, { kind: K }>;

export type ReadPoolStateParameters = {
  reader: BatchReader;
  chainId: number;
  refs: readonly PoolRef[];
  blockNumber: bigint;
  /** Bitmap words loaded on each side of the current tick's word (default 2: five words of 256 tick spacings). */
  tickWords?: number;
};

const getReserves = encodeFunctionData({ abi: v2PairAbi, functionName: 'getReserves' });
const slot0 = encodeFunctionData({ abi: v3PoolAbi, functionName: 'slot0' });
const liquidity = encodeFunctionData({ abi: v3PoolAbi, functionName: 'liquidity' });
const getBalances = encodeFunctionData({ abi: stableSwapPoolAbi, functionName: 'getBalances' });

/**
 * Reads every pool's state at one block in batched calls: V2 reserves and StableSwap balances in one round; V3 slot0 and liquidity, then
 * the bitmap words around the price, then the initialized ticks in them. `pool` is null when the pool cannot be
 * routed (no reserves, or a V3 pool not initialized yet).
 */
export async function readPoolState({
  reader,
  chainId,
  refs,
  blockNumber,
  tickWords = 2,
}: ReadPoolStateParameters): Promise<Map<Address, PoolState>> {
  const out = new Map<Address, PoolState>();
  const v2 = refs.filter((r): r is RefOf<'v2'> => r.kind === 'v2');
  const v3 = refs.filter((r): r is RefOf<'v3'> => r.kind === 'v3');
  const stable = refs.filter((r): r is RefOf<'stable'> => r.kind === 'stable');
  const [v2Results, heads, stableResults] = await Promise.all([
    reader.read(
      v2.map((r) => ({ to: r.address, data: getReserves })),
      blockNumber,
    ),
    reader.read(
      v3.flatMap((r) => [
        { to: r.address, data: slot0 },
        { to: r.address, data: liquidity },
      ]),
      blockNumber,
    ),
    reader.read(
      stable.map((r) => ({ to: r.address, data: getBalances })),
      blockNumber,
    ),
  ]);
  v2.forEach((ref, k) => out.set(ref.address, { pool: v2Pool(ref, chainId, v2Results[k]) }));
  stable.forEach((ref, k) => out.set(ref.address, { pool: stablePool(ref, chainId, stableResults[k]) }));

  // round 2: the bitmap words around each initialized V3 pool's tick
  type Live = {
    ref: RefOf<'v3'>;
    sqrtPriceX96: bigint;
    tick: number;
    liquidity: bigint;
    words: number[];
  };
  const live: Live[] = [];
  v3.forEach((ref, k) => {
    const s = heads[2 * k];
    const l = heads[2 * k + 1];
    if (!s || !l) return void out.set(ref.address, { pool: null });
    const [sqrtPriceX96, tick] = decodeFunctionResult({ abi: v3PoolAbi, functionName: 'slot0', data: s });
    if (sqrtPriceX96 === 0n) return void out.set(ref.address, { pool: null });
    const centre = wordOf(tick, ref.tickSpacing);
    const [minWord, maxWord] = [wordOf(MIN_TICK, ref.tickSpacing), wordOf(MAX_TICK, ref.tickSpacing)];
    const words: number[] = [];
    for (let w = Math.max(minWord, centre - tickWords); w <= Math.min(maxWord, centre + tickWords); w++) words.push(w);
    live.push({
      ref,
      sqrtPriceX96,
      tick,
      liquidity: decodeFunctionResult({ abi: v3PoolAbi, functionName: 'liquidity', data: l }),
      words,
    });
  });
  const bitmaps = await reader.read(
    live.flatMap(({ ref, words }) =>
      words.map((w) => ({
        to: ref.address,
        data: encodeFunctionData({ abi: v3PoolAbi, functionName: 'tickBitmap', args: [w] }),
      })),
    ),
    blockNumber,
  );

  // round 3: every initialized tick in those words
  let at = 0;
  const tickIndexes = live.map(({ ref, words }) => {
    const found: number[] = [];
    for (const w of words) {
      const bits = bitmaps[at++];
      let map = bits ? BigInt(bits) : 0n;
      for (let bit = 0; map !== 0n; bit++, map >>= 1n) if (map & 1n) found.push((w * 256 + bit) * ref.tickSpacing);
    }
    return found;
  });
  const tickData = await reader.read(
    live.flatMap(({ ref }, k) =>
      tickIndexes[k].map((t) => ({
        to: ref.address,
        data: encodeFunctionData({ abi: v3PoolAbi, functionName: 'ticks', args: [t] }),
      })),
    ),
    blockNumber,
  );
  at = 0;
  live.forEach((p, k) => {
    const ticks: TickData[] = tickIndexes[k].map((index) => {
      const data = tickData[at++];
      if (!data) throw new Error(`pool ${p.ref.address}: ticks(${index}) failed`);
      const [liquidityGross, liquidityNet] = decodeFunctionResult({ abi: v3PoolAbi, functionName: 'ticks', data });
      return { index, liquidityNet, liquidityGross };
    });
    const window = {
      lo: p.words[0] * 256 * p.ref.tickSpacing,
      hi: ((p.words[p.words.length - 1] + 1) * 256 - 1) * p.ref.tickSpacing,
    };
    const { address: id, token0, token1, fee, tickSpacing } = p.ref;
    const closed = closeWindow(ticks, p.tick, p.liquidity, window, tickSpacing);
    const pool = concentratedPool({ id, chainId, token0, token1, fee, tickSpacing }, p, closed);
    out.set(p.ref.address, { pool, window });
  });
  return out;
}

function v2Pool(ref: RefOf<'v2'>, chainId: number, data: Hex | undefined): ConstantProductPool | null {
  if (!data) return null;
  const [reserve0, reserve1] = decodeFunctionResult({ abi: v2PairAbi, functionName: 'getReserves', data });
  if (reserve0 === 0n || reserve1 === 0n) return null;
  const { address: id, token0, token1, feeBps } = ref;
  return constantProductPool({ id, chainId, token0, token1, feeBps }, reserve0, reserve1);
}

// The two builders write a pool's fields in parseMarket's order, for the pools read here and the ones applyLogs
// updates alike: one object shape for every pool keeps the router's loops fast.

/** A V2 pool holding `reserve0` and `reserve1`. */
export function constantProductPool(
  p: Omit<ConstantProductPool, 'kind' | 'reserve0' | 'reserve1'>,
  reserve0: bigint,
  reserve1: bigint,
): ConstantProductPool {
  return {
    kind: 'constantProduct',
    id: p.id,
    chainId: p.chainId,
    token0: p.token0,
    token1: p.token1,
    reserve0,
    reserve1,
    feeBps: p.feeBps,
  };
}

/** A V3 pool at `price` with the initialized `ticks` around it. */
export function concentratedPool(
  p: Pick<ConcentratedPool, 'id' | 'chainId' | 'token0' | 'token1' | 'fee' | 'tickSpacing'>,
  price: Pick<ConcentratedPool, 'sqrtPriceX96' | 'tick' | 'liquidity'>,
  ticks: TickData[],
): ConcentratedPool {
  return {
    kind: 'concentrated',
    id: p.id,
    chainId: p.chainId,
    token0: p.token0,
    token1: p.token1,
    fee: p.fee,
    tickSpacing: p.tickSpacing,
    sqrtPriceX96: price.sqrtPriceX96,
    tick: price.tick,
    liquidity: price.liquidity,
    ticks,
  };
}

function stablePool(ref: RefOf<'stable'>, chainId: number, data: Hex | undefined): StableSwapPool | null {
  if (!data) return null;
  const balances = [...decodeFunctionResult({ abi: stableSwapPoolAbi, functionName: 'getBalances', data })];
  if (balances.length !== ref.tokens.length || balances.some((b) => b === 0n)) return null; // not seeded yet
  return {
    kind: 'stableSwap',
    id: ref.address,
    chainId,
    tokens: ref.tokens,
    balances,
    amplification: ref.amplification,
    fee: ref.fee,
    adminFee: ref.adminFee,
  };
}

/** Bitmap word of a tick, as TickBitmap.position(compress(tick)). */
export function wordOf(tick: number, tickSpacing: number): number {
  return Math.floor(tick / tickSpacing) >> 8;
}

/**
 * The loaded ticks, closed at the window's edges: liquidity that continues past an edge is ended there by a tick of
 * ours, placed where the chain's own search stops (the first tick of the lowest word, the last of the highest), so
 * every swap inside the window steps exactly as on chain and a swap that would leave it is infeasible, not wrong.
 * At the ends of the tick range nothing is added: the chain stops there too.
 */
export function closeWindow(
  ticks: TickData[],
  tick: number,
  liquidity: bigint,
  window: TickWindow,
  tickSpacing: number,
): TickData[] {
  let below = liquidity; // liquidity under the window's lowest tick
  let total = 0n;
  for (const t of ticks) {
    if (t.index <= tick) below -= t.liquidityNet;
    total += t.liquidityNet;
  }
  if (below < 0n) throw new Error('pool ticks inconsistent with its liquidity');
  const out = ticks.map((t) => ({ index: t.index, liquidityNet: t.liquidityNet, liquidityGross: t.liquidityGross }));
  const add = (index: number, net: bigint) => {
    if (net === 0n) return;
    const hit = out.find((t) => t.index === index);
    if (hit) {
      hit.liquidityNet += net;
      hit.liquidityGross += net < 0n ? -net : net;
    } else out.push({ index, liquidityNet: net, liquidityGross: net < 0n ? -net : net });
  };
  if (wordOf(window.lo, tickSpacing) > wordOf(MIN_TICK, tickSpacing)) add(window.lo, below);
  if (wordOf(window.hi, tickSpacing) < wordOf(MAX_TICK, tickSpacing)) add(window.hi, -(below + total));
  return out.sort((a, b) => a.index - b.index);
}
