import type { AuctionRecordJSON } from '@intentmesh/protocol';
import type { Db } from './db';
import type { IntentRepository, StatusChange } from './intents';

export type ChainHead = { seq: number; recordHash: string };

export class AuctionRepository {
  constructor(
    private readonly db: Db,
    private readonly intents: IntentRepository,
  ) {}

  /**
   * Stores a closed auction: the record, its awards and the intents' new statuses, in one transaction.
   * A second award for an intent violates the awards primary key and rolls the whole auction back.
   */
  async append(record: AuctionRecordJSON, statusChanges: StatusChange[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO auctions (auction_id, auctioneer, seq, opened_at, closed_at, prev_record_hash, record_hash, record)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [record.auctionId, record.auctioneer, record.seq, record.openedAt, record.closedAt, record.prevRecordHash, record.recordHash, record],
      );
      if (record.awards.length) {
        await tx.query(
          `INSERT INTO awards (intent_hash, auction_id, solver, buy_amount, award, signature)
           SELECT v.h, $1, v.s, v.b::numeric, v.a, v.sig
             FROM (SELECT unnest($2::text[]) AS h, unnest($3::text[]) AS s, unnest($4::text[]) AS b,
                          unnest($5::jsonb[]) AS a, unnest($6::text[]) AS sig) v`,
          [
            record.auctionId,
            record.awards.map((a) => a.award.intentHash),
            record.awards.map((a) => a.award.solver),
            record.awards.map((a) => a.award.buyAmount),
            record.awards.map((a) => JSON.stringify(a.award)),
            record.awards.map((a) => a.signature),
          ],
        );
      }
      await this.intents.setStatuses(statusChanges, tx);
    });
  }

  async get(auctionId: string): Promise<AuctionRecordJSON | undefined> {
    const { rows } = await this.db.query('SELECT record FROM auctions WHERE auction_id = $1', [auctionId.toLowerCase()]);
    return rows[0]?.record;
  }

  /** Where this auctioneer's hash chain ends, to continue it after a restart. */
  async head(auctioneer: string): Promise<ChainHead | undefined> {
    const { rows } = await this.db.query<{ seq: string; record_hash: string }>(
      'SELECT seq, record_hash FROM auctions WHERE auctioneer = $1 ORDER BY seq DESC LIMIT 1',
      [auctioneer],
    );
    return rows[0] ? { seq: Number(rows[0].seq), recordHash: rows[0].record_hash } : undefined;
  }

  async count(): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>('SELECT count(*) AS n FROM auctions');
    return Number(rows[0].n);
  }

  /** Newest first, keyset-paginated by closed_at then id. */
  async list({ limit = 50, before }: { limit?: number; before?: { closedAt: number; auctionId: string } } = {}) {
    const { rows } = await this.db.query(
      `SELECT auction_id, auctioneer, seq, opened_at, closed_at, record_hash,
              jsonb_array_length(record->'intents') AS intents, jsonb_array_length(record->'awards') AS awards
         FROM auctions
        WHERE ($1::bigint IS NULL OR (closed_at, auction_id) < ($1::bigint, $2::text))
        ORDER BY closed_at DESC, auction_id DESC LIMIT $3`,
      [before?.closedAt ?? null, before?.auctionId ?? '', limit],
    );
    return rows.map((r) => ({
      auctionId: r.auction_id as string,
      auctioneer: r.auctioneer as string,
      seq: Number(r.seq),
      openedAt: Number(r.opened_at),
      closedAt: Number(r.closed_at),
      recordHash: r.record_hash as string,
      intents: Number(r.intents),
      awards: Number(r.awards),
    }));
  }
}
