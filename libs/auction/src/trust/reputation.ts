/** What an operator did that costs it reputation. There is deliberately no positive outcome: good behaviour earns nothing to spend later. */
export type OutcomeKind = 'unsettled' | 'invalid' | 'timeout';

export type ReputationConfig = {
  /** Each event multiplies the factor by exp(-penalty) until it decays away. */
  penalty: Record<OutcomeKind, number>;
  halfLifeMs: Record<OutcomeKind, number>;
  /** Decayed count of unsettled awards at which the operator is ejected. */
  ejectUnsettledAt: number;
  /** New operators start at `startFactor` of their weight and reach full weight after `rampMs`. */
  startFactor: number;
  rampMs: number;
};

export const defaultReputationConfig: ReputationConfig = {
  // 0.7 per unsettled award: two of them cut the weight by 51%; the third ejects
  penalty: { unsettled: Math.log(1 / 0.7), invalid: 0.05, timeout: 0.02 },
  halfLifeMs: { unsettled: 7 * 24 * 3600_000, invalid: 3600_000, timeout: 600_000 },
  ejectUnsettledAt: 2.5,
  startFactor: 0.5,
  rampMs: 24 * 3600_000,
};

/** Decaying misbehaviour counters of one operator (they belong to the operator, never to a key). */
export class Reputation {
  private readonly counters: Record<OutcomeKind, { value: number; at: number }>;
  constructor(
    readonly firstSeen: number,
    private readonly config: ReputationConfig = defaultReputationConfig,
  ) {
    this.counters = {
      unsettled: { value: 0, at: firstSeen },
      invalid: { value: 0, at: firstSeen },
      timeout: { value: 0, at: firstSeen },
    };
  }

  record(kind: OutcomeKind, now: number, count = 1): void {
    const c = this.counters[kind];
    c.value = this.count(kind, now) + count;
    c.at = now;
  }

  /** The counter decayed to `now`. */
  count(kind: OutcomeKind, now: number): number {
    const c = this.counters[kind];
    return c.value * Math.pow(0.5, Math.max(0, now - c.at) / this.config.halfLifeMs[kind]);
  }

  /** Misbehaviour factor in (0, 1]: 1 with a clean record. */
  penaltyFactor(now: number): number {
    let x = 0;
    for (const k of ['unsettled', 'invalid', 'timeout'] as const) x += this.config.penalty[k] * this.count(k, now);
    return Math.exp(-x);
  }

  /** New operators ramp from startFactor to 1; the ramp only caps, so it can never offset a penalty. */
  rampFactor(now: number): number {
    const { startFactor, rampMs } = this.config;
    return startFactor + (1 - startFactor) * Math.min(1, Math.max(0, now - this.firstSeen) / rampMs);
  }

  factor(now: number): number {
    return this.penaltyFactor(now) * this.rampFactor(now);
  }

  shouldEject(now: number): boolean {
    return this.count('unsettled', now) >= this.config.ejectUnsettledAt;
  }

  toJSON(now: number) {
    return {
      factor: this.factor(now),
      unsettled: this.count('unsettled', now),
      invalid: this.count('invalid', now),
      timeouts: this.count('timeout', now),
    };
  }
}
