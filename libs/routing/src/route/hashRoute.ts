import { encodeAbiParameters, keccak256 } from 'viem';
import type { Hex, Route } from '../types';

const ROUTE_ABI = [
  { name: 'sellToken', type: 'address' },
  { name: 'buyToken', type: 'address' },
  { name: 'sourceChainId', type: 'uint256' },
  { name: 'destinationChainId', type: 'uint256' },
  { name: 'amountIn', type: 'uint256' },
  { name: 'amountOut', type: 'uint256' },
  {
    name: 'paths',
    type: 'tuple[][]',
    components: [
      { name: 'pool', type: 'address' },
      { name: 'chainIdIn', type: 'uint256' },
      { name: 'chainIdOut', type: 'uint256' },
      { name: 'tokenIn', type: 'address' },
      { name: 'tokenOut', type: 'address' },
      { name: 'amountIn', type: 'uint256' },
      { name: 'amountOut', type: 'uint256' },
    ],
  },
] as const;

/** bytes32 commitment to a route: keccak256 of the ABI encoding of the request, totals and every leg in order. */
export function hashRoute(route: Route): Hex {
  const r = route.request;
  return keccak256(
    encodeAbiParameters(ROUTE_ABI, [
      r.sellToken,
      r.buyToken,
      BigInt(r.sourceChainId),
      BigInt(r.destinationChainId),
      route.amountIn,
      route.amountOut,
      route.paths.map((p) =>
        p.legs.map((l) => ({
          pool: l.poolId,
          chainIdIn: BigInt(l.chainIdIn),
          chainIdOut: BigInt(l.chainIdOut),
          tokenIn: l.tokenIn,
          tokenOut: l.tokenOut,
          amountIn: l.amountIn,
          amountOut: l.amountOut,
        })),
      ),
    ]),
  );
}
