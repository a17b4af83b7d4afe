import type {
  AuctionFilter as ProtocolAuctionFilter,
  AuctionRecordJSON,
  AuctionSummaryJSON,
  Hex,
  SolverCompetitionJSON,
} from '@intentmesh/protocol';
import { auditIndexCtes } from './auditIndex';
import { SqlParams, prepared, type Db } from './db';
import type { IntentRepository, StatusChange } from './intents';
import { JsonParam } from './jsonParam';

export type ChainHead = { seq: number; recordHash: string };

/** Keyset position: rows strictly older than this (closedAt, auctionId) pair. */
export type AuctionCursor = { closedAt: number; auctionId: string };

/** The filter and answer shapes are the wire's (@intentmesh/protocol), so the API and the SDK share them. */
export type AuctionFilter = ProtocolAuctionFilter;
export type AuctionSummary = AuctionSummaryJSON;
// Row shapes as pg returns them: bigint and count columns arrive as strings, int and jsonb as values.
type SolverSeriesRow = {
  auction_id: Hex;
  seq: string;
  closed_at: string;
  bids: number;
  bids_by_verdict: Record<string, number>;
  won_bids: number;
  lost_bids: number;
  unfair_bids: number;
  intents_won: number;
  score: string;
  best_score: string | null;
  reference_score: string | null;
};
type SolverTotalsRow = Record<
  | 'auctions'
  | 'auctions_won'
  | 'auctions_lost'
  | 'intents_won'
  | 'bids'
  | 'won'
  | 'lost'
  | 'unfair'
  | 'score'
  | 'reference_score',
  string
>;
export type SolverCompetition = Pick<SolverCompetitionJSON, 'totals' | 'series'>;

type Range = { from?: number; to?: number };

export class AuctionRepository {
  constructor(
    private readonly db: Db,
    private readonly intents: IntentRepository,
  ) {}

  /**
   * Stores a closed auction: the record, its awards and the intents' new statuses, in one transaction.
   * A second award for an intent violates the awards primary key and rolls the whole auction back.
   */
  /**
   * Stores a record with its awards, its audit index rows and its intents' new statuses in one statement: atomic
   * like a transaction (any failure, e.g. a second award for an intent, stores nothing) at one round trip instead of six.
   */
  async append(record: AuctionRecordJSON, statusChanges: StatusChange[]): Promise<void> {
    const p = new SqlParams();
    const id = p.add(record.auctionId);
    // the same text for every record (values travel as parameters): prepared once per connection
    await this.db.query(
      prepared(`WITH rec AS (INSERT INTO auctions (auction_id, auctioneer, seq, opened_at, closed_at, prev_record_hash, record_hash, record)
              VALUES (${id}, ${p.add(record.auctioneer)}, ${p.add(record.seq)}, ${p.add(record.openedAt)}, ${p.add(record.closedAt)}, ${p.add(record.prevRecordHash)}, ${p.add(record.recordHash)}, ${p.add(new JsonParam(record))})),
            -- the signed awards as one JSON document: a jsonb[] of them made pg quote and escape every award in JS
            aw AS (INSERT INTO awards (intent_hash, auction_id, solver, buy_amount, award, signature)
              SELECT award->>'intentHash', ${id}, award->>'solver', (award->>'buyAmount')::numeric, award, signature
                FROM jsonb_to_recordset(${p.add(JSON.stringify(record.awards))}::jsonb) AS v(award jsonb, signature text)),
            -- the auction is no longer live; a live row an auctioneer's crash left behind goes after an hour
            live AS (DELETE FROM live_auctions WHERE auction_id = ${id} OR written_at < now() - interval '1 hour'),
            ${auditIndexCtes(record, p)}
       ${this.intents.setStatusesSql(statusChanges, p)}`),
      p.values,
    );
  }

