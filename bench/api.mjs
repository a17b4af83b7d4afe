// bench:api: HTTP rates measured side by side in one run (autocannon on loopback, servers in their own processes):
//   a bare NestJS route (the framework's ceiling here), POST /v1/intents with unique pre-signed intents
//   (real NATS JetStream and PostgreSQL; with CPU µs per stored intent of the API, NATS and PostgreSQL), POST
//   /v1/intents/batch (100 a request), and GET /v1/auctions/:id;
//   then batch ingest again with VERIFY_WORKERS=0 and =2 (signatures inline vs on a worker pool), each on a fresh API, store and stream;
//   then single and batch ingest of funded traders' intents with funding checks off and on (balance, allowance, nonce bitmap
//   read over JSON-RPC from a local EVM, CHAIN_RPC_URLS), each on a fresh API, store and stream.
//   npm run bench:api -- [--seconds 5] [--connections 32] [--json] [--funding-only]
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchIntent, lib, require, root, runMain } from './lib/common.mjs';
import { cpuMeter } from './lib/cpu.mjs';
import { createDatabase, dropStreams, freePort, waitForHealth } from './lib/env.mjs';
import { nodeFlags } from '../scripts/node-flags.mjs';

const P = lib('protocol');
const { openStorage } = lib('storage');
const { startDemoChain, serveJsonRpc, MULTICALL3_ADDRESS, multicall3DeployedBytecode } = lib('chain');
const { generateMarket } = lib('routing');
const { generatePrivateKey } = require('viem/accounts');

const { values: opt } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    json: { type: 'boolean' },
    'funding-only': { type: 'boolean' },
  },
});
const duration = Number(opt.seconds);
const connections = Number(opt.connections);
const TARGET_GET_PER_SEC = 5000;

function run(opts) {
  return new Promise((resolve, reject) =>
    autocannon({ duration, connections, ...opts }, (err, r) => (err ? reject(err) : resolve(r))),
  );
}
const summary = (r) => ({
  requestsPerSec: Math.round(r.requests.average),
  p50ms: r.latency.p50,
  p99ms: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
});

function spawnNode(args, env = {}) {
  return spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function bareNest() {
  const child = spawnNode([join(root, 'bench/bareNest.mjs')]);
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(Number(String(d).trim())));
    child.once('exit', (code) => reject(new Error(`bare NestJS app exited ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}/ping` };
}

function signedBodies(
  n,
  signers = Array.from({ length: 50 }, () => P.createDigestSigner(generatePrivateKey())),
  sellToken = '0x1111111111111111111111111111111111111111',
) {
  const deadline = Math.floor(Date.now() / 1000) + 3600;
  return Array.from({ length: n }, (_, i) => {
    const s = signers[i % signers.length];
    const intent = benchIntent(s, i, { sellToken, deadline });
    return JSON.stringify(P.serializeSignedIntent({ intent, signature: s.signDigest(P.hashIntent(intent)) }));
  });
}

/** POST /v1/intents/batch, 99 unique signed intents a request, for the run's duration; intents/s beside the request rate. */
async function batchRun(url, bodies) {
  let next = 0;
  const r = summary(
    await run({
      url: `${url}/v1/intents/batch`,
      method: 'POST',
      connections: Math.max(1, Math.floor(connections / 4)),
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req) => {
            const start = (next++ * 99) % (bodies.length - 99);
            return { ...req, body: `{"intents":[${bodies.slice(start, start + 99).join(',')}]}` };
          },
        },
      ],
    }),
  );
  return { ...r, intentsPerRequest: 99, intentsPerSec: r.requestsPerSec * 99 };
}

/**
 * An API process on its own database, stream prefix and data dir, with no rate limits, while `use({ url, child, db })`
 * runs; then killed and its state dropped.
 */
