import type { IntentJSON, IntentStatus, LapseEvidenceJSON, SignedAwardJSON } from '@intentmesh/protocol';
import type { Db } from './db';

/** An award whose settleBy has passed while its intent is still `awarded`: settled late, or lapsed. */
export type DueAward = {
  hash: string;
  intent: IntentJSON;
  signature: string;
  auctionId: string;
  award: SignedAwardJSON;
};

/** One auction an intent was in, and how it ended for it. */
export type IntentAttempt = {
  auctionId: string;
  closedAt: number;
  /** unfilled: no valid bid; awarded: the award is still running; settled; lapsed or reported: the award ended unsettled. */
  outcome: 'unfilled' | 'awarded' | 'settled' | 'lapsed' | 'reported';
  award: SignedAwardJSON | null;
  lapse: { kind: 'lapsed' | 'reported'; decidedAt: number; reason?: string } | null;
};

// rows as pg returns them (bigint columns arrive as strings)
type DueAwardRow = {
  hash: string;
  intent: IntentJSON;
  signature: string;
  auction_id: string;
  award: SignedAwardJSON['award'];
  award_signature: string;
};
type HistoryRow = {
  auction_id: string;
  closed_at: string | number;
  award: SignedAwardJSON['award'] | null;
  award_signature: string | null;
  kind: 'lapsed' | 'reported' | null;
  decided_at: string | number | null;
  evidence: LapseEvidenceJSON | null;
  settled: number | null;
};

export type LapseResult = { lapsed: false } | { lapsed: true; status: IntentStatus };

/** Award lifecycle: awards past settleBy, lapses and their evidence, who is kept out of an intent, and its history. */
export class LapseRepository {
  constructor(private readonly db: Db) {}

  /** Awarded intents whose current award's settleBy (unix s) is before `nowSec`, oldest first. */
  async due(nowSec: number, limit = 500): Promise<DueAward[]> {
    const { rows } = await this.db.query<DueAwardRow>(
      `SELECT i.hash, i.intent, i.signature, a.auction_id, a.award, a.signature AS award_signature
         FROM intents i JOIN awards a ON a.intent_hash = i.hash AND a.auction_id = i.auction_id
        WHERE i.awarded AND (a.award->>'settleBy')::bigint < $1
        ORDER BY (a.award->>'settleBy')::bigint LIMIT $2`,
      [nowSec, limit],
    );
    return rows.map((r) => ({
      hash: r.hash,
      intent: r.intent,
      signature: r.signature,
      auctionId: r.auction_id,
      award: { award: r.award, signature: r.award_signature },
    }));
  }

  /** The current award of an awarded intent, if `auctionId` is it (a report about an older or unknown award is not). */
  async current(intentHash: string, auctionId: string): Promise<DueAward | undefined> {
    const { rows } = await this.db.query<DueAwardRow>(
      `SELECT i.hash, i.intent, i.signature, a.auction_id, a.award, a.signature AS award_signature
         FROM intents i JOIN awards a ON a.intent_hash = i.hash AND a.auction_id = i.auction_id
        WHERE i.hash = $1 AND i.auction_id = $2 AND i.status = 'awarded'`,
      [intentHash.toLowerCase(), auctionId.toLowerCase()],
    );
    const r = rows[0];
    return (
      r && {
        hash: r.hash,
        intent: r.intent,
        signature: r.signature,
        auctionId: r.auction_id,
        award: { award: r.award, signature: r.award_signature },
      }
    );
  }

