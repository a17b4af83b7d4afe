import type { Market } from '../types';
import { formatUnits } from './units';

export type MarketJSON = {
  version: 1;
  chains: Array<{ chainId: number; name: string; gasPriceWei: string; nativeToken: string }>;
  tokens: Array<{ chainId: number; address: string; symbol: string; decimals: number; priceUsd: string }>;
  pools: Array<Record<string, unknown>>;
  bridges: Array<Record<string, unknown>>;
};

/** Market -> plain JSON (bigints as decimal strings), the inverse of parseMarket. */
export function serializeMarket(market: Market): MarketJSON {
  return {
    version: 1,
    chains: market.chains.map((c) => ({
      chainId: c.chainId,
      name: c.name,
      gasPriceWei: c.gasPriceWei.toString(),
      nativeToken: c.nativeToken,
    })),
    tokens: market.tokens.map((t) => ({
      chainId: t.chainId,
      address: t.address,
      symbol: t.symbol,
      decimals: t.decimals,
      priceUsd: formatUnits(t.priceUsdE18, 18),
    })),
    pools: market.pools.map((p) => {
      switch (p.kind) {
        case 'constantProduct':
          return { ...p, reserve0: p.reserve0.toString(), reserve1: p.reserve1.toString() };
        case 'concentrated':
          return {
            ...p,
            sqrtPriceX96: p.sqrtPriceX96.toString(),
            liquidity: p.liquidity.toString(),
            ticks: p.ticks.map((t) => ({
              index: t.index,
              liquidityNet: t.liquidityNet.toString(),
              liquidityGross: t.liquidityGross.toString(),
            })),
          };
        case 'stableSwap':
          return {
            ...p,
            balances: p.balances.map(String),
            amplification: p.amplification.toString(),
            fee: p.fee.toString(),
            adminFee: p.adminFee.toString(),
          };
      }
    }),
    bridges: market.bridges.map((b) => ({
      kind: 'bridge',
      id: b.id,
      fromChainId: b.fromChainId,
      toChainId: b.toChainId,
      tokenIn: b.tokenIn,
      tokenOut: b.tokenOut,
      fixedFee: b.fixedFee.toString(),
      feeBps: b.feeBps,
      capacity: b.capacity === undefined ? null : b.capacity.toString(),
      delaySeconds: b.delaySeconds,
    })),
  };
}
