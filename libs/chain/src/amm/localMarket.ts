// The market over the venues deployAmm placed on local chains, read by the same RPC market source a solver points
// at any chain (ChainMarketSource per chain, LiveMarket over them): one source for every solver, demo or not.
import type { Market } from '@intentmesh/routing';
import type { Chain, PublicClient, Transport } from 'viem';
import { ChainMarketSource } from '../market/chainMarketSource';
import { LiveMarket } from '../market/liveMarket';
import { fileStateStore } from '../market/stateStore';
import type { AmmDeployment } from './deployAmm';

export type LocalMarketChain = { publicClient: PublicClient<Transport, Chain>; deployment: AmmDeployment };

export type StartLocalMarketParameters = {
  /** The market spec the venues were seeded from: its tokens' symbols and prices, chains' gas and bridges. */
  spec: Market;
  chains: LocalMarketChain[];
  /** Background sync period (ms); 0: only when sync() is called. Default 250. */
  pollMs?: number;
  /** Keep each chain's cursor and state here between runs (unset: a full load on every start). */
  stateDir?: string;
  onError?: (err: unknown) => void;
};

/**
 * Pools discovered from the deployment's Uniswap factories' creation events, StableSwaps named by address (they
 * have no factory), all read over the chain's JSON-RPC and kept current from pool logs, as on any other chain.
 */
export async function startLocalMarket({
  spec,
  chains,
  pollMs = 250,
  stateDir,
  onError,
}: StartLocalMarketParameters): Promise<LiveMarket> {
  const sources = chains.map(({ publicClient, deployment: d }) => {
    const chain = spec.chains.find((c) => c.chainId === d.chainId);
    return new ChainMarketSource({
      client: publicClient as PublicClient,
      chainId: d.chainId,
      name: chain?.name,
      gasPriceWei: chain?.gasPriceWei,
      nativeToken: chain?.nativeToken,
      factories: [
        ...d.v2Factories.map((address) => ({ kind: 'v2' as const, address })),
        ...d.v3Factories.map((address) => ({ kind: 'v3' as const, address })),
      ],
      pools: d.pools
        .filter((p) => p.kind === 'stableSwap')
        .map((p) => ({ kind: 'stable' as const, address: p.address })),
      maxPools: Math.max(1000, d.pools.length),
      multicall3: d.multicall3,
      tokens: spec.tokens
        .filter((t) => t.chainId === d.chainId)
        .map((t) => ({ address: t.address, symbol: t.symbol, decimals: t.decimals, priceUsdE18: t.priceUsdE18 })),
      store: stateDir ? fileStateStore(`${stateDir}/market-${d.chainId}.json`) : undefined,
    });
  });
  const live = new LiveMarket({ sources, bridges: spec.bridges, pollMs, onError });
  await live.start();
  return live;
}
