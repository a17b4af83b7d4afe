import { PeakEwma, RttWindow } from './latency';

export type HealthState = 'probation' | 'healthy' | 'degraded' | 'ejected';
/** liveness and bid-timeouts come back by themselves (and in panic mode); reputation after back-off; security and admin only by an admin. */
export type EjectionKind = 'liveness' | 'bid-timeouts' | 'reputation' | 'security' | 'admin';
export const SELF_HEALING: ReadonlySet<EjectionKind> = new Set(['liveness', 'bid-timeouts', 'reputation']);
export const PANIC_READMITTABLE: ReadonlySet<EjectionKind> = new Set(['liveness', 'bid-timeouts']);

export type HealthConfig = {
  goodProbesToHealthy: number;
  missesToDegraded: number;
  missesToEject: number;
  /** Peak-EWMA RTT above this degrades a node (its weight x degraded factor). */
  degradedRttMs: number;
  ewmaDecayMs: number;
  ejectBaseMs: number;
  ejectMaxMs: number;
  /** Back-off is lengthened by up to this fraction at random, so ejected nodes do not return in lockstep. */
  ejectJitter: number;
  bidTimeoutsToEject: number;
  timeoutWindow: number;
  /** Fewest auctions in the window before the rate rule applies. */
  timeoutWindowMin: number;
  timeoutRateToEject: number;
  /** A node healthy this long has one past ejection forgiven (its next back-off is shorter). */
  forgiveAfterMs: number;
  /** Misses of a node that has never answered are ignored this long after it registered (processes start in any order). */
  startupGraceMs: number;
  factors: { healthy: number; probation: number; degraded: number };
  /** Bid latency (auction open to the key's first bid or pass, our clock) above this marks the key slow at auctions. */
  slowBidMs: number;
  /** A key's first this-many answers are not counted toward slow at auctions: cold quotes (JIT, first route search) are slow. */
  slowBidWarmup: number;
  /** Slow at auctions is the median of this many latest counted answers: one late answer decides nothing. */
  slowBidSamples: number;
  /** A key sitting out as slow at auctions is let into one auction per this interval (a probe), to show it recovered. */
  slowBidRecheckMs: number;
  /** A key that won an intent in any of its last this-many auctions never sits out for slowness: traders get its prices. */
  slowBidWinLookback: number;
  /** Peak-EWMA decay of bid latency (the load term between an operator's keys): a spike is forgotten over about this. */
  bidEwmaDecayMs: number;
  /** Invitations counted over this window are the load term when an operator's keys share its seat. */
  loadWindowMs: number;
};

export const defaultHealthConfig: HealthConfig = {
  goodProbesToHealthy: 3,
  missesToDegraded: 2,
  missesToEject: 3,
  degradedRttMs: 250,
  ewmaDecayMs: 5000,
  ejectBaseMs: 30_000,
  ejectMaxMs: 300_000,
  ejectJitter: 0.1,
  bidTimeoutsToEject: 5,
  timeoutWindow: 50,
  timeoutWindowMin: 20,
  timeoutRateToEject: 0.2,
  forgiveAfterMs: 600_000,
  startupGraceMs: 5000,
  factors: { healthy: 1, probation: 0.5, degraded: 0.25 },
  slowBidMs: 100,
  slowBidWarmup: 3,
  slowBidSamples: 3,
  slowBidRecheckMs: 2000,
  slowBidWinLookback: 8,
  bidEwmaDecayMs: 1000,
  loadWindowMs: 2000,
};

/**
 * Health of one solver node, from probes (on the auctioneer's clock) and from whether it answers the
 * auctions it is invited to. Ejection is only *requested* here (`wantsEjection`); the sweep decides,
 * because at most a share of stake may be ejected at once.
 */
