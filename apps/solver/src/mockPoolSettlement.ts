import { mockErc20Abi, mockPoolAbi, type Interaction } from '@intentmesh/chain';
import type { Address } from '@intentmesh/protocol';
import type { CreateSettlerParameters, SettlementChain } from '@intentmesh/solver-kit';
import { encodeFunctionData, erc20Abi } from 'viem';

/**
 * Settlement for the local demo chains only: the reference solver's routes run on a synthetic market, so a
 * MockPool stands in for the route, priced at the route's own awarded output (the executor sets the pair's rate,
 * approves the pool and swaps into itself; the settlement then pays the recipient the award); cross-chain inventory
 * is minted from the mock token.
 */
export function mockPoolSettlement(
  pools: Record<number, Address>,
  chains: Record<number, SettlementChain>,
): Pick<CreateSettlerParameters, 'interactions' | 'prepareFill'> {
  return {
    interactions: ({ intent, award, executor }): Interaction[] => {
      const pool = pools[intent.sourceChainId];
      if (!pool) throw new Error(`no mock pool on chain ${intent.sourceChainId}`);
      return [
        {
          target: pool,
          value: 0n,
          callData: encodeFunctionData({
            abi: mockPoolAbi,
            functionName: 'setRate',
            args: [intent.sellToken, intent.buyToken, award.buyAmount, intent.sellAmount],
          }),
        },
        {
          target: intent.sellToken,
          value: 0n,
          callData: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [pool, intent.sellAmount] }),
        },
        {
          target: pool,
          value: 0n,
          callData: encodeFunctionData({
            abi: mockPoolAbi,
            functionName: 'swap',
            args: [intent.sellToken, intent.buyToken, intent.sellAmount, executor],
          }),
        },
      ];
    },
    prepareFill: async ({ intent, award, solver }) => {
      const dst = chains[intent.destinationChainId];
      const hash = await dst.walletClient.writeContract({
        address: intent.buyToken,
        abi: mockErc20Abi,
        functionName: 'mint',
        args: [solver, award.buyAmount],
      } as never);
      await dst.publicClient.waitForTransactionReceipt({ hash });
    },
  };
}
