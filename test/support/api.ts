import { createNatsMessaging, type Messaging } from '@intentmesh/messaging';
import { apiEnvSchema, startApi, type RunningApi } from '@intentmesh/api';
import { createLogger, parseEnv } from '@intentmesh/runtime';
import { openStorage, type Storage } from '@intentmesh/storage';
import { createTestDatabase } from './postgres';
import { uniquePrefix } from './processes';
import { dropStream } from './nats';

export type TestApi = { api: RunningApi; messaging: Messaging; storage: Storage; stop(): Promise<void> };

/** An in-process API on its own database and NATS prefix (shared NATS on 4222); `stop` tears all of it down. */
export async function startTestApi(
  name: string,
  vars: Record<string, string> = {},
  now?: () => number,
): Promise<TestApi> {
  const db = await createTestDatabase(name);
  const storage = await openStorage({ databaseUrl: db.url });
  const prefix = uniquePrefix(name);
  const messaging = await createNatsMessaging({ servers: 'nats://127.0.0.1:4222', name: `${name}-test`, prefix });
  const env = parseEnv(apiEnvSchema, { PORT: '0', LOG_LEVEL: 'silent', ...vars });
  const api = await startApi({ messaging, storage, env, log: createLogger('api', 'silent'), tokens: [], now });
  const stop = async () => {
    await api.stop();
    await messaging.close();
    await storage.close();
    await db.drop();
    await dropStream(prefix);
  };
  return { api, messaging, storage, stop };
}
