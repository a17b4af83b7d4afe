import {
  SolverTrust,
  defaultHealthConfig,
  type FanoutResult,
  type OutcomeKind,
  type ShardSpec,
} from '@intentmesh/auction';
import { decodeJson, encodeJson, type BusSubscription, type Messaging } from '@intentmesh/messaging';
import type { Address, Log } from '@intentmesh/protocol';
import type { AuctioneerEnv } from '../config';
import type { BondSource, OperatorBonds } from './bondSource';

type Logger = Pick<Log, 'info' | 'warn'>;

/** The message's JSON, or undefined when it is not JSON: the trust parsers then refuse it as MALFORMED. */
function decodeOrUndefined(data: Uint8Array): unknown {
  try {
    return decodeJson(data);
  } catch {
    return undefined;
  }
}

/** How long after our bus comes back a node's silence is not held against it: NATS clients retry every 250 ms, with jitter. */
export const RECONNECT_GRACE_MS = 2_000;

/**
 * The auctioneer's side of solver trust: owns the SolverTrust state, sends health challenges every
 * PROBE_INTERVAL_MS on solver.<address>.challenge, and takes vouchers and signed admin actions over the bus.
 */
export class TrustService {
  private readonly trust: SolverTrust;
  private timer?: NodeJS.Timeout;
  private bondTimer?: NodeJS.Timeout;
  private subs: BusSubscription[] = [];
  private running = false;
  /** Until then a challenge left unanswered is the bus's fault, not the node's (Infinity: our bus is down now). */
  private blindUntil = 0;

  constructor(
    private readonly messaging: Messaging,
    auctioneer: Address,
    private readonly env: AuctioneerEnv,
    solvers: Address[],
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    /** The bond source's first read (startAuctioneer awaits it), so keys bind to their on-chain operators from the start. */
    initialBonds: OperatorBonds = { operators: env.OPERATOR_BONDS, solvers: [] },
    private readonly bondSource?: BondSource,
  ) {
    this.trust = new SolverTrust({
      auctioneer,
      now,
      random: Math.random,
      config: {
        probeTimeoutMs: env.PROBE_TIMEOUT_MS,
        seats: env.FANOUT_SEATS,
        inviteAllMax: env.FANOUT_INVITE_ALL_MAX,
        admins: env.TRUST_ADMINS,
        health: {
          ...defaultHealthConfig,
          ejectBaseMs: env.TRUST_EJECT_BASE_MS,
          ejectMaxMs: Math.max(env.TRUST_EJECT_BASE_MS, 10 * env.TRUST_EJECT_BASE_MS),
          slowBidMs: env.TRUST_SLOW_BID_MS,
        },
      },
    });
    const bonds = new Map(initialBonds.operators.map((b) => [b.operator, b.bond]));
    this.applyBonds(initialBonds);
    // a bare SOLVER_ADDRESSES key is its own operator with the default bond (the embedded demo's case)
    for (const s of solvers) {
      if (!this.isRegistered(s)) {
        this.trust.registry.upsertOperator(s, bonds.get(s) ?? env.TRUST_DEFAULT_BOND);
        this.trust.registry.addSolver(s, s);
      }
    }
  }

  /** Operators' bonds are updated in place (history kept); a solver key binds to its operator once. */
  applyBonds({ operators, solvers }: OperatorBonds): void {
    for (const b of operators) this.trust.registry.upsertOperator(b.operator, b.bond, b.region);
    for (const s of solvers)
      if (!this.isRegistered(s.solver) && operators.some((o) => o.operator === s.operator))
        this.trust.registry.addSolver(s.solver, s.operator);
  }

  isRegistered(solver: Address): boolean {
    return this.trust.registry.isRegistered(solver);
  }
  registeredSolvers(): Address[] {
    return this.trust.registry.registeredSolvers();
  }
  operatorOf(solver: Address): Address | undefined {
    return this.trust.registry.operatorOf(solver);
  }
  /** Unsettled awards, invalid bids and timeouts count against the operator's reputation. */
  recordOutcome(operator: Address, kind: OutcomeKind, weight?: number): void {
    this.trust.registry.recordOutcome(operator, kind, weight);
  }
  /** Per solver key, for GET /v1/solvers and the metrics. */
  status() {
    return this.trust.status();
  }

  /** Who sees an auction over these routes (source, destination): the seats drawn from the seed, recorded for the auditor. */
  fanout(seed: string, routes: Iterable<{ sourceChainId: number; destinationChainId: number }>): FanoutResult {
    return this.trust.fanout.plan(seed, this.shards(routes));
  }

  /** An invited key answered the auction (a bid or a signed pass) before the window closed, or did not. */
  recordAuctionAnswer(solver: Address, answered: boolean, latencyMs?: number): void {
    this.trust.health.recordAuctionAnswer(solver, answered, latencyMs);
  }

  /** A closed auction's counted key (answered or missed) won an intent, or did not. */
  recordAuctionWon(solver: Address, won: boolean): void {
    this.trust.health.recordAuctionWon(solver, won);
  }

