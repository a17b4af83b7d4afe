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

// 10^n as a bigint, each power computed once
const POW10: bigint[] = [];
function pow10(n: number): bigint {
  return (POW10[n] ??= 10n ** BigInt(n));
}

/** Per chain, the factors of one gas unit's USD value (x 1e36): units x `mul` / `div`, floored. */
type ChainGasFactors = { mul: bigint; div: bigint } | null;
// per market index (immutable), for its own gas prices: a route's gas is valued on every exact evaluation
const ownPriceFactors = new WeakMap<MarketIndex, Map<number, ChainGasFactors>>();

function gasFactors(index: MarketIndex, chainId: number, prices?: Record<number, bigint>): ChainGasFactors {
  const compute = (): ChainGasFactors => {
    const native = index.nativePrice.get(chainId);
    if (!native) return null;
    return { mul: gasPrice(index, chainId, prices) * native.priceUsdE18 * pow10(18), div: pow10(native.decimals) };
  };
  // caller-given prices are read on every call (the caller may change them); the market's own are fixed
  if (prices) return compute();
  let byChain = ownPriceFactors.get(index);
  if (!byChain) ownPriceFactors.set(index, (byChain = new Map()));
  let f = byChain.get(chainId);
  if (f === undefined) byChain.set(chainId, (f = compute()));
  return f;
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
    const f = gasFactors(index, chainId, prices);
    if (f) usdE36 += (units * f.mul) / f.div;
  }
  return (usdE36 * pow10(t.decimals)) / (t.priceUsdE18 * pow10(18));
}
