// Test helpers shared by libs/routing's route tests (outside src, so dist holds only what runs).
import fc from 'fast-check';
import { findToken } from '../src/market/findToken';
import type { Market, QuoteRequest, Route } from '../src/types';

/** Checks that every amount in the route follows from the previous one (no gaps, no invented output). */
export function expectConsistent(route: Route): void {
  let inSum = 0n;
  let outSum = 0n;
  for (const p of route.paths) {
    expect(p.legs[0].amountIn).toBe(p.amountIn);
    for (let k = 1; k < p.legs.length; k++) expect(p.legs[k].amountIn).toBe(p.legs[k - 1].amountOut);
    expect(p.legs[p.legs.length - 1].amountOut).toBe(p.amountOut);
    inSum += p.amountIn;
    outSum += p.amountOut;
  }
  expect(inSum).toBe(route.request.sellAmount);
  expect(route.amountIn).toBe(inSum);
  expect(route.amountOut).toBe(outSum);
}

const HUBS = ['WETH', 'USDC', 'USDT', 'DAI', 'WBTC'];

/** A hub sold for one of the first 20 other tokens on a random chain, worth 10^logUsd dollars (generated markets). */
export function hubRequests(m: Market, logUsd: { min: number; max: number }): fc.Arbitrary<QuoteRequest> {
  return fc
    .tuple(
      fc.constantFrom(1, 10, 42161),
      fc.constantFrom(1, 10, 42161),
      fc.constantFrom(...HUBS),
      fc.integer({ min: 0, max: 19 }),
      fc.double({ ...logUsd, noNaN: true }),
    )
    .map(([sc, dc, sell, buyIdx, lg]) => {
      const s = findToken(m, sc, sell)!;
      const b = m.tokens.filter((t) => t.chainId === dc && t.address !== s.address)[buyIdx];
      return {
        sellToken: s.address,
        buyToken: b.address,
        sourceChainId: sc,
        destinationChainId: dc,
        sellAmount: BigInt(Math.floor((10 ** lg / (Number(s.priceUsdE18) / 1e18)) * 10 ** s.decimals)),
      };
    });
}
