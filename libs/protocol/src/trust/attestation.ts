import { z } from 'zod';
import { offchainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { keccak } from '../crypto/keccak';
import { recoverDigestSigner } from '../crypto/recoverSigner';
import type { DigestSigner } from '../crypto/signDigest';
import { bytesToHex, type Address, type Hex } from '../primitives';
import { addressSchema, bytes32Schema, parseOrThrow, safeIntSchema, signatureSchema } from '../schema';
import { healthAttestationTypes, offchainDomain, offchainTypedData } from '../typedData';

/**
 * A solver's signed answer to one health challenge. Only `nonce`, `auctioneer` and `solver` are trusted
 * (they bind the answer); `issuedAt`, `inflight` and `chains` are the solver's own claims, advisory only.
 */
export type HealthAttestation = {
  auctioneer: Address;
  solver: Address;
  nonce: Hex;
  /** Solver clock, unix ms. Never used to measure latency. */
  issuedAt: number;
  /** Auctions the solver says it is working on. */
  inflight: number;
  /** Chains the solver says it serves (empty: all). */
  chains: number[];
};
export type HealthAttestationJSON = {
  auctioneer: string;
  solver: string;
  nonce: string;
  issuedAt: number;
  inflight: number;
  chains: number[];
};
export type SignedHealthAttestation = { attestation: HealthAttestation; signature: Hex };
export type SignedHealthAttestationJSON = { attestation: HealthAttestationJSON; signature: string };

/** solver.<address>.challenge: the auctioneer's fresh nonce; the reply is a SignedHealthAttestationJSON. */
export type HealthChallengeJSON = { auctioneer: string; nonce: string };

export const MAX_DECLARED_CHAINS = 64;

export const healthAttestationSchema = z.strictObject({
  auctioneer: addressSchema,
  solver: addressSchema,
  nonce: bytes32Schema,
  issuedAt: safeIntSchema,
  inflight: safeIntSchema,
  chains: z.array(safeIntSchema).max(MAX_DECLARED_CHAINS),
});
export const signedHealthAttestationSchema = z.strictObject({
  attestation: healthAttestationSchema,
  signature: signatureSchema,
});
export const healthChallengeSchema = z.strictObject({ auctioneer: addressSchema, nonce: bytes32Schema });

export function parseSignedHealthAttestation(json: unknown): SignedHealthAttestation {
  return parseOrThrow(signedHealthAttestationSchema, json, 'attestation') as SignedHealthAttestation;
}
export function parseHealthChallenge(json: unknown): { auctioneer: Address; nonce: Hex } {
  return parseOrThrow(healthChallengeSchema, json, 'challenge') as { auctioneer: Address; nonce: Hex };
}

export const HEALTH_ATTESTATION_TYPE =
  'HealthAttestation(address auctioneer,address solver,bytes32 nonce,uint256 issuedAt,uint256 inflight,uint256[] chains)';
const HEALTH_ATTESTATION_TYPEHASH = typeHash(HEALTH_ATTESTATION_TYPE);

/** EIP-712 digest of an attestation under the off-chain domain (same bytes as viem's hashTypedData). */
export function hashHealthAttestation(a: HealthAttestation): Hex {
  const chains = new WordWriter(a.chains.length);
  for (const c of a.chains) chains.uint(c);
  const struct = new WordWriter(7)
    .bytes32(HEALTH_ATTESTATION_TYPEHASH)
    .address(a.auctioneer)
    .address(a.solver)
    .bytes32(a.nonce)
    .uint(a.issuedAt)
    .uint(a.inflight)
    .bytes32(keccak(chains.bytes))
    .hash();
  return bytesToHex(typedDataDigest(offchainDomainSeparator(offchainDomain), struct));
}

export function healthAttestationTypedData(a: HealthAttestation) {
  return offchainTypedData('HealthAttestation', healthAttestationTypes, {
    ...a,
    issuedAt: BigInt(a.issuedAt),
    inflight: BigInt(a.inflight),
    chains: a.chains.map(BigInt),
  });
}

/** Signs with a digest signer (the solver kit's hot path: one signature per probe). */
export function signHealthAttestation(a: HealthAttestation, signer: DigestSigner): SignedHealthAttestationJSON {
  return { attestation: { ...a }, signature: signer.signDigest(hashHealthAttestation(a)) };
}

export function recoverHealthAttestationSigner(a: HealthAttestation, signature: string): Address {
  return recoverDigestSigner(hashHealthAttestation(a), signature);
}
