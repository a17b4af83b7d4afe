import { offchainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { keccakUtf8 } from '../crypto/keccak';
import { recoverDigestSigner } from '../crypto/recoverSigner';
import { bytesToHex, type Address, type Hex } from '../primitives';
import { address, bytes32, checkOrThrow, safeInt, signature, strictObject, string } from '../check';
import { offchainDomain } from '../typedData';

/**
 * A winning solver's signed word that its settlement of an award failed (e.g. the transaction reverted), sent at
 * once so the intent is auctioned again without waiting for settleBy. `reason` is the decoded revert.
 */
export type SettlementFailure = {
  auctionId: Hex;
  intentHash: Hex;
  solver: Address;
  /** Human-readable cause, e.g. `InsufficientAllowance(0x…, 0, 1000000000000000000)`. */
  reason: string;
  /** Unix ms on the solver's clock. */
  reportedAt: number;
};
export type SettlementFailureJSON = SettlementFailure;
export type SignedSettlementFailureJSON = { failure: SettlementFailureJSON; signature: string };

/** Longest reason a report may carry. */
export const MAX_SETTLEMENT_FAILURE_REASON = 1000;

// plain checks (settlementFailureSchema.ts holds the zod schemas; checks.test.ts holds the two equal)
export const signedSettlementFailureCheck = strictObject({
  failure: strictObject({
    auctionId: bytes32,
    intentHash: bytes32,
    solver: address,
    reason: string({ maxLength: MAX_SETTLEMENT_FAILURE_REASON }),
    reportedAt: safeInt,
  }),
  signature,
});

export function parseSignedSettlementFailure(json: unknown): { failure: SettlementFailure; signature: Hex } {
  return checkOrThrow(signedSettlementFailureCheck, json, 'settlement failure');
}

export const SETTLEMENT_FAILURE_TYPE =
  'SettlementFailure(bytes32 auctionId,bytes32 intentHash,address solver,bytes32 reasonHash,uint256 reportedAt)';
const SETTLEMENT_FAILURE_TYPEHASH = typeHash(SETTLEMENT_FAILURE_TYPE);

/** Off-chain typed digest the solver signs: it can never double as a transaction, a bid or an award. */
export function hashSettlementFailure(f: SettlementFailure): Hex {
  const struct = new WordWriter(6)
    .bytes32(SETTLEMENT_FAILURE_TYPEHASH)
    .bytes32(f.auctionId)
    .bytes32(f.intentHash)
    .address(f.solver)
    .bytes32(keccakUtf8(f.reason))
    .uint(f.reportedAt)
    .hash();
  return bytesToHex(typedDataDigest(offchainDomainSeparator(offchainDomain), struct));
}

export function recoverSettlementFailureSigner(f: SettlementFailure, signature: string): Address {
  return recoverDigestSigner(hashSettlementFailure(f), signature);
}

/** The auctioneer's answer to a report: the intent went back to auction (or expired), or why the report was refused. */
export type SettlementFailureReceiptJSON =
  | { ok: true; outcome: 'requeued' | 'expired' }
  | { ok: false; reason: 'MALFORMED' | 'BAD_SIGNATURE' | 'UNKNOWN_AWARD' | 'NOT_OPEN'; message: string };
