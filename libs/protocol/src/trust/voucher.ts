import { z } from 'zod';
import { offchainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { recoverDigestSigner } from '../crypto/recoverSigner';
import type { DigestSigner } from '../crypto/signDigest';
import { bytesToHex, type Address, type Hex } from '../primitives';
import { addressSchema, bytes32Schema, parseOrThrow, safeIntSchema, signatureSchema } from '../schema';
import { offchainDomain, solverVoucherTypes } from '../typedData';

/** An operator key vouching for one solver key until `expiry` (unix seconds). */
export type SolverVoucher = { solver: Address; operator: Address; salt: Hex; expiry: number };
export type SolverVoucherJSON = { solver: string; operator: string; salt: string; expiry: number };
export type SignedSolverVoucher = { voucher: SolverVoucher; signature: Hex };
export type SignedSolverVoucherJSON = { voucher: SolverVoucherJSON; signature: string };

export const solverVoucherSchema = z.strictObject({ solver: addressSchema, operator: addressSchema, salt: bytes32Schema, expiry: safeIntSchema });
export const signedSolverVoucherSchema = z.strictObject({ voucher: solverVoucherSchema, signature: signatureSchema });

export function parseSignedSolverVoucher(json: unknown): SignedSolverVoucher {
  return parseOrThrow(signedSolverVoucherSchema, json, 'voucher') as SignedSolverVoucher;
}

export const SOLVER_VOUCHER_TYPE = 'SolverVoucher(address solver,address operator,bytes32 salt,uint256 expiry)';
const SOLVER_VOUCHER_TYPEHASH = typeHash(SOLVER_VOUCHER_TYPE);

export function hashSolverVoucher(v: SolverVoucher): Hex {
  const struct = new WordWriter(5).bytes32(SOLVER_VOUCHER_TYPEHASH).address(v.solver).address(v.operator).bytes32(v.salt).uint(v.expiry).hash();
  return bytesToHex(typedDataDigest(offchainDomainSeparator(offchainDomain), struct));
}

export function solverVoucherTypedData(v: SolverVoucher) {
  return { domain: offchainDomain, types: solverVoucherTypes, primaryType: 'SolverVoucher' as const, message: { ...v, expiry: BigInt(v.expiry) } };
}

/** The operator signs; the voucher names the operator, so a voucher signed by anyone else is refused. */
export function signSolverVoucher(v: SolverVoucher, operator: DigestSigner): SignedSolverVoucherJSON {
  return { voucher: { ...v }, signature: operator.signDigest(hashSolverVoucher(v)) };
}

export function recoverSolverVoucherSigner(v: SolverVoucher, signature: string): Address {
  return recoverDigestSigner(hashSolverVoucher(v), signature);
}
