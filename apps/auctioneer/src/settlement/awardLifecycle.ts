import { LAPSE_WEIGHT } from '@intentmesh/auction';
import { decodeJson, encodeJson, type BusSubscription, type Messaging } from '@intentmesh/messaging';
import {
  IntentMeshError,
  parseSignedSettlementFailure,
  recoverSettlementFailureSigner,
  type Address,
  type LapseEvidenceJSON,
  type SettlementFailureReceiptJSON,
  type Log,
} from '@intentmesh/protocol';
import type { DueAward, Storage } from '@intentmesh/storage';
import type { SettlementWatcher } from './settlementWatcher';

export type AwardLifecycleOptions = {
  messaging: Messaging;
  storage: Storage;
  /** Reads Settled events; without it only reported failures end awards (nothing proves a lapse). */
  watcher?: SettlementWatcher;
  /** The operator a solver key belongs to (solver trust), else the key itself. */
  operatorOf: (solver: Address) => Address | undefined;
  /** Counts a lapse against the operator (reputation, weight, ejection). */
  penalize: (operator: Address, weight: number) => void;
  /** The evidence goes into the next auction record. */
  recordLapse: (evidence: LapseEvidenceJSON) => void;
  /** Puts an intent that went back to `unfilled` on the stream at once. */
  requeue: (row: DueAward) => Promise<void>;
  log: Log;
  pollMs: number;
  /** An intent is auctioned again only with at least this long before its deadline; otherwise it expires. */
  minRemainingSec: number;
  /** On a chain whose head is older than settleBy, wait this long past settleBy before calling it lapsed. */
  graceSec: number;
  now?: () => number;
};

/**
 * Ends each award: settled (the watcher saw it), or lapsed at settleBy with evidence (the signed award, and the source
 * chain read up to a named block with no Settled event), or at once when its solver reports in a signed message that
 * its settlement failed. A lapsed intent goes back to auction without the lapsed operator, or expires.
 */
export class AwardLifecycle {
  private timer?: NodeJS.Timeout;
  private sub?: BusSubscription;
  private running?: Promise<void>;
  private readonly now: () => number;
  /** Awards past settleBy whose nonce is used on chain (opened cross-chain, or cancelled): logged once each. */
  private readonly opened = new Set<string>();

  constructor(private readonly o: AwardLifecycleOptions) {
    this.now = o.now ?? Date.now;
  }

