import { getAmountOutConstantProduct } from '../pools/constantProduct';
import { exchangeStableSwap, stableInvariant, stableRate } from '../pools/stableSwap';
import type { ConstantProductPool, StableSwapPool } from '../types';
import { A, B, C, E18, a, abcMarket, addr, b, c, cp } from '../../test/abcMarket';
import { evaluateFlow, evaluatePaths } from './evaluate';

// Two parallel A-C pools feeding one shallow C-B pool.
const { index, edge } = abcMarket([
  cp(101, A, C, 1000n * E18, 1000n * E18),
  cp(102, A, C, 1000n * E18, 1000n * E18),
  cp(103, C, B, 100n * E18, 100n * E18),
]);

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

describe('exact StableSwap legs', () => {
  const stable = (): StableSwapPool => ({
    kind: 'stableSwap',
    id: addr(201),
    chainId: 1,
    tokens: [A, B, C],
    balances: [1_000_000n * E18, 1_200_000n * E18, 900_000n * E18],
    amplification: 2000n,
    fee: 4_000_000n,
    adminFee: 5_000_000_000n,
  });
  const params = (p: StableSwapPool) => ({ ...p, rates: [stableRate(18), stableRate(18), stableRate(18)] });

  test('the invariant given once prices every amount to the wei as computing it each time does', () => {
    const p = params(stable());
    const inv = stableInvariant(p, p.balances);
    for (const dx of [1n, 10n ** 6n, 777n * E18, 50_000n * E18, 2_000_000n * E18])
      expect(exchangeStableSwap(p, p.balances, 0, 2, dx, inv)).toEqual(exchangeStableSwap(p, p.balances, 0, 2, dx));
  });

  test('a path through an untouched pool pays what exchange() pays, again and again, and follows balances written in place', () => {
    const pool = stable();
    const { index, edge } = abcMarket([pool as unknown as ConstantProductPool]);
    const x = 12_345n * E18;
    const run = () => evaluatePaths(index, [{ edges: [edge(201, a, c)], amountIn: x }])!.amountOut;
    const want = exchangeStableSwap(params(pool), pool.balances, 0, 2, x)!.dy;
    expect(run()).toBe(want);
    expect(run()).toBe(want);
    // a market is an immutable snapshot, but a pool's D must never outlive balances changed under it
    pool.balances[2] = 300_000n * E18;
    const after = exchangeStableSwap(params(pool), pool.balances, 0, 2, x)!.dy;
    expect(after).not.toBe(want);
    expect(run()).toBe(after);
    // a second trade on the same pool in one evaluation starts from the first one's balances
    const twice = evaluatePaths(index, [
      { edges: [edge(201, a, c)], amountIn: x },
      { edges: [edge(201, a, c)], amountIn: x },
    ])!;
    const first = exchangeStableSwap(params(pool), pool.balances, 0, 2, x)!;
    expect(twice.paths[1].amountOut).toBe(exchangeStableSwap(params(pool), first.balances, 0, 2, x)!.dy);
  });
});
