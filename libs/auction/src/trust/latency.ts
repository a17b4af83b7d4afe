/**
 * Finagle's Peak-EWMA: a sample above the estimate replaces it at once (peak), a lower one is blended in
 * with a weight that grows with the time since the previous sample, so a spike is seen immediately and
 * forgotten over about `decayMs`. Times are the auctioneer's own clock (ms).
 */
export class PeakEwma {
  private cost = 0;
  private last = 0;
  private n = 0;
  constructor(private readonly decayMs = 5000) {}

  observe(rttMs: number, now: number): void {
    if (this.n === 0 || rttMs > this.cost) this.cost = rttMs;
    else {
      const w = Math.exp(-Math.max(0, now - this.last) / this.decayMs);
      this.cost = this.cost * w + rttMs * (1 - w);
    }
    this.last = now;
    this.n++;
  }
  get value(): number {
    return this.cost;
  }
  get samples(): number {
    return this.n;
  }
}

/** The last `size` round trips, for p50/p99 on the status page. */
export class RttWindow {
  private readonly ring: number[] = [];
  private next = 0;
  constructor(private readonly size = 128) {}

  push(rttMs: number): void {
    if (this.ring.length < this.size) this.ring.push(rttMs);
    else this.ring[this.next] = rttMs;
    this.next = (this.next + 1) % this.size;
  }
  /** Nearest-rank percentile (0 < p <= 100); undefined before the first sample. */
  percentile(p: number): number | undefined {
    if (!this.ring.length) return undefined;
    const sorted = [...this.ring].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  }
}
