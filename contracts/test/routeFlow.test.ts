// Flow routes on real venues (issue 18): where two paths share a pool, the router swaps it once with their summed
// input and the RouteExecutor runs that flow on chain, delivering the quote to the wei and beating the same split
// run as plain paths; draws beyond what the call holds, and anything left behind, revert.
import {
  findBestRoute,
  getSqrtRatioAtTick,
  type Address,
  type Market,
  type Pool,
  type Route,
  type Token,
} from '@intentmesh/routing';
import {
  encodeRouteExecution,
  mockErc20Abi,
  routeInputs,
  routePathCalls,
  startDemoChain,
  startLocalMarket,
  type DemoChain,
  type LiveMarket,
  type RoutePathCall,
} from '@intentmesh/chain';
import { routeExecutorAbi } from '@intentmesh/contracts';
import { BaseError, ContractFunctionRevertedError, encodeFunctionData, maxUint256, type Hex } from 'viem';

const e18 = 10n ** 18n;
const tokenAddr = (n: number) => `0x${(0x7700 + n).toString(16).padStart(40, '0')}` as Address;
const poolId = (n: number) => `0x${(0x9900 + n).toString(16).padStart(40, '0')}` as Address;
const tokens: Token[] = Array.from({ length: 9 }, (_, k) => ({
  chainId: 1,
  address: tokenAddr(k),
  symbol: `T${k}`,
  decimals: 18,
  priceUsdE18: e18,
}));
const v2 = (n: number, a: Address, b: Address, reserve: bigint): Pool => ({
  kind: 'constantProduct',
  id: poolId(n),
  chainId: 1,
  token0: a < b ? a : b,
  token1: a < b ? b : a,
  reserve0: reserve,
  reserve1: reserve,
  feeBps: 30,
});
const v3 = (n: number, a: Address, b: Address, liquidity: bigint): Pool => ({
  kind: 'concentrated',
  id: poolId(n),
  chainId: 1,
  token0: a < b ? a : b,
  token1: a < b ? b : a,
  fee: 3000,
  tickSpacing: 60,
  sqrtPriceX96: getSqrtRatioAtTick(0),
  tick: 0,
  liquidity,
  ticks: [
    { index: -887220, liquidityNet: liquidity, liquidityGross: liquidity },
    { index: 887220, liquidityNet: -liquidity, liquidityGross: liquidity },
  ],
});
const stable = (n: number, a: Address, b: Address, balance: bigint): Pool => ({
  kind: 'stableSwap',
  id: poolId(n),
  chainId: 1,
  tokens: [a, b],
  balances: [balance, balance],
  amplification: 200n,
  fee: 4_000_000n,
  adminFee: 0n,
});
// Per venue kind: sell token, shared pool sell -> mid (deep), two shallow mid -> buy pools; the split shares the first.
const [t] = [tokens.map((x) => x.address)];
const cases = [
  { kind: 'V2', sell: t[0], mid: t[1], buy: t[2], shared: v2(0, t[0], t[1], 1000n * e18) },
  { kind: 'V3', sell: t[3], mid: t[4], buy: t[5], shared: v3(3, t[3], t[4], 1000n * e18) },
  { kind: 'StableSwap', sell: t[6], mid: t[7], buy: t[8], shared: stable(6, t[6], t[7], 1000n * e18) },
];
const spec: Market = {
  chains: [{ chainId: 1, name: 'flow', gasPriceWei: 0n, nativeToken: t[0] }],
  tokens,
  pools: cases.flatMap((c, k) => [
    c.shared,
    v2(3 * k + 1, c.mid, c.buy, 100n * e18),
    v2(3 * k + 2, c.mid, c.buy, 120n * e18),
  ]),
  bridges: [],
};

