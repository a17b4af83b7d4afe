import {
  decodeAbiParameters,
  decodeFunctionResult,
  encodeFunctionData,
  toEventSelector,
  type Address,
  type PublicClient,
} from 'viem';
import { v2FactoryEvents, v2PairAbi, v3FactoryEvents, v3PoolAbi } from './abis';
import type { BatchReader } from './batchReader';
import { getLogs, type RawLog } from './getLogs';
import type { FactorySpec, PoolRef, PoolSpec } from './types';

export const PAIR_CREATED = toEventSelector(v2FactoryEvents[0]);
export const POOL_CREATED = toEventSelector(v3FactoryEvents[0]);

const lower = (a: string) => a.toLowerCase() as Address;

/** The pool a creation log announces, when it comes from one of `factories`; undefined otherwise. */
export function poolFromCreationLog(log: RawLog, factories: readonly FactorySpec[]): PoolRef | undefined {
  const topic = log.topics[0];
  const kind = topic === PAIR_CREATED ? 'v2' : topic === POOL_CREATED ? 'v3' : undefined;
  const factory =
    kind && factories.find((f) => f.kind === kind && (!f.address || lower(f.address) === lower(log.address)));
  if (!factory) return undefined;
  const createdBlock = BigInt(log.blockNumber);
  const topicAddress = (t: `0x${string}` | undefined) => lower(`0x${(t ?? '').slice(26)}`);
  try {
    const token0 = topicAddress(log.topics[1]);
    const token1 = topicAddress(log.topics[2]);
    if (kind === 'v2') {
      const [pair] = decodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], log.data);
      return { kind, address: lower(pair), token0, token1, feeBps: factory.feeBps ?? 30, createdBlock };
    }
    const [tickSpacing, pool] = decodeAbiParameters([{ type: 'int24' }, { type: 'address' }], log.data);
    return {
      kind: 'v3',
      address: lower(pool),
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
      events: [f.kind === 'v2' ? PAIR_CREATED : POOL_CREATED],
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

/** Pools named by configuration: their tokens (and V3 fee and spacing) read from the pools at `blockNumber`. */
export async function resolvePoolSpecs(
  reader: BatchReader,
  specs: readonly PoolSpec[],
  blockNumber: bigint,
): Promise<PoolRef[]> {
  const fns = (s: PoolSpec) =>
    s.kind === 'v2' ? (['token0', 'token1'] as const) : (['token0', 'token1', 'fee', 'tickSpacing'] as const);
  const calls = specs.flatMap((s) =>
    fns(s).map((functionName) => ({
      to: lower(s.address),
      data: encodeFunctionData({ abi: v3PoolAbi, functionName }),
    })),
  );
  const results = await reader.read(calls, blockNumber);
  let at = 0;
  return specs.map((s) => {
    const address = lower(s.address);
    const r = fns(s).map(() => results[at++]);
    if (r.some((x) => !x))
      throw new Error(
        `configured ${s.kind} pool ${address} does not answer token0/token1` +
          (s.kind === 'v3' ? '/fee/tickSpacing' : ''),
      );
    const token0 = lower(decodeFunctionResult({ abi: v2PairAbi, functionName: 'token0', data: r[0]! }));
    const token1 = lower(decodeFunctionResult({ abi: v2PairAbi, functionName: 'token1', data: r[1]! }));
    if (s.kind === 'v2') return { kind: 'v2', address, token0, token1, feeBps: s.feeBps ?? 30, createdBlock: 0n };
    const fee = decodeFunctionResult({ abi: v3PoolAbi, functionName: 'fee', data: r[2]! });
    const tickSpacing = decodeFunctionResult({ abi: v3PoolAbi, functionName: 'tickSpacing', data: r[3]! });
    return { kind: 'v3', address, token0, token1, fee, tickSpacing, createdBlock: 0n };
  });
}
