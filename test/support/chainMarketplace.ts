// Chain 1 over JSON-RPC with a marketplace of OS processes reading and settling on it: the set-up the funding, lapse
// and distributed-settlement tests share.
import { intentSettlementAbi, serveJsonRpc, startDemoChain, type DemoChain, type RpcServer } from '@intentmesh/chain';
import type { Market } from '@intentmesh/routing';
import type { Address, Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { freePort, startMarketplace, type MarketplaceOptions } from './marketplace';

export type Marketplace = Awaited<ReturnType<typeof startMarketplace>>;

/**
 * The market's chain-1 tokens and pools deployed on a demo chain served over JSON-RPC (the apps' CHAIN_RPC_URLS and
 * SOLVER_RPC_URLS), the marketplace started on it, the settlement trusting this run's auctioneer (owner rotation),
 * and gas for the solvers' keys and `gasFor`.
 */
export async function startChainMarketplace(
  tag: string,
  market: Market,
  env: Record<string, string> = {},
  options: MarketplaceOptions & { gasFor?: Hex[] } = {},
): Promise<{ chain: DemoChain; rpc: RpcServer; m: Marketplace }> {
  const nobody = '0x000000000000000000000000000000000000dead' as Address;
  const chain = await startDemoChain({
    chainId: 1,
    auctioneer: nobody,
    attester: nobody,
    tokens: market.tokens.filter((t) => t.chainId === 1),
    pools: market.pools.filter((p) => p.chainId === 1),
  });
  let rpc: RpcServer | undefined;
  try {
    rpc = await serveJsonRpc(chain.local.provider, { port: await freePort() });
    const m = await startMarketplace(
      tag,
      { CHAIN_RPC_URLS: `1=${rpc.url}`, SOLVER_RPC_URLS: `1=${rpc.url}`, SETTLEMENT_POLL_MS: '200', ...env },
      options,
    );
    const owner = chain.local.walletFor(chain.local.accounts[0]);
    await chain.local.publicClient.waitForTransactionReceipt({
      hash: await owner.writeContract({
        address: chain.settlement,
        abi: intentSettlementAbi,
        functionName: 'setAuctioneer',
        args: [m.auctioneerAddress as Address],
      }),
    });
    for (const k of [...m.solverKeys, ...(options.gasFor ?? [])])
      await chain.local.testClient.setBalance({ address: privateKeyToAccount(k as Hex).address, value: 10n ** 20n });
    return { chain, rpc, m };
  } catch (err) {
    await rpc?.close();
    await chain.close();
    throw err;
  }
}
