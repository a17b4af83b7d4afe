import { appendFileSync } from 'node:fs';
import { Client } from 'pg';
import type { Hex } from '@intentmesh/protocol';
import { waitFor } from './processes';
import type { PlannedIntent } from './trader';

export type Outcome = {
  statuses: (string | undefined)[];
  lost: number;
  doubleAwards: number;
  chainOk: boolean;
  awards: number;
};

async function withPg<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Waits until every intent is in one of its allowed end states, then audits the store: lost intents, double awards, the hash chain. */
export async function settleAndAudit(
  dbUrl: string,
  hashes: Hex[],
  allowed: (i: number) => string[],
  timeoutMs = 60_000,
): Promise<Outcome> {
  let statuses: (string | undefined)[] = [];
  await waitFor(
    'every accepted intent to reach an end state',
    async () => {
      statuses = await withPg(dbUrl, async (c) => {
        const { rows } = await c.query('SELECT hash, status FROM intents WHERE hash = ANY($1::text[])', [hashes]);
        const by = new Map(rows.map((r) => [r.hash, r.status]));
        return hashes.map((h) => by.get(h));
      });
      return statuses.every((s, i) => s === undefined || allowed(i).includes(s));
    },
    timeoutMs,
    500,
  ).catch((err) => {
    const off = statuses.map((s, i) => [i, s]).filter(([i, s]) => !allowed(i as number).includes(s as string));
    throw new Error(`${err.message}: ${off.length} off, e.g. ${JSON.stringify(off.slice(0, 8))}`);
  });
  return withPg(dbUrl, async (c) => {
    const doubles = await c.query(
      `SELECT w->>'intentHash' AS h FROM auctions, jsonb_array_elements(record::jsonb->'winners') w GROUP BY 1 HAVING count(*) > 1`,
    );
    const chain = await c.query(
      `SELECT auctioneer, seq, prev_record_hash, record_hash FROM auctions ORDER BY auctioneer, seq`,
    );
    let chainOk = true;
    chain.rows.forEach((r, i) => {
      const prev = chain.rows[i - 1];
      if (
        prev &&
        prev.auctioneer === r.auctioneer &&
        (Number(r.seq) !== Number(prev.seq) + 1 || r.prev_record_hash !== prev.record_hash)
      )
        chainOk = false;
    });
    const awards = (await c.query('SELECT count(*)::int AS n FROM awards')).rows[0].n;
    return {
      statuses,
      lost: statuses.filter((s) => s === undefined).length,
      doubleAwards: doubles.rows.length,
      chainOk,
      awards,
    };
  });
}

/** settleAndAudit over the intents `submitTolerant` accepted: by default a fillable one must end awarded, the others unfilled. */
export function settleAccepted(
  dbUrl: string,
  planned: PlannedIntent[],
  accepted: { i: number; hash: Hex }[],
  timeoutMs: number,
  allowed = (p: PlannedIntent) => (p.fillable ? ['awarded'] : ['unfilled']),
): Promise<Outcome> {
  return settleAndAudit(
    dbUrl,
    accepted.map((a) => a.hash),
    (j) => allowed(planned[accepted[j].i]),
    timeoutMs,
  );
}

/** Appends one drill's figures to FAULT_REPORT_FILE when set (npm run test:faults -- --report). */
export function report(entry: Record<string, unknown>): void {
  const file = process.env.FAULT_REPORT_FILE;
  if (file) appendFileSync(file, JSON.stringify(entry) + '\n');
}
