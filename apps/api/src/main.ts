import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { json } from 'express';
import { IntentMeshError } from '@intentmesh/protocol';
import { generateMarket } from '@intentmesh/routing';
import { connectStandalone, createLogger, runMain, type VerifyPoolStats } from '@intentmesh/runtime';
import { ApiModule } from './api.module';
import { loadApiConfig } from './config';
import type { ApiDeps, TokenInfo } from './deps';
import { ErrorFilter, errorReply } from './errorFilter';
import { buildOpenApiDocument } from './openapiDocument';
import { TokenBuckets } from './limits/tokenBuckets';
import { RecordCache } from './cache/recordCache';
import { frontRawServer } from './rawServer';
import { serveExplorer } from './explorer';
import { SubmitIntent } from './intents/submitIntent';
import { SubmitIntentBatch } from './intents/submitIntentBatch';
import { BATCH_BODY_LIMIT, BODY_LIMIT, malformedJson, rawIntake } from './intents/rawIntake';
import type { IntakeStats } from './intents/intake';
import { ChainChecks, apiChainsFromEnv } from './intents/chainChecks';

/** `verifyPool` is there when VERIFY_WORKERS > 0: its live counters (batches verified on worker threads, workers replaced). */
export type RunningApi = {
  app: NestExpressApplication;
  url: string;
  intake: IntakeStats;
  records: RecordCache;
  verifyPool?: VerifyPoolStats;
  /** Intake POSTs answered on the raw server (rawIntake.ts), not by Express and Nest. */
  rawIntake: { served: number };
  stop(): Promise<void>;
};

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
  const app = await NestFactory.create(ApiModule.forRoot(deps, { ip: unused, swapper: unused }), {
    logger: false,
    abortOnError: false,
  });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** Builds and starts the HTTP API on the given bus and store. */
