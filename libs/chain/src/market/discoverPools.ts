import { lowerAddress } from '@intentmesh/protocol';
import {
  decodeAbiParameters,
  decodeFunctionResult,
  encodeFunctionData,
  toEventSelector,
  type PublicClient,
} from 'viem';
import { stableSwapPoolAbi, v2FactoryEvents, v2PairAbi, v3FactoryEvents, v3PoolAbi } from './abis';
import type { BatchReader } from './batchReader';
import { STABLE_SEEDED } from './applyLogs';
import { getLogs, type RawLog } from './getLogs';
import type { FactorySpec, PoolRef, PoolSpec } from './types';

export const PAIR_CREATED = toEventSelector(v2FactoryEvents[0]);
export const POOL_CREATED = toEventSelector(v3FactoryEvents[0]);
const CREATION: Record<FactorySpec['kind'], `0x${string}`> = {
  v2: PAIR_CREATED,
  v3: POOL_CREATED,
  stable: STABLE_SEEDED,
};
const SEEDED_DATA = [
  { type: 'address[]' },
  { type: 'uint256[]' },
  { type: 'uint256' },
  { type: 'uint256' },
  { type: 'uint256' },
] as const;

/** The pool a creation log announces, when it comes from one of `factories`; undefined otherwise. */
export function poolFromCreationLog(log: RawLog, factories: readonly FactorySpec[]): PoolRef | undefined {
  const topic = log.topics[0];
  const kind =
    topic === PAIR_CREATED ? 'v2' : topic === POOL_CREATED ? 'v3' : topic === STABLE_SEEDED ? 'stable' : undefined;
  const factory =
    kind &&
    factories.find((f) => f.kind === kind && (!f.address || lowerAddress(f.address) === lowerAddress(log.address)));
  if (!factory) return undefined;
  const createdBlock = BigInt(log.blockNumber);
  const topicAddress = (t: `0x${string}` | undefined) => lowerAddress(`0x${(t ?? '').slice(26)}`);
  try {
    if (kind === 'stable') {
      // a StableSwap announces itself: the emitter is the pool
      const [coins, , amplification, fee, adminFee] = decodeAbiParameters(SEEDED_DATA, log.data);
      if (coins.length < 2 || coins.length > 8) return undefined;
      return {
        kind,
        address: lowerAddress(log.address),
        tokens: coins.map((c) => lowerAddress(c)),
        amplification,
        fee,
        adminFee,
        createdBlock,
      };
    }
    const token0 = topicAddress(log.topics[1]);
    const token1 = topicAddress(log.topics[2]);
    if (kind === 'v2') {
      const [pair] = decodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], log.data);
      return { kind, address: lowerAddress(pair), token0, token1, feeBps: factory.feeBps ?? 30, createdBlock };
    }
    const [tickSpacing, pool] = decodeAbiParameters([{ type: 'int24' }, { type: 'address' }], log.data);
    return {
      kind: 'v3',
      address: lowerAddress(pool),
      token0,
      token1,
      fee: Number(BigInt(log.topics[3] ?? '0x0')),
      tickSpacing,
      createdBlock,
    };
  } catch {
    return undefined; // an event with the same topic but another layout: not a pool of ours
  }
}

export type DiscoverPoolsParameters = {
  client: PublicClient;
  factories: readonly FactorySpec[];
  fromBlock: bigint;
  toBlock: bigint;
  maxRange?: bigint;
};

/** Pools created by the factories between two blocks (inclusive), in creation order. */
export async function discoverPools({
  client,
  factories,
  fromBlock,
  toBlock,
  maxRange,
}: DiscoverPoolsParameters): Promise<PoolRef[]> {
  const out: PoolRef[] = [];
  for (const f of factories) {
    const from = f.fromBlock !== undefined && f.fromBlock > fromBlock ? f.fromBlock : fromBlock;
    if (from > toBlock) continue;
    const logs = await getLogs({
      client,
      fromBlock: from,
      toBlock,
      events: [CREATION[f.kind]],
      address: f.address,
      maxRange,
    });
    for (const log of logs) {
      const ref = poolFromCreationLog(log, [f]);
      if (ref) out.push(ref);
    }
  }
  return out.sort((a, b) => (a.createdBlock < b.createdBlock ? -1 : a.createdBlock > b.createdBlock ? 1 : 0));
}

