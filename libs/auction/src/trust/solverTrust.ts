import {
  ADMIN_ACTIONS,
  IntentMeshError,
  parseSignedAdminAction,
  parseSignedSolverVoucher,
  recoverAdminActionSigner,
  recoverSolverConsentSigner,
  recoverSolverVoucherSigner,
  type SignedSolverVoucher,
  type Address,
  type HealthChallengeJSON,
  type RecordedAttestationJSON,
} from '@intentmesh/protocol';
import { ChallengeBook, type AttestationResult } from './challenges';
import { drawSeats, pickNode, shardSeed, type FanoutRecordJSON, type NodeCost } from './fanout';
import {
  NodeHealth,
  PANIC_READMITTABLE,
  SELF_HEALING,
  defaultHealthConfig,
  type EjectionKind,
  type HealthConfig,
} from './nodeHealth';
import { Reputation, defaultReputationConfig, type OutcomeKind, type ReputationConfig } from './reputation';

export type TrustConfig = {
  health: HealthConfig;
  reputation: ReputationConfig;
  /** A probe answer later than this (auctioneer clock) is a miss. */
  probeTimeoutMs: number;
  /** Shards with at most this many eligible operators invite all of them. */
  inviteAllMax: number;
  /** Seats drawn in a larger shard; one operator holds at most one, so its share is capped at 1/seats. */
  seats: number;
  /** Most stake a single sweep may eject for liveness (one operator may always be ejected). */
  maxEjectedStakePerSweep: number;
  /** Below this share of stake healthy, liveness-ejected operators are invited again (panic mode). */
  panicHealthyStake: number;
  /** Keys whose signed admin actions (set bond, eject, re-admit) are obeyed. */
  admins: Address[];
};

export const defaultTrustConfig: TrustConfig = {
  health: defaultHealthConfig,
  reputation: defaultReputationConfig,
  probeTimeoutMs: 500,
  inviteAllMax: 32,
  seats: 8,
  maxEjectedStakePerSweep: 0.3,
  panicHealthyStake: 0.5,
  admins: [],
};

export type ShardSpec = { chainId: number; region?: string; maxRttMs?: number };

type OperatorState = {
  operator: Address;
  bond: bigint;
  region?: string;
  reputation: Reputation;
  ejection?: { kind: EjectionKind; at: number; until: number; count: number };
  solvers: Set<Address>;
};
type NodeState = {
  solver: Address;
  operator: Address;
  expiry?: number;
  region?: string;
  health: NodeHealth;
  /** The latest accepted attestation, kept so the record can show what an invitation relied on. */
  attestation?: RecordedAttestationJSON;
};

export type SweepReport = {
  missed: Address[];
  ejected: { solver?: Address; operator: Address; kind: EjectionKind; untilMs: number }[];
  deferred: Address[];
  released: Address[];
  panic: boolean;
  healthyStakeShare: number;
};

export type FanoutResult = {
  record: FanoutRecordJSON;
  /** Invited solver key -> the chains (shards) it is invited for. */
  invitations: Map<Address, Set<number>>;
  /** Every registered solver key: invited or not, and why. */
  solvers: {
    solver: Address;
    operator: Address;
    invited: boolean;
    reason: string;
    weight: string;
    chains?: number[];
    attestation?: RecordedAttestationJSON;
  }[];
};

export type VoucherResult =
  | { ok: true; solver: Address; operator: Address }
  | {
      ok: false;
      reason: 'MALFORMED' | 'BAD_SIGNATURE' | 'NO_CONSENT' | 'UNKNOWN_OPERATOR' | 'EXPIRED' | 'KEY_TAKEN';
      message: string;
    };
export type AdminResult =
  | { ok: true }
  | { ok: false; reason: 'MALFORMED' | 'NOT_ADMIN' | 'EXPIRED' | 'NONCE_USED' | 'UNKNOWN_OPERATOR'; message: string };

const PPM = 1_000_000;
const ppm = (x: number) => BigInt(Math.max(0, Math.round(x * PPM)));

/**
 * Who sees which order flow, and why: operators (bond, reputation, ejections), their vouched solver keys,
 * each key's health from challenge-response probes, and the seeded fan-out. Pure: the clock and randomness
 * are injected; the auctioneer app does the I/O (sending challenges and auctions).
 */
