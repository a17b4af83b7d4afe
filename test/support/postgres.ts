import { Client } from 'pg';
import { openStorage, type Storage } from '@intentmesh/storage';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh database per test file on the local PostgreSQL, dropped afterwards, so files never see each other's rows. */
export async function createTestDatabase(tag: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `im_${tag}_${process.pid}_${Date.now().toString(36)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const c = new Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A store (migrated) on a fresh database of its own on the local PostgreSQL; close() closes it and drops the database. */
export async function createTestStorage(tag: string): Promise<{ storage: Storage; close(): Promise<void> }> {
  const db = await createTestDatabase(tag);
  const storage = await openStorage({ databaseUrl: db.url });
  return {
    storage,
    close: async () => {
      await storage.close();
      await db.drop();
    },
  };
}
