import { AuctionRepository } from './auctions';
import { PgDb, PgliteDb, type Db } from './db';
import { IntentRepository } from './intents';
import { LapseRepository } from './lapses';
import { migrate } from './migrations';
import { warmUpHotPath } from './warmUp';

export * from './db';
export * from './intents';
export * from './auctions';
export * from './lapses';
export { auditIndexRows, type AuditIndexRows, type SolverAuctionRow } from './auditIndex';
export { migrate, migrations } from './migrations';

export type Storage = {
  db: Db;
  intents: IntentRepository;
  auctions: AuctionRepository;
  lapses: LapseRepository;
  close(): Promise<void>;
};

export type OpenStorageOptions = {
  /** postgres://... to use a PostgreSQL server; without it, PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; without it (and without a URL) the database lives in memory. */
  dataDir?: string;
  /** Most PostgreSQL connections open at once (default 10). */
  poolSize?: number;
  /**
   * PostgreSQL connections opened and warmed up at start and kept open however long they idle (at most poolSize): a
   * new connection costs the server about 40 ms of CPU before its statements run at full speed.
   */
  poolMin?: number;
  /** Names the connections in pg_stat_activity (e.g. the app). */
  applicationName?: string;
};

/** Opens the store of record and applies migrations. */
export async function openStorage({
  databaseUrl,
  dataDir,
  poolSize,
  poolMin = 0,
  applicationName,
}: OpenStorageOptions): Promise<Storage> {
  const db: Db = databaseUrl
    ? new PgDb(databaseUrl, { max: poolSize, min: poolMin, applicationName })
    : await PgliteDb.open(dataDir);
  await migrate(db);
  // after the migrations, so the warm-up sees the final schema; PGlite has one connection, warm after its first use
  if (db instanceof PgDb && poolMin > 0) await db.warm(Math.min(poolMin, poolSize ?? 10), warmUpHotPath);
  const intents = new IntentRepository(db);
  return {
    db,
    intents,
    auctions: new AuctionRepository(db, intents),
    lapses: new LapseRepository(db),
    close: () => db.close(),
  };
}
