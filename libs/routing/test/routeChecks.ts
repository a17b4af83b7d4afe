// Test helpers shared by libs/routing's route tests (outside src, so dist holds only what runs).
import fc from 'fast-check';
import { findToken } from '../src/market/findToken';
import type { Market, QuoteRequest, Route } from '../src/types';

/**
 * Checks that every amount in the route follows from the previous one (no gaps, no invented output), read as a flow
 * (see Route): each path draws at most what is held of its first token, the last draw of a token takes all of it,
 * and at the end only the buy token is held, exactly `amountOut` of it.
 */
export function expectConsistent(route: Route): void {
  const key = (chainId: number, token: string) => `${chainId}:${token.toLowerCase()}`;
  const { request } = route;
  const sell = key(request.sourceChainId, request.sellToken);
  const buy = key(request.destinationChainId, request.buyToken);
  const starts = route.paths.map((p) => key(p.legs[0].chainIdIn, p.legs[0].tokenIn));
  const lastDraw = new Map(starts.map((t, k) => [t, k]));
  const held = new Map([[sell, request.sellAmount]]);
  route.paths.forEach((p, k) => {
    expect(p.legs[0].amountIn).toBe(p.amountIn);
    for (let j = 1; j < p.legs.length; j++) {
      expect(p.legs[j].amountIn).toBe(p.legs[j - 1].amountOut);
      expect(key(p.legs[j].chainIdIn, p.legs[j].tokenIn)).toBe(key(p.legs[j - 1].chainIdOut, p.legs[j - 1].tokenOut));
    }
    const last = p.legs[p.legs.length - 1];
    expect(last.amountOut).toBe(p.amountOut);
    const have = held.get(starts[k]) ?? 0n;
    expect(p.amountIn).toBeGreaterThan(0n);
    if (lastDraw.get(starts[k]) === k) expect(p.amountIn).toBe(have);
    else expect(p.amountIn).toBeLessThanOrEqual(have);
    held.set(starts[k], have - p.amountIn);
    const end = key(last.chainIdOut, last.tokenOut);
    held.set(end, (held.get(end) ?? 0n) + p.amountOut);
  });
  for (const [t, v] of held) if (t !== buy) expect([t, v]).toEqual([t, 0n]);
  expect(route.amountIn).toBe(request.sellAmount);
  expect(route.amountOut).toBe(held.get(buy) ?? 0n);
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
