import type { Address } from '../types';

/** A token is identified by chain and address; this is the map key used across the engine. */
export function tokenKey(chainId: number, address: Address | string): string {
  return `${chainId}:${address.toLowerCase()}`;
}
