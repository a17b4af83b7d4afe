import type { Address } from '@intentmesh/protocol';
import { TrustFanout } from './fanoutPlan';
import { SolverHealth } from './health';
import { defaultHealthConfig, type HealthConfig } from './nodeHealth';
import { SolverRegistry } from './registry';
import { defaultReputationConfig, type ReputationConfig } from './reputation';

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

export type SolverTrustOptions = {
  auctioneer: Address;
  now: () => number;
  random: () => number;
  config?: Partial<TrustConfig>;
  randomBytes?: (n: number) => Uint8Array;
};

/**
 * Solver trust, wired from its three parts: the registry (who may bid), health (how each key is doing, on our
 * clock) and the fan-out (who sees an auction). Pure: the clock and randomness are injected.
 */
export class SolverTrust {
  readonly config: TrustConfig;
  readonly registry: SolverRegistry;
  readonly health: SolverHealth;
  readonly fanout: TrustFanout;
  private readonly now: () => number;

  constructor(o: SolverTrustOptions) {
    this.now = o.now;
    const config = (this.config = { ...defaultTrustConfig, ...o.config });
    const { now, random } = o;
    this.registry = new SolverRegistry({
      now,
      random,
      admins: config.admins,
      reputation: config.reputation,
      backoff: config.health,
      onBind: (s) => this.health.track(s),
      onReadmit: (solvers) => this.health.readmit(solvers),
    });
    this.health = new SolverHealth({
      auctioneer: o.auctioneer,
      registry: this.registry,
      now,
      random,
      health: config.health,
      probeTimeoutMs: config.probeTimeoutMs,
      maxEjectedStakePerSweep: config.maxEjectedStakePerSweep,
      panicHealthyStake: config.panicHealthyStake,
      randomBytes: o.randomBytes,
    });
    this.fanout = new TrustFanout({
      registry: this.registry,
      health: this.health,
      now,
      random,
      inviteAllMax: config.inviteAllMax,
      seats: config.seats,
    });
  }

  /** Per solver key, for GET /v1/solvers. */
  status() {
    const { registry, health, fanout } = this;
    return [...registry.bindings()].map((n) => {
      const op = registry.operator(n.operator)!;
      const h = health.node(n.solver)!;
      const slow = h.slowAtAuctions();
      const region = registry.regionOf(n.solver, h.reportedRegion);
      // a key slow at auctions shows as degraded, as a slow probe round trip does
      const state = op.ejection ? 'ejected' : h.state === 'healthy' && slow ? 'degraded' : h.state;
      return {
        address: n.solver,
        operator: n.operator,
        registered: registry.isRegistered(n.solver),
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
        weight: fanout.operatorWeight(n.operator, { chainId: h.reportedChains[0] ?? 0 }).weight.toString(),
        reputation: Number(op.reputation.factor(this.now()).toFixed(6)),
        rttMs: {
          p50: h.rtts.percentile(50) ?? null,
          p99: h.rtts.percentile(99) ?? null,
          peakEwma: h.ewma.samples ? Math.round(h.ewma.value) : null,
        },
        bidLatencyMs: {
          peakEwma: h.bidEwma.samples ? Math.round(h.bidEwma.value) : null,
          median: h.bidLatencyMedian() ?? null,
          slow,
          wonRecently: h.wonRecently(),
        },
        recentInvitations: h.recentInvitations(this.now()),
        lastAttestationAt: h.lastAttestationAt ?? null,
        inflight: h.inflight,
        reportedInflight: h.reportedInflight,
        chains: h.reportedChains,
        region: region.region ?? null,
        /** which declaration decided it: bond-registry, voucher or attestation (see SolverRegistry.regionOf) */
        regionFrom: region.from ?? null,
        panic: health.panic,
      };
    });
  }
}

/** One key's entry of GET /v1/solvers (and the auctioneer's solver gauges). */
export type SolverStatus = ReturnType<SolverTrust['status']>[number];
