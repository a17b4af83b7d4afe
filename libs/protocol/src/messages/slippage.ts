/** The least buyAmount a trader accepts for a quoted amount and a slippage in basis points (rounded down). */
export function applySlippage(buyAmount: bigint, slippageBps: number): bigint {
  return (buyAmount * BigInt(10_000 - slippageBps)) / 10_000n;
}
