import type { Address, HealthChallengeJSON, RecordedAttestationJSON } from '@intentmesh/protocol';
import { ChallengeBook, type AttestationResult } from './challenges';
import { NodeHealth, defaultHealthConfig, type EjectionKind, type HealthConfig } from './nodeHealth';
import { PPM_SCALE, ppm } from './ppm';
import type { SolverRegistry } from './registry';

export type SweepReport = {
  missed: Address[];
  ejected: { solver?: Address; operator: Address; kind: EjectionKind; untilMs: number }[];
  deferred: Address[];
  released: Address[];
  panic: boolean;
  healthyStakeShare: number;
};

export type SolverHealthOptions = {
  auctioneer: Address;
  registry: SolverRegistry;
  now: () => number;
  random: () => number;
  health?: HealthConfig;
  /** A probe answer later than this (auctioneer clock) is a miss. */
  probeTimeoutMs: number;
  /** Most stake a single sweep may eject for liveness (one operator may always be ejected). */
  maxEjectedStakePerSweep: number;
  /** Below this share of stake healthy, liveness-ejected operators are invited again (panic mode). */
  panicHealthyStake: number;
  randomBytes?: (n: number) => Uint8Array;
};

type Tracked = {
  health: NodeHealth;
  /** The latest accepted attestation, kept so the record can show what an invitation relied on. */
  attestation?: RecordedAttestationJSON;
};

/**
 * Each key's health on the auctioneer's clock: challenge-response probes, auction answers, ejections under the
 * per-sweep stake cap, and panic mode. Pure: the clock and randomness are injected.
 */
export class SolverHealth {
  readonly config: HealthConfig;
  readonly challenges: ChallengeBook;
  private readonly nodes = new Map<Address, Tracked>();
  private panicMode = false;

  constructor(private readonly o: SolverHealthOptions) {
    this.config = o.health ?? defaultHealthConfig;
    this.challenges = new ChallengeBook({
      auctioneer: o.auctioneer,
      timeoutMs: o.probeTimeoutMs,
      randomBytes: o.randomBytes,
    });
  }

  /** Starts tracking a newly bound key (the registry calls this). */
  track(solver: Address): void {
    if (!this.nodes.has(solver)) this.nodes.set(solver, { health: new NodeHealth(this.config, this.o.now()) });
  }
  node(solver: Address): NodeHealth | undefined {
    return this.nodes.get(solver)?.health;
  }
  attestation(solver: Address): RecordedAttestationJSON | undefined {
    return this.nodes.get(solver)?.attestation;
  }
  get panic(): boolean {
    return this.panicMode;
  }

  /** An admin re-admission: the keys' own ejections end too. */
  readmit(solvers: Address[]): void {
    for (const s of solvers) {
      const h = this.node(s);
      if (h?.state === 'ejected') h.release();
    }
  }

  /**
   * An invited node answered the auction (a bid or a signed pass) in time, or did not; `latencyMs` is open to its
   * first answer on our clock (the whole window when it missed), so a key that answers probes fast but bids late is seen.
   */
  recordAuctionAnswer(solver: Address, answered: boolean, latencyMs?: number): void {
    const h = this.node(solver);
    const operator = this.o.registry.binding(solver)?.operator;
    if (!h || !operator) return;
    h.inflight = Math.max(0, h.inflight - 1);
    if (latencyMs !== undefined) h.bidLatency(latencyMs, this.o.now(), answered);
    h.auctionAnswered(answered);
    if (!answered) this.o.registry.recordOutcome(operator, 'timeout');
  }

  /** A closed auction whose answer (or miss) was recorded: did the key win an intent? Slow keys that win are kept. */
  recordAuctionWon(solver: Address, won: boolean): void {
    this.node(solver)?.auctionWon(won);
  }

  /**
   * An invited node gave no answer while it was still on an earlier auction of ours that overlapped this one (it
   * answered that one, on our clock, after this one opened): our double booking, so neither a timeout nor a latency.
   */
  recordAuctionBusy(solver: Address): void {
    const h = this.node(solver);
    if (h) h.inflight = Math.max(0, h.inflight - 1);
  }

