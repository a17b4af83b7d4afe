// allowBridges defaults to true only across chains: a same-chain route that leaves the chain over a bridge and
// comes back cannot settle (libs/chain's routePathCalls runs a same-chain route on its one chain).
import { routePathCalls } from '@intentmesh/chain';
import type { Address, Bridge, ConstantProductPool, Market, QuoteRequest, Route } from '../types';
import { findBestRoute } from './findBestRoute';
import { createQuoter } from './quoter';
import { expectConsistent } from '../../test/routeChecks';
import { dollarTokens } from '../../test/testTokens';

const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address;
const E18 = 10n ** 18n;
const [A1, B1, A10, B10] = [addr(0xa1), addr(0xb1), addr(0xa10), addr(0xb10)];

const cp = (id: number, chainId: number, token0: Address, token1: Address, r0: bigint, r1: bigint) =>
  ({ kind: 'constantProduct', id: addr(id), chainId, token0, token1, reserve0: r0, reserve1: r1, feeBps: 30 }) as const;
const bridge = (id: number, fromChainId: number, toChainId: number, tokenIn: Address, tokenOut: Address): Bridge => ({
  kind: 'bridge',
  id: addr(id),
  fromChainId,
  toChainId,
  tokenIn,
  tokenOut,
  fixedFee: 0n,
  feeBps: 5,
  delaySeconds: 60,
});

/**
 * A and B on chains 1 and 10, bridged both ways. On chain 1 A-B trades 1:1; on chain 10 it pays 1.2 B per A with
 * deep reserves, so A on 1 -> bridge -> B on 10 -> bridge -> B on 1 beats the direct pool by about 20%.
 */
function detourMarket(): Market {
  const pools: ConstantProductPool[] = [
    cp(0x100, 1, A1, B1, 1_000_000n * E18, 1_000_000n * E18),
    cp(0x101, 10, A10, B10, 1_000_000n * E18, 1_200_000n * E18),
  ];
  return {
    chains: [
      { chainId: 1, name: 'one', gasPriceWei: 0n, nativeToken: A1 },
      { chainId: 10, name: 'ten', gasPriceWei: 0n, nativeToken: A10 },
    ],
    tokens: [...dollarTokens(1, [A1, B1], 'AB'), ...dollarTokens(10, [A10, B10], 'AB')],
    pools,
    bridges: [
      bridge(0x200, 1, 10, A1, A10),
      bridge(0x201, 10, 1, A10, A1),
      bridge(0x202, 1, 10, B1, B10),
      bridge(0x203, 10, 1, B10, B1),
    ],
  };
}

const bridges = (r: Route) => r.paths.flatMap((p) => p.legs).filter((l) => l.kind === 'bridge').length;

describe('allowBridges default', () => {
  const m = detourMarket();
  const sameChain: QuoteRequest = {
    sellToken: A1,
    buyToken: B1,
    sourceChainId: 1,
    destinationChainId: 1,
    sellAmount: 100n * E18,
  };
  const crossChain: QuoteRequest = { ...sameChain, destinationChainId: 10, buyToken: B10 };

  test('same chain, default options: no bridge leg, and the route encodes for its chain', () => {
    for (const route of [findBestRoute(m, sameChain)!, createQuoter(m).quote(sameChain)!]) {
      expectConsistent(route);
      expect(bridges(route)).toBe(0);
      // About 1:1 on chain 1 less the 0.3% fee: the detour's ~1.2 is not taken.
      expect(Number(route.amountOut) / 1e20).toBeLessThan(1);
      const calls = routePathCalls(route, m, 1);
      expect(calls.map((c) => c.hops.map((h) => h.pool))).toEqual([[addr(0x100)]]);
    }
  });

  test('same chain, allowBridges true: the detour wins, and it cannot be encoded for chain 1', () => {
    const quoter = createQuoter(m);
    // The quoter's default entry for the pair must not answer the explicit option set, nor the reverse.
    const plain = quoter.quote(sameChain)!;
    for (const route of [
      findBestRoute(m, sameChain, { allowBridges: true })!,
      quoter.quote(sameChain, { allowBridges: true })!,
    ]) {
      expectConsistent(route);
      expect(bridges(route)).toBeGreaterThanOrEqual(2);
      expect(route.amountOut).toBeGreaterThan((plain.amountOut * 115n) / 100n);
      expect(() => routePathCalls(route, m, 1)).toThrow(/chain 1/);
    }
    expect(bridges(quoter.quote(sameChain)!)).toBe(0);
  });

  test('cross chain, default options: bridges', () => {
    for (const route of [findBestRoute(m, crossChain)!, createQuoter(m).quote(crossChain)!]) {
      expectConsistent(route);
      expect(route.paths.every((p) => p.legs.filter((l) => l.kind === 'bridge').length >= 1)).toBe(true);
      // Swapping on 10 at ~1.2 beats swapping on 1 then bridging B.
      expect(Number(route.amountOut) / 1e20).toBeGreaterThan(1.15);
      expect(() => routePathCalls(route, m, 10)).not.toThrow();
    }
  });
});
