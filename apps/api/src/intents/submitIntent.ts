import { Inject, Injectable } from '@nestjs/common';
import { encodeJson } from '@intentmesh/messaging';
import {
  IntentMeshError,
  parseSignedIntent,
  serializeSignedIntent,
  validateIntent,
  verifyIntentSignature,
  type Hex,
  type SignedIntent,
  type SignedIntentJSON,
} from '@intentmesh/protocol';
import type { InsertIntentResult, NewIntent } from '@intentmesh/storage';
import { API_DEPS, API_LIMITS, type ApiDeps, type ApiLimits } from '../deps';
import { Intake } from './intake';

export type SubmitIntentResult = { hash: Hex; status: 'pending' };

/** Checks a signed intent at the edge, stores it, and answers only after JetStream has it. */
@Injectable()
export class SubmitIntent {
  /** Shared by single and batch submissions: concurrent intents share one INSERT and their acks are awaited together. */
  readonly intake: Intake<CheckedIntent>;

  constructor(
    @Inject(API_DEPS) private readonly deps: ApiDeps,
    @Inject(API_LIMITS) private readonly limits: ApiLimits,
  ) {
    const { env, storage } = deps;
    this.intake = new Intake<CheckedIntent>(
      {
        write: (rows) => storage.intents.insertMany(rows, { maxOpenPerSwapper: env.MAX_OPEN_INTENTS_PER_SWAPPER }),
        refusal: (c, r) => this.refusal(c, r),
        publish: (c) => this.publish(c),
      },
      { maxQueued: env.INTAKE_MAX_QUEUED, maxGroup: env.INTAKE_MAX_GROUP, windowMs: env.INTAKE_WINDOW_MS, maxFlushes: env.INTAKE_MAX_FLUSHES },
    );
  }

  async execute(body: unknown): Promise<SubmitIntentResult> {
    const checked = this.check(body);
    const [outcome] = await this.intake.submit([{ item: checked, row: checked.row }]);
    if (!outcome.ok) throw outcome.error;
    return { hash: checked.hash, status: 'pending' };
  }

  /** Everything before the store: schema, chain, tokens, deadline, signature, the swapper's rate. */
  check(body: unknown): CheckedIntent {
    const signed = this.checkBeforeSignature(body);
    return this.checkAfterSignature(signed, verifyIntentSignature(signed.intent, signed.signature));
  }

  /** Schema, chain, tokens, deadline: the part of check() before the signature (a pooled batch verifies the survivors together). */
  checkBeforeSignature(body: unknown): SignedIntent {
    const signed = parseSignedIntent(body);
    const now = Math.floor((this.deps.now ?? Date.now)() / 1000);
    validateIntent(signed.intent, { now, maxDeadlineAheadSec: this.deps.env.MAX_DEADLINE_AHEAD_SEC });
    return signed;
  }

  /** The part of check() after the signature: `hash` is what verifyIntentSignature returned for `signed`. */
  checkAfterSignature(signed: SignedIntent, hash: Hex): CheckedIntent {
    // counted only once the signature proves who the swapper is, so nobody can spend another's quota
    this.limits.swapper.take(signed.intent.swapper);
    const wire = serializeSignedIntent(signed);
    return { hash, sourceChainId: signed.intent.sourceChainId, nonce: signed.intent.nonce, wire, row: { hash, intent: wire.intent, signature: wire.signature } };
  }

  refusal(c: CheckedIntent, r: Exclude<InsertIntentResult, { inserted: true }>): IntentMeshError {
    const max = this.deps.env.MAX_OPEN_INTENTS_PER_SWAPPER;
    if (r.reason === 'too-many-open') {
      return new IntentMeshError(`This swapper already has ${max} open intents; wait for some to be awarded or expire.`, {
        code: 'TOO_MANY_OPEN_INTENTS',
        details: { max, retryAfterSec: 5 },
      });
    }
    if (r.reason === 'duplicate') {
      return new IntentMeshError(`This intent was already submitted; its status is ${r.status}.`, { code: 'DUPLICATE_INTENT', details: { hash: c.hash, status: r.status } });
    }
    return new IntentMeshError(`Nonce ${c.nonce} is already used by this swapper on chain ${c.sourceChainId}; sign with a fresh nonce.`, {
      code: 'NONCE_USED',
      details: { field: 'intent.nonce', nonce: c.nonce.toString() },
    });
  }

  /** Publishes to JetStream and waits for its ack; on failure the row goes, so a retry starts clean. */
  async publish(c: CheckedIntent): Promise<void> {
    const { messaging, storage } = this.deps;
    try {
      await messaging.stream.publish(messaging.subjects.intents(c.sourceChainId), encodeJson(c.wire), c.hash);
    } catch (err) {
      await storage.intents.deletePending(c.hash).catch(() => undefined);
      throw err;
    }
  }
}

export type CheckedIntent = { hash: Hex; sourceChainId: number; nonce: bigint; wire: SignedIntentJSON; row: NewIntent };
