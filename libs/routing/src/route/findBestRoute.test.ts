import fc from 'fast-check';
import { getAmountOutConstantProduct } from '../pools/constantProduct';
import { getSqrtRatioAtTick } from '../math/tickMath';
import { swapConcentratedExactIn } from '../pools/concentrated';
import type { Address, ConcentratedPool, ConstantProductPool, Market, QuoteRequest, Route, RoutePath } from '../types';
import { indexMarket } from '../market/marketIndex';
import { evaluatePaths } from './evaluate';
import {
  dualBoundForRoute,
  dualPricesAfterRoute,
  dualUpperBound,
  explainRoute,
  findBestRoute,
  findToken,
  generateMarket,
  hashRoute,
  tokenKey,
} from '../index';
import { expectConsistent, hubRequests } from '../../test/routeChecks';
import { dollarTokens } from '../../test/testTokens';

const ZERO_GAS = { 1: 0n, 10: 0n, 42161: 0n };
const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address;

describe('findBestRoute on a generated market', () => {
  const m = generateMarket({ seed: 1, poolCount: 300 });
  const weth = findToken(m, 1, 'WETH')!;
  const usdc10 = findToken(m, 10, 'USDC')!;
  const req: QuoteRequest = {
    sellToken: weth.address,
    buyToken: usdc10.address,
    sourceChainId: 1,
    destinationChainId: 10,
    sellAmount: 10n ** 19n,
  };

  const swaps = (r: Route) => Math.max(...r.paths.map((p) => p.legs.filter((l) => l.kind !== 'bridge').length));

  test('the three solver profiles really differ on the typical cross-chain request (10 WETH -> USDC on 10)', () => {
    const direct = findBestRoute(m, req, { maxHops: 1, maxSplits: 1, gasPriceWei: ZERO_GAS })!;
    const multihop = findBestRoute(m, req, { maxHops: 3, maxSplits: 1, gasPriceWei: ZERO_GAS })!;
    const split = findBestRoute(m, req, { maxHops: 4, maxSplits: 8, gasPriceWei: ZERO_GAS })!;
    for (const r of [direct, multihop, split]) expectConsistent(r);
    expect(direct.paths).toHaveLength(1);
    expect(swaps(direct)).toBe(1);
    expect(multihop.paths).toHaveLength(1);
    expect(swaps(multihop)).toBeLessThanOrEqual(3);
    expect(swaps(split)).toBeLessThanOrEqual(4);
    expect(split.paths.length).toBeLessThanOrEqual(8);
    expect(multihop.amountOut).toBeGreaterThan(direct.amountOut);
    expect(split.amountOut).toBeGreaterThanOrEqual(multihop.amountOut);
    // Crossing chains needs a bridge leg on every path.
    expect(split.paths.every((p) => p.legs.some((l) => l.kind === 'bridge'))).toBe(true);
    // 10 WETH at ~3000 USD is about 30,000 USDC.
    expect(Number(split.amountOut) / 1e6).toBeGreaterThan(29_000);
    expect(Number(split.amountOut) / 1e6).toBeLessThan(30_000);
  });

  test('a high-impact cross-chain order stays paths that each cross, as inventory settles them per path', () => {
    // libs/chain routePathCalls runs each path's legs after its bridge on the destination: a flow's steps on the
    // source chain alone could not settle (on the 1,000-pool market 14 of 36 such orders came out as flows).
    const big = generateMarket({ seed: 2026, poolCount: 1000 });
    const s = findToken(big, 1, 'WETH')!;
    const b = findToken(big, 10, 'DAI')!;
    const r = { sellToken: s.address, buyToken: b.address, sourceChainId: 1, destinationChainId: 10 };
    const route = findBestRoute(big, { ...r, sellAmount: 1000n * 10n ** 18n }, { maxBridges: 1 })!;
    expectConsistent(route);
    expect(route.paths.length).toBeGreaterThan(1);
    for (const p of route.paths) {
      expect(p.legs[0]).toMatchObject({ tokenIn: s.address, chainIdIn: 1 });
      expect(p.legs.filter((l) => l.kind === 'bridge')).toHaveLength(1);
    }
  });

  test('a large order is split and beats the best single path', () => {
    const usdc1 = findToken(m, 1, 'USDC')!;
    const big = { ...req, buyToken: usdc1.address, destinationChainId: 1, sellAmount: 2000n * 10n ** 18n };
    const single = findBestRoute(m, big, { maxHops: 4, maxSplits: 1, gasPriceWei: ZERO_GAS })!;
    const split = findBestRoute(m, big, { maxHops: 4, maxSplits: 8, gasPriceWei: ZERO_GAS })!;
    expectConsistent(split);
    expect(split.paths.length).toBeGreaterThan(1);
    expect(split.amountOut).toBeGreaterThan(single.amountOut);
    // Splitting 6M USD of WETH across pools recovers real money, not rounding.
    expect(Number(split.amountOut - single.amountOut) / 1e6).toBeGreaterThan(1000);
  });

  test('returns null when there is no route', () => {
    expect(findBestRoute(m, { ...req, sellAmount: 0n })).toBeNull();
    expect(findBestRoute(m, { ...req, buyToken: addr(12345) })).toBeNull();
    expect(findBestRoute(m, req, { allowBridges: false })).toBeNull();
  });

  test('never exceeds the certified dual bound and stays close to it', () => {
    const ratios: number[] = [];
    fc.assert(
      fc.property(hubRequests(m, { min: 3, max: 5.5 }), (request) => {
        const route = findBestRoute(m, request, { gasPriceWei: ZERO_GAS });
        if (!route) return;
        expectConsistent(route);
        const bound = dualBoundForRoute(m, route);
        expect(route.amountOut <= bound).toBe(true);
        ratios.push(Number(route.amountOut) / Number(bound));
      }),
      { seed: 99, numRuns: 60 },
    );
    ratios.sort((a, b) => a - b);
    expect(ratios.length).toBeGreaterThan(40);
    expect(ratios[Math.floor(ratios.length / 2)]).toBeGreaterThan(0.9999);
    expect(ratios[Math.floor(ratios.length / 20)]).toBeGreaterThan(0.995);
  });

  test('weak duality holds for arbitrary dual prices (the oracle is a bound, not an estimate)', () => {
    const s = findToken(m, 1, 'USDC')!;
    const b = findToken(m, 1, 'WBTC')!;
    const request = {
      sellToken: s.address,
      buyToken: b.address,
      sourceChainId: 1,
      destinationChainId: 1,
      sellAmount: 250_000n * 10n ** 6n,
    };
    const route = findBestRoute(m, request, { allowBridges: false, gasPriceWei: ZERO_GAS })!;
    const nu = dualPricesAfterRoute(m, route, request, { bridges: false });
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.5, max: 2, noNaN: true }), {
          minLength: m.tokens.length,
          maxLength: m.tokens.length,
        }),
        (noise) => {
          const prices: Record<string, number> = {};
          m.tokens.forEach(
            (t, k) => (prices[tokenKey(t.chainId, t.address)] = (nu[tokenKey(t.chainId, t.address)] ?? 0) * noise[k]),
          );
          prices[tokenKey(1, b.address)] = 1;
          expect(route.amountOut <= dualUpperBound(m, request, prices, { bridges: false })).toBe(true);
        },
      ),
      { seed: 5, numRuns: 30 },
    );
  });

  test('gas-aware: expensive gas means fewer paths', () => {
    const big = {
      ...req,
      buyToken: findToken(m, 1, 'USDC')!.address,
      destinationChainId: 1,
      sellAmount: 300n * 10n ** 18n,
    };
    const cheap = findBestRoute(m, big, { gasPriceWei: ZERO_GAS })!;
    const dear = findBestRoute(m, big, { gasPriceWei: { 1: 10n ** 12n, 10: 10n ** 12n, 42161: 10n ** 12n } })!;
    expect(cheap.paths.length).toBeGreaterThan(1);
    expect(dear.paths.length).toBeLessThan(cheap.paths.length);
    expect(dear.gasCostInSellToken > 0n).toBe(true);
    expect(cheap.gasCostInSellToken).toBe(0n);
  });

  test('hashRoute commits to the legs; explainRoute is readable', () => {
    const r = findBestRoute(m, req)!;
    const h = hashRoute(r);
    expect(h).toMatch(/^0x[0-9a-f]{64}$/);
    expect(hashRoute(findBestRoute(m, req)!)).toBe(h);
    const tweaked = {
      ...r,
      paths: r.paths.map((p, k) =>
        k === 0 ? { ...p, legs: p.legs.map((l, j) => (j === 0 ? { ...l, amountOut: l.amountOut - 1n } : l)) } : p,
      ),
    };
    expect(hashRoute(tweaked)).not.toBe(h);
    const text = explainRoute(r, m);
    expect(text).toContain('Route WETH (chain 1) -> USDC (chain 10)');
    expect(text).toContain('in  10 WETH');
    expect(text).toMatch(/bridge 1->\d+/);
    expect(text.split('\n').length).toBeGreaterThan(5);
  });
});

