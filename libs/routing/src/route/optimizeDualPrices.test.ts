import fc from 'fast-check';
import {
  bridgeAmountOut,
  dualBoundForRoute,
  dualPricesAfterRoute,
  dualUpperBound,
  findBestRoute,
  generateMarket,
  getAmountOutConstantProduct,
  optimizeDualPrices,
} from '../index';
import { hubRequests } from '../../test/routeChecks';
import { dollarTokens } from '../../test/testTokens';
import type { Address, Bridge, ConstantProductPool, Market, QuoteRequest } from '../types';

const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address;
const [A, C, B, A2] = [addr(0xa), addr(0xc), addr(0xb), addr(0xa2)];
const e18 = 10n ** 18n;
const ZERO_GAS = { 1: 0n, 10: 0n, 42161: 0n };

const cp = (
  k: number,
  chainId: number,
  t0: Address,
  t1: Address,
  r0: bigint,
  r1: bigint,
  feeBps: number,
): ConstantProductPool => ({
  kind: 'constantProduct',
  id: addr(0x100 + k),
  chainId,
  token0: t0,
  token1: t1,
  reserve0: r0,
  reserve1: r1,
  feeBps,
});

/**
 * A -> C through one deep 0.01% pool, then C -> B through a deep 0.3% pool and a thin 0.05% pool whose spot rate
 * is better. Pre-trade (spot) prices value C at the thin pool's rate, so nu_A * X overstates what X can buy.
 * With `bridge`, A sits on chain 10 and reaches chain 1 over an uncapped 5 bp bridge first.
 */
function thinPoolMarket(bridge: boolean): Market {
  const chains = [{ chainId: 1, name: 'one', gasPriceWei: 0n, nativeToken: A }];
  const tokens = dollarTokens(1, [A, C, B], 'ACB');
  const bridges: Bridge[] = [];
  if (bridge) {
    chains.push({ chainId: 10, name: 'ten', gasPriceWei: 0n, nativeToken: A2 });
    tokens.push({ chainId: 10, address: A2, symbol: 'A', decimals: 18, priceUsdE18: e18 });
    bridges.push({
      kind: 'bridge',
      id: addr(0xb1),
      fromChainId: 10,
      toChainId: 1,
      tokenIn: A2,
      tokenOut: A,
      fixedFee: 0n,
      feeBps: 5,
      delaySeconds: 60,
    });
  }
  return {
    chains,
    tokens,
    pools: [
      cp(0, 1, A, C, 10n ** 6n * e18, 10n ** 6n * e18, 1),
      cp(1, 1, C, B, 10n ** 6n * e18, 10n ** 6n * e18, 30),
      cp(2, 1, C, B, 2000n * e18, 2000n * e18, 5),
    ],
    bridges,
  };
}

/** The true optimum: the first hops are forced, then the best integer split of C between the two pools. */
function thinPoolOptimum(m: Market, X: bigint, bridge: boolean): bigint {
  const a = bridge ? bridgeAmountOut(m.bridges[0], X)! : X;
  const [, deep, thin] = m.pools as ConstantProductPool[];
  const c = getAmountOutConstantProduct(
    a,
    m.pools[0].kind === 'constantProduct' ? m.pools[0].reserve0 : 0n,
    (m.pools[0] as ConstantProductPool).reserve1,
    1,
  );
  const out = (s: bigint) =>
    getAmountOutConstantProduct(c - s, deep.reserve0, deep.reserve1, 30) +
    getAmountOutConstantProduct(s, thin.reserve0, thin.reserve1, 5);
  // Output is concave in the thin pool's share: ternary search on integers, then scan the last few.
  let lo = 0n;
  let hi = c;
  while (hi - lo > 2n) {
    const m1 = lo + (hi - lo) / 3n;
    const m2 = hi - (hi - lo) / 3n;
    if (out(m1) < out(m2)) lo = m1;
    else hi = m2;
  }
  let best = 0n;
  for (let s = lo; s <= hi; s++) if (out(s) > best) best = out(s);
  return best;
}

describe('optimizeDualPrices', () => {
  for (const bridge of [false, true]) {
    test(`thin better-priced pool${bridge ? ' behind an uncapped bridge' : ''}: spot duals are loose, optimised duals certify the exact optimum`, () => {
      const m = thinPoolMarket(bridge);
      const X = 20_000n * e18;
      const request: QuoteRequest = {
        sellToken: bridge ? A2 : A,
        buyToken: B,
        sourceChainId: bridge ? 10 : 1,
        destinationChainId: 1,
        sellAmount: X,
      };
      const optimum = thinPoolOptimum(m, X, bridge);
      const spot = dualPricesAfterRoute(m, null, request);
      const loose = dualUpperBound(m, request, spot);
      // The spot bound overstates by about the fee difference between the two C -> B pools (25 bp).
      expect(Number(loose - optimum) / Number(optimum)).toBeGreaterThan(0.002);
      const tight = dualUpperBound(m, request, optimizeDualPrices(m, request, spot));
      expect(tight >= optimum).toBe(true);
      expect(Number(tight - optimum) / Number(optimum)).toBeLessThan(1e-7);
      // The router reaches the same optimum, within 0.001 bp.
      const route = findBestRoute(m, request)!;
      expect(route.amountOut <= tight).toBe(true);
      expect(Number(optimum - route.amountOut) / Number(optimum)).toBeLessThan(1e-7);
    });
  }

  test('never below the route on generated markets, and never above the quick bound', () => {
    const m = generateMarket({ seed: 3, poolCount: 100 });
    fc.assert(
      fc.property(hubRequests(m, { min: 2, max: 5 }), (request) => {
        const route = findBestRoute(m, request, { gasPriceWei: ZERO_GAS });
        if (!route) return;
        const quick = dualBoundForRoute(m, route);
        const tight = dualBoundForRoute(m, route, { optimize: true });
        expect(route.amountOut <= tight).toBe(true);
        expect(tight <= quick).toBe(true);
      }),
      { seed: 11, numRuns: 8 },
    );
  });
});
