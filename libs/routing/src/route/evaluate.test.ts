import { indexMarket, type Edge } from '../market/marketIndex';
import { getAmountOutConstantProduct } from '../pools/constantProduct';
import type { Address, ConstantProductPool, Market } from '../types';
import { evaluateFlow, evaluatePaths } from './evaluate';

const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address;
const E18 = 10n ** 18n;
const [A, B, C] = [addr(1), addr(2), addr(3)];
const cp = (id: number, token0: Address, token1: Address, r0: bigint, r1: bigint): ConstantProductPool => ({
  kind: 'constantProduct',
  id: addr(id),
  chainId: 1,
  token0,
  token1,
  reserve0: r0,
  reserve1: r1,
  feeBps: 30,
});

// Two parallel A-C pools feeding one shallow C-B pool.
const market: Market = {
  chains: [{ chainId: 1, name: 'test', gasPriceWei: 0n, nativeToken: A }],
  tokens: [A, B, C].map((address, k) => ({ chainId: 1, address, symbol: 'ABC'[k], decimals: 18, priceUsdE18: E18 })),
  pools: [
    cp(101, A, C, 1000n * E18, 1000n * E18),
    cp(102, A, C, 1000n * E18, 1000n * E18),
    cp(103, C, B, 100n * E18, 100n * E18),
  ],
  bridges: [],
};
const index = indexMarket(market);
const edge = (pool: number, from: number, to: number): Edge =>
  index.edgesFrom[from].find((e) => e.to === to && index.venues[e.venue].pool?.id === addr(pool))!;
const [a, b, c] = [0, 1, 2];

describe('evaluateFlow', () => {
  test('two swaps that share a pool swap it once: more than the same split run as two paths', () => {
    const x = 30n * E18;
    const flow = evaluateFlow(index, a, b, 2n * x, [
      { edges: [edge(101, a, c)], amountIn: x },
      { edges: [edge(102, a, c)], amountIn: x },
      { edges: [edge(103, c, b)], amountIn: 0n },
    ])!;
    const toC = getAmountOutConstantProduct(x, 1000n * E18, 1000n * E18, 30);
    expect(flow.paths.map((p) => p.amountIn)).toEqual([x, x, 2n * toC]);
    expect(flow.amountOut).toBe(getAmountOutConstantProduct(2n * toC, 100n * E18, 100n * E18, 30));

    const split = evaluatePaths(index, [
      { edges: [edge(101, a, c), edge(103, c, b)], amountIn: x },
      { edges: [edge(102, a, c), edge(103, c, b)], amountIn: x },
    ])!;
    expect(flow.amountOut).toBeGreaterThan(split.amountOut);
  });

  test('a plain split reads the same as evaluatePaths', () => {
    const steps = [
      { edges: [edge(101, a, c), edge(103, c, b)], amountIn: 7n * E18 },
      { edges: [edge(102, a, c), edge(103, c, b)], amountIn: 3n * E18 },
    ];
    expect(evaluateFlow(index, a, b, 10n * E18, steps)!.amountOut).toBe(evaluatePaths(index, steps)!.amountOut);
  });

  test('refuses a draw of more than is held, and a token left over', () => {
    const overdraw = [
      { edges: [edge(101, a, c)], amountIn: 11n * E18 },
      { edges: [edge(103, c, b)], amountIn: 0n },
    ];
    expect(evaluateFlow(index, a, b, 10n * E18, [{ edges: [edge(103, c, b)], amountIn: E18 }, ...overdraw])).toBeNull();
    // the A-C output is never drawn: C would stay behind
    expect(evaluateFlow(index, a, b, 10n * E18, [{ edges: [edge(101, a, c)], amountIn: 0n }])).toBeNull();
  });
});
