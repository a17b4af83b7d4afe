import { IntentMeshError } from '@intentmesh/protocol';
import type { InsertIntentResult, NewIntent } from '@intentmesh/storage';

export type IntakeOptions = {
  /** Intents waiting or being written at once; past it, submissions are refused with OVERLOADED (429). */
  maxQueued: number;
  /** Most intents one multi-row INSERT carries. */
  maxGroup: number;
  /** How long the first intent of a group waits for others to share its INSERT (ms). */
  windowMs: number;
  /** Groups written and published at once. */
  maxFlushes: number;
};

export type IntakeStats = {
  groups: number;
  intents: number;
  largestGroup: number;
  refusedFull: number;
  queued: number;
};

/** One intent's fate: accepted (row stored and stream acked) or the error to answer with. */
export type IntakeOutcome = { ok: true } | { ok: false; error: unknown };

type Job<T> = { item: T; row: NewIntent; done(o: IntakeOutcome): void };

export type IntakeIo<T> = {
  /** Stores a group in one statement; per row, inserted or why not. */
  write(rows: NewIntent[]): Promise<InsertIntentResult[]>;
  /** Turns a refused insert into the error the client sees. */
  refusal(item: T, r: Exclude<InsertIntentResult, { inserted: true }>): IntentMeshError;
  /**
   * Publishes the stored items of one group to the stream and waits for the acks; per item, accepted or the error
   * (a failed publish removes the rows it carried).
   */
  publish(items: T[]): Promise<IntakeOutcome[]>;
};

/**
 * Group commit for intent intake: concurrent submissions share one multi-row INSERT, then the stored ones go to
 * JetStream together (one message per source chain: an intake group) and are awaited together. A caller still hears "accepted" only once its row
 * and its stream ack both exist. The queue is bounded: when full, new work is refused at once (429).
 */
export class Intake<T> {
  private waiting: Job<T>[] = [];
  private busy = 0;
  private flushes = 0;
  private timer?: NodeJS.Timeout;
  readonly stats: IntakeStats = { groups: 0, intents: 0, largestGroup: 0, refusedFull: 0, queued: 0 };

  constructor(
    private readonly io: IntakeIo<T>,
    private readonly options: IntakeOptions,
  ) {}

  /** Queues the items (all or none) and resolves with one outcome per item, in order. */
  submit(items: { item: T; row: NewIntent }[]): Promise<IntakeOutcome[]> {
    if (this.waiting.length + this.busy + items.length > this.options.maxQueued) {
      this.stats.refusedFull += items.length;
      throw new IntentMeshError('The API is at capacity and is not queueing more intents; retry in a second.', {
        code: 'OVERLOADED',
        details: { maxQueued: this.options.maxQueued, retryAfterSec: 1 },
      });
    }
    const all = Promise.all(
      items.map(({ item, row }) => new Promise<IntakeOutcome>((done) => this.waiting.push({ item, row, done }))),
    );
    this.stats.queued = this.waiting.length + this.busy;
    this.schedule();
    return all;
  }

  private schedule(): void {
    if (!this.waiting.length || this.flushes >= this.options.maxFlushes) return; // a finishing group picks up the rest
    if (this.waiting.length >= this.options.maxGroup) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.options.windowMs);
    }
  }

  private async flush(): Promise<void> {
    const group = this.waiting.splice(0, this.options.maxGroup);
    if (!group.length) return;
    this.busy += group.length;
    this.flushes++;
    this.stats.groups++;
    this.stats.intents += group.length;
    this.stats.largestGroup = Math.max(this.stats.largestGroup, group.length);
    try {
      let inserted: InsertIntentResult[];
      try {
        inserted = await this.io.write(group.map((j) => j.row));
      } catch (error) {
        for (const j of group) j.done({ ok: false, error });
        return;
      }
      const stored: Job<T>[] = [];
      group.forEach((j, k) => {
        const r = inserted[k];
        if (r.inserted) stored.push(j);
        else j.done({ ok: false, error: this.io.refusal(j.item, r) });
      });
      if (!stored.length) return;
      let outcomes: IntakeOutcome[];
      try {
        outcomes = await this.io.publish(stored.map((j) => j.item));
      } catch (error) {
        outcomes = stored.map(() => ({ ok: false, error }));
      }
      stored.forEach((j, k) => j.done(outcomes[k]));
    } finally {
      this.busy -= group.length;
      this.flushes--;
      this.stats.queued = this.waiting.length + this.busy;
      this.schedule();
    }
  }
}