export class SolverTrust {
  readonly config: TrustConfig;
  readonly challenges: ChallengeBook;
  private readonly operators = new Map<Address, OperatorState>();
  private readonly nodes = new Map<Address, NodeState>();
  private readonly usedAdminNonces = new Set<string>();
  private panicMode = false;
  private healthyShare = 1;

  constructor(
    readonly auctioneer: Address,
    private readonly now: () => number,
    private readonly random: () => number,
    config: Partial<TrustConfig> = {},
    randomBytes?: (n: number) => Uint8Array,
  ) {
    this.config = { ...defaultTrustConfig, ...config };
    this.challenges = new ChallengeBook({ auctioneer, timeoutMs: this.config.probeTimeoutMs, randomBytes });
  }

  // ---- identity -------------------------------------------------------------------------------------

  /** An operator and its bond (configuration today, the SolverRegistry contract later). Keeps its history if it exists. */
  upsertOperator(operator: Address, bond: bigint, region?: string): void {
    const op = operator.toLowerCase() as Address;
    const existing = this.operators.get(op);
    if (existing) {
      existing.bond = bond;
      if (region !== undefined) existing.region = region;
      return;
    }
    this.operators.set(op, {
      operator: op,
      bond,
      region,
      reputation: new Reputation(this.now(), this.config.reputation),
      solvers: new Set(),
    });
  }

  /** Trusted configuration: a key run by an operator (a legacy SOLVER_ADDRESSES key is its own operator). */
  addSolver(solver: Address, operator: Address, region?: string): void {
    const s = solver.toLowerCase() as Address;
    const op = this.operators.get(operator.toLowerCase() as Address);
    if (!op) throw new Error(`unknown operator ${operator}`);
    this.bind(s, op, undefined, region);
  }

  /** A voucher signed by the operator key it names; the operator must be known (bonded). */
  registerVoucher(json: unknown, region?: string): VoucherResult {
    let v;
    try {
      v = parseSignedSolverVoucher(json);
    } catch (err) {
      return {
        ok: false,
        reason: 'MALFORMED',
        message: err instanceof IntentMeshError ? err.shortMessage : 'malformed voucher',
      };
    }
    let signer: Address | undefined;
    try {
      signer = recoverSolverVoucherSigner(v.voucher, v.signature);
    } catch {
      signer = undefined;
    }
    if (signer !== v.voucher.operator)
      return { ok: false, reason: 'BAD_SIGNATURE', message: 'the voucher is not signed by the operator it names' };
    // proof of possession: without the key's own consent an operator could squat any key
    if (!this.hasConsent(v))
      return { ok: false, reason: 'NO_CONSENT', message: "the voucher lacks the solver key's own consent signature" };
    const op = this.operators.get(v.voucher.operator);
    if (!op) return { ok: false, reason: 'UNKNOWN_OPERATOR', message: `${v.voucher.operator} has no bond here` };
    if (v.voucher.expiry * 1000 <= this.now())
      return { ok: false, reason: 'EXPIRED', message: 'the voucher has expired' };
    const bound = this.nodes.get(v.voucher.solver);
    if (bound && bound.operator !== op.operator)
      return { ok: false, reason: 'KEY_TAKEN', message: `${v.voucher.solver} is vouched for by another operator` };
    this.bind(v.voucher.solver, op, v.voucher.expiry, region);
    return { ok: true, solver: v.voucher.solver, operator: op.operator };
  }

  private hasConsent(v: SignedSolverVoucher): boolean {
    try {
      return (
        v.solverSignature !== undefined && recoverSolverConsentSigner(v.voucher, v.solverSignature) === v.voucher.solver
      );
    } catch {
      return false;
    }
  }

  private bind(solver: Address, op: OperatorState, expiry: number | undefined, region?: string): void {
    const existing = this.nodes.get(solver);
    if (existing) {
      existing.expiry = expiry;
      if (region !== undefined) existing.region = region;
      return;
    }
    this.nodes.set(solver, {
      solver,
      operator: op.operator,
      expiry,
      region,
      health: new NodeHealth(this.config.health, this.now()),
    });
    op.solvers.add(solver);
  }

