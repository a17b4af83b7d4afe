// A market snapshot read from what deployAmm placed on a chain: one Multicall3 batch per chain. Deliberately small
// (it knows the pool list and initialized ticks from the deployment); a general source discovers pools from events.
import type { Market, Pool, TickData } from '@intentmesh/routing';
import type { Chain, PublicClient, Transport } from 'viem';
import { stableSwapAbi } from '@intentmesh/contracts';
import type { AmmDeployment, DeployedPool } from './deployAmm';
import { MULTICALL3_ADDRESS, uniswapV2PairAbi, uniswapV3PoolAbi } from './uniswapArtifacts';

export type ReadAmmPoolsParameters = {
  publicClient: PublicClient<Transport, Chain>;
  deployment: AmmDeployment;
  blockNumber?: bigint;
  /** Read only these pools (by address); default all. */
  only?: ReadonlySet<string>;
};

type Call = { address: `0x${string}`; abi: readonly unknown[]; functionName: string; args?: readonly unknown[] };

/** The deployed pools' current state as libs/routing pools (ids are the on-chain addresses; V2 fee is 30 bps). */
export async function readAmmPools({
  publicClient,
  deployment,
  blockNumber,
  only,
}: ReadAmmPoolsParameters): Promise<Pool[]> {
  const calls: Call[] = [];
  const plan: { pool: DeployedPool; at: number }[] = [];
  for (const pool of deployment.pools) {
    if (only && !only.has(pool.address)) continue;
    plan.push({ pool, at: calls.length });
    if (pool.kind === 'constantProduct')
      calls.push({ address: pool.address, abi: uniswapV2PairAbi, functionName: 'getReserves' });
    else if (pool.kind === 'concentrated') {
      calls.push({ address: pool.address, abi: uniswapV3PoolAbi, functionName: 'slot0' });
      calls.push({ address: pool.address, abi: uniswapV3PoolAbi, functionName: 'liquidity' });
      for (const t of pool.ticks)
        calls.push({ address: pool.address, abi: uniswapV3PoolAbi, functionName: 'ticks', args: [t] });
    } else calls.push({ address: pool.address, abi: stableSwapAbi, functionName: 'getBalances' });
  }
  if (!calls.length) return [];
  const results = await publicClient.multicall({
    contracts: calls as never,
    allowFailure: false,
    multicallAddress: MULTICALL3_ADDRESS,
    blockNumber,
    batchSize: 0,
  });
  const r = results as readonly unknown[];
  const chainId = deployment.chainId;
  return plan.map(({ pool, at }): Pool => {
    if (pool.kind === 'constantProduct') {
      const [reserve0, reserve1] = r[at] as readonly [bigint, bigint, number];
      return {
        kind: 'constantProduct',
        id: pool.address,
        chainId,
        token0: pool.token0,
        token1: pool.token1,
        reserve0,
        reserve1,
        feeBps: 30,
      };
    }
    if (pool.kind === 'concentrated') {
      const [sqrtPriceX96, tick] = r[at] as readonly [bigint, number];
      const liquidity = r[at + 1] as bigint;
      const ticks: TickData[] = [];
      pool.ticks.forEach((index, k) => {
        const [liquidityGross, liquidityNet] = r[at + 2 + k] as readonly [bigint, bigint];
        if (liquidityGross > 0n) ticks.push({ index, liquidityNet, liquidityGross });
      });
      return {
        kind: 'concentrated',
        id: pool.address,
        chainId,
        token0: pool.token0,
        token1: pool.token1,
        fee: pool.fee,
        tickSpacing: pool.tickSpacing,
        sqrtPriceX96,
        tick,
        liquidity,
        ticks,
      };
    }
    return {
      kind: 'stableSwap',
      id: pool.address,
      chainId,
      tokens: pool.tokens,
      balances: [...(r[at] as readonly bigint[])],
      amplification: pool.amplification,
      fee: pool.fee,
      adminFee: pool.adminFee,
    };
  });
}

/** The spec market with its pools replaced by the chains' live pools (chains, tokens and bridges kept). */
export function withPools(spec: Market, pools: Pool[]): Market {
  return { chains: spec.chains, tokens: spec.tokens, bridges: spec.bridges, pools };
}