  /**
   * Ends an award unsettled, in one statement: the evidence is stored and the intent goes back to `unfilled` (its
   * deadline is after `reopenBeforeSec`) or becomes `expired`. Only the intent's current award can lapse, once.
   */
  async lapse(evidence: LapseEvidenceJSON, reopenBeforeSec: number): Promise<LapseResult> {
    const { award } = evidence.award;
    const { rows } = await this.db.query<{ status: IntentStatus }>(
      `WITH l AS (
         INSERT INTO award_lapses (intent_hash, auction_id, solver, operator, kind, decided_at, evidence)
         SELECT $1, $2, $3, $4, $5, $6, $7 FROM intents WHERE hash = $1 AND auction_id = $2 AND status = 'awarded'
         ON CONFLICT DO NOTHING RETURNING intent_hash)
       UPDATE intents SET status = CASE WHEN deadline > $8 THEN 'unfilled' ELSE 'expired' END, updated_at = now()
        WHERE hash IN (SELECT intent_hash FROM l) RETURNING status`,
      [
        award.intentHash.toLowerCase(),
        award.auctionId.toLowerCase(),
        award.solver.toLowerCase(),
        evidence.operator.toLowerCase(),
        evidence.kind,
        evidence.decidedAt,
        JSON.stringify(evidence),
        reopenBeforeSec,
      ],
    );
    return rows.length ? { lapsed: true, status: rows[0].status } : { lapsed: false };
  }

  /** Operators whose awards of these intents lapsed: they are kept out of the intents' next auctions. */
  async excluded(hashes: string[]): Promise<Map<string, string[]>> {
    if (!hashes.length) return new Map();
    const { rows } = await this.db.query<{ intent_hash: string; operators: string[] }>(
      `SELECT intent_hash, array_agg(DISTINCT operator ORDER BY operator) AS operators FROM award_lapses
        WHERE intent_hash = ANY($1::text[]) GROUP BY intent_hash`,
      [hashes],
    );
    return new Map(rows.map((r) => [r.intent_hash, r.operators]));
  }

  /** Evidence of lapses decided at or after `sinceMs` (auctioneer clock), oldest first: those not yet in a record. */
  async since(sinceMs: number, limit = 10_000): Promise<LapseEvidenceJSON[]> {
    const { rows } = await this.db.query<{ evidence: LapseEvidenceJSON }>(
      'SELECT evidence FROM award_lapses WHERE decided_at >= $1 ORDER BY decided_at, intent_hash LIMIT $2',
      [sinceMs, limit],
    );
    return rows.map((r) => r.evidence);
  }

  /** Every auction the intent was in, oldest first, with its award and how that award ended. */
  async history(intentHash: string, limit = 100): Promise<IntentAttempt[]> {
    const { rows } = await this.db.query<HistoryRow>(
      `SELECT x.auction_id, x.closed_at, a.award, a.signature AS award_signature, l.kind, l.decided_at, l.evidence,
              (SELECT 1 FROM settlements s WHERE s.intent_hash = x.intent_hash) AS settled
         FROM auction_intents x
         LEFT JOIN awards a ON a.intent_hash = x.intent_hash AND a.auction_id = x.auction_id
         LEFT JOIN award_lapses l ON l.intent_hash = x.intent_hash AND l.auction_id = x.auction_id
        WHERE x.intent_hash = $1 ORDER BY x.closed_at, x.auction_id LIMIT $2`,
      [intentHash.toLowerCase(), limit],
    );
    return rows.map((r) => {
      const lapse = r.kind
        ? {
            kind: r.kind,
            decidedAt: Number(r.decided_at),
            ...(r.evidence?.report ? { reason: r.evidence.report.failure.reason } : {}),
          }
        : null;
      const outcome = !r.award ? 'unfilled' : lapse ? lapse.kind : r.settled ? 'settled' : 'awarded';
      return {
        auctionId: r.auction_id,
        closedAt: Number(r.closed_at),
        outcome,
        award: r.award ? { award: r.award, signature: r.award_signature ?? '' } : null,
        lapse,
      };
    });
  }

  /** Lapses per operator since `sinceMs` (for status views and the lapse simulation). */
  async countByOperator(sinceMs = 0): Promise<Record<string, number>> {
    const { rows } = await this.db.query<{ operator: string; n: string }>(
      'SELECT operator, count(*) AS n FROM award_lapses WHERE decided_at >= $1 GROUP BY operator',
      [sinceMs],
    );
    return Object.fromEntries(rows.map((r) => [r.operator, Number(r.n)]));
  }
}
