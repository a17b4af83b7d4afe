import type { QuoteRequest, Route } from '../types';
import { searchContext } from './coldSearch';
import { evaluateFlow, evaluatePaths } from './evaluate';
import { findBestRoute } from './findBestRoute';
import { FLOW_TUNING, flowAllocate, flowRoute } from './flowAllocate';
import { splitRoute } from './search';
import { A, B, C, E18, a, abcMarket, addr, b, c, cp } from '../../test/abcMarket';

// Two deep A-C pools feeding one C-B pool (the paths through C share it), next to a direct A-B pool.
const { market, index, edge } = abcMarket([
  cp(101, A, C, 300n * E18, 300n * E18),
  cp(102, A, C, 200n * E18, 200n * E18),
  cp(103, C, B, 400n * E18, 400n * E18),
  cp(104, A, B, 150n * E18, 150n * E18),
]);
const request = (sellAmount: bigint): QuoteRequest => ({
  sourceChainId: 1,
  destinationChainId: 1,
  sellToken: A,
  buyToken: B,
  sellAmount,
});
const paths = [[edge(101, a, c), edge(103, c, b)], [edge(102, a, c), edge(103, c, b)], [edge(104, a, b)]];
const cands = paths.map((edges) => ({ edges, out: 0, gas: 0 }));

/** Flow consistency: every path's legs chain, each token is drawn no more than held, only the buy token is left. */
function expectFlow(route: Route): void {
  const held = new Map<string, bigint>([[route.request.sellToken, route.request.sellAmount]]);
  for (const p of route.paths) {
    const first = p.legs[0].tokenIn;
    const have = held.get(first) ?? 0n;
    expect(p.amountIn).toBeLessThanOrEqual(have);
    held.set(first, have - p.amountIn);
    expect(p.legs[0].amountIn).toBe(p.amountIn);
    for (let k = 1; k < p.legs.length; k++) expect(p.legs[k].amountIn).toBe(p.legs[k - 1].amountOut);
    const last = p.legs[p.legs.length - 1];
    expect(last.amountOut).toBe(p.amountOut);
    held.set(last.tokenOut, (held.get(last.tokenOut) ?? 0n) + p.amountOut);
  }
  for (const [token, amount] of held) expect(amount).toBe(token === route.request.buyToken ? route.amountOut : 0n);
}

describe('flowAllocate', () => {
  test('paths sharing a pool swap it once: the flow beats the best path split and a grid of plain splits', () => {
    const req = request(300n * E18);
    const ctx = searchContext(index, a, b, { gasPriceWei: { 1: 0n } });
    const split = splitRoute(ctx, req, cands, 3)!;
    const flow = flowAllocate(ctx, req, paths, split)!;
    expect(flow).not.toBeNull();
    expect(flow.amountOut).toBeGreaterThan(split.amountOut);
    // The shared C-B pool is swapped once.
    const cb = flow.paths.flatMap((p) => p.legs).filter((l) => l.poolId === addr(103));
    expect(cb).toHaveLength(1);
    let gridBest = 0n;
    for (let i = 0; i <= 20; i++)
      for (let j = 0; i + j <= 20; j++) {
        const x = [i, j, 20 - i - j].map((k) => (req.sellAmount * BigInt(k)) / 20n);
        x[2] += req.sellAmount - x[0] - x[1] - x[2];
        const r = evaluatePaths(
          index,
          paths.map((edges, p) => ({ edges, amountIn: x[p] })),
        );
        if (r && r.amountOut > gridBest) gridBest = r.amountOut;
      }
    expect(flow.amountOut).toBeGreaterThan(gridBest);
  });

  test('exact: the flow is what evaluateFlow makes of its steps, and it conserves every token', () => {
    const req = request(120n * E18);
    const ctx = searchContext(index, a, b, { gasPriceWei: { 1: 0n } });
    const flow = flowAllocate(ctx, req, paths, splitRoute(ctx, req, cands, 3))!;
    const replay = evaluateFlow(index, a, b, req.sellAmount, flow.steps)!;
    expect(replay.amountOut).toBe(flow.amountOut);
    expect(replay.paths).toEqual(flow.paths);
    expectFlow({
      request: req,
      amountIn: req.sellAmount,
      amountOut: flow.amountOut,
      gasCostInSellToken: 0n,
      paths: flow.paths,
    });
  });

  test('findBestRoute is never worse than the plain path split, and its flow replays exactly', () => {
    for (let k = 1; k <= 24; k++) {
      const req = request((E18 * BigInt(k * k * 7 + 3)) / 4n);
      const ctx = searchContext(index, a, b, { gasPriceWei: { 1: 0n } });
      const route = findBestRoute(market, req, { gasPriceWei: { 1: 0n } })!;
      const split = splitRoute(ctx, req, cands, 3)!;
      expect(route.amountOut).toBeGreaterThanOrEqual(split.amountOut);
      expect(route.amountIn).toBe(req.sellAmount);
      expectFlow(route);
      const steps = route.paths.map((p) => ({
        edges: p.legs.map((l) =>
          index.edgesFrom[index.tokenIdx.get(`1:${l.tokenIn}`)!].find(
            (e) => index.venues[e.venue].pool?.id === l.poolId && index.tokens[e.to].address === l.tokenOut,
          )!,
        ),
        amountIn: p.amountIn,
      }));
      expect(evaluateFlow(index, a, b, req.sellAmount, steps)!.amountOut).toBe(route.amountOut);
    }
  });

  test('findBestRoute returns the flow where it nets more: never below the plain splits (FLOW_TUNING.enabled off)', () => {
    const plain = (k: number) => findBestRoute(market, request(E18 * BigInt(k * 25)), { gasPriceWei: { 1: 0n } })!;
    const after = [1, 4, 8, 12, 16].map(plain);
    FLOW_TUNING.enabled = false;
    try {
      const before = [1, 4, 8, 12, 16].map(plain);
      after.forEach((route, k) => {
        expect(route.amountOut).toBeGreaterThanOrEqual(before[k].amountOut);
        expectFlow(route);
      });
      // 300 A: the paths through C share the C-B pool, which the flow swaps once.
      expect(after[3].amountOut).toBeGreaterThan(before[3].amountOut);
    } finally {
      FLOW_TUNING.enabled = true;
    }
  });

  test('maxSplits bounds the steps of the flow offered to the search', () => {
    const ctx = searchContext(index, a, b, { gasPriceWei: { 1: 0n } });
    const req = request(E18 * 300n);
    const wide = flowRoute(
      ctx,
      req,
      cands.map((c) => c.edges),
      null,
      128,
    )!;
    expect(wide.paths.length).toBeGreaterThan(1);
    for (let maxSplits = 1; maxSplits <= wide.paths.length; maxSplits++) {
      const flow = flowRoute(
        ctx,
        req,
        cands.map((c) => c.edges),
        null,
        maxSplits,
      );
      expect(flow === null ? maxSplits < wide.paths.length : flow.paths.length <= maxSplits).toBe(true);
    }
  });
});
