import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Hex, SignedIntentJSON } from '@intentmesh/protocol';
import { encodeJson } from './codec';

const CONTEXT = 'intentmesh-intake-group-seal-v1\n';

/** One intent of an intake group as the API publishes it: `hash` only for a signature it recovered to the swapper. */
export type IntakeGroupEntry = SignedIntentJSON & { hash?: Hex };

/**
 * The stream payload of an intake group (version 1): several accepted intents of one source chain in one message,
 * read by parseIntakeGroup (libs/protocol) at the auctioneer's edge. An auctioneer that predates groups cannot parse
 * it as a signed intent and terminates it (its intents come back one by one through the reconciler, never awarded
 * on this message's word).
 */
export function encodeIntakeGroup(entries: IntakeGroupEntry[]): Uint8Array {
  return encodeJson({ intakeGroup: 1, intents: entries });
}

/** The message id of a group: the same intents in the same order deduplicate, any other grouping does not. */
export function intakeGroupMsgId(hashes: readonly string[]): string {
  return `group:${createHash('sha256').update(hashes.join(',')).digest('hex')}`;
}

function mac(key: Uint8Array, data: Uint8Array): Buffer {
  return createHmac('sha256', key).update(CONTEXT).update(data).digest();
}

/**
 * `group.<HMAC-SHA256 hex>` over the exact group payload: one seal vouches for every entry that names its `hash` (the
 * intent hash the API computed, and by the payload the swapper its signature recovered to). Entries without a hash
 * (EIP-1271 approvals) are vouched for by nobody: the receiver checks them itself, sealed or not.
 */
export function sealIntakeGroup(key: Uint8Array, data: Uint8Array): string {
  return `group.${mac(key, data).toString('hex')}`;
}

/** Whether `seal` is this key's seal over exactly `data`; false for a missing, malformed or wrong one. */
export function openIntakeGroupSeal(key: Uint8Array, seal: string | undefined, data: Uint8Array): boolean {
  if (!seal || seal.length !== 6 + 64 || !seal.startsWith('group.')) return false;
  const given = Buffer.from(seal.slice(6), 'hex');
  return given.length === 32 && timingSafeEqual(given, mac(key, data));
}