  /** An invited key gave no answer while still on an earlier overlapping auction of ours: not held against it. */
  recordAuctionBusy(solver: Address): void {
    this.trust.health.recordAuctionBusy(solver);
  }

  /** Reads the bond source again (SolverRegistry: bonds, slashes, new vouches) and applies it. */
  async refreshBonds(): Promise<void> {
    if (!this.bondSource) return;
    try {
      this.applyBonds(await this.bondSource.read());
    } catch (err) {
      this.log.warn({ source: this.bondSource.kind, err: String(err) }, 'bond refresh failed; keeping the last bonds');
    }
  }

  /** Also publish every auction on auction.<id>.open (AUCTION_PUBLIC_FEED=on). */
  get publicFeed(): boolean {
    return this.env.AUCTION_PUBLIC_FEED === 'on';
  }

  /** The shards an auction is fanned out to: one per (source, destination) chain pair among its intents. */
  shards(routes: Iterable<{ sourceChainId: number; destinationChainId: number }>): ShardSpec[] {
    const pairs = new Map<string, [number, number]>();
    for (const r of routes)
      pairs.set(`${r.sourceChainId}>${r.destinationChainId}`, [r.sourceChainId, r.destinationChainId]);
    return [...pairs.values()]
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map(([chainId, destinationChainId]) => ({
        chainId,
        destinationChainId,
        region: this.env.AUCTION_REGION,
        maxRttMs: this.env.SHARD_MAX_RTT_MS,
      }));
  }

  start(): void {
    this.running = true;
    const { bus, subjects } = this.messaging;
    this.subs.push(
      bus.subscribe(subjects.resolve('auctioneer.vouch'), (m) => {
        const r = this.trust.registry.registerVoucher(decodeOrUndefined(m.data));
        if (r.ok) this.log.info({ solver: r.solver, operator: r.operator }, 'solver key vouched for');
        m.respond?.(encodeJson(r));
        // a key is invited only once it has attested (its chains and region), so challenge it now, not a round later
        if (r.ok) this.challenge(r.solver);
      }),
      bus.subscribe(subjects.resolve('auctioneer.admin'), (m) => {
        const r = this.trust.registry.applyAdminAction(decodeOrUndefined(m.data));
        this.log.info({ result: r }, 'admin action');
        m.respond?.(encodeJson(r));
      }),
    );
    // an outage shorter than a probe round is seen here, not by probe()
    const offReconnect = bus.onReconnect?.(() => {
      this.blindUntil = this.now() + RECONNECT_GRACE_MS + this.env.PROBE_TIMEOUT_MS;
    });
    if (offReconnect) this.subs.push({ unsubscribe: offReconnect });
    this.timer = setInterval(() => this.probe(), this.env.PROBE_INTERVAL_MS);
    this.probe(); // the first round at once: nobody is invited before it has attested
    if (this.bondSource?.kind === 'registry')
      this.bondTimer = setInterval(() => void this.refreshBonds(), this.env.BOND_REFRESH_MS);
  }

  /** One probe round: expire and judge the previous round, then challenge every live node. */
  private probe(): void {
    // while our own connection is down, and until every node has had time to reconnect after it, nothing a node did
    // or did not answer is judged: a bus restart must not eject every solver that reconnects a little after us
    const now = this.now();
    if (!this.messaging.bus.isConnected()) this.blindUntil = Number.POSITIVE_INFINITY;
    else if (this.blindUntil === Number.POSITIVE_INFINITY)
      this.blindUntil = now + RECONNECT_GRACE_MS + this.env.PROBE_TIMEOUT_MS;
    const report = this.trust.health.sweep({ countMisses: now >= this.blindUntil });
    if (this.blindUntil === Number.POSITIVE_INFINITY) return;
    if (report.ejected.length || report.released.length)
      this.log.warn(
        { ejected: report.ejected, released: report.released, deferred: report.deferred.length, panic: report.panic },
        'solver health changed',
      );
    this.challenge();
  }

  /** Challenges every live node without one outstanding (or just `only`); the answer is judged as it arrives. */
  private challenge(only?: Address): void {
    for (const { solver, challenge } of this.trust.health.issueChallenges(only)) {
      this.messaging.bus
        .request(this.messaging.subjects.solverChallenge(solver), encodeJson(challenge), {
          timeoutMs: this.env.PROBE_TIMEOUT_MS + 200,
        })
        .then((reply) => {
          if (!this.running) return;
          const receivedAt = this.now();
          const r = this.trust.health.onAttestation(decodeOrUndefined(reply), receivedAt);
          if (!r.ok) this.log.warn({ solver, reason: r.reason, message: r.message }, 'attestation refused');
        })
        .catch(() => undefined); // no answer: the sweep counts the miss
    }
  }

  stop(): void {
    this.running = false;
    clearInterval(this.timer);
    clearInterval(this.bondTimer);
    for (const s of this.subs) s.unsubscribe();
  }
}
