import type { IntentJSON, IntentStatus, SignedAwardJSON } from '@intentmesh/protocol';
import { SqlParams, prepared, type Db, type Queryable } from './db';

export type IntentRow = {
  hash: string;
  intent: IntentJSON;
  signature: string;
  status: IntentStatus;
  /** Why the status holds: for `unfunded`, the failed check (INSUFFICIENT_BALANCE, INSUFFICIENT_ALLOWANCE, NONCE_USED, or INVALID_SIGNATURE when a smart account refuses). */
  statusReason: string | null;
  auctionId: string | null;
  attempts: number;
  createdAt: string;
  award: SignedAwardJSON | null;
  /** The on-chain settlement once the watcher saw it: Settled (same chain) or Filled (destination chain). */
  settlement: SettlementRef | null;
};

export type SettlementRef = { txHash: string; chainId: number; blockNumber: number };

type OpenIntentRow = { hash: string; intent: IntentJSON; signature: string };
// An intent joined with its award and settlement as pg returns them (bigint columns arrive as strings).
type IntentJoinRow = OpenIntentRow & {
  status: IntentStatus;
  auction_id: string | null;
  attempts: number;
  status_reason: string | null;
  created_at: Date | string;
  award: SignedAwardJSON['award'] | null;
  award_signature: string;
  tx_hash: string | null;
  chain_id: string;
  block_number: string;
};

export type InsertIntentResult =
  | { inserted: true }
  | { inserted: false; reason: 'duplicate'; status: IntentStatus }
  | { inserted: false; reason: 'nonce' }
  | { inserted: false; reason: 'too-many-open' };

export type NewIntent = { hash: string; intent: IntentJSON; signature: string };

/** Status changes written with an auction, all in one statement. */
export type StatusChange = { hash: string; status: IntentStatus; auctionId: string };

// An intent may still be auctioned while pending, auctioning, unfilled or unfunded: the generated column `open`
// (migration 011) is true exactly then, and the open-intent indexes are partial on it, so queries ask `WHERE open`.

// The hot path's statements, prepared on each PostgreSQL connection (parsed and planned once, not on every call).
// counted up to the cap ($2) only: past it the answer is the same, and a swapper with a large backlog would otherwise cost
// every batch a walk over all its open intents
const COUNT_OPEN_SQL = prepared(
  `SELECT s AS swapper, (SELECT count(*) FROM (SELECT 1 FROM intents WHERE swapper = s AND open LIMIT $2) o) AS n
     FROM unnest($1::text[]) AS s`,
);
// the rows arrive as one JSON document: pg would build and escape eight array literals in JS (3x the client CPU)
const INSERT_MANY_SQL = prepared(
  `INSERT INTO intents (hash, swapper, source_chain_id, destination_chain_id, nonce, deadline, intent, signature, status)
   SELECT h, i->>'swapper', (i->>'sourceChainId')::bigint, (i->>'destinationChainId')::bigint, (i->>'nonce')::numeric,
          (i->>'deadline')::bigint, i, s, 'pending'
     FROM jsonb_to_recordset($1::jsonb) AS t(h text, i jsonb, s text)
   ON CONFLICT DO NOTHING RETURNING hash`,
);
const CLAIM_SQL = prepared(
  `UPDATE intents SET status = 'auctioning', status_reason = NULL, attempts = attempts + 1, updated_at = now()
    WHERE hash = ANY($1::text[]) AND status IN ('pending', 'unfilled', 'unfunded', 'auctioning') RETURNING hash`,
);
const LIVE_AUCTION_SQL = prepared(
  `INSERT INTO live_auctions (auction_id, intent_hashes) SELECT $2::text, $1::text[]
    WHERE NOT EXISTS (SELECT 1 FROM auctions WHERE auction_id = $2) ON CONFLICT (auction_id) DO NOTHING`,
);
const STATUSES_SQL = prepared('SELECT hash, status FROM intents WHERE hash = ANY($1::text[])');

export class IntentRepository {
  constructor(private readonly db: Db) {}