/** One chain, two tokens, only constant product pools (0.3%), so water-filling has a closed form. */
function parallelMarket(reserves: Array<[bigint, bigint]>): Market {
  const a = addr(0xa);
  const b = addr(0xb);
  return {
    chains: [{ chainId: 1, name: 'test', gasPriceWei: 0n, nativeToken: a }],
    tokens: dollarTokens(1, [a, b], 'AB'),
    pools: reserves.map(([r0, r1], k): ConstantProductPool => ({
      kind: 'constantProduct',
      id: addr(0x100 + k),
      chainId: 1,
      token0: a,
      token1: b,
      reserve0: r0,
      reserve1: r1,
      feeBps: 30,
    })),
    bridges: [],
  };
}

/** Closed-form optimum: a_i = (sqrt(g x_i y_i / lambda) - x_i) / g over the active set, sum a_i = X. */
function waterFill(reserves: Array<[bigint, bigint]>, X: bigint): bigint {
  const g = 0.997;
  let active = reserves.map((_, k) => k);
  let alloc: number[] = [];
  for (;;) {
    const sx = active.reduce((s, k) => s + Number(reserves[k][0]), 0);
    const sq = active.reduce((s, k) => s + Math.sqrt(g * Number(reserves[k][0]) * Number(reserves[k][1])), 0);
    const t = (g * Number(X) + sx) / sq; // t = 1 / sqrt(lambda)
    alloc = reserves.map(([x, y], k) =>
      active.includes(k) ? (Math.sqrt(g * Number(x) * Number(y)) * t - Number(x)) / g : 0,
    );
    const next = active.filter((k) => alloc[k] > 0);
    if (next.length === active.length) break;
    active = next;
  }
  // Exact integer evaluation of the float allocation, remainder to the largest share.
  const ints = alloc.map((v) => BigInt(Math.max(0, Math.floor(v))));
  const big = alloc.indexOf(Math.max(...alloc));
  ints[big] += X - ints.reduce((s, v) => s + v, 0n);
  return ints.reduce((s, v, k) => s + getAmountOutConstantProduct(v, reserves[k][0], reserves[k][1], 30), 0n);
}

