import {
  ADMIN_ACTIONS,
  IntentMeshError,
  lowerAddress,
  parseSignedAdminAction,
  parseSignedSolverVoucher,
  recoverAdminActionSigner,
  recoverSolverConsentSigner,
  recoverSolverVoucherSigner,
  type SignedSolverVoucher,
  type Address,
} from '@intentmesh/protocol';
import { SELF_HEALING, type EjectionKind } from './nodeHealth';
import { Reputation, defaultReputationConfig, type OutcomeKind, type ReputationConfig } from './reputation';

/** Where a key's region came from (see SolverRegistry.regionOf for the precedence). */
export type RegionSource = 'bond-registry' | 'voucher' | 'attestation';

export type OperatorEjection = { kind: EjectionKind; at: number; until: number; count: number };

export type OperatorState = {
  operator: Address;
  bond: bigint;
  region?: string;
  reputation: Reputation;
  ejection?: OperatorEjection;
  solvers: Set<Address>;
};

/** A solver key bound to its operator (configuration, bond registry or a voucher). */
export type SolverBinding = {
  solver: Address;
  operator: Address;
  /** Voucher expiry (unix seconds); none for configured keys. */
  expiry?: number;
  /** The region its operator's voucher (version 2) declares for it, if any. */
  region?: string;
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

type Malformed = { ok: false; reason: 'MALFORMED'; message: string };

/** A signed message parsed, or the MALFORMED refusal saying why (a bad message is an answer, not a throw). */
function parseSigned<T>(
  parse: (json: unknown) => T,
  json: unknown,
  fallback: string,
): { value: T } | { refused: Malformed } {
  try {
    return { value: parse(json) };
  } catch (err) {
    return {
      refused: {
        ok: false,
        reason: 'MALFORMED',
        message: err instanceof IntentMeshError ? err.shortMessage : fallback,
      },
    };
  }
}

/** The recovered signer, or undefined when the signature does not recover at all. */
function signerOf(recover: () => Address): Address | undefined {
  try {
    return recover();
  } catch {
    return undefined;
  }
}

/** Back-off of an operator ejection: base x ejection count, capped, lengthened by up to `jitter` at random. */
export type BackoffConfig = { ejectBaseMs: number; ejectMaxMs: number; ejectJitter: number };

export type SolverRegistryOptions = {
  now: () => number;
  random: () => number;
  /** Keys whose signed admin actions (set bond, eject, re-admit) are obeyed. */
  admins: Address[];
  reputation?: ReputationConfig;
  backoff: BackoffConfig;
  /** A key was bound for the first time (health starts tracking it). */
  onBind?: (solver: Address) => void;
  /** An admin re-admitted an operator: its keys' own ejections end too. */
  onReadmit?: (solvers: Address[]) => void;
};

/**
 * Who may bid: operators (bond, region, reputation, operator-wide ejections) and the solver keys they vouch for.
 * Pure: the clock and randomness are injected.
 */
export class SolverRegistry {
  private readonly ops = new Map<Address, OperatorState>();
  private readonly nodes = new Map<Address, SolverBinding>();
  private readonly usedAdminNonces = new Set<string>();
  private readonly reputationConfig: ReputationConfig;

  constructor(private readonly o: SolverRegistryOptions) {
    this.reputationConfig = o.reputation ?? defaultReputationConfig;
  }

  /** An operator and its bond (configuration or the SolverRegistry contract). Keeps its history if it exists. */
  upsertOperator(operator: Address, bond: bigint, region?: string): void {
    const op = lowerAddress(operator);
    const existing = this.ops.get(op);
    if (existing) {
      existing.bond = bond;
      if (region !== undefined) existing.region = region;
      return;
    }
    this.ops.set(op, {
      operator: op,
      bond,
      region,
      reputation: new Reputation(this.o.now(), this.reputationConfig),
      solvers: new Set(),
    });
  }

  /** Trusted configuration: a key run by an operator (a legacy SOLVER_ADDRESSES key is its own operator). */
  addSolver(solver: Address, operator: Address): void {
    const s = lowerAddress(solver);
    const op = this.ops.get(lowerAddress(operator));
    if (!op) throw new Error(`unknown operator ${operator}`);
    this.bind(s, op, undefined, undefined);
  }

  /** A voucher signed by the operator key it names, with the key's consent; the operator must be known (bonded). */
  registerVoucher(json: unknown): VoucherResult {
    const parsed = parseSigned(parseSignedSolverVoucher, json, 'malformed voucher');
    if ('refused' in parsed) return parsed.refused;
    const v = parsed.value;
    const signer = signerOf(() => recoverSolverVoucherSigner(v.voucher, v.signature));
    if (signer !== v.voucher.operator)
      return { ok: false, reason: 'BAD_SIGNATURE', message: 'the voucher is not signed by the operator it names' };
    // proof of possession: without the key's own consent an operator could squat any key
    if (!hasConsent(v))
      return { ok: false, reason: 'NO_CONSENT', message: "the voucher lacks the solver key's own consent signature" };
    const op = this.ops.get(v.voucher.operator);
    if (!op) return { ok: false, reason: 'UNKNOWN_OPERATOR', message: `${v.voucher.operator} has no bond here` };
    if (v.voucher.expiry * 1000 <= this.o.now())
      return { ok: false, reason: 'EXPIRED', message: 'the voucher has expired' };
    const bound = this.nodes.get(v.voucher.solver);
    if (bound && bound.operator !== op.operator)
      return { ok: false, reason: 'KEY_TAKEN', message: `${v.voucher.solver} is vouched for by another operator` };
    // a later voucher replaces the key's region (a version-1 voucher clears it): the newest signed word counts
    this.bind(v.voucher.solver, op, v.voucher.expiry, v.voucher.region);
    return { ok: true, solver: v.voucher.solver, operator: op.operator };
  }

  private bind(solver: Address, op: OperatorState, expiry: number | undefined, region: string | undefined): void {
    const existing = this.nodes.get(solver);
    if (existing) {
      existing.expiry = expiry;
      existing.region = region;
      return;
    }
    this.nodes.set(solver, { solver, operator: op.operator, expiry, region });
    op.solvers.add(solver);
    this.o.onBind?.(solver);
  }

  operatorOf(solver: Address): Address | undefined {
    const n = this.nodes.get(solver);
    if (!n || (n.expiry !== undefined && n.expiry * 1000 <= this.o.now())) return undefined;
    return n.operator;
  }
  isRegistered(solver: Address): boolean {
    return this.operatorOf(solver) !== undefined;
  }
  registeredSolvers(): Address[] {
    return [...this.nodes.keys()].filter((s) => this.isRegistered(s));
  }
  /** Every key ever bound, registered or not (status shows expired vouchers too). */
  bindings(): IterableIterator<SolverBinding> {
    return this.nodes.values();
  }
  binding(solver: Address): SolverBinding | undefined {
    return this.nodes.get(solver);
  }
  operators(): IterableIterator<OperatorState> {
    return this.ops.values();
  }
  operator(operator: Address): OperatorState | undefined {
    return this.ops.get(operator);
  }
  /** An operator with at least one registered key takes part in stake shares. */
  isActive(op: OperatorState): boolean {
    return [...op.solvers].some((s) => this.isRegistered(s));
  }
  /**
   * A key's region, most trusted source first: its operator's in the bond registry (OPERATOR_BONDS, set by whoever runs
   * the auctioneer; it pins every key of the operator), else the one its operator's voucher declares for it (signed by
   * the operator, countersigned by the key), else `attested`, the one in the key's own latest signed attestation.
   */
  regionOf(solver: Address, attested?: string): { region?: string; from?: RegionSource } {
    const n = this.nodes.get(solver);
    const bonded = n && this.ops.get(n.operator)?.region;
    if (bonded !== undefined) return { region: bonded, from: 'bond-registry' };
    if (n?.region !== undefined) return { region: n.region, from: 'voucher' };
    return attested !== undefined ? { region: attested, from: 'attestation' } : {};
  }
  operatorEjection(operator: Address): OperatorEjection | undefined {
    return this.ops.get(operator)?.ejection;
  }
  reputation(operator: Address): Reputation | undefined {
    return this.ops.get(operator)?.reputation;
  }

  /** Admin actions must be signed by a configured admin key, unexpired, and used once. */
  applyAdminAction(json: unknown): AdminResult {
    const parsed = parseSigned(parseSignedAdminAction, json, 'malformed admin action');
    if ('refused' in parsed) return parsed.refused;
    const a = parsed.value;
    const signer = signerOf(() => recoverAdminActionSigner(a.action, a.signature));
    if (!signer || !this.o.admins.map((x) => x.toLowerCase()).includes(signer))
      return { ok: false, reason: 'NOT_ADMIN', message: 'not signed by an admin key' };
    if (a.action.expiry * 1000 <= this.o.now())
      return { ok: false, reason: 'EXPIRED', message: 'the admin action has expired' };
    const nonceKey = `${signer}:${a.action.nonce}`;
    if (this.usedAdminNonces.has(nonceKey))
      return { ok: false, reason: 'NONCE_USED', message: 'this admin action was already applied' };
    if (!ADMIN_ACTIONS.includes(a.action.action)) return { ok: false, reason: 'MALFORMED', message: 'unknown action' };
    const op = this.ops.get(a.action.operator);
    if (!op && a.action.action !== 'setBond')
      return { ok: false, reason: 'UNKNOWN_OPERATOR', message: `${a.action.operator} is not an operator` };
    this.usedAdminNonces.add(nonceKey);
    if (a.action.action === 'setBond') this.upsertOperator(a.action.operator, a.action.amount);
    else if (a.action.action === 'eject') this.ejectOperator(op!, 'admin');
    else {
      op!.ejection = undefined;
      this.o.onReadmit?.([...op!.solvers]);
    }
    return { ok: true };
  }

  /** Operator-wide ejection; self-healing kinds end after the back-off (base x ejection count, capped, jittered). */
  private ejectOperator(op: OperatorState, kind: EjectionKind): void {
    const now = this.o.now();
    const count = (op.ejection?.count ?? 0) + 1;
    const { ejectBaseMs, ejectMaxMs, ejectJitter } = this.o.backoff;
    const base = Math.min(ejectMaxMs, ejectBaseMs * count);
    op.ejection = {
      kind,
      at: now,
      count,
      until: SELF_HEALING.has(kind)
        ? now + Math.floor(base * (1 + ejectJitter * this.o.random()))
        : Number.POSITIVE_INFINITY,
    };
  }

  /** Awarded-but-unsettled, invalid bids and timeouts, attributed to the operator (whichever key did it). */
  recordOutcome(operator: Address, kind: OutcomeKind, weight = 1): void {
    const op = this.ops.get(operator);
    if (!op) return;
    const now = this.o.now();
    op.reputation.record(kind, now, weight);
    if (
      kind === 'unsettled' &&
      op.reputation.shouldEject(now) &&
      !(op.ejection && !SELF_HEALING.has(op.ejection.kind))
    ) {
      this.ejectOperator(op, 'reputation');
    }
  }

  /** Signed, attributable evidence (two conflicting signed bids or attestations): ejected until an admin re-admits. */
  securityEject(operator: Address): void {
    const op = this.ops.get(operator);
    if (op) this.ejectOperator(op, 'security');
  }

  /** Self-healing operator ejections whose back-off is over; returns the released operators. */
  releaseExpired(now: number): Address[] {
    const released: Address[] = [];
    for (const op of this.ops.values()) {
      if (op.ejection && SELF_HEALING.has(op.ejection.kind) && now >= op.ejection.until) {
        op.ejection = undefined;
        released.push(op.operator);
      }
    }
    return released;
  }
}

function hasConsent(v: SignedSolverVoucher): boolean {
  try {
    return (
      v.solverSignature !== undefined && recoverSolverConsentSigner(v.voucher, v.solverSignature) === v.voucher.solver
    );
  } catch {
    return false;
  }
}
