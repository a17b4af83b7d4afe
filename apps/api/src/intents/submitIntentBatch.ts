import { Inject, Injectable } from '@nestjs/common';
import { IntentMeshError, type ErrorBody, type Hex } from '@intentmesh/protocol';
import { API_DEPS, type ApiDeps } from '../deps';
import { SubmitIntent, type CheckedIntent } from './submitIntent';

export const MAX_BATCH = 100;
export type BatchItemResult = { index: number; hash: Hex; status: 'pending' } | ({ index: number } & ErrorBody);
export type BatchResult = { accepted: number; refused: number; results: BatchItemResult[] };

/**
 * Up to MAX_BATCH intents with one database round trip and JetStream publishes pipelined and awaited together.
 * Each item succeeds or fails on its own, with the same codes as a single submission.
 */
@Injectable()
export class SubmitIntentBatch {
  constructor(
    @Inject(API_DEPS) private readonly deps: ApiDeps,
    private readonly single: SubmitIntent,
  ) {}

  async execute(body: unknown): Promise<BatchResult> {
    const items = (body as { intents?: unknown } | null)?.intents;
    if (!Array.isArray(items) || items.length === 0 || items.length > MAX_BATCH) {
      throw new IntentMeshError(`body.intents must be an array of 1 to ${MAX_BATCH} { intent, signature } objects.`, {
        code: 'SCHEMA_INVALID',
        details: { field: 'intents', max: MAX_BATCH },
      });
    }
    const results: BatchItemResult[] = new Array(items.length);
    const checked: { index: number; c: CheckedIntent }[] = [];
    items.forEach((item, index) => {
      try {
        checked.push({ index, c: this.single.check(item) });
      } catch (err) {
        results[index] = { index, ...toBody(err) };
      }
    });
    const inserted = await this.deps.storage.intents.insertMany(checked.map((x) => x.c.row), { maxOpenPerSwapper: this.deps.env.MAX_OPEN_INTENTS_PER_SWAPPER });
    const toPublish: { index: number; c: CheckedIntent }[] = [];
    checked.forEach((x, k) => {
      const r = inserted[k];
      if (r.inserted) toPublish.push(x);
      else results[x.index] = { index: x.index, ...this.single.refusal(x.c, r).toJSON() };
    });
    await Promise.all(
      toPublish.map(async ({ index, c }) => {
        try {
          await this.single.publish(c);
          results[index] = { index, hash: c.hash, status: 'pending' };
        } catch (err) {
          results[index] = { index, ...toBody(err) };
        }
      }),
    );
    const accepted = results.filter((r) => 'hash' in r).length;
    return { accepted, refused: results.length - accepted, results };
  }
}

function toBody(err: unknown): ErrorBody {
  if (err instanceof IntentMeshError) return err.toJSON();
  return { error: { code: 'INTERNAL', message: 'Internal error.' } };
}
