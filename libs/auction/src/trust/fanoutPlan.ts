import type { Address, RecordedAttestationJSON } from '@intentmesh/protocol';
import { drawSeats, pickNode, shardSeed, type FanoutRecordJSON, type NodeCost } from './fanout';
import type { SolverHealth } from './health';
import { ppm } from './ppm';
import { PANIC_READMITTABLE } from './nodeHealth';
import type { SolverBinding, SolverRegistry } from './registry';

/** Intents from `chainId` to `destinationChainId` (when set), served from `region` (when set) within `maxRttMs`. */
export type ShardSpec = { chainId: number; destinationChainId?: number; region?: string; maxRttMs?: number };

export function shardKey(shard: ShardSpec): string {
  const route =
    shard.destinationChainId === undefined ? `${shard.chainId}` : `${shard.chainId}>${shard.destinationChainId}`;
  return `chain:${route}${shard.region ? `|region:${shard.region}` : ''}${shard.maxRttMs !== undefined ? `|rtt<=${shard.maxRttMs}` : ''}`;
}

export type FanoutResult = {
  record: FanoutRecordJSON;
  /** Invited solver key -> the source chains of the shards it is invited for (what bid admission checks). */
  invitations: Map<Address, Set<number>>;
  /** Invited solver key -> the routes ("source>destination", or "source") it is invited for: what it is sent. */
  routes: Map<Address, Set<string>>;
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

type Candidate = {
  weight: bigint;
  reason?: string;
  nodes: SolverBinding[];
  slow?: boolean;
  /** Its keys' best median bid latency; undefined while none has one (warm-up). */
  bidLatencyMs?: number;
  /** One of its keys won an intent in its last few auctions. */
  winning?: boolean;
  /** The latest invitation of any of its keys (our clock). */
  lastInvitedAt?: number;
};

/** Added to every key's latency before comparing, so a few ms of jitter between equal keys does not decide the split. */
const LATENCY_FLOOR_MS = 20;

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
  private nodeEligibility(n: SolverBinding, shard: ShardSpec): { reason?: string; factor: number; slow?: boolean } {
    const { registry, health } = this.o;
    const h = health.node(n.solver)!;
    if (!registry.isRegistered(n.solver)) return { reason: 'voucher-expired', factor: 0 };
    let factor = h.factor;
    if (h.state === 'ejected') {
      if (!(health.panic && h.ejectionKind && PANIC_READMITTABLE.has(h.ejectionKind)))
        return { reason: `node-ejected:${h.ejectionKind}`, factor: 0 };
      factor = health.config.factors.degraded; // panic: liveness-ejected nodes serve again, at degraded weight
    }
    // its chains and region are unknown until its first attestation, so sending it a route could misroute it; its
    // intents wait for the next auction (an unfilled intent goes back to the stream)
    if (h.lastAttestationAt === undefined) return { reason: 'not-yet-attested', factor: 0 };
    // an intent goes only to keys that declared both its chains (declaring none means all)
    const declared = h.reportedChains;
    if (
      declared.length &&
      (!declared.includes(shard.chainId) ||
        (shard.destinationChainId !== undefined && !declared.includes(shard.destinationChainId)))
    )
      return { reason: 'chain-not-served', factor: 0 };
    // bond registry, else the operator's voucher, else the key's own attestation (SolverRegistry.regionOf)
    const { region } = registry.regionOf(n.solver, h.reportedRegion);
    if (shard.region && region !== shard.region) return { reason: 'other-region', factor: 0 };
    if (shard.maxRttMs !== undefined && (h.ewma.samples === 0 || h.ewma.value > shard.maxRttMs))
      return { reason: 'rtt-above-shard-limit', factor: 0 };
    // slow at auctions (bid latency on our clock) is degraded like a slow probe round trip
    if (h.slowAtAuctions()) return { factor: Math.min(factor, health.config.factors.degraded), slow: true };
    return { factor };
  }

  /** Operator weight in a shard: bond x reputation x best health factor among its eligible nodes. */
  operatorWeight(operator: Address, shard: ShardSpec): Candidate {
    const { registry, health } = this.o;
    const op = registry.operator(operator)!;
    if (op.ejection && !(health.panic && PANIC_READMITTABLE.has(op.ejection.kind)))
      return { weight: 0n, reason: `operator-ejected:${op.ejection.kind}`, nodes: [] };
    const fast: { n: SolverBinding; factor: number }[] = [];
    const slow: { n: SolverBinding; factor: number }[] = [];
    let why = 'no-eligible-node';
    for (const s of op.solvers) {
      const n = registry.binding(s)!;
      const e = this.nodeEligibility(n, shard);
      if (e.reason) why = e.reason;
      else (e.slow ? slow : fast).push({ n, factor: e.factor });
    }
    // a key slow at auctions serves only when none of its operator's keys is fast, or as a probe once per
    // slowBidRecheckMs (then the load term decides), so it can show it is fast again
    const now = this.o.now();
    const due = slow.filter(
      (x) => now - (health.node(x.n.solver)!.lastInvitedAt ?? -Infinity) >= health.config.slowBidRecheckMs,
    );
    const pool = fast.length ? [...fast, ...due] : slow;
    const nodes = pool.map((x) => x.n);
    const best = Math.max(0, ...pool.map((x) => x.factor));
    if (!nodes.length) return { weight: 0n, reason: why, nodes };
    const weight = op.bond * ppm(op.reputation.factor(now)) * ppm(best);
    // the operator's best median bid latency (none during warm-up; the window after a miss): a slow one sits out only
    // beside a much faster one
    const hs = nodes.map((n) => health.node(n.solver)!);
    const medians = hs.map((h) => h.bidLatencyForRule()).filter((x): x is number => x !== undefined);
    const invitedAts = hs.map((h) => h.lastInvitedAt).filter((x): x is number => x !== undefined);
    return weight > 0n
      ? {
          weight,
          nodes,
          slow: !fast.length,
          bidLatencyMs: medians.length ? Math.min(...medians) : undefined,
          winning: hs.some((h) => h.wonRecently()),
          lastInvitedAt: invitedAts.length ? Math.max(...invitedAts) : undefined,
        }
      : { weight: 0n, reason: 'zero-weight', nodes: [] };
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
    const routes = new Map<Address, Set<string>>();
    const notes = new Map<Address, string[]>();
    const weights = new Map<Address, bigint>();
    const note = (s: Address, text: string) => {
      const l = notes.get(s) ?? [];
      l.push(text);
      notes.set(s, l);
    };
    for (const asked of shards) {
      let shard = asked;
      let candidates = this.candidates(shard);
      let fallback: string | undefined;
      if (shard.region && !candidates.some(({ r }) => r.weight > 0n)) {
        // like panic mode: a region with no eligible solver is served from the others, and the record says so
        fallback = `no-eligible-solver-in-region:${shard.region}`;
        for (const { op, r } of candidates) for (const s of op.solvers) note(s, `${shardKey(shard)} ${r.reason}`);
        shard = { ...shard, region: undefined };
        candidates = this.candidates(shard);
      }
      const key = shardKey(shard);
      const route =
        shard.destinationChainId === undefined ? `${shard.chainId}` : `${shard.chainId}>${shard.destinationChainId}`;
      const seed = shardSeed(auctionSeed, key);
      const eligible = new Map<Address, Candidate>();
      const w: Record<string, string> = {};
      // operators whose keys are all slow at auctions sit out while one faster by more than slowBidMs can serve: they
      // would hold the early close back; a load that slows everyone alike sidelines nobody
      const known = candidates.filter(({ r }) => r.weight > 0n && r.bidLatencyMs !== undefined);
      const fastest = Math.min(...known.map(({ r }) => r.bidLatencyMs!));
      const now = this.o.now();
      const probes = new Set<Address>();
      for (const { op, r } of candidates) {
        // ...but not one that won lately: its prices are what traders get, and a faster key's absent bids are not
        if (r.slow && r.bidLatencyMs! > fastest + health.config.slowBidMs && !r.winning) {
          // ...and one auction per slowBidRecheckMs is a probe, so a sat-out key can show it is fast or winning again
          if (r.lastInvitedAt !== undefined && now - r.lastInvitedAt < health.config.slowBidRecheckMs) {
            for (const s of op.solvers) note(s, `${key} slow-at-auctions`);
            continue;
          }
          probes.add(op.operator);
        }
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
        // capacity ~ 1/latency, load = auctions open at the key + its invitations in the last loadWindowMs
        const costs: NodeCost[] = r.nodes.map((n) => {
          const h = health.node(n.solver)!;
          return {
            solver: n.solver,
            latencyMs: h.latencyMs() + LATENCY_FLOOR_MS,
            inflight: h.inflight + h.recentInvitations(now),
          };
        });
        const chosen = pickNode(costs, this.o.random)!;
        for (const n of registry.operator(operator)!.solvers) {
          if (n === chosen) note(n, `${key} ${probes.has(operator) ? 'invited slow-at-auctions-probe' : 'invited'}`);
          else
            note(
              n,
              `${key} ${r.nodes.some((x) => x.solver === n) ? 'operator-seat-used-by-another-key' : 'not-eligible'}`,
            );
        }
        const set = invitations.get(chosen) ?? new Set<number>();
        set.add(shard.chainId);
        invitations.set(chosen, set);
        const r2 = routes.get(chosen) ?? new Set<string>();
        r2.add(route);
        routes.set(chosen, r2);
      }
      record.shards.push({
        key,
        chainId: shard.chainId,
        ...(shard.destinationChainId !== undefined ? { destinationChainId: shard.destinationChainId } : {}),
        region: asked.region,
        ...(fallback ? { fallback } : {}),
        maxRttMs: shard.maxRttMs,
        mode,
        seats: mode === 'all' ? eligible.size : this.o.seats,
        seed,
        weights: w,
        invited: invitedOps,
      });
    }
    for (const s of invitations.keys()) {
      const h = health.node(s)!;
      h.inflight++;
      h.invited(this.o.now());
    }
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
    return { record, invitations, routes, solvers };
  }

  private candidates(shard: ShardSpec) {
    const { registry } = this.o;
    return [...registry.operators()]
      .filter((op) => registry.isActive(op))
      .map((op) => ({ op, r: this.operatorWeight(op.operator, shard) }));
  }
}
