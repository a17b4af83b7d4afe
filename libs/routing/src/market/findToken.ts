import type { Market, Token } from '../types';

/** Looks a token up by chain and symbol (case-insensitive). */
export function findToken(market: Market, chainId: number, symbol: string): Token | undefined {
  const s = symbol.toUpperCase();
  return market.tokens.find((t) => t.chainId === chainId && t.symbol.toUpperCase() === s);
}