  async get(auctionId: string): Promise<AuctionRecordJSON | undefined> {
    const { rows } = await this.db.query<{ record: string }>('SELECT record FROM auctions WHERE auction_id = $1', [
      auctionId.toLowerCase(),
    ]);
    // the JSON text append stored (migration 010); pg parsed the json column the same way before
    return rows[0] && (JSON.parse(rows[0].record) as AuctionRecordJSON);
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

  /**
   * Newest first, keyset-paginated by closed_at then id. The most selective filter drives the query through its
   * index table; the other filters are primary-key probes, so a page costs the same whatever the table size.
   */
  async list({ limit = 50, before, ...f }: AuctionFilter & { limit?: number; before?: AuctionCursor } = {}): Promise<
    AuctionSummary[]
  > {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const lookups = [
      f.intent !== undefined && {
        table: 'auction_intents',
        column: 'intent_hash',
        value: f.intent.toLowerCase(),
      },
      f.solver !== undefined && { table: 'auction_solvers', column: 'solver', value: f.solver.toLowerCase() },
      f.chainId !== undefined && { table: 'auction_chains', column: 'chain_id', value: f.chainId },
    ].filter((x) => !!x);
    const [drive, ...probes] = lookups;
    const k = drive ? 'd' : 'a';
    const where: string[] = [];
    if (drive) where.push(`d.${drive.column} = ${p(drive.value)}`);
    for (const x of probes)
      where.push(
        `EXISTS (SELECT 1 FROM ${x.table} x WHERE x.${x.column} = ${p(x.value)} AND x.closed_at = ${k}.closed_at AND x.auction_id = ${k}.auction_id)`,
      );
    if (f.from !== undefined) where.push(`${k}.closed_at >= ${p(f.from)}`);
    if (f.to !== undefined) where.push(`${k}.closed_at < ${p(f.to)}`);
    if (f.auctioneer !== undefined) where.push(`a.auctioneer = ${p(f.auctioneer.toLowerCase())}`);
    if (f.fromSeq !== undefined) where.push(`a.seq >= ${p(f.fromSeq)}`);
    if (f.toSeq !== undefined) where.push(`a.seq <= ${p(f.toSeq)}`);
    if (before)
      where.push(`(${k}.closed_at, ${k}.auction_id) < (${p(before.closedAt)}::bigint, ${p(before.auctionId)}::text)`);
    const { rows } = await this.db.query(
      `SELECT a.auction_id, a.auctioneer, a.seq, a.opened_at, a.closed_at, a.record_hash,
              (SELECT count(*) FROM auction_intents x WHERE x.auction_id = a.auction_id) AS intents,
              (SELECT count(*) FROM awards w WHERE w.auction_id = a.auction_id) AS awards
         FROM ${drive ? `${drive.table} d JOIN auctions a ON a.auction_id = d.auction_id` : 'auctions a'}
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${k}.closed_at DESC, ${k}.auction_id DESC LIMIT ${p(limit)}`,
      params,
    );
    return rows.map((r) => ({
      auctionId: r.auction_id as Hex,
      auctioneer: r.auctioneer as Hex,
      seq: Number(r.seq),
      openedAt: Number(r.opened_at),
      closedAt: Number(r.closed_at),
      recordHash: r.record_hash as Hex,
      intents: Number(r.intents),
      awards: Number(r.awards),
    }));
  }

  /** The closed auctions an intent was in, newest first (at most `limit`), and how many there are in all. */
  async ofIntent(
    intentHash: string,
    limit = 500,
  ): Promise<{ total: number; auctions: { auctionId: string; closedAt: number }[] }> {
    const { rows } = await this.db.query<{ auction_id: string; closed_at: string; total: string }>(
      `SELECT auction_id, closed_at, count(*) OVER () AS total FROM auction_intents
        WHERE intent_hash = $1 ORDER BY closed_at DESC, auction_id DESC LIMIT $2`,
      [intentHash.toLowerCase(), limit],
    );
    return {
      total: rows.length ? Number(rows[0].total) : 0,
      auctions: rows.map((r) => ({ auctionId: r.auction_id, closedAt: Number(r.closed_at) })),
    };
  }

  /** A solver's record: totals over the range, and one point per auction it bid in (newest first, keyset pages). */
  async solverCompetition(
    solver: string,
    { from, to, limit = 50, before }: Range & { limit?: number; before?: AuctionCursor } = {},
  ): Promise<SolverCompetition> {
    const params: unknown[] = [solver.toLowerCase()];
    const p = (v: unknown) => `$${params.push(v)}`;
    const range = [from !== undefined && `closed_at >= ${p(from)}`, to !== undefined && `closed_at < ${p(to)}`].filter(
      (x) => !!x,
    );
    const inRange = ['solver = $1', ...range].join(' AND ');
    const rangeParams = [...params];
    const page = before
      ? ` AND (closed_at, auction_id) < (${p(before.closedAt)}::bigint, ${p(before.auctionId)}::text)`
      : '';
    const [series, totals, verdicts] = await Promise.all([
      this.db.query<SolverSeriesRow>(
        `SELECT auction_id, seq, closed_at, bids, bids_by_verdict, won_bids, lost_bids, unfair_bids, intents_won,
                score::text AS score, best_score::text AS best_score, reference_score::text AS reference_score
           FROM auction_solvers WHERE ${inRange}${page} ORDER BY closed_at DESC, auction_id DESC LIMIT ${p(limit)}`,
        params,
      ),
      this.db.query<SolverTotalsRow>(
        `SELECT count(*) AS auctions, count(*) FILTER (WHERE intents_won > 0) AS auctions_won,
                count(*) FILTER (WHERE intents_won = 0 AND won_bids + lost_bids + unfair_bids > 0) AS auctions_lost,
                coalesce(sum(intents_won), 0) AS intents_won, coalesce(sum(bids), 0) AS bids,
                coalesce(sum(won_bids), 0) AS won, coalesce(sum(lost_bids), 0) AS lost, coalesce(sum(unfair_bids), 0) AS unfair,
                coalesce(sum(score), 0)::text AS score, coalesce(sum(reference_score), 0)::text AS reference_score
           FROM auction_solvers WHERE ${inRange}`,
        rangeParams,
      ),
      this.db.query<{ verdict: string; n: string }>(
        `SELECT v.key AS verdict, sum(v.value::int) AS n FROM auction_solvers s, jsonb_each_text(s.bids_by_verdict) v
          WHERE ${inRange} GROUP BY v.key ORDER BY v.key`,
        rangeParams,
      ),
    ]);
    const t = totals.rows[0];
    return {
      totals: {
        auctions: Number(t.auctions),
        auctionsWon: Number(t.auctions_won),
        auctionsLost: Number(t.auctions_lost),
        intentsWon: Number(t.intents_won),
        bids: Number(t.bids),
        bidsByVerdict: Object.fromEntries(verdicts.rows.map((r) => [r.verdict, Number(r.n)])),
        outcomes: { WON: Number(t.won), LOST: Number(t.lost), UNFAIR: Number(t.unfair) },
        score: t.score,
        referenceScore: t.reference_score,
      },
      series: series.rows.map((r) => ({
        auctionId: r.auction_id,
        seq: Number(r.seq),
        closedAt: Number(r.closed_at),
        bids: r.bids,
        bidsByVerdict: r.bids_by_verdict,
        outcomes: { WON: r.won_bids, LOST: r.lost_bids, UNFAIR: r.unfair_bids },
        intentsWon: r.intents_won,
        score: r.score,
        bestScore: r.best_score,
        referenceScore: r.reference_score,
      })),
    };
  }
}
