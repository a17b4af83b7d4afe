import { mkdirSync } from 'node:fs';
import { createNatsMessaging, type ConnectNatsOptions, type Messaging } from '@intentmesh/messaging';
import { openStorage, type Storage } from '@intentmesh/storage';
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

export function connectDatabase(databaseUrl: string | undefined, dataDir: string, log: Logger): Promise<Storage> {
  if (databaseUrl) return withRetry('PostgreSQL', () => openStorage({ databaseUrl }), log);
  // an embedded database is local: nothing to wait for, and a failure is not going to fix itself
  mkdirSync(`${dataDir}/pglite`, { recursive: true });
  return openStorage({ dataDir: `${dataDir}/pglite` });
}
