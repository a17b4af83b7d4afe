// Test fixture: real Uniswap V2/V3 bytecode from npm (plus Multicall3 at its canonical address) on a local chain.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mockErc20Abi, mockErc20Bytecode, MULTICALL3_ADDRESS, type LocalChain } from '@intentmesh/chain';
import { maxUint256, type Abi, type Address, type Hex } from 'viem';
import V2Factory from '@uniswap/v2-core/build/UniswapV2Factory.json';
import V2Pair from '@uniswap/v2-core/build/UniswapV2Pair.json';
import V3Factory from '@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json';
import V3Pool from '@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json';
// (the artifact path is longer than a line)
import PositionManager from '@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json';
import SwapRouter from '@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json';

const hex = (s: string) => (s.startsWith('0x') ? s : `0x${s}`) as Hex;
const lower = (a: string) => a.toLowerCase() as Address;
export const abis = {
  v2Factory: V2Factory.abi as Abi,
  v2Pair: V2Pair.abi as Abi,
  v3Factory: V3Factory.abi as Abi,
  v3Pool: V3Pool.abi as Abi,
  router: SwapRouter.abi as Abi,
  npm: PositionManager.abi as Abi,
};

/** Multicall3's creation code, as viem ships it (not an exported path of viem, so read from its files). */
function multicall3Bytecode(): Hex {
  const file = join(dirname(require.resolve('viem')), 'constants', 'contracts.js');
  const m = /multicall3Bytecode = '(0x[0-9a-f]+)'/.exec(readFileSync(file, 'utf8'));
  if (!m) throw new Error('Multicall3 bytecode not found in viem');
  return m[1] as Hex;
}

export type Uniswap = {
  local: LocalChain;
  owner: Address;
  v2Factory: Address;
  v3Factory: Address;
  router: Address;
  positions: Address;
  token(symbol: string, decimals: number): Promise<Address>;
  v2Pair(a: Address, b: Address, amountA: bigint, amountB: bigint): Promise<Address>;
  /** A V3 pool at `sqrtPriceX96` (token1 per token0) with positions [tickLower, tickUpper, amount0, amount1]. */
  v3Pool(
    a: Address,
    b: Address,
    fee: number,
    sqrtPriceX96: bigint,
    positions: [number, number, bigint, bigint][],
  ): Promise<Address>;
  swapV2(pair: Address, tokenIn: Address, amountIn: bigint): Promise<bigint>;
  swapV3(tokenIn: Address, tokenOut: Address, fee: number, amountIn: bigint, simulate?: boolean): Promise<bigint>;
  send(tx: Promise<Hex>): Promise<void>;
};

