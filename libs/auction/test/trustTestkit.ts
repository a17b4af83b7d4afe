import {
  createDigestSigner,
  keccakHex,
  signHealthAttestation,
  type Address,
  type DigestSigner,
  type HealthChallengeJSON,
} from '@intentmesh/protocol';
import { generatePrivateKey } from 'viem/accounts';

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