export class NodeHealth {
  state: HealthState = 'probation';
  /** In probation after an ejection: one miss sends it back with a longer back-off. */
  returning = false;
  goodStreak = 0;
  misses = 0;
  ejections = 0;
  ejectedUntil = 0;
  ejectedAt = 0;
  ejectionKind?: EjectionKind;
  wantsEjection?: EjectionKind;
  consecutiveTimeouts = 0;
  private timeouts: boolean[] = [];
  healthySince = 0;
  lastAttestationAt?: number;
  lastMissAt?: number;
  readonly ewma: PeakEwma;
  readonly rtts = new RttWindow();
  /** Self-reported, advisory only. */
  reportedInflight = 0;
  reportedChains: number[] = [];
  /** The region signed in its latest attestation (version 2), if any. */
  reportedRegion?: string;
  /** Auctions sent to this node and not yet answered or closed (our own count). */
  inflight = 0;
  /** Open-to-answer latency of the auctions it was invited to (a missed window counts as the whole window). */
  readonly bidEwma: PeakEwma;
  /** Answers (or missed windows) seen so far; the first `slowBidWarmup` are warm-up. */
  bidAnswers = 0;
  /** The latest `slowBidSamples` counted bid latencies, oldest first. */
  private readonly recentBidMs: number[] = [];
  /** Its latest invited auction got no answer at all (the sample was the whole window). */
  private missedLast = false;
  private lastBidMs = 0;
  /** Whether it won an intent, for each of its latest `slowBidWinLookback` auctions, oldest first. */
  private readonly recentWins: boolean[] = [];
  /** When it was last invited (our clock): a key sitting out as slow is probed once per `slowBidRecheckMs`. */
  lastInvitedAt?: number;
  private readonly invitedAt: number[] = [];

  constructor(
    private readonly config: HealthConfig = defaultHealthConfig,
    readonly registeredAt = 0,
  ) {
    this.ewma = new PeakEwma(config.ewmaDecayMs);
    this.bidEwma = new PeakEwma(config.bidEwmaDecayMs);
  }

  /** One invited auction's answer latency on our clock (open to first bid or pass; the window if none came). */
  bidLatency(latencyMs: number, now: number, answered = true): void {
    this.bidEwma.observe(latencyMs, now);
    this.missedLast = !answered;
    this.lastBidMs = latencyMs;
    // warm-up answers are not counted: a cold first quote must not mark a key slow
    if (++this.bidAnswers <= this.config.slowBidWarmup) return;
    this.recentBidMs.push(latencyMs);
    if (this.recentBidMs.length > this.config.slowBidSamples) this.recentBidMs.shift();
  }

