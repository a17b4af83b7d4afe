import type { Address } from './primitives';

/** One row per supported chain: the settlement contract that is the EIP-712 verifyingContract there. */
export type ChainInfo = {
  id: number;
  name: string;
  /** Placeholder addresses until the contracts are deployed; the local chain is overwritten at deploy time. */
  settlement: Address;
  /** Where the cross-chain DestinationSettler (ERC-7683 fill) lives; placeholders like settlement (0xde57...<chain id>). */
  destinationSettler: Address;
};

// Placeholder settlement addresses: fixed and recognisable (0x5e77...<chain id>) so signatures stay stable across runs.
export const chains: Readonly<Record<number, ChainInfo>> = Object.freeze({
  1: {
    id: 1,
    name: 'Ethereum',
    settlement: '0x5e77000000000000000000000000000000000001',
    destinationSettler: '0xde57000000000000000000000000000000000001',
  },
  10: {
    id: 10,
    name: 'OP Mainnet',
    settlement: '0x5e7700000000000000000000000000000000000a',
    destinationSettler: '0xde5700000000000000000000000000000000000a',
  },
  42161: {
    id: 42161,
    name: 'Arbitrum One',
    settlement: '0x5e7700000000000000000000000000000000a4b1',
    destinationSettler: '0xde5700000000000000000000000000000000a4b1',
  },
  31337: {
    id: 31337,
    name: 'Local (in-process EVM)',
    settlement: '0x5e77000000000000000000000000000000007a69',
    destinationSettler: '0xde57000000000000000000000000000000007a69',
  },
});

export function getChain(chainId: number): ChainInfo | undefined {
  return Object.prototype.hasOwnProperty.call(chains, chainId) ? chains[chainId] : undefined;
}
