// Real AMM venues on a local chain, seeded from a libs/routing market spec: Uniswap V2 pairs and V3 pools from the
// npm artifacts, our StableSwap, one RouteExecutor, and Multicall3 at its canonical address.
import { lowerAddress } from '@intentmesh/protocol';
import type { Address, ConcentratedPool, Pool, Token } from '@intentmesh/routing';
import type { Account, Chain, Hex, PublicClient, TestClient, Transport, WalletClient } from 'viem';
import type { StablePoolParams, V3PoolParams } from '../market/types';
import {
  liquiditySeederAbi,
  liquiditySeederBytecode,
  multicall3DeployedBytecode,
  routeExecutorDeployedBytecode,
  stableSwapAbi,
  stableSwapBytecode,
  mockErc20Abi,
} from '@intentmesh/contracts';
import {
  MULTICALL3_ADDRESS,
  uniswapV2FactoryArtifact,
  uniswapV3FactoryArtifact,
  uniswapV3FactoryAbi,
  uniswapV2FactoryAbi,
} from './uniswapArtifacts';

/** One venue of the spec as it now exists on chain. */
export type DeployedPool =
  | { kind: 'constantProduct'; specId: Address; address: Address; factory: Address; token0: Address; token1: Address }
  | ({
      kind: 'concentrated';
      specId: Address;
      factory: Address;
      /** Tick indices initialized by the seeding (the snapshot reads their state). */
      ticks: number[];
    } & V3PoolParams)
  | ({ kind: 'stableSwap'; specId: Address } & StablePoolParams);

export type AmmDeployment = {
  chainId: number;
  /** Uniswap V2 factories: a spec with two pools on one pair puts the second in the next factory (one pair each). */
  v2Factories: Address[];
  v3Factories: Address[];
  routeExecutor: Address;
  multicall3: Address;
  pools: DeployedPool[];
  /** Spec pools that could not be created as specified (e.g. liquidity over V3's per-tick cap), with the reason. */
  skipped: { specId: Address; reason: string }[];
  /** Wall-clock milliseconds the deployment took. */
  ms: number;
};

export type DeployAmmParameters = {
  publicClient: PublicClient<Transport, Chain>;
  testClient: TestClient<'hardhat', Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
  /** The spec's pools of this chain; their tokens must already be MockERC20s (public mint) on this chain. */
  pools: readonly Pool[];
  tokens: readonly Token[];
};

/**
 * Where the local chains hold the RouteExecutor: one fixed address on every dev chain (it has no constructor state),
 * so a standalone solver pointed at `npm start`'s chains needs no address configured. Elsewhere anyone deploys one.
 */
export const DEV_ROUTE_EXECUTOR = '0x7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e' as const;

/** A V3 pool's initialized ticks as consecutive positions, each holding the running liquidity: same liquidityNet. */
export function positionsOf(
  pool: Pick<ConcentratedPool, 'ticks'>,
): { lower: number; upper: number; liquidity: bigint }[] {
  const out: { lower: number; upper: number; liquidity: bigint }[] = [];
  let running = 0n;
  for (let k = 0; k + 1 < pool.ticks.length; k++) {
    running += pool.ticks[k].liquidityNet;
    if (running > 0n) out.push({ lower: pool.ticks[k].index, upper: pool.ticks[k + 1].index, liquidity: running });
  }
  return out;
}

/**
 * Deploys the venues of `pools` on a local chain and adds their liquidity through the venues' own entry points.
 * Uniswap V2 charges 0.3% whatever the spec says (its fee is fixed); everything else is as specified.
 */
