import { Inject, Injectable } from '@nestjs/common';
import {
  INTAKE_SEAL_HEADER,
  encodeIntakeGroup,
  encodeJson,
  intakeGroupMsgId,
  sealIntake,
  sealIntakeGroup,
} from '@intentmesh/messaging';
import {
  IntentMeshError,
  parseSignedIntent,
  serializeSignedIntent,
  validateIntent,
  verifyIntentSignature,
  type Address,
  type Hex,
  type SignedIntent,
  type SignedIntentJSON,
} from '@intentmesh/protocol';
import type { VerifyResult } from '@intentmesh/runtime';
import type { InsertIntentResult, NewIntent } from '@intentmesh/storage';
import { API_DEPS, API_LIMITS, type ApiDeps, type ApiLimits } from '../deps';
import { ChainChecks } from './chainChecks';
import { Intake, type IntakeOutcome } from './intake';

/** Most intents in one stream message (well under NATS's 1 MB payload at about 600 bytes an intent). */
export const GROUP_MESSAGE_MAX = 250;

/** Per item of checkMany: ready for the intake, or the refusal (an IntentMeshError, or what the store threw). */
export type CheckOutcome = { ok: true; c: CheckedIntent } | { ok: false; error: unknown };

export type SubmitIntentResult = { hash: Hex; status: 'pending' };

/** Checks a signed intent at the edge, stores it, and answers only after JetStream has it. */
@Injectable()
export class SubmitIntent {
  /** Shared by single and batch submissions: concurrent intents share one INSERT and their acks are awaited together. */
  readonly intake: Intake<CheckedIntent>;

  constructor(
    @Inject(API_DEPS) private readonly deps: ApiDeps,
    @Inject(API_LIMITS) private readonly limits: ApiLimits,
    private readonly chains: ChainChecks,
  ) {
    const { env, storage } = deps;
    this.intake = new Intake<CheckedIntent>(
      {
        write: (rows) => storage.intents.insertMany(rows, { maxOpenPerSwapper: env.MAX_OPEN_INTENTS_PER_SWAPPER }),
        refusal: (c, r) => this.refusal(c, r),
        publish: (items) => this.publishGroups(items),
      },
      {
        maxQueued: env.INTAKE_MAX_QUEUED,
        maxGroup: env.INTAKE_MAX_GROUP,
        windowMs: env.INTAKE_WINDOW_MS,
        maxFlushes: env.INTAKE_MAX_FLUSHES,
      },
    );
  }

  async execute(body: unknown): Promise<SubmitIntentResult> {
    const [checked] = await this.checkMany([body]);
    if (!checked.ok) throw checked.error;
    const [outcome] = await this.intake.submit([{ item: checked.c, row: checked.c.row }]);
    if (!outcome.ok) throw outcome.error;
    return { hash: checked.c.hash, status: 'pending' };
  }

  /**
   * Everything before the store, for one body or a batch: schema, chain, tokens, deadline (each item alone), the
   * signatures (`verify`: inline by default, a worker pool for large batches), EIP-1271 on the source chain for
   * what ECDSA refused, the swapper's rate, then the funding of the survivors in one round of chain reads.
   */
  async checkMany(
    bodies: unknown[],
    verify: (signed: SignedIntent[]) => Promise<VerifyResult[]> | VerifyResult[] = verifyInline,
  ): Promise<CheckOutcome[]> {
    const out: CheckOutcome[] = new Array(bodies.length);
    const signed: { index: number; s: SignedIntent }[] = [];
    bodies.forEach((body, index) => {
      try {
        signed.push({ index, s: this.checkBeforeSignature(body) });
      } catch (error) {
        out[index] = { ok: false, error };
      }
    });
    const verified = await verify(signed.map((x) => x.s));
    const hashes = await Promise.all(
      signed.map(({ s }, k) => {
        const v = verified[k];
        if (v.ok) return v.hash;
        // only a contract swapper can still approve what ECDSA refused, as IntentSettlement's SignatureChecker does
        return v.error.code === 'INVALID_SIGNATURE'
          ? this.chains.contractSignature(s, v.error).catch((error: unknown) => error)
          : v.error;
      }),
    );
    const passed: { index: number; c: CheckedIntent; s: SignedIntent }[] = [];
    signed.forEach(({ index, s }, k) => {
      const h = hashes[k];
      try {
        if (typeof h !== 'string') throw h;
        passed.push({ index, c: this.checkAfterSignature(s, h as Hex, verified[k].ok), s });
      } catch (error) {
        out[index] = { ok: false, error };
      }
    });
    const refusals = await this.chains.fundingRefusals(passed.map((p) => p.s));
    passed.forEach(
      ({ index, c }, k) => (out[index] = refusals[k] ? { ok: false, error: refusals[k] } : { ok: true, c }),
    );
    return out;
  }

  /** Schema, chain, tokens, deadline: the part of the checks before the signature. */
  checkBeforeSignature(body: unknown): SignedIntent {
    const signed = parseSignedIntent(body);
    const now = Math.floor((this.deps.now ?? Date.now)() / 1000);
    validateIntent(signed.intent, { now, maxDeadlineAheadSec: this.deps.env.MAX_DEADLINE_AHEAD_SEC });
    return signed;
  }

  /**
   * The part of the checks right after the signature: `hash` is the intent hash the signature was checked against,
   * `ecdsa` whether it recovered to the swapper (otherwise the swapper's contract approved it).
   */
  checkAfterSignature(signed: SignedIntent, hash: Hex, ecdsa: boolean): CheckedIntent {
    // counted only once the signature proves who the swapper is, so nobody can spend another's quota
    this.limits.swapper.take(signed.intent.swapper);
    const wire = serializeSignedIntent(signed);
    return {
      hash,
      sourceChainId: signed.intent.sourceChainId,
      nonce: signed.intent.nonce,
      ecdsa,
      wire,
      row: { hash, intent: wire.intent, signature: wire.signature },
    };
  }