describe('split optimality', () => {
  test('parallel constant product pools: output equals the closed-form water-filling optimum within a few wei', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0.9, max: 1.1, noNaN: true })), {
          minLength: 2,
          maxLength: 6,
        }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        (spec, size) => {
          const reserves = spec.map(([depth, skew]): [bigint, bigint] => [
            BigInt(depth) * 10n ** 21n,
            BigInt(Math.floor(depth * skew * 1e6)) * 10n ** 15n,
          ]);
          const total = reserves.reduce((s, r) => s + r[0], 0n);
          const X = BigInt(Math.floor(Number(total) * size * 0.1));
          const m = parallelMarket(reserves);
          const route = findBestRoute(
            m,
            { sellToken: addr(0xa), buyToken: addr(0xb), sourceChainId: 1, destinationChainId: 1, sellAmount: X },
            { maxSplits: 8 },
          )!;
          expectConsistent(route);
          const optimum = waterFill(reserves, X);
          const diff = route.amountOut - optimum;
          expect(diff >= -5n).toBe(true);
          // Beating the closed form by more than rounding would mean the oracle or the math is wrong.
          expect(diff <= 5n).toBe(true);
        },
      ),
      { seed: 77, numRuns: 100 },
    );
  });

  test('a pool two paths share is swapped once (a flow): amounts replay exactly and beat the same split run as two paths', () => {
    // A -> C through one shared pool, then C -> B through two parallel pools: both paths use the shared pool.
    const [a, b, c] = [addr(0xa), addr(0xb), addr(0xc)];
    const cp = (k: number, t0: Address, t1: Address, r0: bigint, r1: bigint): ConstantProductPool => ({
      kind: 'constantProduct',
      id: addr(0x200 + k),
      chainId: 1,
      token0: t0,
      token1: t1,
      reserve0: r0,
      reserve1: r1,
      feeBps: 30,
    });
    const e21 = 10n ** 21n;
    const m: Market = {
      chains: [{ chainId: 1, name: 't', gasPriceWei: 0n, nativeToken: a }],
      tokens: dollarTokens(1, [a, b, c], 'ABC'),
      pools: [
        cp(0, a, c, 1000n * e21, 1000n * e21),
        cp(1, c, b, 10n * e21, 10n * e21),
        cp(2, c, b, 12n * e21, 12n * e21),
      ],
      bridges: [],
    };
    const route = findBestRoute(m, {
      sellToken: a,
      buyToken: b,
      sourceChainId: 1,
      destinationChainId: 1,
      sellAmount: 4n * e21,
    })!;
    // One A -> C swap of the whole amount, then what it yields split over the two C -> B pools.
    expect(route.paths).toHaveLength(3);
    expect(route.paths[0].legs.map((l) => [l.poolId, l.amountIn])).toEqual([[addr(0x200), 4n * e21]]);
    expect(route.paths.slice(1).map((p) => p.legs[0].tokenIn)).toEqual([c, c]);
    expectConsistent(route);
    // Replay leg by leg on one evolving copy of the reserves: amounts must match exactly.
    const reserves = new Map(m.pools.map((p) => [p.id, { ...(p as ConstantProductPool) }]));
    for (const p of route.paths)
      for (const l of p.legs) {
        const s = reserves.get(l.poolId)!;
        const zeroForOne = l.tokenIn === s.token0;
        const out = zeroForOne
          ? getAmountOutConstantProduct(l.amountIn, s.reserve0, s.reserve1, 30)
          : getAmountOutConstantProduct(l.amountIn, s.reserve1, s.reserve0, 30);
        expect(l.amountOut).toBe(out);
        if (zeroForOne) [s.reserve0, s.reserve1] = [s.reserve0 + l.amountIn, s.reserve1 - out];
        else [s.reserve1, s.reserve0] = [s.reserve1 + l.amountIn, s.reserve0 - out];
      }
    // The same split as two plain paths, each swapping the shared pool: the pool keeps the first swap's fee.
    const index = indexMarket(m);
    const edge = (pool: number, from: Address, to: Address) =>
      index.edgesFrom[index.tokenIdx.get(tokenKey(1, from))!].find(
        (e) => index.venues[e.venue].pool?.id === addr(0x200 + pool) && e.to === index.tokenIdx.get(tokenKey(1, to)),
      )!;
    const [viaFirst, viaSecond] = route.paths.slice(1);
    const share = (4n * e21 * viaFirst.amountIn) / (viaFirst.amountIn + viaSecond.amountIn);
    const pool = (p: RoutePath) => Number(BigInt(p.legs[0].poolId) - 0x200n);
    const plain = evaluatePaths(index, [
      { edges: [edge(0, a, c), edge(pool(viaFirst), c, b)], amountIn: share },
      { edges: [edge(0, a, c), edge(pool(viaSecond), c, b)], amountIn: 4n * e21 - share },
    ])!;
    expect(route.amountOut).toBeGreaterThan(plain.amountOut);
  });
});