  operatorOf(solver: Address): Address | undefined {
    const n = this.nodes.get(solver);
    if (!n || (n.expiry !== undefined && n.expiry * 1000 <= this.now())) return undefined;
    return n.operator;
  }
  isRegistered(solver: Address): boolean {
    return this.operatorOf(solver) !== undefined;
  }
  registeredSolvers(): Address[] {
    return [...this.nodes.keys()].filter((s) => this.isRegistered(s));
  }
  node(solver: Address): NodeHealth | undefined {
    return this.nodes.get(solver)?.health;
  }
  operatorEjection(operator: Address) {
    return this.operators.get(operator)?.ejection;
  }
  reputation(operator: Address): Reputation | undefined {
    return this.operators.get(operator)?.reputation;
  }
  get panic(): boolean {
    return this.panicMode;
  }

  /** Admin actions must be signed by a configured admin key, unexpired, and used once. */
  applyAdminAction(json: unknown): AdminResult {
    let a;
    try {
      a = parseSignedAdminAction(json);
    } catch (err) {
      return {
        ok: false,
        reason: 'MALFORMED',
        message: err instanceof IntentMeshError ? err.shortMessage : 'malformed admin action',
      };
    }
    let signer: Address | undefined;
    try {
      signer = recoverAdminActionSigner(a.action, a.signature);
    } catch {
      signer = undefined;
    }
    if (!signer || !this.config.admins.map((x) => x.toLowerCase()).includes(signer))
      return { ok: false, reason: 'NOT_ADMIN', message: 'not signed by an admin key' };
    if (a.action.expiry * 1000 <= this.now())
      return { ok: false, reason: 'EXPIRED', message: 'the admin action has expired' };
    const nonceKey = `${signer}:${a.action.nonce}`;
    if (this.usedAdminNonces.has(nonceKey))
      return { ok: false, reason: 'NONCE_USED', message: 'this admin action was already applied' };
    if (!ADMIN_ACTIONS.includes(a.action.action)) return { ok: false, reason: 'MALFORMED', message: 'unknown action' };
    const op = this.operators.get(a.action.operator);
    if (!op && a.action.action !== 'setBond')
      return { ok: false, reason: 'UNKNOWN_OPERATOR', message: `${a.action.operator} is not an operator` };
    this.usedAdminNonces.add(nonceKey);
    if (a.action.action === 'setBond') this.upsertOperator(a.action.operator, a.action.amount);
    else if (a.action.action === 'eject') this.ejectOperator(op!, 'admin');
    else this.readmit(op!);
    return { ok: true };
  }

  private readmit(op: OperatorState): void {
    op.ejection = undefined;
    for (const s of op.solvers) {
      const h = this.nodes.get(s)!.health;
      if (h.state === 'ejected') h.release();
    }
  }

  private ejectOperator(op: OperatorState, kind: EjectionKind): void {
    const now = this.now();
    const count = (op.ejection?.count ?? 0) + 1;
    const { ejectBaseMs, ejectMaxMs, ejectJitter } = this.config.health;
    const base = Math.min(ejectMaxMs, ejectBaseMs * count);
    op.ejection = {
      kind,
      at: now,
      count,
      until: SELF_HEALING.has(kind)
        ? now + Math.floor(base * (1 + ejectJitter * this.random()))
        : Number.POSITIVE_INFINITY,
    };
  }

  // ---- outcomes -------------------------------------------------------------------------------------

  /** Awarded-but-unsettled, invalid bids and timeouts, attributed to the operator (whichever key did it). */
  recordOutcome(operator: Address, kind: OutcomeKind, weight = 1): void {
    const op = this.operators.get(operator);
    if (!op) return;
    op.reputation.record(kind, this.now(), weight);
    if (
      kind === 'unsettled' &&
      op.reputation.shouldEject(this.now()) &&
      !(op.ejection && !SELF_HEALING.has(op.ejection.kind))
    ) {
      this.ejectOperator(op, 'reputation');
    }
  }

