// Real venues on local chains (Uniswap V2/V3 from their npm artifacts, our StableSwap): routes quoted by
// libs/routing settle through IntentSettlement and the RouteExecutor, delivering the quote to the wei.
import { getChainDomain, hashIntent, type Intent } from '@intentmesh/protocol';
import { findBestRoute, generateMarket, type Market, type Pool, type Route } from '@intentmesh/routing';
import {
  startLocalMarket,
  encodeRouteExecution,
  encodeRouteInteractions,
  executorAddress,
  mockErc20Abi,
  routeInputs,
  routePathCalls,
  startDemoChain,
  uniswapV2PairAbi,
  uniswapV2PairArtifact,
  type LiveMarket,
  type DemoChain,
} from '@intentmesh/chain';
import { keccak256, maxUint256, parseEventLogs, type Address, type TransactionReceipt } from 'viem';
import { stableSwapAbi } from '@intentmesh/contracts';
import { uniswapV3PoolAbi } from '@intentmesh/chain';
import { settleOnDemoChain } from './fixtures/settlement';

const spec = generateMarket({ seed: 1, poolCount: 300 });
const e18 = 10n ** 18n;

describe('route execution - real pools on local chains', () => {
  const chains: Record<number, DemoChain> = {};
  let source: LiveMarket;
  let rng = 12345;
  const rand = () => (rng = (rng * 1103515245 + 12345) % 2147483648) / 2147483648;

  beforeAll(async () => {
    for (const chainId of [1, 10]) {
      chains[chainId] = await startDemoChain({
        chainId,
        auctioneer: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8', // dev key 1
        attester: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
        tokens: spec.tokens.filter((t) => t.chainId === chainId),
        pools: spec.pools.filter((p) => p.chainId === chainId),
      });
    }
    // the one market source every solver uses: pools discovered and read over the chains' JSON-RPC
    source = await startLocalMarket({
      spec,
      chains: Object.values(chains).map((c) => ({ publicClient: c.local.publicClient, deployment: c.amm! })),
      pollMs: 0,
    });
  }, 120_000);
  afterAll(async () => {
    await source?.close();
    await Promise.all(Object.values(chains).map((c) => c.close()));
  });

  const refresh = async () => {
    await source.sync();
    return source.current();
  };
  const balance = (c: DemoChain, token: Address, who: Address) =>
    c.local.publicClient.readContract({ address: token, abi: mockErc20Abi, functionName: 'balanceOf', args: [who] });
  /** Venue addresses that emitted a swap event in the receipt, in order. */
  const swapVenues = (receipt: TransactionReceipt) => [
    ...parseEventLogs({ abi: [...uniswapV2PairAbi, ...uniswapV3PoolAbi, ...stableSwapAbi], logs: receipt.logs })
      .filter((l) => l.eventName === 'Swap' || l.eventName === 'TokenExchange')
      .map((l) => l.address.toLowerCase()),
  ];
  const routeVenues = (route: Route, chainId: number) =>
    route.paths.flatMap((p) =>
      p.legs.filter((l) => l.kind !== 'bridge' && l.chainIdIn === chainId).map((l) => l.poolId),
    );

  let nonce = 0n;
  /** Settles a same-chain route through IntentSettlement (trader = dev key 3, solver = dev key 2). */
  async function settle(
    route: Route,
    market: Market,
    buyAmount: bigint,
    gas = 10_000_000n,
  ): Promise<{ receipt: TransactionReceipt; delivered: bigint }> {
    const { request } = route;
    const c = chains[request.sourceChainId];
    const [, auctioneer, solver, trader] = c.local.accounts;
    const swapper = trader.address.toLowerCase() as Address;
    await c.faucet({ token: request.sellToken, to: swapper, amount: request.sellAmount });
    const now = Number(await c.local.now());
    const intent: Intent = {
      swapper,
      sellToken: request.sellToken,
      sellAmount: request.sellAmount,
      buyToken: request.buyToken,
      minBuyAmount: 1n,
      recipient: swapper,
      sourceChainId: request.sourceChainId,
      destinationChainId: request.sourceChainId,
      nonce: ++nonce,
      deadline: now + 600,
    };
    const domain = getChainDomain(request.sourceChainId);
    const award = {
      auctionId: keccak256(`0x${nonce.toString(16).padStart(2, '0')}`),
      intentHash: hashIntent(intent, domain),
      solver: solver.address.toLowerCase() as Address,
      buyAmount,
      settleBy: now + 300,
    };
    // the route's output lands in the solver's executor; the settlement pays exactly the award from it
    const executor = executorAddress({ settlement: c.settlement, solver: award.solver });
    const interactions = encodeRouteInteractions({
      route,
      market,
      routeExecutor: c.amm!.routeExecutor,
      minAmountOut: buyAmount,
      recipient: executor,
    });
    const before = await balance(c, request.buyToken, swapper);
    const hash = await settleOnDemoChain(c, {
      intent,
      award,
      domain,
      swapper: trader,
      auctioneer,
      solver,
      interactions,
      gas,
    });
    const receipt = await c.local.publicClient.getTransactionReceipt({ hash });
    return { receipt, delivered: (await balance(c, request.buyToken, swapper)) - before };
  }

  /** A random request of `chainId` tokens worth $100..$30k; tokens drawn from `symbols` when given. */
  const request = (market: Market, src: number, dst: number, symbols?: string[]) => {
    const pick = (chainId: number) => {
      const ts = market.tokens.filter((t) => t.chainId === chainId && (!symbols || symbols.includes(t.symbol)));
      return ts[Math.floor(rand() * ts.length)];
    };
    const sell = pick(src);
    const buy = pick(dst);
    const usd = 100 + rand() * 30_000;
    const sellAmount = (BigInt(Math.floor(usd * 1e6)) * 10n ** BigInt(sell.decimals) * 10n ** 12n) / sell.priceUsdE18;
    return {
      sellToken: sell.address,
      buyToken: buy.address,
      sourceChainId: src,
      destinationChainId: dst,
      sellAmount: sellAmount > 0n ? sellAmount : 10n ** BigInt(sell.decimals),
    };
  };
  const only = (market: Market, kind: Pool['kind']): Market => ({
    ...market,
    pools: market.pools.filter((p) => p.kind === kind),
  });

  it("route execution - the deployed pair runs the npm artifact's bytecode (code hash equal)", async () => {
    const pair = chains[1].amm!.pools.find((p) => p.kind === 'constantProduct')!;
    const code = await chains[1].local.publicClient.getCode({ address: pair.address });
    expect(keccak256(code!)).toBe(keccak256(uniswapV2PairArtifact.deployedBytecode));
    expect(chains[1].amm!.skipped).toEqual([]);
    // the RPC market source found every venue deployed (V2 and V3 from factory events, StableSwaps by address)
    const found = new Set(source.current().pools.map((p) => p.id));
    for (const c of Object.values(chains)) for (const p of c.amm!.pools) expect(found.has(p.address)).toBe(true);
    expect(source.current().pools.some((p) => p.kind === 'stableSwap')).toBe(true);
  });

  it('route execution - a split over token paths, expanded to more pool paths than the pool-path split holds (pools shared by several paths), settles to the wei', async () => {
    const market = await refresh();
    const weth = spec.tokens.find((t) => t.chainId === 1 && t.symbol === 'WETH')!;
    const usdc = spec.tokens.find((t) => t.chainId === 1 && t.symbol === 'USDC')!;
    // $30M of WETH: about 19% price impact, spread over the parallel pools of several token pairs
    const sellAmount = (30_000_000n * e18 * e18) / weth.priceUsdE18;
    const request = {
      sellToken: weth.address,
      buyToken: usdc.address,
      sourceChainId: 1,
      destinationChainId: 1,
      sellAmount,
    };
    const route = findBestRoute(market, request, { allowBridges: false })!;
    const poolSplit = findBestRoute(market, request, { allowBridges: false, maxSplits: 24 })!;
    expect(route.paths.length).toBeGreaterThan(24);
    expect(route.amountOut).toBeGreaterThan(poolSplit.amountOut);
    const legs = route.paths.flatMap((p) => p.legs.map((l) => l.poolId));
    expect(new Set(legs).size).toBeLessThan(legs.length);
    const { receipt, delivered } = await settle(route, market, route.amountOut, 29_000_000n);
    expect(delivered).toBe(route.amountOut);
    expect(swapVenues(receipt)).toEqual(routeVenues(route, 1).map((a) => a.toLowerCase()));
  }, 120_000);

  it('route execution - 50 random intents (V2, V3, stableswap, split, multi-hop, cross-chain) settle; delivered equals the quote to the wei', async () => {
    const STABLES = ['USDC', 'USDT', 'DAI', 'FRAX', 'LUSD', 'USDe', 'GHO', 'crvUSD'];
    const kinds = ['v2', 'v3', 'stable', 'split', 'multihop', 'cross'] as const;
    const seen: Record<string, number> = {};
    let settled = 0;
    for (let attempt = 0; settled < 50 && attempt < 2000; attempt++) {
      // the kind with the fewest settled so far (rotating on ties), so every kind is well represented
      const kind = [...kinds.slice(attempt % kinds.length), ...kinds.slice(0, attempt % kinds.length)].reduce((a, b) =>
        (seen[b] ?? 0) < (seen[a] ?? 0) ? b : a,
      );
      const market = await refresh();
      const src = rand() < 0.5 ? 1 : 10;
      let route: Route | null = null;
      if (kind === 'v2')
        route = findBestRoute(only(market, 'constantProduct'), request(market, src, src), {
          allowBridges: false,
          maxSplits: 1,
        });
      if (kind === 'v3')
        route = findBestRoute(only(market, 'concentrated'), request(market, src, src), {
          allowBridges: false,
          maxSplits: 1,
        });
      if (kind === 'stable')
        route = findBestRoute(only(market, 'stableSwap'), request(market, src, src, STABLES), {
          allowBridges: false,
          maxSplits: 1,
        });
      if (kind === 'split')
        route = findBestRoute(market, request(market, src, src), { allowBridges: false, maxSplits: 8 });
      if (kind === 'multihop')
        route = findBestRoute(market, request(market, src, src), { allowBridges: false, maxSplits: 1, maxHops: 3 });
      if (kind === 'cross')
        route = findBestRoute(market, request(market, src, src === 1 ? 10 : 1), { maxBridges: 1, maxSplits: 2 });
      if (!route || route.amountOut === 0n) continue;
      if (kind === 'split' && route.paths.length < 2) continue;
      if (kind === 'multihop' && route.paths[0].legs.length < 2) continue;
      if (
        kind === 'cross' &&
        !route.paths.some((p) =>
          p.legs.some((l) => l.kind !== 'bridge' && l.chainIdIn === route!.request.destinationChainId),
        )
      )
        continue;

      if (kind !== 'cross') {
        const { receipt, delivered } = await settle(route, market, route.amountOut);
        expect(receipt.status).toBe('success');
        expect(delivered).toBe(route.amountOut);
        expect(swapVenues(receipt)).toEqual(routeVenues(route, route.request.sourceChainId));
      } else {
        // the solver fronts the bridged tokens on the destination and runs the destination legs itself
        const dst = route.request.destinationChainId;
        const c = chains[dst];
        const solver = c.local.accounts[2];
        const me = solver.address.toLowerCase() as Address;
        const paths = routePathCalls(route, market, dst);
        const wallet = c.local.walletFor(solver);
        for (const [token, amount] of routeInputs(paths)) {
          await wallet.writeContract({ address: token, abi: mockErc20Abi, functionName: 'mint', args: [me, amount] });
          await wallet.writeContract({
            address: token,
            abi: mockErc20Abi,
            functionName: 'approve',
            args: [c.amm!.routeExecutor, maxUint256],
          });
        }
        const before = await balance(c, route.request.buyToken, me);
        const hash = await wallet.sendTransaction({
          to: c.amm!.routeExecutor,
          data: encodeRouteExecution({
            paths,
            tokenOut: route.request.buyToken,
            minAmountOut: route.amountOut,
            recipient: me,
          }),
          gas: 10_000_000n,
        });
        const receipt = await c.local.publicClient.getTransactionReceipt({ hash });
        expect(receipt.status).toBe('success');
        const inventory = routeInputs(paths).get(route.request.buyToken) ?? 0n; // a path bridged straight into the buy token
        expect((await balance(c, route.request.buyToken, me)) - before + inventory).toBe(route.amountOut);
        expect(swapVenues(receipt)).toEqual(routeVenues(route, dst));
      }
      seen[kind] = (seen[kind] ?? 0) + 1;
      settled++;
    }
    expect(settled).toBe(50);
    for (const k of kinds) expect(seen[k]).toBeGreaterThanOrEqual(8);
    expect(
      await balance(
        chains[1],
        spec.tokens.find((t) => t.chainId === 1 && t.symbol === 'WETH')!.address,
        chains[1].amm!.routeExecutor,
      ),
    ).toBe(0n);
  }, 600_000);

  it('route execution - another trade between quote and settlement: the route falls short and the settlement reverts whole', async () => {
    const market = await refresh();
    const weth = spec.tokens.find((t) => t.chainId === 1 && t.symbol === 'WETH')!.address;
    const usdc = spec.tokens.find((t) => t.chainId === 1 && t.symbol === 'USDC')!.address;
    const route = findBestRoute(
      market,
      { sellToken: weth, buyToken: usdc, sourceChainId: 1, destinationChainId: 1, sellAmount: 5n * e18 },
      { allowBridges: false, maxSplits: 1, maxHops: 1 },
    )!;
    // someone else sells WETH into the same pool first
    const outsider = chains[1].local.accounts[5];
    const mover = findBestRoute(
      market,
      { ...route.request, sellAmount: 50n * e18 },
      { allowBridges: false, maxSplits: 1, maxHops: 1 },
    )!;
    expect(mover.paths[0].legs[0].poolId).toBe(route.paths[0].legs[0].poolId);
    const c = chains[1];
    const wallet = c.local.walletFor(outsider);
    const paths = routePathCalls(mover, market, 1);
    await wallet.writeContract({
      address: weth,
      abi: mockErc20Abi,
      functionName: 'mint',
      args: [outsider.address, mover.amountIn],
    });
    await wallet.writeContract({
      address: weth,
      abi: mockErc20Abi,
      functionName: 'approve',
      args: [c.amm!.routeExecutor, maxUint256],
    });
    await wallet.sendTransaction({
      to: c.amm!.routeExecutor,
      data: encodeRouteExecution({ paths, tokenOut: usdc, minAmountOut: 0n, recipient: outsider.address }),
    });
    // the stale route is settled anyway: nothing moves, no token stays behind
    const trader = c.local.accounts[3].address.toLowerCase() as Address;
    const wethBefore = await balance(c, weth, trader);
    await expect(settle(route, market, route.amountOut)).rejects.toThrow(/InsufficientOutput|InteractionFailed/);
    expect(await balance(c, weth, trader)).toBe(wethBefore + route.request.sellAmount); // the faucet's WETH, unspent
    expect(await balance(c, weth, c.amm!.routeExecutor)).toBe(0n);
    expect(
      await balance(
        c,
        weth,
        executorAddress({ settlement: c.settlement, solver: c.local.accounts[2].address.toLowerCase() as Address }),
      ),
    ).toBe(0n);
    // the fresh quote reflects the outside trade within the block
    const fresh = await refresh();
    const requote = findBestRoute(fresh, route.request, { allowBridges: false, maxSplits: 1, maxHops: 1 })!;
    expect(requote.amountOut).toBeLessThan(route.amountOut);
  }, 120_000);
});
