import { sealAuctionRecord, type AuctionRecordBody } from '@intentmesh/auction';
import {
  GENESIS_RECORD_HASH,
  type AuctionRecordJSON,
  type DigestSigner,
  type LapseEvidenceJSON,
  type Log,
} from '@intentmesh/protocol';
import type { StatusChange, Storage } from '@intentmesh/storage';

export type RecordChainOptions = { storage: Storage; signer: DigestSigner; log: Log; maxAttempts?: number };

/**
 * The auctioneer's hash chain of records: each record is sealed after the head it is stored behind, one store at a
 * time so prevRecordHash is exact, and a failed store is retried with back-off (the record is re-sealed each time).
 */
export class RecordChain {
  private head = { seq: 0, recordHash: GENESIS_RECORD_HASH as string };
  private queue: Promise<unknown> = Promise.resolve();
  private stopping = false;
  /** Lapse evidence decided since the last record, for the next one. */
  private pending: LapseEvidenceJSON[] = [];

  constructor(private readonly o: RecordChainOptions) {}

  /** Continues the chain where the store says it ends (after a restart). */
  async load(): Promise<{ seq: number; recordHash: string }> {
    const { storage, signer } = this.o;
    const head = await storage.auctions.head(signer.address);
    if (head) this.head = head;
    // lapses decided after the last record closed are in no record yet (a restart lost the in-memory list)
    const [last] = head ? await storage.auctions.list({ auctioneer: signer.address, limit: 1 }) : [];
    this.pending = await storage.lapses.since(last?.closedAt ?? 0);
    return this.head;
  }

  /** Lapse evidence for the next record. */
  addLapse(evidence: LapseEvidenceJSON): void {
    this.pending.push(evidence);
  }

  get pendingLapses(): number {
    return this.pending.length;
  }

  /** The lapses waiting for a record; given back with returnLapses if that record is not stored. */
  takeLapses(): LapseEvidenceJSON[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  returnLapses(lapses: LapseEvidenceJSON[]): void {
    this.pending = [...lapses, ...this.pending];
  }

  get current(): { seq: number; recordHash: string } {
    return this.head;
  }

  /**
   * Seals and stores a record with its intents' status changes, after every record queued before it.
   * Resolves with the stored record, or undefined when the store kept failing (or the chain is stopping).
   */
  append(
    body: AuctionRecordBody,
    changes: StatusChange[],
    bidLeaves?: readonly string[],
    intentLeaves?: readonly string[],
  ): Promise<AuctionRecordJSON | undefined> {
    const run = this.queue.then(() => this.store(body, changes, bidLeaves, intentLeaves));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** From now on a failed store is given up at once (shutdown): its intents return to the stream. */
  stopRetrying(): void {
    this.stopping = true;
  }

  /** Resolves when every record queued so far is stored or given up. */
  async drained(): Promise<void> {
    await this.queue;
  }

  private async store(
    body: AuctionRecordBody,
    changes: StatusChange[],
    bidLeaves?: readonly string[],
    intentLeaves?: readonly string[],
  ): Promise<AuctionRecordJSON | undefined> {
    const { storage, signer, log, maxAttempts = 50 } = this.o;
    for (let attempt = 0; ; attempt++) {
      const record = sealAuctionRecord(body, this.head, signer, bidLeaves, intentLeaves);
      try {
        await storage.auctions.append(record, changes);
        this.head = { seq: record.seq, recordHash: record.recordHash };
        return record;
      } catch (err) {
        // the connection can drop after the server committed: retrying would then collide with our own record forever
        if (await this.isStored(record)) {
          this.head = { seq: record.seq, recordHash: record.recordHash };
          return record;
        }
        const retryIn = Math.min(2000, 100 * 2 ** attempt);
        log.error(
          { err: String(err), auctionId: body.auctionId, attempt, retryIn },
          'storing the auction failed; retrying',
        );
        if (attempt >= maxAttempts || this.stopping) return undefined;
        await new Promise((r) => setTimeout(r, retryIn));
      }
    }
  }

  /** Whether this very record is in the store (a store that failed on the reply, not on the commit). */
  private async isStored(record: AuctionRecordJSON): Promise<boolean> {
    const stored = await this.o.storage.auctions.get(record.auctionId).catch(() => undefined);
    return stored?.recordHash === record.recordHash;
  }
}
