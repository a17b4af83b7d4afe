import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { IntentMeshError, errorFromBody, type ErrorBody, type Hex, type SignedIntent } from '@intentmesh/protocol';

/** What crosses the thread boundary: the intents as they are (structured clone keeps bigints), error bodies back (an Error loses its fields). */
export type VerifyRequest = { id: number; items: SignedIntent[] };
export type VerifyAnswer = { id: number; results: Array<{ hash: Hex } | ErrorBody> };

/** One per item, in order: the intent hash, or the IntentMeshError verifyIntentSignature would have thrown (same code, message, details). */
export type VerifyResult = { ok: true; hash: Hex } | { ok: false; error: IntentMeshError };
/** Live counters: workers running now, requests and items verified, chunks posted to workers, workers replaced after they died. */
export type VerifyPoolStats = { workers: number; requests: number; items: number; chunks: number; replaced: number };
export type VerifyPool = {
  /** Verifies every item's signature, spread over the least busy workers; rejects (INTERNAL) only if a worker died or the pool closed. */
  verifyIntents(items: SignedIntent[]): Promise<VerifyResult[]>;
  /** Terminates the workers; requests still waiting reject. */
  close(): Promise<void>;
  readonly stats: VerifyPoolStats;
};

/** The compiled worker script: from src/ (jest) and from dist/ alike, `../dist` is this package's dist/. */
export const VERIFY_WORKER_ENTRY = join(__dirname, '..', 'dist', 'verifyWorker.js');

type Chunk = { size: number; resolve(results: VerifyAnswer['results']): void; reject(err: Error): void };
type Slot = { worker: Worker; ready: boolean; load: number; pending: Map<number, Chunk>; error?: Error };

/**
 * A pool of `size` worker threads verifying intent signatures (native libsecp256k1 recovery is CPU-bound, so one batch can use every core).
 * `entry` swaps the worker script (tests wrap the real one to make it die on demand).
 */
export function createVerifyPool({ size, entry = VERIFY_WORKER_ENTRY }: { size: number; entry?: string }): VerifyPool {
  if (!Number.isInteger(size) || size < 1) {
    throw new IntentMeshError(`A verify pool needs at least one worker, got ${size}.`, {
      code: 'INVALID_ARGUMENT',
      details: { field: 'size' },
    });
  }
  if (!existsSync(entry)) {
    throw new IntentMeshError(`The verify worker script ${entry} is missing; build first (node scripts/build.mjs).`, {
      code: 'INTERNAL',
      details: { reason: 'verify-worker-missing', entry },
    });
  }
  const slots: Slot[] = [];
  const stats: VerifyPoolStats = { workers: 0, requests: 0, items: 0, chunks: 0, replaced: 0 };
  let nextId = 0;
  let closed = false;
  let startError: Error | undefined;

  const closedError = () =>
    new IntentMeshError('The signature-verification pool is closed (the API is shutting down); retry shortly.', {
      code: 'INTERNAL',
      details: { reason: 'verify-pool-closed' },
    });

  function spawn(): void {
    const slot: Slot = { worker: new Worker(entry), ready: false, load: 0, pending: new Map() };
    slot.worker.on('message', (m: VerifyAnswer | { ready: true }) => {
      if ('ready' in m) {
        slot.ready = true;
        return;
      }
      const chunk = slot.pending.get(m.id);
      if (!chunk) return;
      slot.pending.delete(m.id);
      slot.load -= chunk.size;
      chunk.resolve(m.results);
    });
    // an uncaught error in the worker arrives here first, then 'exit'; kept to say why in the rejection
    slot.worker.on('error', (err) => (slot.error = err));
    slot.worker.on('exit', (code) => {
      slots.splice(slots.indexOf(slot), 1);
      stats.workers = slots.length;
      const why = closed
        ? closedError()
        : new IntentMeshError(
            `A signature-verification worker stopped (exit code ${code}${slot.error ? `, ${slot.error.message}` : ''}) before it answered; nothing in this request was verified, retry it.`,
            {
              code: 'INTERNAL',
              details: { reason: 'verify-worker-exit', exitCode: code },
              cause: slot.error,
            },
          );
      for (const chunk of slot.pending.values()) chunk.reject(why);
      slot.pending.clear();
      if (closed) return;
      if (slot.ready) {
        stats.replaced++;
        spawn();
      } else {
        // died while loading: a replacement would die the same way, so the slot goes and the cause is kept for the next caller
        startError = why;
      }
    });
    slots.push(slot);
    stats.workers = slots.length;
  }

  function send(items: SignedIntent[]): Promise<VerifyAnswer['results']> {
    const slot = slots.reduce((a, b) => (b.load < a.load ? b : a));
    slot.load += items.length;
    stats.chunks++;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { size: items.length, resolve, reject });
      slot.worker.postMessage({ id, items } satisfies VerifyRequest);
    });
  }

  for (let i = 0; i < size; i++) spawn();

  return {
    stats,
    async verifyIntents(items) {
      if (closed) throw closedError();
      if (items.length === 0) return [];
      if (slots.length === 0) {
        throw new IntentMeshError('No signature-verification worker could start; see the cause.', {
          code: 'INTERNAL',
          details: { reason: 'verify-pool-empty' },
          cause: startError,
        });
      }
      // one chunk per worker (fewer for tiny batches), each to the least busy one, so a single batch keeps every core working
      const per = Math.ceil(items.length / Math.min(slots.length, items.length));
      const parts: Promise<VerifyAnswer['results']>[] = [];
      for (let i = 0; i < items.length; i += per) parts.push(send(items.slice(i, i + per)));
      const results = (await Promise.all(parts)).flat();
      stats.requests++;
      stats.items += results.length;
      return results.map((r): VerifyResult =>
        'hash' in r ? { ok: true, hash: r.hash } : { ok: false, error: errorFromBody(r) },
      );
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
