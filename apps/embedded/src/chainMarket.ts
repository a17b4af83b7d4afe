import { ChainMarketSource, LiveMarket, type DemoChain, type RpcServer } from '@intentmesh/chain';
import type { Logger } from '@intentmesh/runtime';
import type { Market } from '@intentmesh/routing';
import { createPublicClient, http, type PublicClient } from 'viem';

export type StartChainMarketOptions = {
  chains: DemoChain[];
  /** The chains' JSON-RPC servers; a chain without one is read through its in-process client. */
  rpcs: (RpcServer & { chainId: number })[];
  /** The demo market spec: token prices and symbols, gas prices, native tokens and the inventory bridges. */
  spec: Market;
  log: Logger;
};

/**
 * The demo solvers' market, read from the local chains: every Uniswap V2/V3 pool a contract on them announced
 * (dev chains: any emitter is trusted), with the demo spec's reference prices and bridges. Undefined when the chains
 * hold no such pool yet (MockPool only): the solvers then keep quoting the generated demo market.
 */
export async function startChainMarket({
  chains,
  rpcs,
  spec,
  log,
}: StartChainMarketOptions): Promise<LiveMarket | undefined> {
  const sources = chains.map((c) => {
    const rpc = rpcs.find((r) => r.chainId === c.chainId);
    const client = (
      rpc ? createPublicClient({ transport: http(rpc.url, { batch: { batchSize: 200 } }) }) : c.local.publicClient
    ) as PublicClient;
    const chain = spec.chains.find((x) => x.chainId === c.chainId);
    return new ChainMarketSource({
      client,
      chainId: c.chainId,
      name: chain?.name,
      gasPriceWei: chain?.gasPriceWei,
      nativeToken: chain?.nativeToken,
      factories: [{ kind: 'v2' }, { kind: 'v3' }],
      tokens: spec.tokens
        .filter((t) => t.chainId === c.chainId)
        .map(({ address, symbol, decimals, priceUsdE18 }) => ({ address, symbol, decimals, priceUsdE18 })),
    });
  });
  const live = new LiveMarket({
    sources,
    bridges: spec.bridges,
    onError: (err) => log.warn({ err: String(err) }, 'chain market sync failed'),
  });
  await live.start();
  const pools = live.current().pools.length;
  if (!pools) {
    log.warn(
      { chains: chains.map((c) => c.chainId) },
      'no Uniswap pools on the local chains yet: the demo solvers quote the generated market',
    );
    await live.close();
    return undefined;
  }
  log.info({ pools }, 'demo solvers quote the pools read from the local chains');
  return live;
}
