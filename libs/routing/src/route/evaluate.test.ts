import { getAmountOutConstantProduct } from '../pools/constantProduct';
import { A, B, C, E18, a, abcMarket, b, c, cp } from '../../test/abcMarket';
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
