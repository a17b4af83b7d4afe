import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { IntentMeshError, type ErrorBody, type Hex } from '@intentmesh/protocol';
import { createVerifyPool, type VerifyPool } from '@intentmesh/runtime';
import { isStoreUnavailable } from '@intentmesh/storage';
import { API_DEPS, type ApiDeps } from '../deps';
import { SubmitIntent, type CheckedIntent } from './submitIntent';

export const MAX_BATCH = 100;
export type BatchItemResult = { index: number; hash: Hex; status: 'pending' } | ({ index: number } & ErrorBody);
export type BatchResult = { accepted: number; refused: number; results: BatchItemResult[] };

/**
 * Up to MAX_BATCH intents through the shared intake: one multi-row INSERT and JetStream publishes pipelined and awaited together.
 * Each item succeeds or fails on its own, with the same codes as a single submission.
 */
@Injectable()
export class SubmitIntentBatch implements OnApplicationShutdown {
  /** VERIFY_WORKERS > 0: batches of at least VERIFY_POOL_MIN_BATCH have their signatures verified on these threads. */
  readonly pool: VerifyPool | undefined;
  private readonly minPooled: number;

  constructor(
    private readonly single: SubmitIntent,
    @Inject(API_DEPS) deps: ApiDeps,
  ) {
    this.pool = deps.env.VERIFY_WORKERS > 0 ? createVerifyPool({ size: deps.env.VERIFY_WORKERS }) : undefined;
    this.minPooled = deps.env.VERIFY_POOL_MIN_BATCH;
  }

  async execute(body: unknown): Promise<BatchResult> {
    const items = (body as { intents?: unknown } | null)?.intents;
    if (!Array.isArray(items) || items.length === 0 || items.length > MAX_BATCH) {
      throw new IntentMeshError(`body.intents must be an array of 1 to ${MAX_BATCH} { intent, signature } objects.`, {
        code: 'SCHEMA_INVALID',
        details: { field: 'intents', max: MAX_BATCH },
      });
    }
    const results: BatchItemResult[] = new Array(items.length);
    // VERIFY_WORKERS > 0: a large batch has its signatures recovered on the pool, with the same per-item answers
    const pooled = this.pool && items.length >= this.minPooled ? this.pool : undefined;
    const checks = await this.single.checkMany(items, pooled ? (signed) => pooled.verifyIntents(signed) : undefined);
    const checked: { index: number; c: CheckedIntent }[] = [];
    // this request's intents go out together: one stream message per source chain (an intake group)
    const batch = {};
    checks.forEach((o, index) => {
      if (o.ok) checked.push({ index, c: { ...o.c, batch } });
      else results[index] = { index, ...toBody(o.error) };
    });
    // all or nothing at the queue: a full intake refuses the whole request with OVERLOADED
    const outcomes = await this.single.intake.submit(checked.map((x) => ({ item: x.c, row: x.c.row })));
    checked.forEach(({ index, c }, k) => {
      const o = outcomes[k];
      results[index] = o.ok ? { index, hash: c.hash, status: 'pending' } : { index, ...toBody(o.error) };
    });
    const accepted = results.filter((r) => 'hash' in r).length;
    return { accepted, refused: results.length - accepted, results };
  }

  /** After the HTTP server closed (requests in flight have their answers), so no batch loses its verifier mid-request. */
  async onApplicationShutdown(): Promise<void> {
    await this.pool?.close();
  }
}

function toBody(err: unknown): ErrorBody {
  if (err instanceof IntentMeshError) return err.toJSON();
  if (isStoreUnavailable(err))
    return {
      error: {
        code: 'STORE_UNAVAILABLE',
        message: 'The store of record is unreachable right now; retry shortly.',
        details: { retryAfterSec: 2 },
      },
    };
  return { error: { code: 'INTERNAL', message: 'Internal error.' } };
}
