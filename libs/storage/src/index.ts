import { AuctionRepository } from './auctions';
import { PgDb, PgliteDb, type Db } from './db';
import { IntentRepository } from './intents';
import { LapseRepository } from './lapses';
import { migrate } from './migrations';

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
  poolSize?: number;
};

/** Opens the store of record and applies migrations. */
export async function openStorage({ databaseUrl, dataDir, poolSize }: OpenStorageOptions): Promise<Storage> {
  const db: Db = databaseUrl ? new PgDb(databaseUrl, poolSize) : await PgliteDb.open(dataDir);
  await migrate(db);
  const intents = new IntentRepository(db);
  return {
    db,
    intents,
    auctions: new AuctionRepository(db, intents),
    lapses: new LapseRepository(db),
    close: () => db.close(),
  };
}
