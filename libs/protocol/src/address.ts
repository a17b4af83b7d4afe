import { isStrictAddress } from './crypto/address';
import { IntentMeshError } from './errors';
import type { Address } from './primitives';

export { isStrictAddress };

/**
 * The lowercase form the protocol compares and keys addresses by. An `Address` stays an `Address`; a plain string
 * stays a string (parse it with `toAddress`), so lowercasing needs no cast.
 */
export function lowerAddress(address: Address): Address;
export function lowerAddress(address: string): string;
export function lowerAddress(address: string): string {
  return address.toLowerCase();
}

/**
 * Parses an address at an edge (environment, CLI flag, RPC answer, config file): 0x and 40 hex digits, a valid
 * EIP-55 checksum when the case is mixed; returned lowercased. Throws INVALID_ADDRESS naming `what`.
 */
export function toAddress(value: string, what = 'address'): Address {
  if (!/^0x[0-9a-fA-F]{40}$/.test(value))
    throw new IntentMeshError(`${what} must be a 20-byte address: 0x followed by 40 hex digits (got ${value})`, {
      code: 'INVALID_ADDRESS',
      details: { what, value },
    });
  if (!isStrictAddress(value))
    throw new IntentMeshError(`${what} has mixed case but a wrong EIP-55 checksum (got ${value})`, {
      code: 'INVALID_ADDRESS',
      details: { what, value },
    });
  return value.toLowerCase() as Address;
}
