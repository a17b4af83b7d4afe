// bench:api: HTTP rates measured side by side in one run (autocannon on loopback):
//   a bare NestJS route (the framework's ceiling here), POST /v1/intents with unique pre-signed intents
//   (real NATS JetStream and PostgreSQL), and GET /v1/auctions/:id. Prints one JSON object.
//   npm run bench:api -- [--seconds 5] [--connections 32] [--json]
import autocannon from 'autocannon';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
require('reflect-metadata');
const P = require(join(root, 'libs/protocol/dist/index.js'));
const { createNatsMessaging } = require(join(root, 'libs/messaging/dist/index.js'));
const { openStorage } = require(join(root, 'libs/storage/dist/index.js'));
const { startApi } = require(join(root, 'apps/api/dist/index.js'));
const { createLogger } = require(join(root, 'libs/runtime/dist/index.js'));
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { Client } = require('pg');
const { generatePrivateKey } = require('viem/accounts');

const { values: opt } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '32' }, json: { type: 'boolean' } } });
const duration = Number(opt.seconds);
const connections = Number(opt.connections);
const ADMIN = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function run(opts) {
  return new Promise((resolve, reject) => autocannon({ duration, connections, ...opts }, (err, r) => (err ? reject(err) : resolve(r))));
}
const summary = (r) => ({ requestsPerSec: Math.round(r.requests.average), p50ms: r.latency.p50, p99ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors });

async function bareNest() {
  class BareController { ping() { return { ok: true }; } }
  Get('ping')(BareController.prototype, 'ping', Object.getOwnPropertyDescriptor(BareController.prototype, 'ping'));
  Controller()(BareController);
  class BareModule {}
  Module({ controllers: [BareController] })(BareModule);
  const app = await NestFactory.create(BareModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  return app;
}

async function main() {
  const bare = await bareNest();
  const bareUrl = `http://127.0.0.1:${bare.getHttpServer().address().port}/ping`;
  const bareResult = summary(await run({ url: bareUrl }));
  await bare.close();

  const dbName = `im_benchapi_${process.pid}`;
  const admin = new Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const storage = await openStorage({ databaseUrl: ADMIN.replace(/\/[^/]*$/, `/${dbName}`) });
  const prefix = `benchapi${process.pid}`;
  const messaging = await createNatsMessaging({ servers: 'nats://127.0.0.1:4222', name: 'bench-api', prefix });
  const env = { PORT: 0, HOST: '127.0.0.1', MAX_DEADLINE_AHEAD_SEC: 86400, MARKET_SEED: 1, MARKET_POOLS: 50, NATS_PREFIX: prefix, DATA_DIR: '.data', LOG_LEVEL: 'silent' };
  const api = await startApi({ messaging, storage, env, log: createLogger('bench', 'silent'), tokens: [] });
  try {
    // enough unique signed intents for the whole run
    const signers = Array.from({ length: 20 }, () => P.createDigestSigner(generatePrivateKey()));
    const bodies = [];
    const deadline = Math.floor(Date.now() / 1000) + 3600;
    for (let i = 0; i < 60_000; i++) {
      const s = signers[i % signers.length];
      const intent = { swapper: s.address, sellToken: '0x1111111111111111111111111111111111111111', sellAmount: 10n ** 18n, buyToken: '0x2222222222222222222222222222222222222222', minBuyAmount: 1n, recipient: s.address, sourceChainId: 1, destinationChainId: 10, nonce: BigInt(i), deadline };
      bodies.push(JSON.stringify(P.serializeSignedIntent({ intent, signature: s.signDigest(P.hashIntent(intent)) })));
    }
    let next = 0;
    const post = summary(
      await run({
        url: `${api.url}/v1/intents`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) }],
      }),
    );

    // a stored auction record of realistic size to read back
    const record = { version: 1, auctionId: '0x' + 'ab'.repeat(32), seq: 1, auctioneer: '0x' + '11'.repeat(20), openedAt: 1, closedAt: 2, bidWindowMs: 300, seed: '0x' + '00'.repeat(32), referencePrices: {}, intents: [], solvers: [], bids: Array.from({ length: 30 }, (_, i) => ({ receivedAt: i, solver: '0x' + '22'.repeat(20), bidHash: '0x' + '33'.repeat(32), bid: { fills: [{ intentHash: '0x' + '44'.repeat(32), buyAmount: '123456789' }] }, signature: '0x' + '55'.repeat(65), verdict: 'ACCEPTED', reason: 'valid' })), outcomes: [], winners: [], referenceScores: {}, awards: [], unfilled: [], prevRecordHash: '0x' + '00'.repeat(32), recordHash: '0x' + '66'.repeat(32), signature: '0x' + '77'.repeat(65) };
    await storage.auctions.append(record, []);
    const get = summary(await run({ url: `${api.url}/v1/auctions/${record.auctionId}` }));

    const result = {
      bench: 'api',
      machine: { cores: (await import('node:os')).cpus().length, node: process.version },
      seconds: duration,
      connections,
      bareNestRoute: bareResult,
      postIntents: post,
      getAuction: get,
      ratios: { postIntentsOverBareNest: +(post.requestsPerSec / bareResult.requestsPerSec).toFixed(3), getAuctionOverBareNest: +(get.requestsPerSec / bareResult.requestsPerSec).toFixed(3) },
    };
    console.log(JSON.stringify(result, null, opt.json ? 0 : 2));
  } finally {
    await api.stop();
    const { jetstreamManager } = require('@nats-io/jetstream');
    await (await jetstreamManager(messaging.bus.nc)).streams.delete(messaging.subjects.streamName).catch(() => {});
    await messaging.close();
    await storage.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
