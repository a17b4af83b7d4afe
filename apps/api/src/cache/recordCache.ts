/**
 * Serialized auction records by id. A stored record never changes (the table is append-only), so a cached
 * body is never stale; the bound is on total bytes, least recently used evicted first.
 */
export type CachedRecord = { body: Buffer; etag: string };

export class RecordCache {
  private entries = new Map<string, CachedRecord>();
  private bytes = 0;
  readonly stats = { hits: 0, misses: 0, evictions: 0 };

  constructor(private readonly maxBytes: number) {}

  get(id: string): Buffer | undefined {
    return this.entry(id)?.body;
  }

  /** The body with its strong ETag (the quoted record hash). */
  entry(id: string): CachedRecord | undefined {
    const e = this.entries.get(id);
    if (!e) {
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    // refresh its place in the LRU order
    this.entries.delete(id);
    this.entries.set(id, e);
    return e;
  }

  set(id: string, body: Buffer, etag = ''): void {
    if (body.length > this.maxBytes) return;
    const old = this.entries.get(id);
    if (old) {
      this.bytes -= old.body.length;
      this.entries.delete(id);
    }
    this.entries.set(id, { body, etag });
    this.bytes += body.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.body.length;
      this.stats.evictions++;
    }
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}
