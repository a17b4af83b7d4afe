/**
 * Serialized auction records by id. A stored record never changes (the table is append-only), so a cached
 * body is never stale; the bound is on total bytes, least recently used evicted first.
 */
export class RecordCache {
  private entries = new Map<string, Buffer>();
  private bytes = 0;
  readonly stats = { hits: 0, misses: 0, evictions: 0 };

  constructor(private readonly maxBytes: number) {}

  get(id: string): Buffer | undefined {
    const body = this.entries.get(id);
    if (!body) {
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    // refresh its place in the LRU order
    this.entries.delete(id);
    this.entries.set(id, body);
    return body;
  }

  set(id: string, body: Buffer): void {
    if (body.length > this.maxBytes) return;
    const old = this.entries.get(id);
    if (old) {
      this.bytes -= old.length;
      this.entries.delete(id);
    }
    this.entries.set(id, body);
    this.bytes += body.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.length;
      this.stats.evictions++;
    }
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}