  /** One fresh challenge per registered node (or just `only`) that is not ejected and has none outstanding. */
  issueChallenges(only?: Address): { solver: Address; challenge: HealthChallengeJSON }[] {
    const now = this.o.now();
    const out: { solver: Address; challenge: HealthChallengeJSON }[] = [];
    for (const [solver, n] of this.nodes) {
      if (only !== undefined && solver !== only) continue;
      if (!this.o.registry.isRegistered(solver) || n.health.state === 'ejected') continue;
      if (this.challenges.pendingFor(solver)) continue;
      out.push({ solver, challenge: this.challenges.issue(solver, now) });
    }
    return out;
  }

  /** An attestation as it arrives; `receivedAt` on our clock. */
  onAttestation(json: unknown, receivedAt = this.o.now()): AttestationResult {
    const r = this.challenges.answer(json, receivedAt);
    if (r.ok) {
      const n = this.nodes.get(r.solver);
      if (n) {
        n.health.probeOk(r.rttMs, receivedAt);
        n.attestation = {
          attestation: { ...r.attestation, chains: [...r.attestation.chains] },
          signature: r.signature,
          rttMs: r.rttMs,
          receivedAt,
        };
        n.health.reportedInflight = r.attestation.inflight;
        n.health.reportedChains = r.attestation.chains;
        n.health.reportedRegion = r.attestation.region;
      }
    } else if (r.missBy) {
      this.node(r.missBy)?.probeMiss(receivedAt);
    } else if (r.equivocation) {
      const op = this.o.registry.binding(r.equivocation.solver)?.operator;
      if (op) this.o.registry.securityEject(op);
    }
    return r;
  }

  /**
   * Periodic: expired challenges become misses (unless `countMisses` is false), back-offs end, requested ejections
   * are applied under the per-sweep stake cap, and panic mode is recomputed.
   */
  sweep(opts: { countMisses?: boolean } = {}): SweepReport {
    const now = this.o.now();
    // countMisses false: the prober's own bus was down, so an unanswered challenge says nothing about the node
    const countMisses = opts.countMisses ?? true;
    const registry = this.o.registry;
    const report: SweepReport = {
      missed: [],
      ejected: [],
      deferred: [],
      released: [],
      panic: false,
      healthyStakeShare: 1,
    };
    for (const s of this.challenges.expire(now)) {
      if (!countMisses) continue;
      this.node(s)?.probeMiss(now);
      report.missed.push(s);
    }
    for (const [solver, n] of this.nodes) if (n.health.tick(now)) report.released.push(solver);
    report.released.push(...registry.releaseExpired(now));
    const total = this.totalStake();
    const budget = total === 0n ? 0n : (total * ppm(this.o.maxEjectedStakePerSweep)) / PPM_SCALE;
    let spent = 0n;
    let operatorsEjected = 0;
    const wanting = [...this.nodes]
      .filter(([, n]) => n.health.wantsEjection && n.health.state !== 'ejected')
      .sort(([a, na], [b, nb]) => nb.health.misses - na.health.misses || (a < b ? -1 : 1));
    const goingDark = new Set<Address>();
    for (const [solver, n] of wanting) {
      const operator = registry.binding(solver)!.operator;
      const op = registry.operator(operator)!;
      const others = [...op.solvers].filter((s) => s !== solver && registry.isRegistered(s));
      const lastNode = !op.ejection && others.every((s) => this.node(s)!.state === 'ejected' || goingDark.has(s));
      if (lastNode && operatorsEjected > 0 && spent + op.bond > budget) {
        report.deferred.push(solver);
        continue;
      }
      if (lastNode) {
        spent += op.bond;
        operatorsEjected++;
      }
      const kind = n.health.wantsEjection!;
      n.health.eject(kind, now, this.o.random());
      goingDark.add(solver);
      report.ejected.push({ solver, operator, kind, untilMs: n.health.ejectedUntil });
    }
    const healthy = [...registry.operators()]
      .filter(
        (op) =>
          !op.ejection &&
          [...op.solvers].some(
            (s) => registry.isRegistered(s) && ['healthy', 'probation'].includes(this.node(s)!.state),
          ),
      )
      .reduce((s, op) => s + op.bond, 0n);
    const share = total === 0n ? 1 : Number((healthy * PPM_SCALE) / total) / Number(PPM_SCALE);
    this.panicMode = share < this.o.panicHealthyStake;
    report.panic = this.panicMode;
    report.healthyStakeShare = share;
    return report;
  }

  private totalStake(): bigint {
    let t = 0n;
    for (const op of this.o.registry.operators()) if (this.o.registry.isActive(op)) t += op.bond;
    return t;
  }
}
