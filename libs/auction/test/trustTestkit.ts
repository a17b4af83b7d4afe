import {
  createDigestSigner,
  keccakHex,
  signHealthAttestation,
  type Address,
  type DigestSigner,
  type HealthChallengeJSON,
} from '@intentmesh/protocol';
import { generatePrivateKey } from 'viem/accounts';
import type { SolverTrust } from '../src/trust';

/** Test helpers (not exported from the package): a fake clock and solver keys that answer challenges. */
export function fakeClock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms) };
}

export function keys(n: number): DigestSigner[] {
  return Array.from({ length: n }, () => createDigestSigner(generatePrivateKey()));
}

/** Cheap distinct addresses for simulations that never sign. */
export function fakeAddress(i: number, tag = 0): Address {
  return keccakHex(new TextEncoder().encode(`${tag}:${i}`)).slice(0, 42) as Address;
}

/**
 * For simulations whose keys never sign: each registered key counts as having answered one probe now (10 ms), as a
 * key must before the fan-out invites it (its chains and region come with its first attestation).
 */
export function markAttested(trust: SolverTrust, now: number): void {
  for (const s of trust.registry.registeredSolvers()) trust.health.node(s)!.probeOk(10, now);
}

export function answer(
  signer: DigestSigner,
  c: HealthChallengeJSON,
  opts: {
    issuedAt?: number;
    inflight?: number;
    chains?: number[];
    region?: string;
    auctioneer?: string;
    solver?: string;
  } = {},
) {
  return signHealthAttestation(
    {
      auctioneer: (opts.auctioneer ?? c.auctioneer) as Address,
      solver: (opts.solver ?? signer.address) as Address,
      nonce: c.nonce as `0x${string}`,
      issuedAt: opts.issuedAt ?? 0,
      inflight: opts.inflight ?? 0,
      chains: opts.chains ?? [],
      ...(opts.region ? { region: opts.region } : {}),
    },
    signer,
  );
}
