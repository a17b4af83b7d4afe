import { offchainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { keccak } from '../crypto/keccak';
import { recoverDigestSigner } from '../crypto/recoverSigner';
import type { DigestSigner } from '../crypto/signDigest';
import { bytesToHex, type Address, type Hex } from '../primitives';
import { address, array, bytes32, checkOrThrow, optional, safeInt, signature, strictObject, string } from '../check';
import {
  HEALTH_ATTESTATION_TYPE,
  HEALTH_ATTESTATION_V2_TYPE,
  healthAttestationTypes,
  healthAttestationV2Types,
  offchainDomain,
  offchainTypedData,
} from '../typedData';

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
  /** Region the solver says it runs in (AUCTION_REGION shards); absent in version-1 attestations, which still verify. */
  region?: string;
};
export type HealthAttestationJSON = {
  auctioneer: string;
  solver: string;
  nonce: string;
  issuedAt: number;
  inflight: number;
  chains: number[];
  region?: string;
};
export type SignedHealthAttestation = { attestation: HealthAttestation; signature: Hex };
export type SignedHealthAttestationJSON = { attestation: HealthAttestationJSON; signature: string };

/** solver.<address>.challenge: the auctioneer's fresh nonce; the reply is a SignedHealthAttestationJSON. */
export type HealthChallengeJSON = { auctioneer: string; nonce: string };

export const MAX_DECLARED_CHAINS = 64;

/** A declared region: 1-32 of a-z, 0-9 and -. */
export const REGION_PATTERN: [RegExp, string] = [/^[a-z0-9-]{1,32}$/, 'a region is 1-32 of a-z, 0-9 and -'];

// plain checks (attestationSchema.ts holds the zod schemas; checks.test.ts holds the two equal)
export const signedHealthAttestationCheck = strictObject({
  attestation: strictObject({
    auctioneer: address,
    solver: address,
    nonce: bytes32,
    issuedAt: safeInt,
    inflight: safeInt,
    chains: array(safeInt, { max: MAX_DECLARED_CHAINS }),
    region: optional(string({ pattern: REGION_PATTERN })),
  }),
  signature,
});
export const healthChallengeCheck = strictObject({ auctioneer: address, nonce: bytes32 });

export function parseSignedHealthAttestation(json: unknown): SignedHealthAttestation {
  return checkOrThrow(signedHealthAttestationCheck, json, 'attestation');
}
export function parseHealthChallenge(json: unknown): { auctioneer: Address; nonce: Hex } {
  return checkOrThrow(healthChallengeCheck, json, 'challenge');
}

const HEALTH_ATTESTATION_TYPEHASH = typeHash(HEALTH_ATTESTATION_TYPE);

const HEALTH_ATTESTATION_V2_TYPEHASH = typeHash(HEALTH_ATTESTATION_V2_TYPE);

/** EIP-712 digest of an attestation under the off-chain domain (same bytes as viem's hashTypedData). */
export function hashHealthAttestation(a: HealthAttestation): Hex {
  const chains = new WordWriter(a.chains.length);
  for (const c of a.chains) chains.uint(c);
  const v2 = a.region !== undefined;
  const w = new WordWriter(v2 ? 8 : 7)
    .bytes32(v2 ? HEALTH_ATTESTATION_V2_TYPEHASH : HEALTH_ATTESTATION_TYPEHASH)
    .address(a.auctioneer)
    .address(a.solver)
    .bytes32(a.nonce)
    .uint(a.issuedAt)
    .uint(a.inflight)
    .bytes32(keccak(chains.bytes));
  // EIP-712 encodes a string as the keccak of its UTF-8 bytes
  const struct = (v2 ? w.bytes32(keccak(new TextEncoder().encode(a.region))) : w).hash();
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

/** The typed data of a version-2 attestation (one that declares a region), for wallets and viem. */
export function healthAttestationV2TypedData(a: HealthAttestation & { region: string }) {
  return offchainTypedData('HealthAttestationV2', healthAttestationV2Types, {
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