  refusal(c: CheckedIntent, r: Exclude<InsertIntentResult, { inserted: true }>): IntentMeshError {
    const max = this.deps.env.MAX_OPEN_INTENTS_PER_SWAPPER;
    if (r.reason === 'too-many-open') {
      return new IntentMeshError(
        `This swapper already has ${max} open intents; wait for some to be awarded or expire.`,
        {
          code: 'TOO_MANY_OPEN_INTENTS',
          details: { max, retryAfterSec: 5 },
        },
      );
    }
    if (r.reason === 'duplicate') {
      return new IntentMeshError(`This intent was already submitted; its status is ${r.status}.`, {
        code: 'DUPLICATE_INTENT',
        details: { hash: c.hash, status: r.status },
      });
    }
    return new IntentMeshError(
      `Nonce ${c.nonce} is already used by this swapper on chain ${c.sourceChainId}; sign with a fresh nonce.`,
      {
        code: 'NONCE_USED',
        details: { field: 'intent.nonce', nonce: c.nonce.toString() },
      },
    );
  }

  /**
   * One stream message per batch POST and source chain for the stored intents of an intake group (an intake group: a
   * batch's intents that passed every check; a single POST, or a batch's only intent on a chain, keeps the single
   * intent format), published together; each message's ack answers for all its intents, and a failed publish
   * removes the rows it carried so a retry starts clean.
   */
  async publishGroups(items: CheckedIntent[]): Promise<IntakeOutcome[]> {
    // by batch, then by chain; a single POST is its own group (grouping concurrent single POSTs too was measured
    // slower at half peak: BENCHMARKS.md, intake groups)
    const groups = new Map<unknown, Map<number, number[]>>();
    items.forEach((c, k) => {
      const key = c.batch ?? k;
      let byChain = groups.get(key);
      if (!byChain) groups.set(key, (byChain = new Map()));
      const at = byChain.get(c.sourceChainId);
      if (at) at.push(k);
      else byChain.set(c.sourceChainId, [k]);
    });
    const out: IntakeOutcome[] = new Array(items.length);
    const sends: Promise<void>[] = [];
    for (const byChain of groups.values())
      for (const ks of byChain.values())
        for (let i = 0; i < ks.length; i += GROUP_MESSAGE_MAX) {
          const part = ks.slice(i, i + GROUP_MESSAGE_MAX);
          const group = part.map((k) => items[k]);
          sends.push(
            (group.length === 1 ? this.publish(group[0]) : this.publishGroup(group)).then(
              () => part.forEach((k) => (out[k] = { ok: true })),
              (error: unknown) => part.forEach((k) => (out[k] = { ok: false, error })),
            ),
          );
        }
    await Promise.all(sends);
    return out;
  }

  /** Several intents of one source chain as one intake group message under one seal (EIP-1271 ones name no hash). */
  private async publishGroup(group: CheckedIntent[]): Promise<void> {
    const { messaging, env } = this.deps;
    const data = encodeIntakeGroup(group.map((c) => (c.ecdsa ? { hash: c.hash, ...c.wire } : c.wire)));
    // the auctioneer holding the same key takes every hashed entry's recovery on our word (one HMAC for the message)
    const headers = env.INTAKE_KEY ? { [INTAKE_SEAL_HEADER]: sealIntakeGroup(env.INTAKE_KEY, data) } : undefined;
    const subject = messaging.subjects.intents(group[0].sourceChainId);
    const msgId = intakeGroupMsgId(group.map((c) => c.hash));
    await this.sent(
      group.map((c) => c.hash),
      messaging.stream.publish(subject, data, msgId, headers),
    );
  }

  /** Publishes one intent to JetStream and waits for its ack; on failure the row goes, so a retry starts clean. */
  async publish(c: CheckedIntent): Promise<void> {
    const { messaging, env } = this.deps;
    const data = encodeJson(c.wire);
    // the auctioneer holding the same key takes this recovery on our word instead of repeating it; an EIP-1271 verdict
    // is never sealed: the auctioneer asks the chain itself at a block its record cites
    const headers =
      env.INTAKE_KEY && c.ecdsa
        ? { [INTAKE_SEAL_HEADER]: sealIntake(env.INTAKE_KEY, c.hash, c.wire.intent.swapper as Address, data) }
        : undefined;
    await this.sent(
      [c.hash],
      messaging.stream.publish(messaging.subjects.intents(c.sourceChainId), data, c.hash, headers),
    );
  }

  private async sent(hashes: Hex[], publish: Promise<unknown>): Promise<void> {
    try {
      await publish;
    } catch (err) {
      await Promise.all(hashes.map((h) => this.deps.storage.intents.deletePending(h).catch(() => undefined)));
      throw err;
    }
  }
}

function verifyInline(items: SignedIntent[]): VerifyResult[] {
  return items.map((s) => {
    try {
      return { ok: true, hash: verifyIntentSignature(s.intent, s.signature) };
    } catch (error) {
      if (error instanceof IntentMeshError) return { ok: false, error };
      throw error;
    }
  });
}

export type CheckedIntent = {
  hash: Hex;
  sourceChainId: number;
  nonce: bigint;
  /** The signature recovered to the swapper (sealed for the auctioneer); false: an EIP-1271 approval. */
  ecdsa: boolean;
  /** The batch POST it came in (one object per request): intents of one batch share a stream message per chain. */
  batch?: object;
  wire: SignedIntentJSON;
  row: NewIntent;
};
