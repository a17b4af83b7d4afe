import { indexMarket } from '../market/marketIndex';
import type { Address, ConstantProductPool, Market, Pool, QuoteRequest } from '../types';
import { evaluatePaths } from './evaluate';
import { mergeFlow, routeOf } from './mergeFlow';
import { hashRoute } from './hashRoute';
import { expectConsistent } from '../../test/routeChecks';

const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address;
const E18 = 10n ** 18n;
const [A, B, C, D] = [addr(1), addr(2), addr(3), addr(4)];
const cp = (id: number, token0: Address, token1: Address, r: bigint): ConstantProductPool => ({
  kind: 'constantProduct',
  id: addr(id),
  chainId: 1,
  token0,
  token1,
  reserve0: r,
  reserve1: r,
  feeBps: 30,
});
const marketOf = (pools: Pool[]): Market => ({
  chains: [{ chainId: 1, name: 'test', gasPriceWei: 0n, nativeToken: A }],
  tokens: [A, B, C, D].map((address, k) => ({
    chainId: 1,
    address,
    symbol: 'ABCD'[k],
    decimals: 18,
    priceUsdE18: E18,
  })),
  pools,
  bridges: [],
});
const request: QuoteRequest = { sellToken: A, buyToken: B, sourceChainId: 1, destinationChainId: 1, sellAmount: 0n };

/** Plain split of `amounts` over pool-id paths A -> ... -> B, evaluated in order, and the merge's context. */
function plain(market: Market, paths: number[][][], amounts: bigint[]) {
  const index = indexMarket(market);
  const edge = ([pool, from, to]: number[]) =>
    index.edgesFrom[from].find((e) => e.to === to && index.venues[e.venue].pool?.id === addr(pool))!;
  const r = evaluatePaths(
    index,
    paths.map((p, k) => ({ edges: p.map(edge), amountIn: amounts[k] })),
  )!;
  const ctx = { index, from: 0, to: 1 };
  return { r, ctx, req: { ...request, sellAmount: amounts.reduce((a, b) => a + b, 0n) } };
}
const [a, b, c, d] = [0, 1, 2, 3];

describe('mergeFlow', () => {
  test('paths that share no pool come back as they are: the same route, the same hash', () => {
    const m = marketOf([cp(10, A, B, 100n * E18), cp(11, A, C, 100n * E18), cp(12, C, B, 100n * E18)]);
    const { r, ctx, req } = plain(
      m,
      [
        [[10, a, b]],
        [
          [11, a, c],
          [12, c, b],
        ],
      ],
      [20n * E18, 10n * E18],
    );
    expect(mergeFlow(ctx, req, r.paths)).toBe(r.paths);
    const route = routeOf(ctx, req, r.paths);
    expect(route.amountOut).toBe(r.amountOut);
    expect(hashRoute(route)).toBe(hashRoute(routeOf(ctx, req, mergeFlow(ctx, req, r.paths))));
  });

  test('two paths through one constant-product pool: one swap of the sum, split after it, more output', () => {
    const m = marketOf([cp(10, A, C, 200n * E18), cp(11, C, B, 50n * E18), cp(12, C, B, 60n * E18)]);
    const paths = [
      [
        [10, a, c],
        [11, c, b],
      ],
      [
        [10, a, c],
        [12, c, b],
      ],
    ];
    const { r, ctx, req } = plain(m, paths, [18n * E18, 22n * E18]);
    const flow = mergeFlow(ctx, req, r.paths);
    expect(flow.map((p) => p.legs.map((l) => l.poolId))).toEqual([[addr(10)], [addr(11)], [addr(12)]]);
    expect(flow[0].amountIn).toBe(40n * E18);
    const route = routeOf(ctx, req, flow);
    expectConsistent(route);
    expect(route.amountOut).toBeGreaterThan(r.amountOut);
    // three flow paths count against maxSplits: with 2 allowed the plain split stays
    expect(mergeFlow(ctx, req, r.paths, 3)).toHaveLength(3);
    expect(mergeFlow(ctx, req, r.paths, 2)).toBe(r.paths);
  });

  test('a chain of single-consumer swaps stays one path: shared A -> C, then C -> D -> B and C -> B', () => {
    const pools = [cp(10, A, C, 500n * E18), cp(11, C, D, 80n * E18), cp(12, D, B, 80n * E18), cp(13, C, B, 90n * E18)];
    const paths = [
      [
        [10, a, c],
        [11, c, d],
        [12, d, b],
      ],
      [
        [10, a, c],
        [13, c, b],
      ],
    ];
    const { r, ctx, req } = plain(marketOf(pools), paths, [30n * E18, 30n * E18]);
    const route = routeOf(ctx, req, mergeFlow(ctx, req, r.paths));
    expectConsistent(route);
    expect(route.paths.map((p) => p.legs.map((l) => l.poolId))).toEqual([[addr(10)], [addr(11), addr(12)], [addr(13)]]);
    expect(route.amountOut).toBeGreaterThan(r.amountOut);
  });

  test('paths crossing a token pair both ways (no token order): the shared first swap still merges', () => {
    // A-C shared first; one path then C -> D -> B, another D -> C -> B through other pools: C and D form a cycle.
    const pools = [
      cp(10, A, C, 400n * E18),
      cp(11, C, D, 60n * E18),
      cp(12, D, B, 60n * E18),
      cp(13, C, B, 70n * E18),
      cp(14, A, D, 300n * E18),
      cp(15, D, C, 50n * E18),
      cp(16, C, B, 55n * E18),
    ];
    const paths = [
      [
        [10, a, c],
        [11, c, d],
        [12, d, b],
      ],
      [
        [10, a, c],
        [13, c, b],
      ],
      [
        [14, a, d],
        [15, d, c],
        [16, c, b],
      ],
    ];
    const { r, ctx, req } = plain(marketOf(pools), paths, [20n * E18, 25n * E18, 15n * E18]);
    const route = routeOf(ctx, req, mergeFlow(ctx, req, r.paths));
    expectConsistent(route);
    expect(route.paths.map((p) => p.legs.map((l) => l.poolId))).toEqual([
      [addr(10)],
      [addr(14)],
      [addr(11), addr(12)],
      [addr(13)],
      [addr(15), addr(16)],
    ]);
    // one A-C swap carries both paths' share
    expect(route.paths[0].amountIn + route.paths[1].amountIn).toBe(60n * E18);
    expect(route.amountOut).toBeGreaterThan(r.amountOut);
  });
});
