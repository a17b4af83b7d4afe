import type { Intent } from '@intentmesh/protocol';
import { PRICE_SCALE, type AuctionIntentTerms } from './selectWinners';

/** Key of a buy token in an auction's reference price table: "destinationChainId:token" (lowercase). */
export function priceKey(chainId: number, token: string): string {
  return `${chainId}:${token.toLowerCase()}`;
}

/**
 * The price table an auction records: one entry per buy token in it, numeraire units per 1e18 base units;
 * a token the auctioneer has no price for is valued 1:1 (PRICE_SCALE), and the record says so explicitly.
 */
export function referencePricesFor(
  intents: readonly Intent[],
  priceOf?: (chainId: number, token: string) => bigint | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const it of intents) {
    const key = priceKey(it.destinationChainId, it.buyToken);
    if (!(key in out))
      out[key] = (priceOf?.(it.destinationChainId, it.buyToken.toLowerCase()) ?? PRICE_SCALE).toString();
  }
  return out;
}

/** Scoring terms of each intent from the recorded price table (absent key: 1:1, as version 1 records assume). */
export function auctionTerms(
  intents: readonly { hash: string; intent: Intent }[],
  referencePrices: Readonly<Record<string, string>>,
): AuctionIntentTerms[] {
  const parsed = new Map<string, bigint>();
  return intents.map(({ hash, intent }) => {
    const price = referencePrices[priceKey(intent.destinationChainId, intent.buyToken)];
    if (price === undefined) return { hash, minBuyAmount: intent.minBuyAmount, price: PRICE_SCALE };
    let p = parsed.get(price);
    if (p === undefined) parsed.set(price, (p = BigInt(price)));
    return { hash, minBuyAmount: intent.minBuyAmount, price: p };
  });
}