  /** Inserts a pending intent, or reports why not: the same intent already exists, or its nonce is taken. */
  async insert(
    { hash, intent, signature }: NewIntent,
    { maxOpenPerSwapper = Number.MAX_SAFE_INTEGER } = {},
  ): Promise<InsertIntentResult> {
    // the open-intent cap is checked in the same statement: no extra round trip on the hot path
    const { rows } = await this.db.query(
      `INSERT INTO intents (hash, swapper, source_chain_id, destination_chain_id, nonce, deadline, intent, signature, status)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, 'pending'
        WHERE (SELECT count(*) FROM (SELECT 1 FROM intents WHERE swapper = $2 AND open LIMIT $9) o) < $9
       ON CONFLICT DO NOTHING RETURNING hash`,
      [
        hash,
        intent.swapper,
        intent.sourceChainId,
        intent.destinationChainId,
        intent.nonce,
        intent.deadline,
        intent,
        signature,
        maxOpenPerSwapper,
      ],
    );
    if (rows.length) return { inserted: true };
    const existing = await this.db.query<{ status: IntentStatus }>('SELECT status FROM intents WHERE hash = $1', [
      hash,
    ]);
    if (existing.rows.length) return { inserted: false, reason: 'duplicate', status: existing.rows[0].status };
    const nonce = await this.db.query(
      'SELECT 1 FROM intents WHERE swapper = $1 AND source_chain_id = $2 AND nonce = $3',
      [intent.swapper, intent.sourceChainId, intent.nonce],
    );
    return nonce.rows.length ? { inserted: false, reason: 'nonce' } : { inserted: false, reason: 'too-many-open' };
  }

  /**
   * Inserts many intents in one statement (one round trip for a whole batch); per row, the same outcomes as insert().
   * The open-intent cap counts what each swapper already has open plus the earlier rows of this batch.
   */
  async insertMany(
    rows: NewIntent[],
    { maxOpenPerSwapper = Number.MAX_SAFE_INTEGER } = {},
  ): Promise<InsertIntentResult[]> {
    if (!rows.length) return [];
    const swappers = [...new Set(rows.map((r) => r.intent.swapper))];
    const open = new Map(
      (await this.db.query<{ swapper: string; n: string }>(COUNT_OPEN_SQL, [swappers, maxOpenPerSwapper])).rows.map(
        (r) => [r.swapper, Number(r.n)],
      ),
    );
    const capped = new Set<number>();
    rows.forEach((r, i) => {
      const n = open.get(r.intent.swapper) ?? 0;
      if (n >= maxOpenPerSwapper) capped.add(i);
      else open.set(r.intent.swapper, n + 1);
    });
    const todo = rows.filter((_, i) => !capped.has(i));
    const inserted = new Set<string>();
    if (todo.length) {
      const { rows: done } = await this.db.query<{ hash: string }>(INSERT_MANY_SQL, [
        JSON.stringify(todo.map((r) => ({ h: r.hash, i: r.intent, s: r.signature }))),
      ]);
      for (const d of done) inserted.add(d.hash);
    }
    const missing = rows.filter((r, i) => !capped.has(i) && !inserted.has(r.hash)).map((r) => r.hash);
    const existing = missing.length ? await this.statuses(missing) : new Map<string, IntentStatus>();
    const seen = new Set<string>();
    return rows.map((r, i) => {
      if (capped.has(i)) return { inserted: false, reason: 'too-many-open' } as const;
      // a hash repeated inside one batch: the first copy is the insert, the rest are duplicates
      if (inserted.has(r.hash) && !seen.has(r.hash)) {
        seen.add(r.hash);
        return { inserted: true } as const;
      }
      const status = existing.get(r.hash) ?? (inserted.has(r.hash) ? 'pending' : undefined);
      return status
        ? ({ inserted: false, reason: 'duplicate', status } as const)
        : ({ inserted: false, reason: 'nonce' } as const);
    });
  }

  /** Removes an intent the stream never accepted, so the trader can submit it again. */
  async deletePending(hash: string): Promise<void> {
    await this.db.query(`DELETE FROM intents WHERE hash = $1 AND status = 'pending'`, [hash]);
  }