export async function deployAmm(params: DeployAmmParameters): Promise<AmmDeployment> {
  const started = Date.now();
  const { publicClient, testClient, walletClient } = params;
  const chainId = await publicClient.getChainId();
  const owner = lowerAddress(walletClient.account.address);
  // EDR mines each transaction as it arrives: the receipt exists as soon as the hash returns
  const mined = async (hash: Hex) => {
    const receipt = await publicClient.getTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`transaction failed: ${hash}`);
    return receipt;
  };
  // gas, fees and nonce given up front: estimating each of ~150 seeding transactions doubled the deploy time.
  // The nonce starts at a chain-specific height so venue addresses differ across chains: a pool id names one pool.
  let nonce = Math.max(
    await publicClient.getTransactionCount({ address: owner, blockTag: 'pending' }),
    (chainId % 100_000) * 10_000,
  );
  await testClient.setNonce({ address: owner, nonce });
  const { baseFeePerGas } = await publicClient.getBlock();
  const fees = {
    gas: 12_000_000n,
    maxFeePerGas: (baseFeePerGas ?? 10n ** 9n) * 4n + 10n ** 9n,
    maxPriorityFeePerGas: 10n ** 9n,
  };
  const deploy = async (abi: readonly unknown[], bytecode: Hex, args: readonly unknown[]): Promise<Address> => {
    const hash = await walletClient.deployContract({ abi, bytecode, args, ...fees, nonce: nonce++ } as Parameters<
      typeof walletClient.deployContract
    >[0]);
    return lowerAddress((await mined(hash)).contractAddress!);
  };
  const write = async (call: Parameters<typeof walletClient.writeContract>[0]) =>
    mined(await walletClient.writeContract({ ...call, ...fees, nonce: nonce++ } as never));

  await testClient.setCode({ address: MULTICALL3_ADDRESS, bytecode: multicall3DeployedBytecode });
  const seeder = await deploy(liquiditySeederAbi, liquiditySeederBytecode, []);
  const seed = (functionName: 'seedV2' | 'seedV3', args: readonly unknown[]) =>
    write({ address: seeder, abi: liquiditySeederAbi, functionName, args } as never);
  await testClient.setCode({ address: DEV_ROUTE_EXECUTOR, bytecode: routeExecutorDeployedBytecode });
  const routeExecutor: Address = DEV_ROUTE_EXECUTOR;
  const v2Factories: Address[] = [];
  const v3Factories: Address[] = [];
  const v2Factory = async (k: number) => {
    while (v2Factories.length <= k)
      v2Factories.push(await deploy(uniswapV2FactoryArtifact.abi, uniswapV2FactoryArtifact.bytecode, [owner]));
    return v2Factories[k];
  };
  const v3Factory = async (k: number) => {
    while (v3Factories.length <= k) {
      const f = await deploy(uniswapV3FactoryArtifact.abi, uniswapV3FactoryArtifact.bytecode, []);
      // the 1 bp tier (spacing 1) is enabled by governance on mainnet too
      await write({ address: f, abi: uniswapV3FactoryAbi, functionName: 'enableFeeAmount', args: [100, 1] } as never);
      v3Factories.push(f);
    }
    return v3Factories[k];
  };

  const decimals = new Map(params.tokens.map((t) => [lowerAddress(t.address), t.decimals]));
  const used = new Map<string, number>();
  const nextFactory = (key: string) => {
    const k = used.get(key) ?? 0;
    used.set(key, k + 1);
    return k;
  };
  const pools: DeployedPool[] = [];
  const skipped: AmmDeployment['skipped'] = [];
  for (const pool of params.pools) {
    try {
      if (pool.kind === 'constantProduct') {
        const [token0, token1] = [lowerAddress(pool.token0), lowerAddress(pool.token1)];
        const factory = await v2Factory(nextFactory(`v2:${token0}:${token1}`));
        await seed('seedV2', [factory, token0, token1, pool.reserve0, pool.reserve1, owner]);
        const address = lowerAddress(
          await publicClient.readContract({
            address: factory,
            abi: uniswapV2FactoryAbi,
            functionName: 'getPair',
            args: [token0, token1],
          }),
        );
        pools.push({ kind: 'constantProduct', specId: pool.id, address, factory, token0, token1 });
      } else if (pool.kind === 'concentrated') {
        const [token0, token1] = [lowerAddress(pool.token0), lowerAddress(pool.token1)];
        const factory = await v3Factory(nextFactory(`v3:${token0}:${token1}:${pool.fee}`));
        const positions = positionsOf(pool);
        await seed('seedV3', [
          factory,
          token0,
          token1,
          pool.fee,
          pool.sqrtPriceX96,
          positions.map((p) => p.lower),
          positions.map((p) => p.upper),
          positions.map((p) => p.liquidity),
          owner,
        ]);
        const address = lowerAddress(
          await publicClient.readContract({
            address: factory,
            abi: uniswapV3FactoryAbi,
            functionName: 'getPool',
            args: [token0, token1, pool.fee],
          }),
        );
        const ticks = [...new Set(positions.flatMap((p) => [p.lower, p.upper]))].sort((a, b) => a - b);
        pools.push({
          kind: 'concentrated',
          specId: pool.id,
          address,
          factory,
          token0,
          token1,
          fee: pool.fee,
          tickSpacing: pool.tickSpacing,
          ticks,
        });
      } else {
        const tokens = pool.tokens.map((t) => lowerAddress(t));
        const dec = tokens.map((t) => decimals.get(t));
        if (dec.some((d) => d === undefined)) throw new Error('stableswap coin not among the tokens');
        const address = await deploy(stableSwapAbi, stableSwapBytecode, [
          tokens,
          dec,
          pool.amplification,
          pool.fee,
          pool.adminFee,
        ]);
        for (const [k, t] of tokens.entries())
          await write({
            address: t,
            abi: mockErc20Abi,
            functionName: 'mint',
            args: [address, pool.balances[k]],
          } as never);
        await write({ address, abi: stableSwapAbi, functionName: 'seed', args: [] } as never);
        pools.push({
          kind: 'stableSwap',
          specId: pool.id,
          address,
          tokens,
          amplification: pool.amplification,
          fee: pool.fee,
          adminFee: pool.adminFee,
        });
      }
    } catch (err) {
      skipped.push({ specId: pool.id, reason: (err as { shortMessage?: string }).shortMessage ?? String(err) });
    }
  }
  return {
    chainId,
    v2Factories,
    v3Factories,
    routeExecutor,
    multicall3: MULTICALL3_ADDRESS,
    pools,
    skipped,
    ms: Date.now() - started,
  };
}
