import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { json } from 'express';
import { IntentMeshError } from '@intentmesh/protocol';
import { generateMarket } from '@intentmesh/routing';
import { connectDatabase, connectNats, createLogger, natsOptionsFromEnv, runMain, type VerifyPoolStats } from '@intentmesh/runtime';
import { ApiModule } from './api.module';
import { loadApiConfig } from './config';
import type { ApiDeps, TokenInfo } from './deps';
import { ErrorFilter } from './errorFilter';
import { buildOpenApiDocument } from './openapiDocument';
import { TokenBuckets } from './limits/tokenBuckets';
import { RecordCache } from './cache/recordCache';
import { frontRawServer } from './rawServer';
import { SubmitIntent } from './intents/submitIntent';
import { SubmitIntentBatch } from './intents/submitIntentBatch';
import type { IntakeStats } from './intents/intake';

/** `verifyPool` is there when VERIFY_WORKERS > 0: its live counters (batches verified on worker threads, workers replaced). */
export type RunningApi = { app: NestExpressApplication; url: string; intake: IntakeStats; records: RecordCache; verifyPool?: VerifyPoolStats; stop(): Promise<void> };

export function demoTokens(seed: number, poolCount: number): TokenInfo[] {
  const market = generateMarket({ seed, poolCount });
  return market.tokens.map((t) => ({ chainId: t.chainId, address: t.address, symbol: t.symbol, decimals: t.decimals }));
}

const STOP_GRACE_MS = 2000;
/** The API's request replies arrive here; the server config lets only the API's user read them. */
const API_INBOX = '_INBOX_api';
/**
 * The OpenAPI document without a bus, a store or a port: the app is built (controllers only keep their deps) and closed.
 * `npm run sdk:types` generates the SDK's types from it.
 */
export async function createOpenApiDocument(): Promise<OpenAPIObject> {
  const env = loadApiConfig({});
  const unused = {} as never;
  const deps: ApiDeps = { messaging: unused, storage: unused, env, log: unused, tokens: [] };
  const app = await NestFactory.create(ApiModule.forRoot(deps, { ip: unused, swapper: unused }), { logger: false, abortOnError: false });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** Builds and starts the HTTP API on the given bus and store. */
export async function startApi(deps: ApiDeps): Promise<RunningApi> {
  const { env } = deps;
  const limits = {
    ip: new TokenBuckets(env.RATE_LIMIT_IP_PER_SEC, env.RATE_LIMIT_IP_BURST, 'IP address'),
    swapper: new TokenBuckets(env.RATE_LIMIT_SWAPPER_PER_SEC, env.RATE_LIMIT_SWAPPER_BURST, 'swapper'),
  };
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(deps, limits), { bodyParser: false, logger: false });
  // stored auction records never change: GET /v1/auctions/:id is served from memory on the raw server (rawServer.ts)
  const records = new RecordCache(env.RECORD_CACHE_MB * 1024 * 1024);
  // our own parser so size and syntax errors get our codes (413 BODY_TOO_LARGE, 400 MALFORMED_JSON)
  // a batch of 100 signed intents needs more room than one; everything else keeps the 64 KiB limit
  app.use('/v1/intents/batch', json({ limit: '1mb', strict: false, type: () => true }));
  app.use(json({ limit: '64kb', strict: false, type: () => true }));
  app.use((err: { type?: string }, _req: unknown, res: { status(n: number): { json(b: unknown): void } }, next: (e?: unknown) => void) => {
    if (err?.type === 'entity.too.large') return res.status(413).json(new IntentMeshError('The request body is too large (64 KiB; 1 MiB for a batch).', { code: 'BODY_TOO_LARGE' }).toJSON());
    if (err?.type === 'entity.parse.failed') return res.status(400).json(new IntentMeshError('The request body is not valid JSON.', { code: 'MALFORMED_JSON' }).toJSON());
    next(err);
  });
  app.useGlobalFilters(new ErrorFilter(deps.log));
  // no enableShutdownHooks: runMain (or the embedding process) owns SIGTERM and calls stop(); Nest's hook would re-raise the signal and kill the process mid-drain
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
  // outlive the clients' idle keep-alive (fetch keeps a socket 4 s): a server that closes first races reused sockets into ECONNRESET
  const server = app.getHttpServer();
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await app.init();
  // the per-IP limit and cached record reads run on the raw server, ahead of Express
  frontRawServer(server, { ipLimit: limits.ip, records, readRecord: (id) => deps.storage.auctions.get(id) });
  await app.listen(deps.env.PORT, deps.env.HOST);
  const address = app.getHttpServer().address();
  const url = `http://${deps.env.HOST}:${typeof address === 'object' && address ? address.port : deps.env.PORT}`;
  const stop = async () => {
    // requests in flight get a grace period; a connection still open after it (a stuck client) does not hold shutdown
    const cut = setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS);
    await app.close();
    clearTimeout(cut);
  };
  return { app, url, intake: app.get(SubmitIntent).intake.stats, records, verifyPool: app.get(SubmitIntentBatch).pool?.stats, stop };
}

async function main(): Promise<() => Promise<void>> {
  const env = loadApiConfig();
  const log = createLogger('api', env.LOG_LEVEL);
  if (!env.NATS_URL) throw new Error('NATS_URL is required to run the API alone; `npm start` runs the embedded marketplace.');
  // the stream is the auctioneer's to create (the API's NATS user may not create streams); the first publish finds it
  const messaging = await connectNats({ ...natsOptionsFromEnv({ ...env, NATS_URL: env.NATS_URL }, 'api', API_INBOX), ensureStream: false }, log);
  const storage = await connectDatabase(env.DATABASE_URL, env.DATA_DIR, log);
  const api = await startApi({ messaging, storage, env, log, tokens: demoTokens(env.MARKET_SEED, env.MARKET_POOLS) });
  log.info({ url: api.url, docs: `${api.url}/docs` }, 'api ready');
  return async () => {
    await api.stop();
    await messaging.close();
    await storage.close();
  };
}

if (require.main === module) runMain(main);