  async get(hash: string): Promise<IntentRow | undefined> {
    const { rows } = await this.db.query<IntentJoinRow>(
      `SELECT i.hash, i.intent, i.signature, i.status, i.status_reason, i.attempts, i.created_at,
              -- in a live auction: the newest live row naming it (until that row is written, the last decided auction)
              CASE WHEN i.status = 'auctioning'
                   THEN coalesce((SELECT l.auction_id FROM live_auctions l WHERE l.intent_hashes @> ARRAY[i.hash]
                                   ORDER BY l.written_at DESC LIMIT 1), i.auction_id)
                   ELSE i.auction_id END AS auction_id,
              a.award, a.signature AS award_signature, s.tx_hash, s.chain_id, s.block_number
         FROM intents i
         -- the latest award: an intent whose award lapsed may be awarded again in a later auction
         LEFT JOIN LATERAL (SELECT w.award, w.signature FROM awards w JOIN auctions x ON x.auction_id = w.auction_id
                             WHERE w.intent_hash = i.hash ORDER BY x.closed_at DESC LIMIT 1) a ON true
         LEFT JOIN settlements s ON s.intent_hash = i.hash
        WHERE i.hash = $1`,
      [hash.toLowerCase()],
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      hash: r.hash,
      intent: r.intent,
      signature: r.signature,
      status: r.status,
      statusReason: r.status_reason ?? null,
      auctionId: r.auction_id,
      attempts: r.attempts,
      createdAt: new Date(r.created_at).toISOString(),
      award: r.award ? { award: r.award, signature: r.award_signature } : null,
      settlement: r.tx_hash
        ? { txHash: r.tx_hash, chainId: Number(r.chain_id), blockNumber: Number(r.block_number) }
        : null,
    };
  }

