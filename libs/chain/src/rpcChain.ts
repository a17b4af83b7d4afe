import { getChain, type ChainInfo } from '@intentmesh/protocol';
import { defineChain, type Chain } from 'viem';

/** A viem chain reached at `url` (ETH as its native currency): what a client of an RPC we were given needs. */
export function rpcChain(id: number, url: string, name = `chain ${id}`): Chain {
  return defineChain({
    id,
    name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
}

/**
 * CHAIN_RPC_URLS entries as viem chains with libs/protocol's contract addresses (`info`); a chain libs/protocol does
 * not know is an error that names the variable.
 */
export function protocolChainsAt(
  urls: readonly { chainId: number; url: string }[],
): { chainId: number; url: string; chain: Chain; info: ChainInfo }[] {
  return urls.map(({ chainId, url }) => {
    const info = getChain(chainId);
    if (!info) throw new Error(`CHAIN_RPC_URLS: chain ${chainId} has no settlement address in libs/protocol chains.ts`);
    return { chainId, url, chain: rpcChain(chainId, url, info.name), info };
  });
}