describe('route flows - real venues on a local chain', () => {
  let chain: DemoChain;
  let source: LiveMarket;
  beforeAll(async () => {
    chain = await startDemoChain({
      chainId: 1,
      auctioneer: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
      attester: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
      tokens,
      pools: spec.pools,
    });
    source = await startLocalMarket({
      spec,
      chains: [{ publicClient: chain.local.publicClient, deployment: chain.amm! }],
      pollMs: 0,
    });
  }, 120_000);
  afterAll(async () => {
    await source?.close();
    await chain?.close();
  });

  const solver = () => chain.local.accounts[2];
  const me = () => solver().address.toLowerCase() as Address;
  const balance = (token: Address, who: Address) =>
    chain.local.publicClient.readContract({
      address: token,
      abi: mockErc20Abi,
      functionName: 'balanceOf',
      args: [who],
    });
  const market = async () => {
    await source.sync();
    return source.current();
  };
  /** Mints and approves the inputs, sends `data` to the RouteExecutor; what `buy` the solver gained. */
  async function run(paths: RoutePathCall[], data: Hex, buy: Address): Promise<bigint> {
    const wallet = chain.local.walletFor(solver());
    for (const [token, amount] of routeInputs(paths)) {
      await wallet.writeContract({ address: token, abi: mockErc20Abi, functionName: 'mint', args: [me(), amount] });
      await wallet.writeContract({
        address: token,
        abi: mockErc20Abi,
        functionName: 'approve',
        args: [chain.amm!.routeExecutor, maxUint256],
      });
    }
    const before = await balance(buy, me());
    const hash = await wallet.sendTransaction({ to: chain.amm!.routeExecutor, data, gas: 5_000_000n });
    const receipt = await chain.local.publicClient.getTransactionReceipt({ hash });
    expect(receipt.status).toBe('success');
    return (await balance(buy, me())) - before;
  }
  const execution = (paths: RoutePathCall[], buy: Address, minAmountOut: bigint) =>
    encodeRouteExecution({ paths, tokenOut: buy, minAmountOut, recipient: me() });

  for (const c of cases.slice(0, 2))
    it(`route flows - two paths sharing a ${c.kind} pool swap it once, deliver the quote to the wei and beat the plain split`, async () => {
      const m = await market();
      const request = { sellToken: c.sell, buyToken: c.buy, sourceChainId: 1, destinationChainId: 1 };
      const route: Route = findBestRoute(m, { ...request, sellAmount: 50n * e18 }, { allowBridges: false })!;
      // one swap of the whole amount through the shared pool, then what it yields split over the two mid -> buy pools
      expect(route.paths.map((p) => p.legs.length)).toEqual([1, 1, 1]);
      expect(route.paths[0].amountIn).toBe(50n * e18);
      expect(route.paths.slice(1).map((p) => p.legs[0].tokenIn)).toEqual([c.mid, c.mid]);
      const paths = routePathCalls(route, m, 1);
      expect([...routeInputs(paths)]).toEqual([[c.sell, 50n * e18]]);
      // the same split as plain paths, each through the shared pool: the shares the flow gives the two pools
      const [first, second] = route.paths.slice(1);
      const x = (50n * e18 * first.amountIn) / (first.amountIn + second.amountIn);
      const plain: RoutePathCall[] = [
        { tokenIn: c.sell, amountIn: x, hops: [paths[0].hops[0], paths[1].hops[0]] },
        { tokenIn: c.sell, amountIn: 50n * e18 - x, hops: [paths[0].hops[0], paths[2].hops[0]] },
      ];
      const snapshot = await chain.local.testClient.snapshot();
      const plainOut = await run(plain, execution(plain, c.buy, 0n), c.buy);
      await chain.local.testClient.revert({ id: snapshot });
      const flowOut = await run(paths, execution(paths, c.buy, route.amountOut), c.buy);
      expect(flowOut).toBe(route.amountOut);
      expect(flowOut).toBeGreaterThan(plainOut);
      for (const token of [c.sell, c.mid, c.buy]) expect(await balance(token, chain.amm!.routeExecutor)).toBe(0n);
    }, 120_000);

  it('route flows - a StableSwap two paths share stays swapped per path: its fee stays in the coin it pays out, so the second swap gains and the plain split beats one swap of the sum', async () => {
    const c = cases[2];
    const m = await market();
    const route = findBestRoute(
      m,
      { sellToken: c.sell, buyToken: c.buy, sourceChainId: 1, destinationChainId: 1, sellAmount: 50n * e18 },
      { allowBridges: false },
    )!;
    // two plain paths, both through the (deployed) StableSwap first
    expect(route.paths.map((p) => p.legs.map((l) => l.kind))).toEqual([
      ['stableSwap', 'constantProduct'],
      ['stableSwap', 'constantProduct'],
    ]);
    expect(route.paths[1].legs[0].poolId).toBe(route.paths[0].legs[0].poolId);
    const paths = routePathCalls(route, m, 1);
    // the flow form of the same split: one StableSwap exchange of the sum, its output shared in the same proportion
    const [first, second] = route.paths;
    const flow: RoutePathCall[] = [
      { tokenIn: c.sell, amountIn: 50n * e18, hops: [paths[0].hops[0]] },
      { tokenIn: c.mid, amountIn: first.legs[0].amountOut, hops: [paths[0].hops[1]] },
      { tokenIn: c.mid, amountIn: second.legs[0].amountOut, hops: [paths[1].hops[1]] },
    ];
    const snapshot = await chain.local.testClient.snapshot();
    const flowOut = await run(flow, execution(flow, c.buy, 0n), c.buy);
    await chain.local.testClient.revert({ id: snapshot });
    const plainOut = await run(paths, execution(paths, c.buy, route.amountOut), c.buy);
    expect(plainOut).toBe(route.amountOut);
    expect(plainOut).toBeGreaterThan(flowOut);
    for (const token of [c.sell, c.mid, c.buy]) expect(await balance(token, chain.amm!.routeExecutor)).toBe(0n);
  }, 120_000);

  /** The revert's error name and args when the solver sends `data`. */
  async function revertOf(data: Hex): Promise<[string | undefined, readonly unknown[] | undefined]> {
    try {
      await chain.local.publicClient.call({ account: solver(), to: chain.amm!.routeExecutor, data });
    } catch (err) {
      const revert = (err as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
      if (revert instanceof ContractFunctionRevertedError) return [revert.data?.errorName, revert.data?.args];
      const raw = (err as BaseError).walk((e) => typeof (e as { data?: unknown }).data === 'string') as
        { data?: Hex } | undefined;
      if (raw?.data) {
        const { decodeErrorResult } = await import('viem');
        const d = decodeErrorResult({ abi: routeExecutorAbi, data: raw.data });
        return [d.errorName, d.args];
      }
      throw err;
    }
    return [undefined, undefined];
  }

  it('route flows - a draw beyond what the call holds reverts (Overdraw), so does a token left behind (Leftover)', async () => {
    const m = await market();
    const c = cases[0];
    const route = findBestRoute(
      m,
      { sellToken: c.sell, buyToken: c.buy, sourceChainId: 1, destinationChainId: 1, sellAmount: 50n * e18 },
      { allowBridges: false },
    )!;
    const paths = routePathCalls(route, m, 1);
    const wallet = chain.local.walletFor(solver());
    await wallet.writeContract({ address: c.sell, abi: mockErc20Abi, functionName: 'mint', args: [me(), 100n * e18] });
    await wallet.writeContract({
      address: c.sell,
      abi: mockErc20Abi,
      functionName: 'approve',
      args: [chain.amm!.routeExecutor, maxUint256],
    });
    const call = (inputs: { token: Address; amount: bigint }[], drawn: RoutePathCall[]) =>
      encodeFunctionData({ abi: routeExecutorAbi, functionName: 'execute', args: [inputs, drawn, c.buy, 0n, me()] });
    const inputs = [{ token: c.sell, amount: 50n * e18 }];
    // the second path draws one wei more of the mid token than the shared swap produced
    const produced = route.paths[0].amountOut;
    const over = [paths[0], { ...paths[1], amountIn: produced + 1n }, { ...paths[2], amountIn: 0n }];
    expect(await revertOf(call(inputs, over))).toEqual(['Overdraw', [c.mid, produced + 1n, produced]]);
    // more than the inputs pulled
    const tooMuch = [{ ...paths[0], amountIn: 50n * e18 + 1n }, paths[1], { ...paths[2], amountIn: 0n }];
    expect((await revertOf(call(inputs, tooMuch)))[0]).toBe('Overdraw');
    // every draw exact as quoted, none taking the rest: fine; one wei less on the last one leaves it behind
    const exact = paths.map((p) => ({ ...p }));
    expect(await revertOf(call(inputs, exact))).toEqual([undefined, undefined]);
    const short = [paths[0], paths[1], { ...paths[2], amountIn: paths[2].amountIn - 1n }];
    expect(await revertOf(call(inputs, short))).toEqual(['Leftover', [c.mid, 1n]]);
    // a hop that does not continue from the path's token
    const broken = [{ ...paths[0], tokenIn: c.mid }, paths[1], paths[2]];
    expect((await revertOf(call(inputs, broken)))[0]).toBe('Overdraw');
    const misChained = [paths[0], { ...paths[1], hops: [...paths[1].hops, paths[1].hops[0]] }, paths[2]];
    expect(await revertOf(call(inputs, misChained))).toEqual(['BrokenPath', [1n]]);
  }, 120_000);
});
