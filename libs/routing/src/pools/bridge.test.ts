import { bridgeAmountOut, dualBoundForRoute, findBestRoute } from '../index';
import type { Address, Bridge, Market } from '../types';

const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address;
const [A, A2, B2] = [addr(0xa), addr(0xa2), addr(0xb2)];
const e18 = 10n ** 18n;
const bridge = (k: number, feeBps: number, capacity?: bigint): Bridge => ({
  kind: 'bridge',
  id: addr(0xb00 + k),
  fromChainId: 1,
  toChainId: 10,
  tokenIn: A,
  tokenOut: A2,
  fixedFee: 10n ** 15n,
  feeBps,
  capacity,
  delaySeconds: 600,
});

/** A on chain 1 bridges to A2 on chain 10, which trades against B2 in one deep pool. */
function market(bridges: Bridge[]): Market {
  return {
    chains: [
      { chainId: 1, name: 'one', gasPriceWei: 0n, nativeToken: A },
      { chainId: 10, name: 'ten', gasPriceWei: 0n, nativeToken: A2 },
    ],
    tokens: [
      { chainId: 1, address: A, symbol: 'A', decimals: 18, priceUsdE18: e18 },
      { chainId: 10, address: A2, symbol: 'A', decimals: 18, priceUsdE18: e18 },
      { chainId: 10, address: B2, symbol: 'B', decimals: 18, priceUsdE18: e18 },
    ],
    pools: [
      {
        kind: 'constantProduct',
        id: addr(0x100),
        chainId: 10,
        token0: A2,
        token1: B2,
        reserve0: 10n ** 6n * e18,
        reserve1: 10n ** 6n * e18,
        feeBps: 30,
      },
    ],
    bridges,
  };
}

const request = (sellAmount: bigint) => ({
  sellToken: A,
  buyToken: B2,
  sourceChainId: 1,
  destinationChainId: 10,
  sellAmount,
});

describe('bridge edges', () => {
  test('fixed fee plus basis points (rounded up), refused beyond capacity or when the fees eat the transfer', () => {
    const b = bridge(1, 10, 100n * e18);
    expect(bridgeAmountOut(b, 10n * e18)).toBe(10n * e18 - 10n ** 16n - 10n ** 15n);
    expect(bridgeAmountOut(b, 10_001n)).toBe(null);
    expect(bridgeAmountOut({ ...b, fixedFee: 0n }, 10_001n)).toBe(10_001n - 11n);
    expect(bridgeAmountOut(b, 100n * e18)).not.toBe(null);
    expect(bridgeAmountOut(b, 100n * e18 + 1n)).toBe(null);
    // Capacity is shared by every transfer of one route.
    expect(bridgeAmountOut(b, 60n * e18, 50n * e18)).toBe(null);
    expect(bridgeAmountOut(b, 50n * e18, 50n * e18)).not.toBe(null);
  });

  test('a route never pushes more than a bridge capacity through it, across all its paths', () => {
    const cheap = bridge(1, 5, 100n * e18);
    const dear = bridge(2, 60);
    const m = market([cheap, dear]);
    const route = findBestRoute(m, request(300n * e18))!;
    let viaCheap = 0n;
    let viaDear = 0n;
    for (const p of route.paths)
      for (const l of p.legs) {
        if (l.poolId === cheap.id) viaCheap += l.amountIn;
        if (l.poolId === dear.id) viaDear += l.amountIn;
      }
    expect(viaCheap <= cheap.capacity!).toBe(true);
    // The cheap bridge is filled (or nearly) before the dear one takes the rest.
    expect(viaCheap).toBeGreaterThan(99n * e18);
    expect(viaCheap + viaDear).toBe(300n * e18);
    expect(route.amountOut <= dualBoundForRoute(m, route)).toBe(true);
    expect(route.amountOut <= dualBoundForRoute(m, route, { optimize: true })).toBe(true);
  });

  test('an amount no bridge can carry has no route', () => {
    const m = market([bridge(1, 5, 100n * e18)]);
    expect(findBestRoute(m, request(100n * e18))).not.toBeNull();
    expect(findBestRoute(m, request(100n * e18 + 1n))).toBeNull();
  });
});