  start(): void {
    const { messaging } = this.o;
    this.sub = messaging.bus.subscribe(messaging.subjects.settlementFailed, (m) => {
      void this.onReport(m.data).then((r) => m.respond?.(encodeJson(r)));
    });
    if (this.o.watcher) this.timer = setInterval(() => void this.sweep(), this.o.pollMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sub?.unsubscribe();
  }

  /** One pass over the awards past settleBy; concurrent calls share the pass in flight. */
  sweep(): Promise<void> {
    this.running ??= this.sweepOnce()
      .catch((err) => this.o.log.warn({ err: String(err) }, 'award lifecycle: sweep failed; will retry'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async sweepOnce(): Promise<void> {
    const { storage, watcher, graceSec } = this.o;
    if (!watcher) return;
    const due = (await storage.lapses.due(Math.floor(this.now() / 1000))).filter((d) =>
      watcher.watches(d.intent.sourceChainId),
    );
    if (!due.length) return;
    // read the chains first: an award settled by settleBy is marked settled now, and then cannot lapse
    await watcher.poll();
    const checkpoints = new Map<number, Awaited<ReturnType<SettlementWatcher['checkpoint']>>>();
    for (const d of due) {
      const chainId = d.intent.sourceChainId;
      if (!checkpoints.has(chainId)) checkpoints.set(chainId, await watcher.checkpoint(chainId));
      const block = checkpoints.get(chainId);
      if (!block) continue;
      const nowMs = this.now();
      const settleByMs = d.award.award.settleBy * 1000;
      // a block past settleBy proves no later one can carry the award; a quiet chain's head, after a grace, does too
      if (block.timestamp * 1000 <= settleByMs && nowMs <= settleByMs + graceSec * 1000) continue;
      // a cross-chain award is honoured by `open` on the source chain (its Filled comes later, on the destination):
      // with the nonce used there by the named block, there is no lapse to prove, so none is recorded
      const used = await watcher
        .nonceUsedAt(chainId, d.intent.swapper as Address, BigInt(d.intent.nonce), block.number)
        .catch((err) => {
          this.o.log.warn({ err: String(err), intentHash: d.hash }, 'award lifecycle: nonce read failed; retry');
          return undefined;
        });
      if (used !== false) {
        if (used && !this.opened.has(d.hash)) {
          this.opened.add(d.hash);
          this.o.log.info(
            { intentHash: d.hash, chainId },
            'award honoured on chain (nonce used), no Settled event yet',
          );
        }
        continue;
      }
      await this.lapse(d, { kind: 'lapsed', checkedBlock: block, decidedAt: nowMs });
    }
  }

  /** A solver's signed report that its settlement of an award failed. */
  async onReport(data: Uint8Array): Promise<SettlementFailureReceiptJSON> {
    let report;
    try {
      report = parseSignedSettlementFailure(decodeJson(data));
    } catch (err) {
      return {
        ok: false,
        reason: 'MALFORMED',
        message: err instanceof IntentMeshError ? err.shortMessage : 'malformed report',
      };
    }
    const { failure, signature } = report;
    let signer: Address | undefined;
    try {
      signer = recoverSettlementFailureSigner(failure, signature);
    } catch {
      signer = undefined;
    }
    if (signer !== failure.solver)
      return { ok: false, reason: 'BAD_SIGNATURE', message: 'the report is not signed by the solver it names' };
    try {
      const current = await this.o.storage.lapses.current(failure.intentHash, failure.auctionId);
      if (!current)
        return { ok: false, reason: 'NOT_OPEN', message: 'that award is not the running award of an awarded intent' };
      if (current.award.award.solver.toLowerCase() !== failure.solver)
        return { ok: false, reason: 'UNKNOWN_AWARD', message: 'that award is not yours' };
      const status = await this.lapse(current, {
        kind: 'reported',
        report: { failure, signature },
        decidedAt: this.now(),
      });
      if (!status) return { ok: false, reason: 'NOT_OPEN', message: 'the award ended meanwhile' };
      this.o.log.warn(
        { intentHash: failure.intentHash, solver: failure.solver, reason: failure.reason },
        'solver reported a failed settlement',
      );
      return { ok: true, outcome: status === 'unfilled' ? 'requeued' : 'expired' };
    } catch (err) {
      this.o.log.warn({ err: String(err) }, 'award lifecycle: could not take a settlement failure report');
      return { ok: false, reason: 'NOT_OPEN', message: 'the auctioneer could not store the report; send it again' };
    }
  }

  /** Ends one award unsettled: evidence stored, the intent requeued or expired, the operator penalized. */
  private async lapse(
    d: DueAward,
    how: Pick<LapseEvidenceJSON, 'kind' | 'checkedBlock' | 'report' | 'decidedAt'>,
  ): Promise<string | undefined> {
    const solver = d.award.award.solver.toLowerCase() as Address;
    const operator = this.o.operatorOf(solver) ?? solver;
    const evidence: LapseEvidenceJSON = { award: d.award, sourceChainId: d.intent.sourceChainId, operator, ...how };
    const r = await this.o.storage.lapses.lapse(evidence, Math.floor(how.decidedAt / 1000) + this.o.minRemainingSec);
    if (!r.lapsed) return undefined;
    this.o.penalize(operator, LAPSE_WEIGHT[how.kind]);
    this.o.recordLapse(evidence);
    if (how.kind === 'lapsed')
      this.o.log.warn(
        { intentHash: d.hash, solver, operator, settleBy: d.award.award.settleBy, status: r.status },
        'award lapsed unsettled',
      );
    if (r.status === 'unfilled')
      await this.o
        .requeue(d)
        .catch((err) =>
          this.o.log.warn({ err: String(err), intentHash: d.hash }, 'requeue failed; the reconciler will put it back'),
        );
    return r.status;
  }
}