  /** The median of its latest counted bid latencies; undefined until it has `slowBidSamples` of them past warm-up. */
  bidLatencyMedian(): number | undefined {
    const n = this.config.slowBidSamples;
    if (this.recentBidMs.length < n) return undefined;
    const sorted = [...this.recentBidMs].sort((a, b) => a - b);
    return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** What the slow-at-auctions rule goes by: the median, or the whole window when it did not answer its latest auction. */
  bidLatencyForRule(): number | undefined {
    return this.missedLast ? this.lastBidMs : this.bidLatencyMedian();
  }

  /** Slow at auctions: the median of its latest answers (past warm-up) is above `slowBidMs`, or it missed its latest. */
  slowAtAuctions(): boolean {
    const ms = this.bidLatencyForRule();
    return ms !== undefined && ms > this.config.slowBidMs;
  }

  /** One closed auction it answered (or missed): did it win an intent? */
  auctionWon(won: boolean): void {
    this.recentWins.push(won);
    if (this.recentWins.length > this.config.slowBidWinLookback) this.recentWins.shift();
  }

  /** It won an intent in one of its latest `slowBidWinLookback` auctions and answered its latest (a dead key has no credit). */
  wonRecently(): boolean {
    return !this.missedLast && this.recentWins.includes(true);
  }

  /** The latency a user feels from this key: the worse of the probe round trip and the bid latency. */
  latencyMs(): number {
    return Math.max(this.ewma.value, this.bidEwma.samples ? this.bidEwma.value : 0);
  }

  invited(now: number): void {
    this.lastInvitedAt = now;
    this.invitedAt.push(now);
    this.recentInvitations(now);
  }

  /** Invitations within the load window: a load signal that moves at auction time scales. */
  recentInvitations(now: number): number {
    while (this.invitedAt.length && now - this.invitedAt[0] > this.config.loadWindowMs) this.invitedAt.shift();
    return this.invitedAt.length;
  }

  get factor(): number {
    return this.state === 'ejected' ? 0 : this.config.factors[this.state];
  }

  probeOk(rttMs: number, now: number): void {
    this.lastAttestationAt = now;
    this.rtts.push(rttMs);
    this.ewma.observe(rttMs, now);
    if (this.state === 'ejected') return;
    this.misses = 0;
    this.goodStreak++;
    const slow = this.ewma.value > this.config.degradedRttMs;
    if (slow) {
      if (this.state === 'healthy') this.state = 'degraded';
      return;
    }
    if (
      (this.state === 'probation' || this.state === 'degraded') &&
      this.goodStreak >= this.config.goodProbesToHealthy
    ) {
      this.state = 'healthy';
      this.returning = false;
      this.healthySince = now;
    }
  }

  probeMiss(now: number): void {
    this.lastMissAt = now;
    if (this.state === 'ejected') return;
    if (this.lastAttestationAt === undefined && now - this.registeredAt < this.config.startupGraceMs) return;
    this.misses++;
    this.goodStreak = 0;
    if (this.state === 'probation' && this.returning) this.wantsEjection = 'liveness';
    else if (this.misses >= this.config.missesToEject) this.wantsEjection = 'liveness';
    else if (this.misses >= this.config.missesToDegraded) this.state = 'degraded';
  }

  /** One auction this node was invited to: did it bid or sign a pass before the window closed? */
  auctionAnswered(answered: boolean): void {
    if (this.state === 'ejected') return;
    this.timeouts.push(!answered);
    if (this.timeouts.length > this.config.timeoutWindow) this.timeouts.shift();
    this.consecutiveTimeouts = answered ? 0 : this.consecutiveTimeouts + 1;
    const rate = this.timeouts.filter(Boolean).length / this.timeouts.length;
    if (
      this.consecutiveTimeouts >= this.config.bidTimeoutsToEject ||
      (this.timeouts.length >= this.config.timeoutWindowMin && rate > this.config.timeoutRateToEject)
    ) {
      this.wantsEjection = 'bid-timeouts';
    }
  }

  /** Back-off of the next ejection: base x ejection count, capped, plus jitter. */
  eject(kind: EjectionKind, now: number, jitter01: number): void {
    this.ejections++;
    const base = Math.min(this.config.ejectMaxMs, this.config.ejectBaseMs * this.ejections);
    this.state = 'ejected';
    this.ejectionKind = kind;
    this.ejectedAt = now;
    this.ejectedUntil = now + Math.floor(base * (1 + this.config.ejectJitter * jitter01));
    this.wantsEjection = undefined;
    this.returning = false;
  }

  /** Ends a self-healing ejection whose back-off is over (or an admin's re-admission): back to probation. */
  release(): void {
    this.state = 'probation';
    this.returning = true;
    this.ejectionKind = undefined;
    this.misses = 0;
    this.goodStreak = 0;
    this.consecutiveTimeouts = 0;
    this.timeouts = [];
  }

  /** Periodic housekeeping: returns true if the node's back-off just ended. */
  tick(now: number): boolean {
    if (this.state === 'healthy' && this.ejections > 0 && now - this.healthySince >= this.config.forgiveAfterMs) {
      this.ejections--;
      this.healthySince = now;
    }
    if (
      this.state === 'ejected' &&
      this.ejectionKind &&
      SELF_HEALING.has(this.ejectionKind) &&
      now >= this.ejectedUntil
    ) {
      this.release();
      return true;
    }
    return false;
  }
}
