import { z } from 'zod';
import { offchainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { keccakUtf8 } from '../crypto/keccak';
import { recoverDigestSigner } from '../crypto/recoverSigner';
import type { DigestSigner } from '../crypto/signDigest';
import { bytesToHex, type Address, type Hex } from '../primitives';
import { addressSchema, amountSchema, parseOrThrow, safeIntSchema, signatureSchema } from '../schema';
import { offchainDomain, structTypes } from '../typedData';

/** Operator administration; each action is signed by an admin key and used once (nonce) before expiry. */
export const ADMIN_ACTIONS = ['setBond', 'eject', 'readmit'] as const;
export type AdminActionKind = (typeof ADMIN_ACTIONS)[number];
export type AdminAction = { action: AdminActionKind; operator: Address; amount: bigint; nonce: bigint; expiry: number };
export type SignedAdminAction = { action: AdminAction; signature: Hex };
export type SignedAdminActionJSON = {
  action: { action: AdminActionKind; operator: string; amount: string; nonce: string; expiry: number };
  signature: string;
};

export const ADMIN_ACTION_TYPE =
  'AdminAction(string action,address operator,uint256 amount,uint256 nonce,uint256 expiry)';
export const adminActionTypes = structTypes(ADMIN_ACTION_TYPE);

export const signedAdminActionSchema = z.strictObject({
  action: z.strictObject({
    action: z.enum(ADMIN_ACTIONS),
    operator: addressSchema,
    amount: amountSchema({ positive: false }),
    nonce: amountSchema({ positive: false }),
    expiry: safeIntSchema,
  }),
  signature: signatureSchema,
});
export function parseSignedAdminAction(json: unknown): SignedAdminAction {
  return parseOrThrow(signedAdminActionSchema, json, 'admin action') as SignedAdminAction;
}

const ADMIN_ACTION_TYPEHASH = typeHash(ADMIN_ACTION_TYPE);

export function hashAdminAction(a: AdminAction): Hex {
  const struct = new WordWriter(6)
    .bytes32(ADMIN_ACTION_TYPEHASH)
    .bytes32(keccakUtf8(a.action))
    .address(a.operator)
    .uint(a.amount)
    .uint(a.nonce)
    .uint(a.expiry)
    .hash();
  return bytesToHex(typedDataDigest(offchainDomainSeparator(offchainDomain), struct));
}
export function signAdminAction(a: AdminAction, admin: DigestSigner): SignedAdminActionJSON {
  return {
    action: { ...a, amount: a.amount.toString(), nonce: a.nonce.toString() },
    signature: admin.signDigest(hashAdminAction(a)),
  };
}
export function recoverAdminActionSigner(a: AdminAction, signature: string): Address {
  return recoverDigestSigner(hashAdminAction(a), signature);
}
