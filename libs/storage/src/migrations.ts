import { backfillAuditIndex } from './auditIndex';
import type { Db, Queryable } from './db';

/**
 * Ordered, append-only list: never edit a shipped migration, add the next one. Same SQL for PostgreSQL and PGlite.
 * `after` runs in the same transaction, for data a migration derives in code.
 */
export const migrations: { id: string; sql: string; after?: (tx: Queryable) => Promise<void> }[] = [
  {
    id: '001_init',
    sql: `
CREATE TABLE intents (
  hash text PRIMARY KEY,
  swapper text NOT NULL,
  source_chain_id bigint NOT NULL,
  destination_chain_id bigint NOT NULL,
  nonce numeric(78,0) NOT NULL,
  deadline bigint NOT NULL,
  intent jsonb NOT NULL,
  signature text NOT NULL,
  status text NOT NULL,
  auction_id text,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- the settlement contract's nonce bitmap is per swapper per chain, so is this
  CONSTRAINT intents_swapper_nonce UNIQUE (swapper, source_chain_id, nonce)
);
CREATE INDEX intents_open ON intents (created_at) WHERE status IN ('pending', 'auctioning', 'unfilled');

CREATE TABLE auctions (
  auction_id text PRIMARY KEY,
  auctioneer text NOT NULL,
  seq bigint NOT NULL,
  opened_at bigint NOT NULL,
  closed_at bigint NOT NULL,
  prev_record_hash text NOT NULL,
  record_hash text NOT NULL UNIQUE,
  record jsonb NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT auctions_chain UNIQUE (auctioneer, seq)
);
CREATE INDEX auctions_closed ON auctions (closed_at DESC);

-- one award per intent, ever: the database itself refuses a double award
CREATE TABLE awards (
  intent_hash text PRIMARY KEY,
  auction_id text NOT NULL REFERENCES auctions (auction_id),
  solver text NOT NULL,
  buy_amount numeric(78,0) NOT NULL,
  award jsonb NOT NULL,
  signature text NOT NULL
);
CREATE INDEX awards_solver ON awards (solver);

-- auction records and awards are append-only: history is never rewritten
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER auctions_append_only BEFORE UPDATE OR DELETE ON auctions FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER awards_append_only BEFORE UPDATE OR DELETE ON awards FOR EACH ROW EXECUTE FUNCTION refuse_change();
`,
  },
  {
    // audit filters (GET /v1/auctions?intent=&solver=&chainId=, intent history, solver competition) read these,
    // never the record JSON; each row is written with its record and keyed for keyset pages by closed_at
    id: '002_audit_index',
    sql: `
CREATE TABLE auction_intents (
  intent_hash text NOT NULL,
  auction_id text NOT NULL REFERENCES auctions (auction_id),
  closed_at bigint NOT NULL,
  PRIMARY KEY (intent_hash, closed_at, auction_id)
);
CREATE TABLE auction_chains (
  chain_id bigint NOT NULL,
  auction_id text NOT NULL REFERENCES auctions (auction_id),
  closed_at bigint NOT NULL,
  PRIMARY KEY (chain_id, closed_at, auction_id)
);
CREATE TABLE auction_solvers (
  solver text NOT NULL,
  auction_id text NOT NULL REFERENCES auctions (auction_id),
  closed_at bigint NOT NULL,
  seq bigint NOT NULL,
  bids integer NOT NULL,
  bids_by_verdict jsonb NOT NULL,
  won_bids integer NOT NULL,
  lost_bids integer NOT NULL,
  unfair_bids integer NOT NULL,
  intents_won integer NOT NULL,
  score numeric NOT NULL,
  best_score numeric,
  reference_score numeric,
  PRIMARY KEY (solver, closed_at, auction_id)
);
-- list pages count an auction's intents and awards here rather than unpacking each record's JSON
CREATE INDEX auction_intents_auction ON auction_intents (auction_id);
CREATE INDEX awards_auction ON awards (auction_id);
CREATE TRIGGER auction_intents_append_only BEFORE UPDATE OR DELETE ON auction_intents FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER auction_chains_append_only BEFORE UPDATE OR DELETE ON auction_chains FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER auction_solvers_append_only BEFORE UPDATE OR DELETE ON auction_solvers FOR EACH ROW EXECUTE FUNCTION refuse_change();
`,
    after: backfillAuditIndex,
  },
  {
    id: '003_settlement',
    sql: `
-- where and when an intent settled on chain (Settled, or Filled on the destination of a cross-chain intent)
CREATE TABLE settlements (
  intent_hash text PRIMARY KEY REFERENCES intents (hash),
  tx_hash text NOT NULL,
  chain_id bigint NOT NULL,
  block_number bigint NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
);
-- a chain event is history: never rewritten (refuse_change comes from 001_init)
CREATE TRIGGER settlements_append_only BEFORE UPDATE OR DELETE ON settlements FOR EACH ROW EXECUTE FUNCTION refuse_change();
`,
  },
  {
    id: '004_record_json',
    sql: `
-- a record is a signed document stored and served whole; nothing queries inside it (the audit index tables do that),
-- so json (its text, checked) replaces jsonb (parsed to binary on every write): 2-3x cheaper to store and to read back
ALTER TABLE auctions ALTER COLUMN record TYPE json USING record::json;
-- large records compress 2x faster with lz4 than the default pglz; a server built without lz4 keeps pglz
DO $$ BEGIN
  ALTER TABLE auctions ALTER COLUMN record SET COMPRESSION lz4;
EXCEPTION WHEN OTHERS THEN NULL;
END $$;
`,
  },
  {
    id: '005_unfunded',
    sql: `
-- 'unfunded' (held out of auctions until the swapper's funding is back) is an open status: the open-intent index covers it
CREATE INDEX intents_open_v2 ON intents (created_at) WHERE status IN ('pending', 'auctioning', 'unfilled', 'unfunded');
DROP INDEX intents_open;
-- why an intent waits in its status (for unfunded: the failed check), cleared when it is claimed for an auction
ALTER TABLE intents ADD COLUMN status_reason text;
`,
  },
  {
    id: '006_award_lifecycle',
    sql: `
-- an intent whose award lapsed is auctioned again, so it may hold one award per auction (still one per auction)
ALTER TABLE awards DROP CONSTRAINT awards_pkey;
ALTER TABLE awards ADD PRIMARY KEY (intent_hash, auction_id);
-- how an award ended without a settlement: lapsed at settleBy, or reported failed by its solver; the evidence is
-- the same JSON the next auction record carries (LapseEvidenceJSON)
CREATE TABLE award_lapses (
  intent_hash text NOT NULL,
  auction_id text NOT NULL,
  solver text NOT NULL,
  operator text NOT NULL,
  kind text NOT NULL,
  decided_at bigint NOT NULL,
  evidence jsonb NOT NULL,
  PRIMARY KEY (intent_hash, auction_id),
  FOREIGN KEY (intent_hash, auction_id) REFERENCES awards (intent_hash, auction_id)
);
CREATE INDEX award_lapses_decided ON award_lapses (decided_at);
CREATE INDEX award_lapses_operator ON award_lapses (operator, decided_at);
CREATE TRIGGER award_lapses_append_only BEFORE UPDATE OR DELETE ON award_lapses FOR EACH ROW EXECUTE FUNCTION refuse_change();
-- still one running award per intent: a new one only once every earlier award of the intent has lapsed
CREATE FUNCTION refuse_second_award() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM awards a WHERE a.intent_hash = NEW.intent_hash
              AND NOT EXISTS (SELECT 1 FROM award_lapses l WHERE l.intent_hash = a.intent_hash AND l.auction_id = a.auction_id)) THEN
    RAISE EXCEPTION 'intent % already holds an award that has not lapsed', NEW.intent_hash;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER awards_one_running BEFORE INSERT ON awards FOR EACH ROW EXECUTE FUNCTION refuse_second_award();
-- the lapse keeper reads the awarded intents on every pass
CREATE INDEX intents_awarded ON intents (hash) WHERE status = 'awarded';
`,
  },
  {
    id: '007_intent_write_cost',
    sql: `
-- intents stay at fillfactor 100: 50 cut WAL by a third but slowed concurrent inserts in every measured pair (BENCHMARKS.md)
-- the intake's open-intent cap counts one swapper's open intents: without this it walks every open intent (intents_open_v2)
CREATE INDEX intents_open_swapper ON intents (swapper) WHERE status IN ('pending', 'auctioning', 'unfilled', 'unfunded');
-- the one-running-award check once per stored auction instead of one plpgsql call per award: each new award against
-- the intent's awards of other auctions (a second award in the same auction is the primary key's)
CREATE FUNCTION refuse_second_awards() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  held text;
BEGIN
  SELECT n.intent_hash INTO held FROM new_awards n JOIN awards a ON a.intent_hash = n.intent_hash AND a.auction_id <> n.auction_id
   WHERE NOT EXISTS (SELECT 1 FROM award_lapses l WHERE l.intent_hash = a.intent_hash AND l.auction_id = a.auction_id) LIMIT 1;
  IF held IS NOT NULL THEN
    RAISE EXCEPTION 'intent % already holds an award that has not lapsed', held;
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER awards_one_running ON awards;
CREATE TRIGGER awards_one_running_per_statement AFTER INSERT ON awards REFERENCING NEW TABLE AS new_awards
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_second_awards();
`,
  },
  {
    id: '008_live_auctions',
    sql: `
-- the auction a claimed intent is live in: one row per open auction, deleted with its record, instead of a rewrite of
-- every intent row (a non-HOT update, 1.2 kB of WAL per intent); intents.auction_id stays the last decided auction
CREATE TABLE live_auctions (
  auction_id text PRIMARY KEY,
  intent_hashes text[] NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    id: '009_append_checks',
    sql: `
-- a record's rows name their auction: checked once per statement instead of one foreign-key query (and row lock) per
-- row. The guarantee is the foreign keys': every row of awards and of the audit index names a stored auction, and a
-- stored auction never goes (UPDATE and DELETE are refused since 001 and 002, TRUNCATE from here on). The check
-- runs at the end of the statement, so the record statement's own auction row counts (AuctionRepository.append).
ALTER TABLE awards DROP CONSTRAINT awards_auction_id_fkey;
ALTER TABLE auction_intents DROP CONSTRAINT auction_intents_auction_id_fkey;
ALTER TABLE auction_chains DROP CONSTRAINT auction_chains_auction_id_fkey;
ALTER TABLE auction_solvers DROP CONSTRAINT auction_solvers_auction_id_fkey;
CREATE FUNCTION refuse_unknown_auctions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  SELECT n.auction_id INTO missing FROM (SELECT DISTINCT auction_id FROM new_rows) n
   WHERE NOT EXISTS (SELECT 1 FROM auctions a WHERE a.auction_id = n.auction_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
      MESSAGE = format('%s names auction %s, which is not stored', TG_TABLE_NAME, missing);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER awards_auction_stored AFTER INSERT ON awards REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_unknown_auctions();
CREATE TRIGGER auction_intents_auction_stored AFTER INSERT ON auction_intents REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_unknown_auctions();
CREATE TRIGGER auction_chains_auction_stored AFTER INSERT ON auction_chains REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_unknown_auctions();
CREATE TRIGGER auction_solvers_auction_stored AFTER INSERT ON auction_solvers REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_unknown_auctions();
-- the foreign keys refused a TRUNCATE of auctions; this keeps refusing it (refuse_change comes from 001_init)
CREATE TRIGGER auctions_no_truncate BEFORE TRUNCATE ON auctions FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
-- no query reads awards by solver (a solver's auctions come from auction_solvers): one index entry less per award
DROP INDEX awards_solver;
`,
  },
  {
    id: '010_record_text',
    sql: `
-- a record is kept as the JSON text the store was handed (AuctionRepository.append writes JSON.stringify's output) and
-- parsed where it is read: json re-checked its syntax on every write, ~8 us of backend CPU per intent of a 100-intent
-- record (BENCHMARKS.md). Queries that look inside a record cast it (record::jsonb) as they did before.
ALTER TABLE auctions ALTER COLUMN record TYPE text;
DO $$ BEGIN
  ALTER TABLE auctions ALTER COLUMN record SET COMPRESSION lz4;
EXCEPTION WHEN OTHERS THEN NULL;
END $$;
`,
  },
  {
    id: '011_hot_claims',
    sql: `
-- the claim (pending/unfilled/unfunded -> auctioning) rewrote the whole intent row and added an entry to each of its
-- five indexes, because status sat in three partial indexes' predicates. Those predicates now read two columns derived
-- from status (kept by PostgreSQL itself on every write), and the claim changes neither: with room on the row's page
-- (fillfactor 50, new pages only) it is a HOT update, no index entry. A decision that leaves the open set still adds
-- entries (it must: the row leaves the open indexes). Queries ask for open / awarded instead of listing statuses.
-- 007 kept fillfactor 100 because, with status in the predicates, the room bought no CPU; now it makes claims HOT
-- (bench/storeWrites.mjs: the claim's backend CPU about a third, its WAL a tenth; the heap of new rows about 1.9x).
ALTER TABLE intents
  ADD COLUMN open boolean GENERATED ALWAYS AS (status IN ('pending', 'auctioning', 'unfilled', 'unfunded')) STORED,
  ADD COLUMN awarded boolean GENERATED ALWAYS AS (status = 'awarded') STORED;
CREATE INDEX intents_open_v3 ON intents (created_at) WHERE open;
CREATE INDEX intents_open_swapper_v2 ON intents (swapper) WHERE open;
CREATE INDEX intents_awarded_v2 ON intents (hash) WHERE awarded;
DROP INDEX intents_open_v2;
DROP INDEX intents_open_swapper;
DROP INDEX intents_awarded;
ALTER TABLE intents SET (fillfactor = 50);
`,
  },
];

/** Applies pending migrations in one transaction each; an advisory lock keeps concurrent starters from racing. */
export async function migrate(db: Db): Promise<string[]> {
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(727274)');
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set((await tx.query<{ id: string }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id));
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      await tx.exec(m.sql);
      await m.after?.(tx);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [m.id]);
      applied.push(m.id);
    }
  });
  return applied;
}
