// A one-chain market of 18-decimal tokens A, B, C priced alike, for route tests that name their pools and edges.
import { indexMarket, type Edge } from '../src/market/marketIndex';
import type { Address, ConstantProductPool, Market } from '../src/types';

export const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address;
export const E18 = 10n ** 18n;
export const [A, B, C] = [addr(1), addr(2), addr(3)];
/** Token indexes of A, B and C in the market's index. */
export const [a, b, c] = [0, 1, 2];

/** A 0.3% constant-product pool with id addr(id). */
export const cp = (id: number, token0: Address, token1: Address, r0: bigint, r1: bigint): ConstantProductPool => ({
  kind: 'constantProduct',
  id: addr(id),
  chainId: 1,
  token0,
  token1,
  reserve0: r0,
  reserve1: r1,
  feeBps: 30,
});

/** The market of these pools over A, B, C, its index, and the edge of pool addr(id) from one token index to another. */
export function abcMarket(pools: ConstantProductPool[]) {
  const market: Market = {
    chains: [{ chainId: 1, name: 'test', gasPriceWei: 0n, nativeToken: A }],
    tokens: [A, B, C].map((address, k) => ({ chainId: 1, address, symbol: 'ABC'[k], decimals: 18, priceUsdE18: E18 })),
    pools,
    bridges: [],
  };
  const index = indexMarket(market);
  const edge = (pool: number, from: number, to: number): Edge =>
    index.edgesFrom[from].find((e) => e.to === to && index.venues[e.venue].pool?.id === addr(pool))!;
  return { market, index, edge };
}
