import type { AuctionRecordJSON } from '@intentmesh/protocol';
import { SqlParams, type Queryable } from './db';

/** One solver's part in one auction, as the audit index keeps it (derived from the signed record, never edited). */
export type SolverAuctionRow = {
  solver: string;
  /** Recorded bids naming this solver, whatever their verdict. */
  bids: number;
  bidsByVerdict: Record<string, number>;
  /** Counted (ACCEPTED) bids by outcome. */
  won: number;
  lost: number;
  unfair: number;
  intentsWon: number;
  /** Sum of the scores of its winning bids (numeraire units, decimal string). */
  score: string;
  /** Best score among its counted bids; null when none counted. */
  bestScore: string | null;
  /** Total auction score without this solver's bids; null when it won nothing. */
  referenceScore: string | null;
};

export type AuditIndexRows = { intentHashes: string[]; chainIds: number[]; solvers: SolverAuctionRow[] };

const ADDRESS = /^0x[0-9a-f]{40}$/;

/** What the audit index tables hold for one record: its intents, the chains it touches, and each bidder's tally. */
export function auditIndexRows(record: AuctionRecordJSON): AuditIndexRows {
  const chainIds = new Set<number>();
  for (const e of record.intents) {
    chainIds.add(e.intent.sourceChainId);
    chainIds.add(e.intent.destinationChainId);
  }
  const bySolver = new Map<string, SolverAuctionRow>();
  const solverOfBid: (string | undefined)[] = [];
  for (const b of record.bids) {
    const solver = typeof b.solver === 'string' ? b.solver.toLowerCase() : undefined;
    // a malformed bid names nobody provable; it stays in the record but counts for no one here
    if (!solver || !ADDRESS.test(solver)) {
      solverOfBid.push(undefined);
      continue;
    }
    solverOfBid.push(solver);
    let row = bySolver.get(solver);
    if (!row)
      bySolver.set(
        solver,
        (row = {
          solver,
          bids: 0,
          bidsByVerdict: {},
          won: 0,
          lost: 0,
          unfair: 0,
          intentsWon: 0,
          score: '0',
          bestScore: null,
          referenceScore: null,
        }),
      );
    row.bids++;
    row.bidsByVerdict[b.verdict] = (row.bidsByVerdict[b.verdict] ?? 0) + 1;
  }
  for (const o of record.outcomes) {
    const row = bySolver.get(solverOfBid[o.index] ?? '');
    if (!row) continue;
    const score = BigInt(o.score);
    if (o.outcome === 'WON') {
      row.won++;
      row.score = (BigInt(row.score) + score).toString();
    } else if (o.outcome === 'LOST') row.lost++;
    else row.unfair++;
    if (row.bestScore === null || score > BigInt(row.bestScore)) row.bestScore = score.toString();
  }
  for (const w of record.winners) {
    const row = bySolver.get(w.solver.toLowerCase());
    if (row) row.intentsWon++;
  }
  for (const [solver, score] of Object.entries(record.referenceScores)) {
    const row = bySolver.get(solver.toLowerCase());
    if (row) row.referenceScore = score;
  }
  return {
    intentHashes: [...new Set(record.intents.map((e) => e.hash.toLowerCase()))],
    chainIds: [...chainIds].sort((a, b) => a - b),
    solvers: [...bySolver.values()],
  };
}

/** A record's audit index rows as three data-modifying CTEs (`idx_i`, `idx_c`, `idx_s`), to run in the statement that stores it. */
export function auditIndexCtes(record: AuctionRecordJSON, p: SqlParams): string {
  const { intentHashes, chainIds, solvers } = auditIndexRows(record);
  const [id, closedAt] = [p.add(record.auctionId.toLowerCase()), p.add(record.closedAt)];
  return `idx_i AS (INSERT INTO auction_intents (intent_hash, auction_id, closed_at) SELECT unnest(${p.add(intentHashes)}::text[]), ${id}, ${closedAt}),
    idx_c AS (INSERT INTO auction_chains (chain_id, auction_id, closed_at) SELECT unnest(${p.add(chainIds)}::bigint[]), ${id}, ${closedAt}),
    idx_s AS (INSERT INTO auction_solvers (solver, auction_id, closed_at, seq, bids, bids_by_verdict, won_bids, lost_bids, unfair_bids, intents_won, score, best_score, reference_score)
      SELECT s, ${id}, ${closedAt}, ${p.add(record.seq)}, b, v, w, l, u, iw, sc::numeric, bs::numeric, rs::numeric
        FROM unnest(${p.add(solvers.map((s) => s.solver))}::text[], ${p.add(solvers.map((s) => s.bids))}::int[], ${p.add(solvers.map((s) => JSON.stringify(s.bidsByVerdict)))}::jsonb[],
                    ${p.add(solvers.map((s) => s.won))}::int[], ${p.add(solvers.map((s) => s.lost))}::int[], ${p.add(solvers.map((s) => s.unfair))}::int[], ${p.add(solvers.map((s) => s.intentsWon))}::int[],
                    ${p.add(solvers.map((s) => s.score))}::text[], ${p.add(solvers.map((s) => s.bestScore))}::text[], ${p.add(solvers.map((s) => s.referenceScore))}::text[])
             AS t(s, b, v, w, l, u, iw, sc, bs, rs))`;
}

/** Writes a record's audit index rows on their own (the backfill of migration 002); appends write them with the record. */
async function writeAuditIndex(q: Pick<Queryable, 'query'>, record: AuctionRecordJSON): Promise<void> {
  const p = new SqlParams();
  await q.query(`WITH ${auditIndexCtes(record, p)} SELECT 1`, p.values);
}

/** Indexes records stored before the index existed (migration 002), a page at a time. */
export async function backfillAuditIndex(tx: Pick<Queryable, 'query'>): Promise<void> {
  let after: [number, string] = [-1, ''];
  for (;;) {
    // as text whatever the column's type (json until migration 010, text after), parsed here
    const { rows } = await tx.query<{ record: string; closed_at: string; auction_id: string }>(
      `SELECT record::text AS record, closed_at, auction_id FROM auctions WHERE (closed_at, auction_id) > ($1::bigint, $2::text) ORDER BY closed_at, auction_id LIMIT 200`,
      after,
    );
    for (const r of rows) await writeAuditIndex(tx, JSON.parse(r.record) as AuctionRecordJSON);
    if (rows.length < 200) return;
    const last = rows[rows.length - 1];
    after = [Number(last.closed_at), last.auction_id];
  }
}