async function withApi(tag, env, use) {
  const db = await createDatabase(tag);
  const prefix = `${tag}x${process.pid}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawnNode([...nodeFlags('api'), join(root, 'apps/api/dist/main.js')], {
    NATS_URL: 'nats://127.0.0.1:4222',
    NATS_PREFIX: prefix,
    DATABASE_URL: db.url,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'im-benchapi-')),
    PORT: String(port),
    RATE_LIMIT_IP_PER_SEC: '0',
    RATE_LIMIT_SWAPPER_PER_SEC: '0',
    MAX_OPEN_INTENTS_PER_SWAPPER: '1000000',
    ...env,
  });
  try {
    await waitForHealth(url, { auctioneer: false });
    return await use({ url, child, db });
  } finally {
    child.kill('SIGKILL');
    await dropStreams([prefix]);
    await db.drop();
  }
}

/** Batch ingest on its own API, database and stream, so both VERIFY_WORKERS settings start from the same empty state. */
const batchIngestWith = (verifyWorkers, bodies) =>
  withApi(`benchapiv${verifyWorkers}`, { VERIFY_WORKERS: String(verifyWorkers) }, async ({ url }) => {
    // warm the JIT (and the pool's threads) before timing, as the first API is warm by the time its batch run starts
    const warm = signedBodies(990);
    for (let i = 0; i < warm.length; i += 99)
      await fetch(`${url}/v1/intents/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"intents":[${warm.slice(i, i + 99).join(',')}]}`,
      });
    return await batchRun(url, bodies);
  });

/** Single and batch ingest of funded traders' intents on a fresh API with FUNDING_CHECKS on or off, reading chain 1 at rpcUrl. */
const fundedIngestWith = (checks, rpcUrl, single, batchBodies, multicall = 'on') =>
  withApi(
    `benchapif${checks}${multicall}`,
    { CHAIN_RPC_URLS: `1=${rpcUrl}`, FUNDING_CHECKS: checks, FUNDING_MULTICALL: multicall },
    async ({ url }) => {
      let next = 0;
      const post = summary(
        await run({
          url: `${url}/v1/intents`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          requests: [{ setupRequest: (req) => ({ ...req, body: single[next++ % single.length] }) }],
        }),
      );
      const batch = await batchRun(url, batchBodies);
      return { postIntents: post, postIntentsBatch: batch };
    },
  );

/** The intake cost of funding checks: the same funded traders' intents through APIs with checks off, then on. */
async function fundingChecks() {
  const market = generateMarket({ seed: 1, poolCount: 300 });
  const weth = market.tokens.find((t) => t.chainId === 1 && t.symbol === 'WETH').address;
  const nobody = '0x000000000000000000000000000000000000dead';
  const chain = await startDemoChain({
    chainId: 1,
    auctioneer: nobody,
    attester: nobody,
    tokens: market.tokens.filter((t) => t.chainId === 1),
  });
  // Multicall3 at its canonical address, as on public chains (the API probes it and batches reads through it)
  await chain.local.testClient.setCode({ address: MULTICALL3_ADDRESS, bytecode: multicall3DeployedBytecode });
  const rpc = await serveJsonRpc(chain.local.provider, { port: await freePort() });
  try {
    // 50 traders, each holding and approving enough WETH for every intent it signs here
    const signers = Array.from({ length: 50 }, () => P.createDigestSigner(generatePrivateKey()));
    for (const s of signers) await chain.faucet({ token: weth, to: s.address, amount: 10n ** 30n });
    const single = signedBodies(Math.max(20_000, duration * 4000), signers, weth);
    const batchBodies = signedBodies(Math.max(40_000, duration * 8000), signers, weth);
    const off = await fundedIngestWith('off', rpc.url, single, batchBodies);
    // before: one eth_call per read (FUNDING_MULTICALL=off); after: a tick's reads in one Multicall3 eth_call
    const onSingleReads = await fundedIngestWith('on', rpc.url, single, batchBodies, 'off');
    const on = await fundedIngestWith('on', rpc.url, single, batchBodies);
    const ratio = (a, b) => +(a / b).toFixed(3);
    return {
      off,
      onSingleReads,
      on,
      ratios: {
        postIntentsOnOverOff: ratio(on.postIntents.requestsPerSec, off.postIntents.requestsPerSec),
        batchIntentsOnOverOff: ratio(on.postIntentsBatch.intentsPerSec, off.postIntentsBatch.intentsPerSec),
        postIntentsSingleReadsOverOff: ratio(onSingleReads.postIntents.requestsPerSec, off.postIntents.requestsPerSec),
        batchIntentsSingleReadsOverOff: ratio(
          onSingleReads.postIntentsBatch.intentsPerSec,
          off.postIntentsBatch.intentsPerSec,
        ),
      },
    };
  } finally {
    await rpc.close();
    await chain.close();
  }
}

async function main() {
  if (opt['funding-only']) {
    console.log(
      JSON.stringify(
        {
          bench: 'api',
          machine: { cores: cpus().length, node: process.version },
          seconds: duration,
          connections,
          fundingChecks: await fundingChecks(),
        },
        null,
        opt.json ? 0 : 2,
      ),
    );
    return;
  }
  const bare = await bareNest();
  const bareResult = summary(await run({ url: bare.url }));
  bare.child.kill('SIGKILL');

  await withApi('benchapi', {}, async ({ url, child: api, db }) => {
    // enough unique signed intents for the whole run (a trader's cost, made before timing)
    const bodies = signedBodies(Math.max(20_000, duration * 4000));
    let next = 0;
    // CPU of the single-POST path per stored intent (201): the API's own, and NATS and PostgreSQL (shared: other work counts too)
    const postMeter = cpuMeter([{ name: 'api', child: api }]);
    const postRaw = await run({
      url: `${url}/v1/intents`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) }],
    });
    const postCpu = postMeter.done(postRaw['2xx']);
    const post = {
      ...summary(postRaw),
      stored: postRaw['2xx'],
      cpuUsPerIntent: postCpu.cpuUsPerIntent,
      machineShare: postCpu.machineShare,
    };
    const batchBodies = signedBodies(Math.max(40_000, duration * 8000));
    const batch = await batchRun(url, batchBodies);

    // a stored auction record of a typical small auction (10 intents, 30 bids) to read back
    const storage = await openStorage({ databaseUrl: db.url });
    const record = {
      version: 1,
      auctionId: '0x' + 'ab'.repeat(32),
      seq: 1,
      auctioneer: '0x' + '11'.repeat(20),
      openedAt: 1,
      closedAt: 2,
      bidWindowMs: 300,
      seed: '0x' + '00'.repeat(32),
      referencePrices: {},
      intents: bodies.slice(0, 10).map((b) => ({ hash: '0x' + '44'.repeat(32), ...JSON.parse(b) })),
      solvers: [],
      bids: Array.from({ length: 30 }, (_, i) => ({
        receivedAt: i,
        solver: '0x' + '22'.repeat(20),
        bidHash: '0x' + '33'.repeat(32),
        bid: { fills: [{ intentHash: '0x' + '44'.repeat(32), buyAmount: '123456789' }] },
        signature: '0x' + '55'.repeat(65),
        verdict: 'ACCEPTED',
        reason: 'valid',
      })),
      outcomes: [],
      winners: [],
      referenceScores: {},
      awards: [],
      unfilled: [],
      prevRecordHash: '0x' + '00'.repeat(32),
      recordHash: '0x' + '66'.repeat(32),
      signature: '0x' + '77'.repeat(65),
    };
    await storage.auctions.append(record, []);
    await storage.close();
    const getRecordBytes = (await (await fetch(`${url}/v1/auctions/${record.auctionId}`)).arrayBuffer()).byteLength;
    const get = summary(await run({ url: `${url}/v1/auctions/${record.auctionId}` }));

    const batchIntentsPerSec = batch.requestsPerSec * 99;
    // the same bodies on two fresh APIs (fresh databases, so none is a duplicate): signatures inline, then on a 2-thread pool
    const verifyInline = await batchIngestWith(0, batchBodies);
    const verifyPool = await batchIngestWith(2, batchBodies);
    const funding = await fundingChecks();
    const result = {
      bench: 'api',
      machine: { cores: cpus().length, node: process.version },
      seconds: duration,
      connections,
      bareNestRoute: bareResult,
      postIntents: post,
      postIntentsBatch: { ...batch, intentsPerRequest: 99, intentsPerSec: batchIntentsPerSec },
      getAuction: { ...get, recordBytes: getRecordBytes },
      batchVerifyWorkers: { verifyWorkers0: verifyInline, verifyWorkers2: verifyPool },
      // funded traders on a local EVM over JSON-RPC: the same intents with the chain reads off and on
      fundingChecks: funding,
      ratios: {
        postIntentsOverBareNest: +(post.requestsPerSec / bareResult.requestsPerSec).toFixed(3),
        batchIntentsPerSecOverBareNest: +(batchIntentsPerSec / bareResult.requestsPerSec).toFixed(3),
        getAuctionOverBareNest: +(get.requestsPerSec / bareResult.requestsPerSec).toFixed(3),
        batchVerifyWorkers2OverInline: +(verifyPool.intentsPerSec / verifyInline.intentsPerSec).toFixed(2),
      },
      targets: {
        getAuctionPerSec: {
          target: TARGET_GET_PER_SEC,
          measured: get.requestsPerSec,
          met: get.requestsPerSec >= TARGET_GET_PER_SEC,
        },
      },
    };
    console.log(JSON.stringify(result, null, opt.json ? 0 : 2));
  });
}

runMain(main);
