import {
  IntentMeshError,
  lowerAddress,
  bytesToHex,
  hashHealthAttestation,
  parseSignedHealthAttestation,
  recoverDigestSigner,
  type Address,
  type HealthAttestation,
  type HealthChallengeJSON,
  type Hex,
} from '@intentmesh/protocol';

/** Why an attestation was refused; each has its own code so operators and tests can tell them apart. */
export const AttestationRejections = {
  MALFORMED: 'MALFORMED',
  /** Addressed to another auctioneer (a relayed answer to someone else's challenge). */
  WRONG_AUCTIONEER: 'WRONG_AUCTIONEER',
  /** This auctioneer never issued the nonce (or forgot it long ago). */
  NONCE_UNKNOWN: 'NONCE_UNKNOWN',
  /** The nonce was already answered and burnt. */
  NONCE_REUSED: 'NONCE_REUSED',
  /** The nonce timed out before any answer came; the probe was already counted as a miss. */
  NONCE_EXPIRED: 'NONCE_EXPIRED',
  /** The nonce was issued to another solver. */
  NONCE_NOT_YOURS: 'NONCE_NOT_YOURS',
  /** The signature does not recover to the solver the nonce was issued to. */
  WRONG_KEY: 'WRONG_KEY',
  /** Correct, but it arrived after the probe timeout: counted as a miss. */
  LATE: 'LATE',
} as const;
export type AttestationRejection = (typeof AttestationRejections)[keyof typeof AttestationRejections];

export type AttestationResult =
  | { ok: true; solver: Address; rttMs: number; attestation: HealthAttestation; signature: Hex }
  | {
      ok: false;
      reason: AttestationRejection;
      message: string;
      /** Set when the refusal is the solver's own fault and counts as a missed probe. */
      missBy?: Address;
      /** Two different attestations signed by the same key for one nonce: attributable equivocation. */
      equivocation?: { solver: Address; nonce: Hex; digests: [Hex, Hex] };
    };

export type ChallengeBookOptions = {
  auctioneer: Address;
  /** An answer must arrive within this long after the challenge was sent, on our clock. */
  timeoutMs?: number;
  /** How long burnt and expired nonces are remembered for precise refusals (after that: NONCE_UNKNOWN, still refused). */
  retainMs?: number;
  /** 32 random bytes per challenge; injected so tests are deterministic. */
  randomBytes?: (n: number) => Uint8Array;
};

type Outstanding = { solver: Address; sentAt: number };

const defaultRandom = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));

/**
 * Issues and checks health challenges. Pure apart from the injected randomness; every time is passed in.
 * A nonce is burnt only by a correctly signed answer from its own solver, so nobody else can burn it
 * (and make the honest solver miss) by sending garbage with a nonce they saw.
 */
export class ChallengeBook {
  readonly auctioneer: Address;
  readonly timeoutMs: number;
  private readonly retainMs: number;
  private readonly random: (n: number) => Uint8Array;
  private readonly outstanding = new Map<string, Outstanding>();
  private readonly burnt = new Map<string, { solver: Address; digest: Hex; at: number }>();
  private readonly expired = new Map<string, number>();

  constructor(o: ChallengeBookOptions) {
    this.auctioneer = lowerAddress(o.auctioneer);
    this.timeoutMs = o.timeoutMs ?? 500;
    this.retainMs = o.retainMs ?? 60_000;
    this.random = o.randomBytes ?? defaultRandom;
  }

  issue(solver: Address, now: number): HealthChallengeJSON {
    const nonce = bytesToHex(this.random(32));
    this.outstanding.set(nonce, { solver, sentAt: now });
    return { auctioneer: this.auctioneer, nonce };
  }

  /** Outstanding challenges of this solver (at most one is normal). */
  pendingFor(solver: Address): number {
    let n = 0;
    for (const o of this.outstanding.values()) if (o.solver === solver) n++;
    return n;
  }

  answer(json: unknown, receivedAt: number): AttestationResult {
    let a: HealthAttestation;
    let signature: Hex;
    try {
      ({ attestation: a, signature } = parseSignedHealthAttestation(json));
    } catch (err) {
      return {
        ok: false,
        reason: 'MALFORMED',
        message: err instanceof IntentMeshError ? err.shortMessage : 'malformed attestation',
      };
    }
    if (a.auctioneer !== this.auctioneer)
      return { ok: false, reason: 'WRONG_AUCTIONEER', message: `addressed to ${a.auctioneer}` };
    const nonce = a.nonce.toLowerCase();
    const o = this.outstanding.get(nonce);
    if (!o) {
      const b = this.burnt.get(nonce);
      if (b) {
        const digest = hashHealthAttestation(a);
        const signer = recoverOrUndefined(digest, signature);
        if (signer === b.solver && a.solver === b.solver && digest !== b.digest) {
          return {
            ok: false,
            reason: 'NONCE_REUSED',
            message: 'nonce already answered, with a different signed attestation',
            equivocation: { solver: b.solver, nonce: nonce as Hex, digests: [b.digest, digest] },
          };
        }
        return { ok: false, reason: 'NONCE_REUSED', message: 'nonce already answered' };
      }
      if (this.expired.has(nonce))
        return { ok: false, reason: 'NONCE_EXPIRED', message: 'nonce expired before it was answered' };
      return { ok: false, reason: 'NONCE_UNKNOWN', message: 'nonce was never issued by this auctioneer' };
    }
    if (a.solver !== o.solver)
      return { ok: false, reason: 'NONCE_NOT_YOURS', message: `nonce was issued to ${o.solver}, not ${a.solver}` };
    const digest = hashHealthAttestation(a);
    const signer = recoverOrUndefined(digest, signature);
    if (signer !== o.solver)
      return { ok: false, reason: 'WRONG_KEY', message: signer ? `signed by ${signer}` : 'signature does not recover' };
    this.outstanding.delete(nonce);
    this.burnt.set(nonce, { solver: o.solver, digest, at: receivedAt });
    // round trip on our clock only: the solver's issuedAt is never used
    const rttMs = receivedAt - o.sentAt;
    if (rttMs > this.timeoutMs)
      return {
        ok: false,
        reason: 'LATE',
        message: `answered after ${rttMs} ms (limit ${this.timeoutMs})`,
        missBy: o.solver,
      };
    return { ok: true, solver: o.solver, rttMs, attestation: a, signature };
  }

  /** Challenges older than the timeout: each is a missed probe of its solver. Also forgets old nonces. */
  expire(now: number): Address[] {
    const missed: Address[] = [];
    for (const [nonce, o] of this.outstanding) {
      if (now - o.sentAt > this.timeoutMs) {
        this.outstanding.delete(nonce);
        this.expired.set(nonce, now);
        missed.push(o.solver);
      }
    }
    for (const [n, b] of this.burnt) if (now - b.at > this.retainMs) this.burnt.delete(n);
    for (const [n, at] of this.expired) if (now - at > this.retainMs) this.expired.delete(n);
    return missed;
  }
}

function recoverOrUndefined(digest: Hex, signature: string): Address | undefined {
  try {
    return recoverDigestSigner(digest, signature);
  } catch {
    return undefined;
  }
}
