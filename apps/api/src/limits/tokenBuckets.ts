import { IntentMeshError } from '@intentmesh/protocol';

/**
 * One token bucket per key (an IP, a swapper): `ratePerSec` tokens refill continuously up to `burst`.
 * Idle buckets are forgotten, so memory stays bounded by the keys active in the last minute.
 */
export class TokenBuckets {
  private buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;

  constructor(
    private readonly ratePerSec: number,
    private readonly burst: number,
    private readonly what: string,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.ratePerSec > 0;
  }

  /** Takes one token for `key`, or throws RATE_LIMITED with the seconds until one is available. */
  take(key: string): void {
    if (!this.enabled) return;
    const now = this.now();
    if (now - this.lastSweep > 60_000) this.sweep(now);
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.ratePerSec);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) {
      const retryAfterSec = Math.max(1, Math.ceil((1 - b.tokens) / this.ratePerSec));
      throw new IntentMeshError(`Too many requests for this ${this.what}; retry in ${retryAfterSec} s.`, {
        code: 'RATE_LIMITED',
        details: { limit: this.what, ratePerSec: this.ratePerSec, burst: this.burst, retryAfterSec },
      });
    }
    b.tokens -= 1;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [k, b] of this.buckets) if (now - b.at > 60_000) this.buckets.delete(k);
  }

  get size(): number {
    return this.buckets.size;
  }
}
