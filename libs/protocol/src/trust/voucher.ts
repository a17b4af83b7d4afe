import { z } from 'zod';
import { offchainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { keccak } from '../crypto/keccak';
import { recoverDigestSigner } from '../crypto/recoverSigner';
import type { DigestSigner } from '../crypto/signDigest';
import { bytesToHex, type Address, type Hex } from '../primitives';
import { addressSchema, bytes32Schema, parseOrThrow, safeIntSchema, signatureSchema } from '../schema';
import {
  SOLVER_CONSENT_TYPE,
  SOLVER_CONSENT_V2_TYPE,
  SOLVER_VOUCHER_TYPE,
  SOLVER_VOUCHER_V2_TYPE,
  offchainDomain,
  offchainTypedData,
  solverConsentTypes,
  solverConsentV2Types,
  solverVoucherTypes,
  solverVoucherV2Types,
} from '../typedData';
import { regionSchema } from './attestationSchema';

/**
 * An operator key vouching for one solver key until `expiry` (unix seconds). `region` (version 2) is where the
 * operator declares the key runs (AUCTION_REGION shards); a voucher without one is version 1 and still verifies.
 */
export type SolverVoucher = { solver: Address; operator: Address; salt: Hex; expiry: number; region?: string };
export type SolverVoucherJSON = { solver: string; operator: string; salt: string; expiry: number; region?: string };
/**
 * `signature` is the operator's; `solverSignature` is the solver key's own consent over the same voucher (proof of
 * possession), so an operator cannot claim a key it does not hold. The solver kit adds it when it registers.
 */
export type SignedSolverVoucher = { voucher: SolverVoucher; signature: Hex; solverSignature?: Hex };
export type SignedSolverVoucherJSON = { voucher: SolverVoucherJSON; signature: string; solverSignature?: string };

export const solverVoucherSchema = z.strictObject({
  solver: addressSchema,
  operator: addressSchema,
  salt: bytes32Schema,
  expiry: safeIntSchema,
  region: regionSchema.optional(),
});
export const signedSolverVoucherSchema = z.strictObject({
  voucher: solverVoucherSchema,
  signature: signatureSchema,
  solverSignature: signatureSchema.optional(),
});

export function parseSignedSolverVoucher(json: unknown): SignedSolverVoucher {
  return parseOrThrow(signedSolverVoucherSchema, json, 'voucher') as SignedSolverVoucher;
}

const SOLVER_VOUCHER_TYPEHASHES = [typeHash(SOLVER_VOUCHER_TYPE), typeHash(SOLVER_VOUCHER_V2_TYPE)] as const;

/**
 * Voucher and consent share their fields; only the type hash tells them apart, so neither signature doubles as the
 * other. A voucher with a region is hashed as version 2, one without as version 1 (so old vouchers still verify).
 */
function hashVoucherFields(typehashes: readonly [Uint8Array, Uint8Array], v: SolverVoucher): Hex {
  const v2 = v.region !== undefined;
  const w = new WordWriter(v2 ? 6 : 5)
    .bytes32(typehashes[v2 ? 1 : 0])
    .address(v.solver)
    .address(v.operator)
    .bytes32(v.salt)
    .uint(v.expiry);
  // EIP-712 encodes a string as the keccak of its UTF-8 bytes
  const struct = (v2 ? w.bytes32(keccak(new TextEncoder().encode(v.region))) : w).hash();
  return bytesToHex(typedDataDigest(offchainDomainSeparator(offchainDomain), struct));
}

export function hashSolverVoucher(v: SolverVoucher): Hex {
  return hashVoucherFields(SOLVER_VOUCHER_TYPEHASHES, v);
}

/** Voucher fields as a version-1 typed-data message (voucher or consent): no region, expiry as uint256. */
function v1Message(v: SolverVoucher) {
  const { region: _, ...v1 } = v;
  return { ...v1, expiry: BigInt(v.expiry) };
}

/** The typed data of a version-1 voucher (no region), for wallets and viem. */
export function solverVoucherTypedData(v: SolverVoucher) {
  return offchainTypedData('SolverVoucher', solverVoucherTypes, v1Message(v));
}

/** The typed data of a version-2 voucher (one that declares a region). */
export function solverVoucherV2TypedData(v: SolverVoucher & { region: string }) {
  return offchainTypedData('SolverVoucherV2', solverVoucherV2Types, { ...v, expiry: BigInt(v.expiry) });
}

/** The operator signs; the voucher names the operator, so a voucher signed by anyone else is refused. */
export function signSolverVoucher(v: SolverVoucher, operator: DigestSigner): SignedSolverVoucherJSON {
  return { voucher: { ...v }, signature: operator.signDigest(hashSolverVoucher(v)) };
}

export function recoverSolverVoucherSigner(v: SolverVoucher, signature: string): Address {
  return recoverDigestSigner(hashSolverVoucher(v), signature);
}

const SOLVER_CONSENT_TYPEHASHES = [typeHash(SOLVER_CONSENT_TYPE), typeHash(SOLVER_CONSENT_V2_TYPE)] as const;

/**
 * What the solver key signs to accept an operator's voucher: its own type, so it never doubles as the operator's. It
 * covers the region too, so the key agrees to where it is said to run.
 */
export function hashSolverConsent(v: SolverVoucher): Hex {
  return hashVoucherFields(SOLVER_CONSENT_TYPEHASHES, v);
}

export function solverConsentTypedData(v: SolverVoucher) {
  return offchainTypedData('SolverConsent', solverConsentTypes, v1Message(v));
}

export function solverConsentV2TypedData(v: SolverVoucher & { region: string }) {
  return offchainTypedData('SolverConsentV2', solverConsentV2Types, { ...v, expiry: BigInt(v.expiry) });
}

/** The solver key countersigns an operator's voucher for itself. */
export function consentSolverVoucher(signed: SignedSolverVoucherJSON, solver: DigestSigner): SignedSolverVoucherJSON {
  const v = parseSignedSolverVoucher(signed).voucher;
  return { ...signed, solverSignature: solver.signDigest(hashSolverConsent(v)) };
}

export function recoverSolverConsentSigner(v: SolverVoucher, solverSignature: string): Address {
  return recoverDigestSigner(hashSolverConsent(v), solverSignature);
}
