// Token lists of the hand-built test markets (outside src, so dist holds only what runs).
import type { Address, Token } from '../src/types';

/** One token per address on `chainId`, named by the letter of `symbols` at its index: 18 decimals, worth $1 each. */
export function dollarTokens(chainId: number, addresses: Address[], symbols: string): Token[] {
  return addresses.map((address, k) => ({
    chainId,
    address,
    symbol: symbols[k],
    decimals: 18,
    priceUsdE18: 10n ** 18n,
  }));
}
