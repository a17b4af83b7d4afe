import type { Bridge } from '../types';

/** Amount delivered by a bridge; null when the transfer does not cover the fees or exceeds capacity. */
export function bridgeAmountOut(
  bridge: Pick<Bridge, 'fixedFee' | 'feeBps' | 'capacity'>,
  amountIn: bigint,
  alreadyUsed = 0n,
): bigint | null {
  if (amountIn <= 0n) return null;
  if (bridge.capacity !== undefined && alreadyUsed + amountIn > bridge.capacity) return null;
  // The percentage fee rounds up, in the bridge's favour, as contracts do.
  const bpsFee = (amountIn * BigInt(bridge.feeBps) + 9_999n) / 10_000n;
  const out = amountIn - bpsFee - bridge.fixedFee;
  return out > 0n ? out : null;
}
