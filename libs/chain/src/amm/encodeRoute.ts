// libs/routing route -> RouteExecutor calls and IntentSettlement interactions that carry out exactly that route.
import type { Address, Leg, Market, Route } from '@intentmesh/routing';
import { encodeFunctionData, erc20Abi, type Hex } from 'viem';
import { routeExecutorAbi } from '@intentmesh/contracts';
import type { Interaction } from '../contracts';

/** RouteExecutor.Hop kinds. */
const HOP_KIND = { constantProduct: 0, concentrated: 1, stableSwap: 2 } as const;

export type RouteHop = { kind: number; pool: Address; tokenIn: Address; tokenOut: Address; i: number; j: number };
export type RoutePathCall = { tokenIn: Address; amountIn: bigint; hops: RouteHop[] };

function hopOf(leg: Leg, market: Market): RouteHop {
  if (leg.kind === 'bridge') throw new Error('a bridge leg is not executed on chain (inventory-based)');
  let i = 0;
  let j = 0;
  if (leg.kind === 'stableSwap') {
    const pool = market.pools.find((p) => p.id === leg.poolId && p.chainId === leg.chainIdIn);
    if (!pool || pool.kind !== 'stableSwap') throw new Error(`stableswap ${leg.poolId} not in the market`);
    i = pool.tokens.indexOf(leg.tokenIn);
    j = pool.tokens.indexOf(leg.tokenOut);
    if (i < 0 || j < 0) throw new Error(`stableswap ${leg.poolId} does not hold ${leg.tokenIn} and ${leg.tokenOut}`);
  }
  return { kind: HOP_KIND[leg.kind], pool: leg.poolId, tokenIn: leg.tokenIn, tokenOut: leg.tokenOut, i, j };
}

/**
 * The part of `route` that runs on `chainId`, each path with the amount the route quotes it to draw: same-chain
 * routes whole (a flow's paths may draw what earlier paths produced); for a cross-chain route the legs after each
 * path's bridge, fed by the bridge's output (which the solver fronts from inventory on the destination).
 */
export function routePathCalls(route: Route, market: Market, chainId: number): RoutePathCall[] {
  return route.paths.map((path) => {
    const b = path.legs.findIndex((l) => l.kind === 'bridge');
    if (b < 0) {
      if (route.request.sourceChainId !== chainId) throw new Error(`route does not run on chain ${chainId}`);
      return {
        tokenIn: path.legs[0].tokenIn,
        amountIn: path.amountIn,
        hops: path.legs.map((l) => hopOf(l, market)),
      };
    }
    const bridge = path.legs[b];
    const rest = path.legs.slice(b + 1);
    if (bridge.chainIdOut !== chainId || rest.some((l) => l.chainIdIn !== chainId))
      throw new Error(`route path does not end on chain ${chainId}`);
    return { tokenIn: bridge.tokenOut, amountIn: bridge.amountOut, hops: rest.map((l) => hopOf(l, market)) };
  });
}

export type EncodeRouteExecutionParameters = {
  /** The paths with the amounts the route quotes (routePathCalls); the encoder turns each token's last draw into 0. */
  paths: RoutePathCall[];
  tokenOut: Address;
  /** The call reverts unless the route yields at least this (award.buyAmount). */
  minAmountOut: bigint;
  /** Where the output goes: the recipient under the old settlement, the solver's executor under issue 23's. */
  recipient: Address;
};

/**
 * RouteExecutor.execute: the inputs (routeInputs) pulled once, then the paths as a flow. Each token's last draw is
 * encoded as 0 (all the executor holds of it), so an upstream swap that fills better than quoted flows on to the
 * output instead of staying behind.
 */
export function encodeRouteExecution({
  paths,
  tokenOut,
  minAmountOut,
  recipient,
}: EncodeRouteExecutionParameters): Hex {
  const inputs = [...routeInputs(paths)].map(([token, amount]) => ({ token, amount }));
  const last = new Map(paths.map((p, k) => [p.tokenIn.toLowerCase(), k]));
  const drawn = paths.map((p, k) => (last.get(p.tokenIn.toLowerCase()) === k ? { ...p, amountIn: 0n } : p));
  return encodeFunctionData({
    abi: routeExecutorAbi,
    functionName: 'execute',
    args: [inputs, drawn, tokenOut, minAmountOut, recipient],
  });
}

/**
 * Per input token, the total the RouteExecutor pulls (what the caller approves): the draws of tokens no path
 * produces. A flow's draws of what earlier paths produced come from the executor's holdings, not the caller.
 */
export function routeInputs(paths: RoutePathCall[]): Map<Address, bigint> {
  const produced = new Set(paths.map((p) => p.hops[p.hops.length - 1]?.tokenOut.toLowerCase()));
  const out = new Map<Address, bigint>();
  for (const p of paths)
    if (!produced.has(p.tokenIn.toLowerCase())) out.set(p.tokenIn, (out.get(p.tokenIn) ?? 0n) + p.amountIn);
  return out;
}

export type EncodeRouteInteractionsParameters = {
  route: Route;
  market: Market;
  routeExecutor: Address;
  minAmountOut: bigint;
  recipient: Address;
};

/** IntentSettlement interactions of a same-chain route: approve the RouteExecutor for the sell amount, execute. */
export function encodeRouteInteractions({
  route,
  market,
  routeExecutor,
  minAmountOut,
  recipient,
}: EncodeRouteInteractionsParameters): Interaction[] {
  const paths = routePathCalls(route, market, route.request.sourceChainId);
  const approvals = [...routeInputs(paths)].map(([token, amount]) => ({
    target: token,
    value: 0n,
    callData: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [routeExecutor, amount] }),
  }));
  const tokenOut = route.request.buyToken;
  return [
    ...approvals,
    { target: routeExecutor, value: 0n, callData: encodeRouteExecution({ paths, tokenOut, minAmountOut, recipient }) },
  ];
}
