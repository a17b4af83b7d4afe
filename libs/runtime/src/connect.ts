import { mkdirSync } from 'node:fs';
import { createNatsMessaging, type ConnectNatsOptions, type Messaging } from '@intentmesh/messaging';
import { openStorage, type Storage } from '@intentmesh/storage';
import { natsOptionsFromEnv, type BaseEnv } from './config';
import type { Logger } from './logger';

/** Retries `fn` with capped exponential back-off, logging each failure, until it succeeds or attempts run out. */
export async function withRetry<T>(what: string, fn: () => Promise<T>, log: Logger, attempts = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts) throw new Error(`${what}: gave up after ${attempts} attempts: ${(err as Error).message}`);
      const wait = Math.min(5000, 200 * 2 ** (i - 1));
      log.warn({ attempt: i, wait, err: (err as Error).message }, `${what} not reachable yet; retrying`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

export function connectNats(options: ConnectNatsOptions, log: Logger): Promise<Messaging> {
  return withRetry(`NATS at ${options.servers}`, () => createNatsMessaging(options), log);
}

/** How an app's PostgreSQL pool is sized; `poolMin` connections are opened and warmed up before the app serves. */
export type DatabasePool = { poolSize?: number; poolMin?: number; applicationName?: string };

export function connectDatabase(
  databaseUrl: string | undefined,
  dataDir: string,
  log: Logger,
  pool: DatabasePool = {},
): Promise<Storage> {
  if (databaseUrl) return withRetry('PostgreSQL', () => openStorage({ databaseUrl, ...pool }), log);
  // an embedded database is local: nothing to wait for, and a failure is not going to fix itself
  mkdirSync(`${dataDir}/pglite`, { recursive: true });
  return openStorage({ dataDir: `${dataDir}/pglite` });
}

/**
 * The bus and the store of record of an app run on its own (`npm start` runs the embedded marketplace instead), so
 * NATS_URL is required; `close` closes both.
 */
export async function connectStandalone(
  app: string,
  env: BaseEnv,
  log: Logger,
  nats: { inboxPrefix: string; ensureStream?: boolean },
): Promise<{ messaging: Messaging; storage: Storage; close: () => Promise<void> }> {
  const { NATS_URL } = env;
  if (!NATS_URL)
    throw new Error(`NATS_URL is required to run the ${app} alone; \`npm start\` runs the embedded marketplace.`);
  const options = natsOptionsFromEnv({ ...env, NATS_URL }, app, nats.inboxPrefix);
  const messaging = await connectNats({ ...options, ensureStream: nats.ensureStream }, log);
  const storage = await connectDatabase(env.DATABASE_URL, env.DATA_DIR, log, {
    poolSize: env.DATABASE_POOL_SIZE,
    poolMin: env.DATABASE_POOL_MIN,
    applicationName: `intentmesh-${app}`,
  });
  return {
    messaging,
    storage,
    close: async () => {
      await messaging.close();
      await storage.close();
    },
  };
}
