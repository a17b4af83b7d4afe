import {
  encodeRouteExecution,
  encodeRouteInteractions,
  mockErc20Abi,
  routeInputs,
  routePathCalls,
  type Interaction,
} from '@intentmesh/chain';
import type { Address, Intent } from '@intentmesh/protocol';
import { findBestRoute, type Market, type QuoteOptions, type Route } from '@intentmesh/routing';
import type { CreateSettlerParameters, LiveMarketSource, SettleContext, SettlementChain } from '@intentmesh/solver-kit';
import { erc20Abi, maxUint256 } from 'viem';

/** The fresh route yields less than the award: the solver does not send, and the settlement would revert anyway. */
export class RouteShortfallError extends Error {
  readonly code = 'ROUTE_SHORTFALL';
  constructor(
    readonly intentHash: string,
    readonly quoted: bigint,
    readonly awarded: bigint,
  ) {
    super(`route now yields ${quoted}, below the award ${awarded}`);
  }
}

export type RouteSettlementParameters = {
  /** The live market the solver quotes over (synced to the head before each settlement). */
  source: LiveMarketSource;
  chains: Record<number, SettlementChain>;
  /** RouteExecutor address per chain id. */
  routeExecutors: Record<number, Address>;
  /** The solver's routing options (its profile). */
  options: QuoteOptions;
  /**
   * Cross-chain: mint the inventory the solver fronts on the destination (dev chains' mock tokens). Off: the
   * solver's own balance there pays for the destination legs, as on a real chain.
   */
  mintInventory?: boolean;
};

/** Same routing limits as the bid: same-chain swaps stay on their chain, cross-chain ones take one bridge. */
export function routeFor(market: Market, intent: Intent, options: QuoteOptions): Route | null {
  const sameChain = intent.sourceChainId === intent.destinationChainId;
  return findBestRoute(
    market,
    {
      sellToken: intent.sellToken,
      buyToken: intent.buyToken,
      sourceChainId: intent.sourceChainId,
      destinationChainId: intent.destinationChainId,
      sellAmount: intent.sellAmount,
    },
    { ...options, ...(sameChain ? { allowBridges: false } : { maxBridges: 1 }) },
  );
}

/**
 * Settles through real pools: before sending, re-read the pools and re-quote on fresh state; the RouteExecutor
 * carries out that exact route and reverts unless it yields award.buyAmount, so a settlement never fills partly.
 * Cross-chain: the solver fronts the bridged tokens from inventory on the destination (minted there on dev chains
 * with `mintInventory`) and runs the route's destination legs itself before filling.
 */
export function routeSettlement(
  params: RouteSettlementParameters,
): Pick<CreateSettlerParameters, 'interactions' | 'prepareFill'> {
  const { source, chains, routeExecutors, options, mintInventory = false } = params;
  const fresh = async (ctx: SettleContext): Promise<{ route: Route; market: Market }> => {
    await source.sync();
    const market = source.current();
    const route = routeFor(market, ctx.intent, options);
    if (!route || route.amountOut < ctx.award.buyAmount)
      throw new RouteShortfallError(ctx.intentHash, route?.amountOut ?? 0n, ctx.award.buyAmount);
    return { route, market };
  };
  const executorOn = (chainId: number) => {
    const a = routeExecutors[chainId];
    if (!a) throw new Error(`no RouteExecutor on chain ${chainId}`);
    return a;
  };
  return {
    interactions: async (ctx): Promise<Interaction[]> => {
      const { route, market } = await fresh(ctx);
      // the output lands in the solver's executor, from which the settlement pays exactly the award (surplus is the solver's)
      return encodeRouteInteractions({
        route,
        market,
        routeExecutor: executorOn(ctx.intent.sourceChainId),
        minAmountOut: ctx.award.buyAmount,
        recipient: ctx.executor,
      });
    },
    prepareFill: async (ctx) => {
      const { route, market } = await fresh(ctx);
      const chainId = ctx.intent.destinationChainId;
      const dst = chains[chainId];
      const routeExecutor = executorOn(chainId);
      const paths = routePathCalls(route, market, chainId);
      const send = async (call: Parameters<SettlementChain['walletClient']['writeContract']>[0]) => {
        const receipt = await dst.publicClient.waitForTransactionReceipt({
          hash: await dst.walletClient.writeContract(call),
        });
        if (receipt.status !== 'success') throw new Error(`transaction reverted: ${receipt.transactionHash}`);
      };
      for (const [token, amount] of routeInputs(paths)) {
        // inventory the solver fronts for the bridge; on dev chains it comes from the mock token
        if (mintInventory)
          await send({ address: token, abi: mockErc20Abi, functionName: 'mint', args: [ctx.solver, amount] } as never);
        const allowance = await dst.publicClient.readContract({
          address: token,
          abi: erc20Abi,
          functionName: 'allowance',
          args: [ctx.solver, routeExecutor],
        });
        if (allowance < amount)
          await send({
            address: token,
            abi: erc20Abi,
            functionName: 'approve',
            args: [routeExecutor, maxUint256],
          } as never);
      }
      const data = encodeRouteExecution({
        paths,
        tokenOut: ctx.intent.buyToken,
        minAmountOut: ctx.award.buyAmount,
        recipient: ctx.solver,
      });
      const receipt = await dst.publicClient.waitForTransactionReceipt({
        hash: await dst.walletClient.sendTransaction({ to: routeExecutor, data } as never),
      });
      if (receipt.status !== 'success')
        throw new Error(`route on chain ${chainId} reverted: ${receipt.transactionHash}`);
    },
  };
}
