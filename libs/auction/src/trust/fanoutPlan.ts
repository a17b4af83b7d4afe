import type { Address, RecordedAttestationJSON } from '@intentmesh/protocol';
import { drawSeats, pickNode, shardSeed, type FanoutRecordJSON, type NodeCost } from './fanout';
import type { SolverHealth } from './health';
import { ppm } from './ppm';
import { PANIC_READMITTABLE } from './nodeHealth';
import type { SolverBinding, SolverRegistry } from './registry';

export type ShardSpec = { chainId: number; region?: string; maxRttMs?: number };

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

export type TrustFanoutOptions = {
  registry: SolverRegistry;
  health: SolverHealth;
  now: () => number;
  random: () => number;
  /** Shards with at most this many eligible operators invite all of them. */
  inviteAllMax: number;
  /** Seats drawn in a larger shard; one operator holds at most one, so its share is capped at 1/seats. */
  seats: number;
};

type Candidate = { weight: bigint; reason?: string; nodes: SolverBinding[] };

/**
 * Who sees an auction: one shard per chain; small shards invite every eligible operator, large ones draw seats
 * from the seed; inside an invited operator, power-of-two-choices picks the key.
 */
export class TrustFanout {
  constructor(private readonly o: TrustFanoutOptions) {}

  get inviteAllMax(): number {
    return this.o.inviteAllMax;
  }
  get seats(): number {
    return this.o.seats;
  }

  /** Why a node cannot serve a shard, or undefined if it can; its health factor if so. */
  private nodeEligibility(n: SolverBinding, shard: ShardSpec): { reason?: string; factor: number } {
    const { registry, health } = this.o;
    const h = health.node(n.solver)!;
    if (!registry.isRegistered(n.solver)) return { reason: 'voucher-expired', factor: 0 };
    let factor = h.factor;
    if (h.state === 'ejected') {
      if (!(health.panic && h.ejectionKind && PANIC_READMITTABLE.has(h.ejectionKind)))
        return { reason: `node-ejected:${h.ejectionKind}`, factor: 0 };
      factor = health.config.factors.degraded; // panic: liveness-ejected nodes serve again, at degraded weight
    }
    if (h.reportedChains.length && !h.reportedChains.includes(shard.chainId))
      return { reason: 'chain-not-served', factor: 0 };
    if (shard.region && registry.regionOf(n.solver) !== shard.region) return { reason: 'other-region', factor: 0 };
    if (shard.maxRttMs !== undefined && (h.ewma.samples === 0 || h.ewma.value > shard.maxRttMs))
      return { reason: 'rtt-above-shard-limit', factor: 0 };
    return { factor };
  }

  /** Operator weight in a shard: bond x reputation x best health factor among its eligible nodes. */
  operatorWeight(operator: Address, shard: ShardSpec): Candidate {
    const { registry, health } = this.o;
    const op = registry.operator(operator)!;
    if (op.ejection && !(health.panic && PANIC_READMITTABLE.has(op.ejection.kind)))
      return { weight: 0n, reason: `operator-ejected:${op.ejection.kind}`, nodes: [] };
    let best = 0;
    const nodes: SolverBinding[] = [];
    let why = 'no-eligible-node';
    for (const s of op.solvers) {
      const n = registry.binding(s)!;
      const e = this.nodeEligibility(n, shard);
      if (e.reason) {
        why = e.reason;
        continue;
      }
      nodes.push(n);
      best = Math.max(best, e.factor);
    }
    if (!nodes.length) return { weight: 0n, reason: why, nodes };
    const weight = op.bond * ppm(op.reputation.factor(this.o.now())) * ppm(best);
    return weight > 0n ? { weight, nodes } : { weight: 0n, reason: 'zero-weight', nodes: [] };
  }

  /** The invitations of one auction, with the record an auditor replays. */
  plan(auctionSeed: string, shards: ShardSpec[]): FanoutResult {
    const { registry, health } = this.o;
    const record: FanoutRecordJSON = {
      inviteAllMax: this.o.inviteAllMax,
      seats: this.o.seats,
      panic: health.panic,
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
      const eligible = new Map<Address, Candidate>();
      const w: Record<string, string> = {};
      for (const op of registry.operators()) {
        if (!registry.isActive(op)) continue;
        const r = this.operatorWeight(op.operator, shard);
        if (r.weight > 0n) {
          eligible.set(op.operator, r);
          w[op.operator] = r.weight.toString();
          if ((weights.get(op.operator) ?? 0n) < r.weight) weights.set(op.operator, r.weight);
        } else for (const s of op.solvers) note(s, `${key} ${r.reason}`);
      }
      const mode = eligible.size <= this.o.inviteAllMax ? 'all' : 'sampled';
      const invitedOps =
        mode === 'all'
          ? [...eligible.keys()]
          : (drawSeats(
              [...eligible].map(([operator, r]) => ({ operator, weight: r.weight })),
              this.o.seats,
              seed,
            ) as Address[]);
      const invitedSet = new Set(invitedOps);
      for (const [operator, r] of eligible) {
        if (!invitedSet.has(operator)) {
          for (const s of registry.operator(operator)!.solvers) note(s, `${key} not-drawn`);
          continue;
        }
        const costs: NodeCost[] = r.nodes.map((n) => {
          const h = health.node(n.solver)!;
          return { solver: n.solver, latencyMs: h.ewma.value, inflight: h.inflight };
        });
        const chosen = pickNode(costs, this.o.random)!;
        for (const n of registry.operator(operator)!.solvers) {
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
        seats: mode === 'all' ? eligible.size : this.o.seats,
        seed,
        weights: w,
        invited: invitedOps,
      });
    }
    for (const s of invitations.keys()) health.node(s)!.inflight++;
    const solvers = registry.registeredSolvers().map((s) => {
      const operator = registry.binding(s)!.operator;
      const chains = invitations.get(s);
      const entry = {
        solver: s,
        operator,
        invited: !!chains,
        reason: (notes.get(s) ?? ['no-shard']).join('; '),
        weight: (weights.get(operator) ?? 0n).toString(),
      };
      const attestation = health.attestation(s);
      // an invited key's chains and the attestation its health rested on, so an auditor can recheck both
      return chains
        ? { ...entry, chains: [...chains].sort((a, b) => a - b), ...(attestation ? { attestation } : {}) }
        : entry;
    });
    return { record, invitations, solvers };
  }
}