/** Pools named by configuration: their tokens (V3 fee and spacing, StableSwap coins and parameters) read from the pools at `blockNumber`. */
export async function resolvePoolSpecs(
  reader: BatchReader,
  specs: readonly PoolSpec[],
  blockNumber: bigint,
): Promise<PoolRef[]> {
  const fns = (s: PoolSpec) =>
    s.kind === 'v2'
      ? (['token0', 'token1'] as const)
      : s.kind === 'v3'
        ? (['token0', 'token1', 'fee', 'tickSpacing'] as const)
        : (['coinCount', 'A', 'fee', 'adminFee'] as const);
  const abiOf = (s: PoolSpec) => (s.kind === 'stable' ? stableSwapPoolAbi : v3PoolAbi);
  const calls = specs.flatMap((s) =>
    fns(s).map((functionName) => ({
      to: lowerAddress(s.address),
      data: encodeFunctionData({ abi: abiOf(s), functionName } as never),
    })),
  );
  const results = await reader.read(calls, blockNumber);
  let at = 0;
  const heads = specs.map((s) => {
    const r = fns(s).map(() => results[at++]);
    if (r.some((x) => !x))
      throw new Error(`configured ${s.kind} pool ${lowerAddress(s.address)} does not answer ${fns(s).join('/')}`);
    return r as `0x${string}`[];
  });
  // a StableSwap's coins, one call each, once its coin count is known
  const coinCount = (k: number) =>
    specs[k].kind === 'stable'
      ? Number(decodeFunctionResult({ abi: stableSwapPoolAbi, functionName: 'coinCount', data: heads[k][0] }))
      : 0;
  const coinCalls = specs.flatMap((s, k) =>
    Array.from({ length: Math.min(coinCount(k), 8) }, (_, i) => ({
      to: lowerAddress(s.address),
      data: encodeFunctionData({ abi: stableSwapPoolAbi, functionName: 'coins', args: [BigInt(i)] }),
    })),
  );
  const coinResults = await reader.read(coinCalls, blockNumber);
  at = 0;
  return specs.map((s, k): PoolRef => {
    const address = lowerAddress(s.address);
    const r = heads[k];
    if (s.kind === 'stable') {
      const n = Math.min(coinCount(k), 8);
      const tokens = coinResults.slice(at, (at += n)).map((data) => {
        if (!data) throw new Error(`configured stable pool ${address} does not answer coins(i)`);
        return lowerAddress(decodeFunctionResult({ abi: stableSwapPoolAbi, functionName: 'coins', data }));
      });
      const num = (functionName: 'A' | 'fee' | 'adminFee', data: `0x${string}`) =>
        decodeFunctionResult({ abi: stableSwapPoolAbi, functionName, data });
      return {
        kind: 'stable',
        address,
        tokens,
        amplification: num('A', r[1]),
        fee: num('fee', r[2]),
        adminFee: num('adminFee', r[3]),
        createdBlock: 0n,
      };
    }
    const token0 = lowerAddress(decodeFunctionResult({ abi: v2PairAbi, functionName: 'token0', data: r[0] }));
    const token1 = lowerAddress(decodeFunctionResult({ abi: v2PairAbi, functionName: 'token1', data: r[1] }));
    if (s.kind === 'v2') return { kind: 'v2', address, token0, token1, feeBps: s.feeBps ?? 30, createdBlock: 0n };
    const fee = decodeFunctionResult({ abi: v3PoolAbi, functionName: 'fee', data: r[2] });
    const tickSpacing = decodeFunctionResult({ abi: v3PoolAbi, functionName: 'tickSpacing', data: r[3] });
    return { kind: 'v3', address, token0, token1, fee, tickSpacing, createdBlock: 0n };
  });
}
