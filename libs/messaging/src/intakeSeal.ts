import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Address, Hex } from '@intentmesh/protocol';

/** The stream header by which the API vouches, under the shared intake key, that it recovered an intent's signature. */
export const INTAKE_SEAL_HEADER = 'Intentmesh-Intake-Seal';

const CONTEXT = 'intentmesh-intake-seal-v1\n';

function mac(key: Uint8Array, hash: Hex, signer: Address, data: Uint8Array): Buffer {
  return createHmac('sha256', key).update(`${CONTEXT}${hash}\n${signer}\n`).update(data).digest();
}

/**
 * `<hash>.<HMAC-SHA256 hex>` over the exact stream payload, the intent hash the API computed from it and the signer the
 * signature recovered to: a receiver holding `key` may take both on the API's word instead of hashing and recovering.
 */
export function sealIntake(key: Uint8Array, hash: Hex, signer: Address, data: Uint8Array): string {
  return `${hash}.${mac(key, hash, signer, data).toString('hex')}`;
}

/**
 * The intent hash a valid seal vouches for, given the signer the payload names (the swapper); undefined for a missing,
 * malformed or wrong seal, which leaves the receiver to hash and recover the intent itself.
 */
export function openIntakeSeal(
  key: Uint8Array,
  seal: string | undefined,
  signer: Address,
  data: Uint8Array,
): Hex | undefined {
  if (!seal || seal.length !== 66 + 1 + 64 || seal[66] !== '.') return undefined;
  const hash = seal.slice(0, 66) as Hex;
  if (!/^0x[0-9a-f]{64}$/.test(hash)) return undefined;
  const given = Buffer.from(seal.slice(67), 'hex');
  if (given.length !== 32) return undefined;
  return timingSafeEqual(given, mac(key, hash, signer, data)) ? hash : undefined;
}
