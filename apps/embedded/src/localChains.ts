import {
  serveJsonRpc,
  signSolverConsent,
  solverRegistryAbi,
  startDemoChain,
  type DemoChain,
  type RpcServer,
} from '@intentmesh/chain';
import type { Logger } from '@intentmesh/runtime';
import type { Address, Hex } from '@intentmesh/protocol';
import { lowerAddress } from '@intentmesh/protocol';
import type { Market } from '@intentmesh/routing';
import type { SettlementChain } from '@intentmesh/solver-kit';
import { privateKeyToAccount } from 'viem/accounts';

export type DemoOperator = { operator: Address; solver: Address; bond: bigint };
export type LocalChains = {
  chains: DemoChain[];
  registryChain: DemoChain;
  registry: Address;
  operators: DemoOperator[];
  close(): Promise<void>;
};

/**
 * One in-process EVM per chain of the demo market, contracts at libs/protocol's addresses, the market's tokens as
 * mock ERC-20s, its pools as real Uniswap V2/V3 pools and StableSwaps, and a SolverRegistry on the first chain where each demo solver is bonded and vouched for by its
 * own operator (dev keys 1, 2, 3, bonds 1, 2 and 3 ETH), so the auctioneer reads stake from the chain.
 */
export async function startLocalChains({
  market,
  auctioneer,
  attester,
  solverKeys,
}: {
  market: Market;
  auctioneer: Address;
  attester: Address;
  solverKeys: Hex[];
}): Promise<LocalChains> {
  const ids = market.chains.map((c) => c.chainId);
  const chains = await Promise.all(
    ids.map((chainId, i) =>
      startDemoChain({
        chainId,
        auctioneer,
        attester,
        tokens: market.tokens.filter((t) => t.chainId === chainId),
        pools: market.pools.filter((p) => p.chainId === chainId),
        peers: ids.filter((p) => p !== chainId),
        registry: i === 0 ? {} : undefined,
      }),
    ),
  );
  const registryChain = chains[0];
  const registry = registryChain.registry!;
  const solvers = solverKeys.map((k) => privateKeyToAccount(k));
  // gas for every solver and the attester on every chain
  for (const c of chains)
    for (const who of [...solvers.map((s) => s.address), attester])
      await c.local.testClient.setBalance({ address: who, value: 10n ** 21n });

  const operators: DemoOperator[] = [];
  const { publicClient } = registryChain.local;
  // a consent may live at most the registry's MAX_CONSENT_LIFETIME (1 day), counted in chain time
  const deadline = (await registryChain.local.now()) + 3600n;
  for (const [i, solver] of solvers.entries()) {
    const operatorAccount = registryChain.local.accounts[i + 1];
    const wallet = registryChain.local.walletFor(operatorAccount);
    const bond = BigInt(i + 1) * 10n ** 18n;
    await publicClient.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address: registry,
        abi: solverRegistryAbi,
        functionName: 'bond',
        args: [bond],
        value: bond,
      }),
    });
    const nonce = await publicClient.readContract({
      address: registry,
      abi: solverRegistryAbi,
      functionName: 'consentNonce',
      args: [solver.address],
    });
    const consent = await signSolverConsent({
      solver,
      operator: operatorAccount.address,
      nonce,
      deadline,
      registry,
      chainId: registryChain.chainId,
    });
    await publicClient.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address: registry,
        abi: solverRegistryAbi,
        functionName: 'vouch',
        args: [solver.address, deadline, consent],
      }),
    });
    operators.push({
      operator: lowerAddress(operatorAccount.address),
      solver: lowerAddress(solver.address),
      bond,
    });
  }
  return {
    chains,
    registryChain,
    registry,
    operators,
    close: async () => void (await Promise.all(chains.map((c) => c.close()))),
  };
}

/** The solver's clients on every local chain, sending from its own key. */
export function settlementChainsFor(chains: DemoChain[], key: Hex): Record<number, SettlementChain> {
  const account = privateKeyToAccount(key);
  return Object.fromEntries(
    chains.map((c) => [c.chainId, { publicClient: c.local.publicClient, walletClient: c.local.walletFor(account) }]),
  );
}

/** JSON-RPC over HTTP for each chain at port, port + 1, ...; a port in use is skipped with a warning (the chain still runs). */
export async function serveLocalChains(
  chains: DemoChain[],
  port: number,
  log: Logger,
): Promise<(RpcServer & { chainId: number })[]> {
  const out: (RpcServer & { chainId: number })[] = [];
  for (const [i, c] of chains.entries()) {
    try {
      out.push({ ...(await serveJsonRpc(c.local.provider, { port: port + i })), chainId: c.chainId });
    } catch (err) {
      log.warn({ chainId: c.chainId, port: port + i, err: String(err) }, 'local chain JSON-RPC not served');
    }
  }
  return out;
}