export async function startApi(given: ApiDeps): Promise<RunningApi> {
  const deps: ApiDeps = { ...given, chains: given.chains ?? apiChainsFromEnv(given.env) };
  const { env } = deps;
  const limits = {
    ip: new TokenBuckets(env.RATE_LIMIT_IP_PER_SEC, env.RATE_LIMIT_IP_BURST, 'IP address'),
    swapper: new TokenBuckets(env.RATE_LIMIT_SWAPPER_PER_SEC, env.RATE_LIMIT_SWAPPER_BURST, 'swapper'),
  };
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(deps, limits), {
    bodyParser: false,
    logger: false,
  });
  // stored auction records never change: GET /v1/auctions/:id is served from memory on the raw server (rawServer.ts)
  const records = new RecordCache(env.RECORD_CACHE_MB * 1024 * 1024);
  // our own parser so size and syntax errors get our codes (413 BODY_TOO_LARGE, 400 MALFORMED_JSON)
  // a batch of 100 signed intents needs more room than one; everything else keeps the 64 KiB limit
  app.use(refuseUnreadableBodies);
  app.use('/v1/intents/batch', json({ limit: BATCH_BODY_LIMIT, strict: false, type: () => true }));
  app.use(json({ limit: BODY_LIMIT, strict: false, type: () => true }));
  app.use(
    (
      err: { type?: string; status?: number },
      _req: unknown,
      res: { headersSent: boolean; status(n: number): { json(b: unknown): void } },
      next: (e?: unknown) => void,
    ) => {
      // the raw server already answered (408 for a body that did not arrive in time)
      if (res.headersSent) return;
      if (err?.type === 'entity.too.large')
        return res.status(413).json(
          new IntentMeshError('The request body is too large (64 KiB; 1 MiB for a batch).', {
            code: 'BODY_TOO_LARGE',
          }).toJSON(),
        );
      if (err?.type === 'entity.parse.failed') return res.status(400).json(malformedJson().toJSON());
      if (err?.type === 'charset.unsupported')
        return res
          .status(415)
          .json(new IntentMeshError('The request body must be UTF-8 JSON.', { code: 'UNSUPPORTED_CHARSET' }).toJSON());
      if (err?.type === 'encoding.unsupported')
        return res.status(415).json(
          new IntentMeshError('Content-Encoding must be gzip, deflate or identity.', {
            code: 'UNSUPPORTED_ENCODING',
          }).toJSON(),
        );
      // any other unreadable body (aborted, a size that lies, corrupt compression) is the client's, never a 500
      if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500)
        return res
          .status(400)
          .json(new IntentMeshError('The request body could not be read.', { code: 'MALFORMED_JSON' }).toJSON());
      next(err);
    },
  );
  app.useGlobalFilters(new ErrorFilter(deps.log));
  // no enableShutdownHooks: runMain (or the embedding process) owns SIGTERM and calls stop(); Nest's hook would re-raise the signal and kill the process mid-drain
  serveExplorer(app, env.EXPLORER_DIR, deps.log);
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
  // outlive the clients' idle keep-alive (fetch keeps a socket 4 s): a server that closes first races reused sockets into ECONNRESET
  const server = app.getHttpServer();
  server.keepAliveTimeout = 65_000;
  // a request's headers must arrive within 20 s and the whole request (a trickled body too) within 30 s; Node answers 408
  server.headersTimeout = env.HTTP_HEADERS_TIMEOUT_MS;
  server.requestTimeout = 30_000;
  await app.init();
  const funded = app.get(ChainChecks).fundingChains;
  if (funded.length)
    deps.log.info(
      { chains: funded },
      'funding checks on: balance, allowance and nonce read from these chains at intake',
    );
  else
    deps.log.warn(
      { FUNDING_CHECKS: env.FUNDING_CHECKS },
      'funding checks are off: no chain RPC (CHAIN_RPC_URLS) or FUNDING_CHECKS=off; unfunded intents are accepted',
    );
  // the per-IP limit, cached record reads and the intake POSTs run on the raw server, ahead of Express
  const express = app.getHttpAdapter().getInstance();
  const submit = app.get(SubmitIntent);
  const submitBatch = app.get(SubmitIntentBatch);
  const intake = rawIntake({
    submit: (body) => submit.execute(body),
    submitBatch: (body) => submitBatch.execute(body),
    errorReply: (err) => errorReply(err, deps.log),
    etag: express.get('etag fn'),
    poweredBy: express.enabled('x-powered-by'),
  });
  frontRawServer(server, {
    intake,
    ipLimit: limits.ip,
    records,
    readRecord: (id) => deps.storage.auctions.get(id),
    bodyTimeoutMs: env.HTTP_BODY_TIMEOUT_MS,
  });
  await app.listen(deps.env.PORT, deps.env.HOST);
  const address = app.getHttpServer().address();
  const url = `http://${deps.env.HOST}:${typeof address === 'object' && address ? address.port : deps.env.PORT}`;
  const stop = async () => {
    // requests in flight get a grace period; a connection still open after it (a stuck client) does not hold shutdown
    const cut = setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS);
    await app.close();
    clearTimeout(cut);
  };
  return {
    app,
    url,
    intake: app.get(SubmitIntent).intake.stats,
    records,
    verifyPool: app.get(SubmitIntentBatch).pool?.stats,
    rawIntake: intake.stats,
    stop,
  };
}

/** Bodies are JSON, UTF-8: another content type gets 415 with a code instead of being parsed as JSON anyway. */
function refuseUnreadableBodies(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const type = req.headers['content-type'];
  if (!type || req.method === 'GET' || req.method === 'HEAD') return next();
  const mime = type.split(';')[0].trim().toLowerCase();
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1].toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8')
    return refuse(res, 'UNSUPPORTED_CHARSET', `charset ${charset.slice(0, 40)} is not read here; send UTF-8.`);
  if (mime === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mime)) return next();
  refuse(res, 'UNSUPPORTED_MEDIA_TYPE', `Content-Type ${mime.slice(0, 100)} is not read here; send application/json.`);
}

function refuse(res: ServerResponse, code: 'UNSUPPORTED_CHARSET' | 'UNSUPPORTED_MEDIA_TYPE', message: string): void {
  const body = JSON.stringify(new IntentMeshError(message, { code }).toJSON());
  res.writeHead(415, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function main(): Promise<() => Promise<void>> {
  const env = loadApiConfig();
  const log = createLogger('api', env.LOG_LEVEL);
  // the stream is the auctioneer's to create (the API's NATS user may not create streams); the first publish finds it
  const { messaging, storage, close } = await connectStandalone('api', env, log, {
    inboxPrefix: API_INBOX,
    ensureStream: false,
  });
  const api = await startApi({ messaging, storage, env, log, tokens: demoTokens(env.MARKET_SEED, env.MARKET_POOLS) });
  log.info({ url: api.url, docs: `${api.url}/docs` }, 'api ready');
  return async () => {
    await api.stop();
    await close();
  };
}

if (require.main === module) runMain(main);
