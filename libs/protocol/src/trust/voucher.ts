import { z } from 'zod';
import { offchainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { recoverDigestSigner } from '../crypto/recoverSigner';
import type { DigestSigner } from '../crypto/signDigest';
import { bytesToHex, type Address, type Hex } from '../primitives';
import { addressSchema, bytes32Schema, parseOrThrow, safeIntSchema, signatureSchema } from '../schema';
import { offchainDomain, offchainTypedData, solverConsentTypes, solverVoucherTypes } from '../typedData';

/** An operator key vouching for one solver key until `expiry` (unix seconds). */
export type SolverVoucher = { solver: Address; operator: Address; salt: Hex; expiry: number };
export type SolverVoucherJSON = { solver: string; operator: string; salt: string; expiry: number };
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
});
export const signedSolverVoucherSchema = z.strictObject({
  voucher: solverVoucherSchema,
  signature: signatureSchema,
  solverSignature: signatureSchema.optional(),
});

export function parseSignedSolverVoucher(json: unknown): SignedSolverVoucher {
  return parseOrThrow(signedSolverVoucherSchema, json, 'voucher') as SignedSolverVoucher;
}

export const SOLVER_VOUCHER_TYPE = 'SolverVoucher(address solver,address operator,bytes32 salt,uint256 expiry)';
const SOLVER_VOUCHER_TYPEHASH = typeHash(SOLVER_VOUCHER_TYPE);

/** Voucher and consent share their fields; only the type hash tells them apart, so neither signature doubles as the other. */
function hashVoucherFields(typehash: Uint8Array, v: SolverVoucher): Hex {
  const struct = new WordWriter(5)
    .bytes32(typehash)
    .address(v.solver)
    .address(v.operator)
    .bytes32(v.salt)
    .uint(v.expiry)
    .hash();
  return bytesToHex(typedDataDigest(offchainDomainSeparator(offchainDomain), struct));
}

export function hashSolverVoucher(v: SolverVoucher): Hex {
  return hashVoucherFields(SOLVER_VOUCHER_TYPEHASH, v);
}

export function solverVoucherTypedData(v: SolverVoucher) {
  return offchainTypedData('SolverVoucher', solverVoucherTypes, { ...v, expiry: BigInt(v.expiry) });
}

/** The operator signs; the voucher names the operator, so a voucher signed by anyone else is refused. */
export function signSolverVoucher(v: SolverVoucher, operator: DigestSigner): SignedSolverVoucherJSON {
  return { voucher: { ...v }, signature: operator.signDigest(hashSolverVoucher(v)) };
}

export function recoverSolverVoucherSigner(v: SolverVoucher, signature: string): Address {
  return recoverDigestSigner(hashSolverVoucher(v), signature);
}

export const SOLVER_CONSENT_TYPE = 'SolverConsent(address solver,address operator,bytes32 salt,uint256 expiry)';
const SOLVER_CONSENT_TYPEHASH = typeHash(SOLVER_CONSENT_TYPE);

/** What the solver key signs to accept an operator's voucher: its own type, so it never doubles as the operator's. */
export function hashSolverConsent(v: SolverVoucher): Hex {
  return hashVoucherFields(SOLVER_CONSENT_TYPEHASH, v);
}

export function solverConsentTypedData(v: SolverVoucher) {
  return offchainTypedData('SolverConsent', solverConsentTypes, { ...v, expiry: BigInt(v.expiry) });
}

/** The solver key countersigns an operator's voucher for itself. */
export function consentSolverVoucher(signed: SignedSolverVoucherJSON, solver: DigestSigner): SignedSolverVoucherJSON {
  const v = parseSignedSolverVoucher(signed).voucher;
  return { ...signed, solverSignature: solver.signDigest(hashSolverConsent(v)) };
}

export function recoverSolverConsentSigner(v: SolverVoucher, solverSignature: string): Address {
  return recoverDigestSigner(hashSolverConsent(v), solverSignature);
}