  /**
   * Records on-chain settlements seen by the watcher and marks those intents `settled`, in one transaction.
   * The first event per intent wins; an unknown hash (another deployment's intent) is ignored. Returns the hashes newly settled.
   */
  async markSettled(settlements: ({ intentHash: string } & SettlementRef)[]): Promise<string[]> {
    if (!settlements.length) return [];
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ intent_hash: string }>(
        `INSERT INTO settlements (intent_hash, tx_hash, chain_id, block_number)
         SELECT v.h, v.t, v.c::bigint, v.b::bigint
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS v(h, t, c, b)
           JOIN intents i ON i.hash = v.h
         ON CONFLICT DO NOTHING RETURNING intent_hash`,
        [
          settlements.map((s) => s.intentHash.toLowerCase()),
          settlements.map((s) => s.txHash.toLowerCase()),
          settlements.map((s) => String(s.chainId)),
          settlements.map((s) => String(s.blockNumber)),
        ],
      );
      const hashes = rows.map((r) => r.intent_hash);
      if (hashes.length)
        await tx.query(`UPDATE intents SET status = 'settled', updated_at = now() WHERE hash = ANY($1::text[])`, [
          hashes,
        ]);
      return hashes;
    });
  }

  /** Current status of each hash (one round trip for a whole auction). */
  async statuses(hashes: string[]): Promise<Map<string, IntentStatus>> {
    if (!hashes.length) return new Map();
    const { rows } = await this.db.query<{ hash: string; status: IntentStatus }>(STATUSES_SQL, [hashes]);
    return new Map(rows.map((r) => [r.hash, r.status]));
  }

  /** Claims open intents for an auction; returns the hashes claimed (a cancelled or decided one is not). */
  async markAuctioning(hashes: string[]): Promise<Set<string>> {
    if (!hashes.length) return new Set();
    const { rows } = await this.db.query<{ hash: string }>(CLAIM_SQL, [hashes]);
    return new Set(rows.map((r) => r.hash));
  }

  /**
   * Holds intents out of auctions because the swapper's funding failed the auctioneer's re-check, with the reason
   * (INSUFFICIENT_BALANCE, INSUFFICIENT_ALLOWANCE, NONCE_USED); only open ones not in an auction, so a decision or a
   * cancel is never undone. Returns the hashes marked.
   */
  async markUnfunded(held: { hash: string; reason: string }[]): Promise<Set<string>> {
    if (!held.length) return new Set();
    const { rows } = await this.db.query<{ hash: string }>(
      `UPDATE intents SET status = 'unfunded', status_reason = v.reason, updated_at = now()
         FROM unnest($1::text[], $2::text[]) AS v(hash, reason)
        WHERE intents.hash = v.hash AND intents.status IN ('pending', 'unfilled', 'unfunded') RETURNING intents.hash`,
      [held.map((h) => h.hash), held.map((h) => h.reason)],
    );
    return new Set(rows.map((r) => r.hash));
  }

  /** Marks intents past their deadline expired, only those still open (a decided or cancelled one keeps its status). */
  async expireOpen(hashes: string[]): Promise<void> {
    if (!hashes.length) return;
    await this.db.query(
      `UPDATE intents SET status = 'expired', updated_at = now() WHERE hash = ANY($1::text[]) AND status IN ('pending', 'unfilled', 'unfunded', 'auctioning')`,
      [hashes],
    );
  }

  /**
   * Names the auction claimed intents are live in: one row for the auction, not a write of each intent row. Read only
   * for an intent still auctioning, so a late write never undoes a decision; one that lands after its record is kept
   * out, and a row the record never deleted (a crash) goes with a later record (AuctionRepository.append).
   */
  async setLiveAuction(hashes: string[], auctionId: string): Promise<void> {
    if (!hashes.length) return;
    await this.db.query(LIVE_AUCTION_SQL, [hashes, auctionId]);
  }

  /**
   * Cancels an intent that is pending, unfilled or unfunded (never one in a live auction): the same row lock as
   * markAuctioning decides which comes first. Returns the status after the attempt, or undefined if unknown.
   */
  async cancel(hash: string): Promise<{ cancelled: boolean; status: IntentStatus } | undefined> {
    for (let attempt = 0; ; attempt++) {
      const { rows } = await this.db.query<{ hash: string }>(
        `UPDATE intents SET status = 'cancelled', updated_at = now() WHERE hash = $1 AND status IN ('pending', 'unfilled', 'unfunded') RETURNING hash`,
        [hash],
      );
      if (rows.length) return { cancelled: true, status: 'cancelled' };
      const status = (await this.statuses([hash])).get(hash);
      // an auction closed between the two statements and left it unfilled: cancellable again, so try once more
      if (status && (status === 'pending' || status === 'unfilled' || status === 'unfunded') && attempt < 3) continue;
      return status && { cancelled: false, status };
    }
  }

  async setStatuses(changes: StatusChange[], q: Pick<Queryable, 'query'> = this.db): Promise<void> {
    if (!changes.length) return;
    const p = new SqlParams();
    await q.query(this.setStatusesSql(changes, p), p.values);
  }

  /** The UPDATE of setStatuses, for a statement that also does other work (AuctionRepository.append). */
  setStatusesSql(changes: StatusChange[], p: SqlParams): string {
    return `UPDATE intents SET status = v.status, auction_id = v.auction_id, updated_at = now()
         FROM unnest(${p.add(changes.map((c) => c.hash))}::text[], ${p.add(changes.map((c) => c.status))}::text[], ${p.add(changes.map((c) => c.auctionId))}::text[]) AS v(hash, status, auction_id)
        WHERE intents.hash = v.hash`;
  }

  async listOpen(limit = 10_000): Promise<{ hash: string; intent: IntentJSON; signature: string }[]> {
    const { rows } = await this.db.query<OpenIntentRow>(
      `SELECT hash, intent, signature FROM intents WHERE open ORDER BY created_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ hash: r.hash, intent: r.intent, signature: r.signature }));
  }

  /** Open intents untouched for `staleMs`: in no live auction and maybe in no stream (a crash between store and publish). */
  async listStale(staleMs: number, limit = 1000): Promise<{ hash: string; intent: IntentJSON; signature: string }[]> {
    const { rows } = await this.db.query<OpenIntentRow>(
      `SELECT hash, intent, signature FROM intents
        WHERE open AND updated_at <= now() - make_interval(secs => $1::float8 / 1000)
        ORDER BY created_at LIMIT $2`,
      [staleMs, limit],
    );
    return rows.map((r) => ({ hash: r.hash, intent: r.intent, signature: r.signature }));
  }

  async countByStatus(): Promise<Record<string, number>> {
    const { rows } = await this.db.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM intents GROUP BY status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}