describe('issue 18: side paths, V3 dust and near-capacity trades', () => {
  const [a, b, c] = [addr(0xa), addr(0xb), addr(0xc)];
  const chains = [{ chainId: 1, name: 't', gasPriceWei: 0n, nativeToken: a }];
  const tokens = dollarTokens(1, [a, b, c], 'ABC');
  const e18 = 10n ** 18n;
  const sell = (amount: bigint, from = a, to = b): QuoteRequest => ({
    sellToken: from,
    buyToken: to,
    sourceChainId: 1,
    destinationChainId: 1,
    sellAmount: amount,
  });

  test('a small, well-priced side path is kept on a large trade (A-B deep, A-C thin, C-B very deep)', () => {
    const cp = (k: number, t0: Address, t1: Address, r: bigint): ConstantProductPool => ({
      kind: 'constantProduct',
      id: addr(0x300 + k),
      chainId: 1,
      token0: t0,
      token1: t1,
      reserve0: r,
      reserve1: r,
      feeBps: 30,
    });
    const m: Market = {
      chains,
      tokens,
      pools: [cp(0, a, b, 1000n * e18), cp(1, a, c, 10n * e18), cp(2, c, b, 10n ** 24n)],
      bridges: [],
    };
    const route = findBestRoute(m, sell(100n * e18))!;
    expectConsistent(route);
    // 99026289752475247583 direct and the rest via C gives 90739867234470935292 (the split).
    expect(route.amountOut).toBeGreaterThanOrEqual(90739867234470935292n);
    expect(route.paths).toHaveLength(2);
  });

  const v3 = (liquidity: bigint, lower: number, upper: number, tick: number): ConcentratedPool => ({
    kind: 'concentrated',
    id: addr(0x400),
    chainId: 1,
    token0: a,
    token1: b,
    fee: 3000,
    tickSpacing: 60,
    sqrtPriceX96: getSqrtRatioAtTick(tick),
    tick,
    liquidity,
    ticks: [
      { index: lower, liquidityNet: liquidity, liquidityGross: liquidity },
      { index: upper, liquidityNet: -liquidity, liquidityGross: liquidity },
    ],
  });

  test('dust into a deep V3 pool at tick -123616 fills as the exact math (and v3-sdk) does: 5 wei -> 934041', () => {
    for (const liquidity of [10n ** 22n, 10n ** 25n, 10n ** 28n]) {
      const pool = v3(liquidity, -887220, 887220, -123616);
      const m: Market = { chains, tokens, pools: [pool], bridges: [] };
      const route = findBestRoute(m, sell(5n, b, a));
      const exact = swapConcentratedExactIn(pool, pool, false, 5n)!;
      expect(route?.amountOut).toBe(exact.amountOut);
      if (liquidity === 10n ** 22n) expect(exact.amountOut).toBe(934041n);
    }
  });

  test('amounts within 1e-12 of a V3 pool capacity get a route whenever the pool can fill them', () => {
    const pool = v3(10n ** 21n, -600, 600, 0);
    const m: Market = { chains, tokens, pools: [pool], bridges: [] };
    for (const zeroForOne of [true, false]) {
      // The largest input the pool fills, by bisection on the exact swap.
      let lo = 1n;
      let hi = 10n ** 30n;
      while (hi - lo > 1n) {
        const mid = (lo + hi) / 2n;
        if (swapConcentratedExactIn(pool, pool, zeroForOne, mid)) lo = mid;
        else hi = mid;
      }
      for (const amount of [lo, lo - lo / 10n ** 12n, lo - lo / 10n ** 10n]) {
        const route = findBestRoute(m, zeroForOne ? sell(amount) : sell(amount, b, a));
        expect(route?.amountOut).toBe(swapConcentratedExactIn(pool, pool, zeroForOne, amount)!.amountOut);
      }
      expect(findBestRoute(m, zeroForOne ? sell(hi) : sell(hi, b, a))).toBeNull();
    }
  });
});
