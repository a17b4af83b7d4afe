import { keccakHex } from '@intentmesh/protocol';
import type { Address } from '../types';

const encoder = new TextEncoder();

/** First 20 bytes of keccak256 of a label: stable addresses for generated tokens, pools and bridges. */
export function deterministicAddress(label: string): Address {
  return keccakHex(encoder.encode(label)).slice(0, 42) as Address;
}

/** Token address for (seed, chainId, symbol), as documented in MARKET_SCHEMA.md. */
export function tokenAddress(seed: number, chainId: number, symbol: string): Address {
  return deterministicAddress(`intentmesh:token:${seed}:${chainId}:${symbol}`);
}
