import type { MarketIndex } from '../market/marketIndex';
import type { Leg } from '../types';

/** Gas units per chain for a list of legs (a bridge leg is paid on its source chain). */
export function gasByChain(legs: Iterable<Pick<Leg, 'gas' | 'chainIdIn'>>): Map<number, bigint> {
  const m = new Map<number, bigint>();
  for (const l of legs) m.set(l.chainIdIn, (m.get(l.chainIdIn) ?? 0n) + l.gas);
  return m;
}

function gasPrice(index: MarketIndex, chainId: number, prices?: Record<number, bigint>): bigint {
  return prices?.[chainId] ?? index.market.chains.find((c) => c.chainId === chainId)?.gasPriceWei ?? 0n;
}

/** Gas cost valued in a token through reference USD prices, floored, exact integer math. */
export function gasCostInToken(
  index: MarketIndex,
  token: number,
  gas: Map<number, bigint>,
  prices?: Record<number, bigint>,
): bigint {
  const t = index.tokens[token];
  if (t.priceUsdE18 === 0n) return 0n;
  // Sum USD value scaled by 10^(18 + 18) first so the single division at the end keeps precision.
  let usdE36 = 0n;
  for (const [chainId, units] of gas) {
    const native = index.nativePrice.get(chainId);
    if (!native) continue;
    usdE36 +=
      (units * gasPrice(index, chainId, prices) * native.priceUsdE18 * 10n ** 18n) / 10n ** BigInt(native.decimals);
  }
  return (usdE36 * 10n ** BigInt(t.decimals)) / (t.priceUsdE18 * 10n ** 18n);
}