/** Deploys Multicall3 (optional), both factories, the position manager and SwapRouter from the npm artifacts. */
export async function deployUniswap(local: LocalChain, { multicall = true } = {}): Promise<Uniswap> {
  const account = local.accounts[0];
  const owner = lower(account.address);
  const wallet = local.walletFor(account);
  const { publicClient, testClient } = local;
  const send = async (tx: Promise<Hex>) => {
    const r = await publicClient.waitForTransactionReceipt({ hash: await tx });
    if (r.status !== 'success') throw new Error(`transaction failed: ${r.transactionHash}`);
  };
  const deploy = async (abi: Abi, bytecode: string, args: readonly unknown[]): Promise<Address> => {
    const hash = await wallet.deployContract({ abi, bytecode: hex(bytecode), args });
    const r = await publicClient.waitForTransactionReceipt({ hash });
    return lower(r.contractAddress!);
  };
  if (multicall) {
    const m = await deploy([], multicall3Bytecode(), []);
    await testClient.setCode({ address: MULTICALL3_ADDRESS, bytecode: (await publicClient.getCode({ address: m }))! });
  }
  const v2Factory = await deploy(abis.v2Factory, V2Factory.bytecode, [owner]);
  const v3Factory = await deploy(abis.v3Factory, V3Factory.bytecode, []);
  const weth = '0x000000000000000000000000000000000000e7e1';
  const positions = await deploy(abis.npm, PositionManager.bytecode, [v3Factory, weth, weth]);
  const router = await deploy(abis.router, SwapRouter.bytecode, [v3Factory, weth]);

  const token = async (symbol: string, decimals: number) => {
    const t = await deploy(mockErc20Abi as Abi, mockErc20Bytecode, [symbol, symbol, decimals]);
    await send(
      wallet.writeContract({ address: t, abi: mockErc20Abi, functionName: 'mint', args: [owner, 10n ** 40n] }),
    );
    for (const spender of [positions, router])
      await send(
        wallet.writeContract({ address: t, abi: mockErc20Abi, functionName: 'approve', args: [spender, maxUint256] }),
      );
    return t;
  };
  const transfer = (t: Address, to: Address, amount: bigint) =>
    send(wallet.writeContract({ address: t, abi: mockErc20Abi, functionName: 'transfer', args: [to, amount] }));
  const v2Pair = async (a: Address, b: Address, amountA: bigint, amountB: bigint) => {
    await send(
      wallet.writeContract({ address: v2Factory, abi: abis.v2Factory, functionName: 'createPair', args: [a, b] }),
    );
    const pair = lower(
      (await publicClient.readContract({
        address: v2Factory,
        abi: abis.v2Factory,
        functionName: 'getPair',
        args: [a, b],
      })) as string,
    );
    await transfer(a, pair, amountA);
    await transfer(b, pair, amountB);
    await send(wallet.writeContract({ address: pair, abi: abis.v2Pair, functionName: 'mint', args: [owner] }));
    return pair;
  };
  const v3Pool: Uniswap['v3Pool'] = async (a, b, fee, sqrtPriceX96, ranges) => {
    const [token0, token1] = BigInt(a) < BigInt(b) ? [a, b] : [b, a];
    await send(
      wallet.writeContract({
        address: positions,
        abi: abis.npm,
        functionName: 'createAndInitializePoolIfNecessary',
        args: [token0, token1, fee, sqrtPriceX96],
      }),
    );
    for (const [tickLower, tickUpper, amount0Desired, amount1Desired] of ranges) {
      const params = {
        token0,
        token1,
        fee,
        tickLower,
        tickUpper,
        amount0Desired,
        amount1Desired,
        amount0Min: 0n,
        amount1Min: 0n,
        recipient: owner,
        deadline: maxUint256,
      };
      await send(wallet.writeContract({ address: positions, abi: abis.npm, functionName: 'mint', args: [params] }));
    }
    return lower(
      (await publicClient.readContract({
        address: v3Factory,
        abi: abis.v3Factory,
        functionName: 'getPool',
        args: [token0, token1, fee],
      })) as string,
    );
  };
  const balanceOf = async (t: Address) =>
    (await publicClient.readContract({
      address: t,
      abi: mockErc20Abi,
      functionName: 'balanceOf',
      args: [owner],
    })) as bigint;
  const swapV2 = async (pair: Address, tokenIn: Address, amountIn: bigint) => {
    const [t0, t1] = (await Promise.all(
      ['token0', 'token1'].map((f) => publicClient.readContract({ address: pair, abi: abis.v2Pair, functionName: f })),
    )) as Address[];
    const [r0, r1] = (await publicClient.readContract({
      address: pair,
      abi: abis.v2Pair,
      functionName: 'getReserves',
    })) as [bigint, bigint, number];
    const zeroForOne = lower(t0) === lower(tokenIn);
    const [rin, rout] = zeroForOne ? [r0, r1] : [r1, r0];
    const out = (amountIn * 997n * rout) / (rin * 1000n + amountIn * 997n);
    await transfer(tokenIn, pair, amountIn);
    await send(
      wallet.writeContract({
        address: pair,
        abi: abis.v2Pair,
        functionName: 'swap',
        args: [zeroForOne ? 0n : out, zeroForOne ? out : 0n, owner, '0x'],
      }),
    );
    return lower(zeroForOne ? t1 : t0) === lower(tokenIn) ? 0n : out;
  };
  const swapV3 = async (tokenIn: Address, tokenOut: Address, fee: number, amountIn: bigint, simulate = false) => {
    const params = {
      tokenIn,
      tokenOut,
      fee,
      recipient: owner,
      deadline: maxUint256,
      amountIn,
      amountOutMinimum: 0n,
      sqrtPriceLimitX96: 0n,
    };
    const { result } = await publicClient.simulateContract({
      account,
      address: router,
      abi: abis.router,
      functionName: 'exactInputSingle',
      args: [params],
    });
    if (simulate) return result as bigint;
    const before = await balanceOf(tokenOut);
    await send(
      wallet.writeContract({ address: router, abi: abis.router, functionName: 'exactInputSingle', args: [params] }),
    );
    return (await balanceOf(tokenOut)) - before;
  };
  return { local, owner, v2Factory, v3Factory, router, positions, token, v2Pair, v3Pool, swapV2, swapV3, send };
}