  /** Signed, attributable evidence (two conflicting signed bids or attestations): ejected until an admin re-admits. */
  securityEject(operator: Address): void {
    const op = this.operators.get(operator);
    if (op) this.ejectOperator(op, 'security');
  }

  /** An invited node answered the auction (a bid or a signed pass) in time, or did not. */
  recordAuctionAnswer(solver: Address, answered: boolean): void {
    const n = this.nodes.get(solver);
    if (!n) return;
    n.health.inflight = Math.max(0, n.health.inflight - 1);
    n.health.auctionAnswered(answered);
    if (!answered) this.recordOutcome(n.operator, 'timeout');
  }

  // ---- probes -----------------------------------------------------------------------------------------

  /** One fresh challenge per registered node that is not ejected and has none outstanding. */
  issueChallenges(): { solver: Address; challenge: HealthChallengeJSON }[] {
    const now = this.now();
    const out: { solver: Address; challenge: HealthChallengeJSON }[] = [];
    for (const n of this.nodes.values()) {
      if (!this.isRegistered(n.solver) || n.health.state === 'ejected') continue;
      if (this.challenges.pendingFor(n.solver)) continue;
      out.push({ solver: n.solver, challenge: this.challenges.issue(n.solver, now) });
    }
    return out;
  }

  /** An attestation as it arrives; `receivedAt` on our clock. */
  onAttestation(json: unknown, receivedAt = this.now()): AttestationResult {
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
      }
    } else if (r.missBy) {
      this.nodes.get(r.missBy)?.health.probeMiss(receivedAt);
    } else if (r.equivocation) {
      const op = this.nodes.get(r.equivocation.solver)?.operator;
      if (op) this.securityEject(op);
    }
    return r;
  }

  /**
   * Periodic: expired challenges become misses, back-offs end, requested ejections are applied under the
   * per-sweep stake cap, and panic mode is recomputed.
   */
  sweep(): SweepReport {
    const now = this.now();
    const report: SweepReport = {
      missed: [],
      ejected: [],
      deferred: [],
      released: [],
      panic: false,
      healthyStakeShare: 1,
    };
    for (const s of this.challenges.expire(now)) {
      this.nodes.get(s)?.health.probeMiss(now);
      report.missed.push(s);
    }
    for (const n of this.nodes.values()) if (n.health.tick(now)) report.released.push(n.solver);
    for (const op of this.operators.values()) {
      if (op.ejection && SELF_HEALING.has(op.ejection.kind) && now >= op.ejection.until) {
        op.ejection = undefined;
        report.released.push(op.operator);
      }
    }
    const total = this.totalStake();
    const budget = total === 0n ? 0n : (total * ppm(this.config.maxEjectedStakePerSweep)) / BigInt(PPM);
    let spent = 0n;
    let operatorsEjected = 0;
    const wanting = [...this.nodes.values()]
      .filter((n) => n.health.wantsEjection && n.health.state !== 'ejected')
      .sort((a, b) => b.health.misses - a.health.misses || (a.solver < b.solver ? -1 : 1));
    const goingDark = new Set<Address>();
    for (const n of wanting) {
      const op = this.operators.get(n.operator)!;
      const others = [...op.solvers].filter((s) => s !== n.solver && this.isRegistered(s));
      const lastNode =
        !op.ejection && others.every((s) => this.nodes.get(s)!.health.state === 'ejected' || goingDark.has(s));
      if (lastNode && operatorsEjected > 0 && spent + op.bond > budget) {
        report.deferred.push(n.solver);
        continue;
      }
      if (lastNode) {
        spent += op.bond;
        operatorsEjected++;
      }
      const kind = n.health.wantsEjection!;
      n.health.eject(kind, now, this.random());
      goingDark.add(n.solver);
      report.ejected.push({ solver: n.solver, operator: n.operator, kind, untilMs: n.health.ejectedUntil });
    }
    const healthy = [...this.operators.values()]
      .filter(
        (op) =>
          !op.ejection &&
          [...op.solvers].some(
            (s) => this.isRegistered(s) && ['healthy', 'probation'].includes(this.nodes.get(s)!.health.state),
          ),
      )
      .reduce((s, op) => s + op.bond, 0n);
    this.healthyShare = total === 0n ? 1 : Number((healthy * BigInt(PPM)) / total) / PPM;
    this.panicMode = this.healthyShare < this.config.panicHealthyStake;
    report.panic = this.panicMode;
    report.healthyStakeShare = this.healthyShare;
    return report;
  }

  private totalStake(): bigint {
    let t = 0n;
    for (const op of this.operators.values()) if ([...op.solvers].some((s) => this.isRegistered(s))) t += op.bond;
    return t;
  }

  // ---- fan-out ------------------------------------------------------------------------------------------

  /** Why a node cannot serve a shard, or undefined if it can; its health factor if so. */
  private nodeEligibility(n: NodeState, shard: ShardSpec): { reason?: string; factor: number } {
    const h = n.health;
    if (!this.isRegistered(n.solver)) return { reason: 'voucher-expired', factor: 0 };
    let factor = h.factor;
    if (h.state === 'ejected') {
      if (!(this.panicMode && h.ejectionKind && PANIC_READMITTABLE.has(h.ejectionKind)))
        return { reason: `node-ejected:${h.ejectionKind}`, factor: 0 };
      factor = this.config.health.factors.degraded; // panic: liveness-ejected nodes serve again, at degraded weight
    }
    if (h.reportedChains.length && !h.reportedChains.includes(shard.chainId))
      return { reason: 'chain-not-served', factor: 0 };
    const region = n.region ?? this.operators.get(n.operator)!.region;
    if (shard.region && region !== shard.region) return { reason: 'other-region', factor: 0 };
    if (shard.maxRttMs !== undefined && (h.ewma.samples === 0 || h.ewma.value > shard.maxRttMs))
      return { reason: 'rtt-above-shard-limit', factor: 0 };
    return { factor };
  }

  /** Operator weight in a shard: bond x reputation x best health factor among its eligible nodes. */
  operatorWeight(operator: Address, shard: ShardSpec): { weight: bigint; reason?: string; nodes: NodeState[] } {
    const op = this.operators.get(operator)!;
    const now = this.now();
    if (op.ejection && !(this.panicMode && PANIC_READMITTABLE.has(op.ejection.kind)))
      return { weight: 0n, reason: `operator-ejected:${op.ejection.kind}`, nodes: [] };
    let best = 0;
    const nodes: NodeState[] = [];
    let why = 'no-eligible-node';
    for (const s of op.solvers) {
      const n = this.nodes.get(s)!;
      const e = this.nodeEligibility(n, shard);
      if (e.reason) {
        why = e.reason;
        continue;
      }
      nodes.push(n);
      best = Math.max(best, e.factor);
    }
    if (!nodes.length) return { weight: 0n, reason: why, nodes };
    const weight = op.bond * ppm(op.reputation.factor(now)) * ppm(best);
    return weight > 0n ? { weight, nodes } : { weight: 0n, reason: 'zero-weight', nodes: [] };
  }

  /**
   * Chooses who sees an auction: one shard per chain in it; small shards invite every eligible operator,
   * large ones draw seats from the seed; inside an invited operator, power-of-two-choices picks the key.
   */
  fanout(auctionSeed: string, shards: ShardSpec[]): FanoutResult {
    const record: FanoutRecordJSON = {
      inviteAllMax: this.config.inviteAllMax,
      seats: this.config.seats,
      panic: this.panicMode,
      shards: [],
    };
    const invitations = new Map<Address, Set<number>>();
    const notes = new Map<Address, string[]>();
    const weights = new Map<Address, bigint>();
    const note = (s: Address, text: string) => {
      const l = notes.get(s) ?? [];
      l.push(text);
      notes.set(s, l);
    };
    for (const shard of shards) {
      const key = `chain:${shard.chainId}${shard.region ? `|region:${shard.region}` : ''}${shard.maxRttMs !== undefined ? `|rtt<=${shard.maxRttMs}` : ''}`;
      const seed = shardSeed(auctionSeed, key);
      const eligible = new Map<Address, { weight: bigint; nodes: NodeState[] }>();
      const w: Record<string, string> = {};
      for (const op of this.operators.values()) {
        if (![...op.solvers].some((s) => this.isRegistered(s))) continue;
        const r = this.operatorWeight(op.operator, shard);
        if (r.weight > 0n) {
          eligible.set(op.operator, r);
          w[op.operator] = r.weight.toString();
          if ((weights.get(op.operator) ?? 0n) < r.weight) weights.set(op.operator, r.weight);
        } else for (const s of op.solvers) note(s, `${key} ${r.reason}`);
      }
      const mode = eligible.size <= this.config.inviteAllMax ? 'all' : 'sampled';
      const invitedOps =
        mode === 'all'
          ? [...eligible.keys()]
          : (drawSeats(
              [...eligible].map(([operator, r]) => ({ operator, weight: r.weight })),
              this.config.seats,
              seed,
            ) as Address[]);
      const invitedSet = new Set(invitedOps);
      for (const [operator, r] of eligible) {
        if (!invitedSet.has(operator)) {
          for (const s of this.operators.get(operator)!.solvers) note(s, `${key} not-drawn`);
          continue;
        }
        const costs: NodeCost[] = r.nodes.map((n) => ({
          solver: n.solver,
          latencyMs: n.health.ewma.value,
          inflight: n.health.inflight,
        }));
        const chosen = pickNode(costs, this.random)!;
        for (const n of this.operators.get(operator)!.solvers) {
          if (n === chosen) note(n, `${key} invited`);
          else
            note(
              n,
              `${key} ${r.nodes.some((x) => x.solver === n) ? 'operator-seat-used-by-another-key' : 'not-eligible'}`,
            );
        }
        const set = invitations.get(chosen) ?? new Set<number>();
        set.add(shard.chainId);
        invitations.set(chosen, set);
      }
      record.shards.push({
        key,
        chainId: shard.chainId,
        region: shard.region,
        maxRttMs: shard.maxRttMs,
        mode,
        seats: mode === 'all' ? eligible.size : this.config.seats,
        seed,
        weights: w,
        invited: invitedOps,
      });
    }
    for (const s of invitations.keys()) this.nodes.get(s)!.health.inflight++;
    const solvers = this.registeredSolvers().map((s) => {
      const n = this.nodes.get(s)!;
      const chains = invitations.get(s);
      const entry = {
        solver: s,
        operator: n.operator,
        invited: !!chains,
        reason: (notes.get(s) ?? ['no-shard']).join('; '),
        weight: (weights.get(n.operator) ?? 0n).toString(),
      };
      // an invited key's chains and the attestation its health rested on, so an auditor can recheck both
      return chains
        ? {
            ...entry,
            chains: [...chains].sort((a, b) => a - b),
            ...(n.attestation ? { attestation: n.attestation } : {}),
          }
        : entry;
    });
    return { record, invitations, solvers };
  }

  // ---- status -------------------------------------------------------------------------------------------

  /** Per solver key, for GET /v1/solvers. */
  status() {
    const now = this.now();
    return [...this.nodes.values()].map((n) => {
      const op = this.operators.get(n.operator)!;
      const h = n.health;
      const any = { chainId: 0 } as ShardSpec;
      const state = op.ejection ? 'ejected' : h.state;
      return {
        address: n.solver,
        operator: n.operator,
        registered: this.isRegistered(n.solver),
        state,
        ejection: op.ejection
          ? {
              scope: 'operator',
              kind: op.ejection.kind,
              until: Number.isFinite(op.ejection.until) ? op.ejection.until : null,
            }
          : h.state === 'ejected'
            ? { scope: 'node', kind: h.ejectionKind, until: h.ejectedUntil }
            : null,
        bond: op.bond.toString(),
        weight: this.operatorWeight(n.operator, { ...any, chainId: h.reportedChains[0] ?? 0 }).weight.toString(),
        reputation: Number(op.reputation.factor(now).toFixed(6)),
        rttMs: {
          p50: h.rtts.percentile(50) ?? null,
          p99: h.rtts.percentile(99) ?? null,
          peakEwma: h.ewma.samples ? Math.round(h.ewma.value) : null,
        },
        lastAttestationAt: h.lastAttestationAt ?? null,
        inflight: h.inflight,
        reportedInflight: h.reportedInflight,
        chains: h.reportedChains,
        panic: this.panicMode,
      };
    });
  }
}
