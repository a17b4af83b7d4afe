// bench:crypto: signature checking on this machine, every figure beside its baseline from the same run.
//   raw native recovery on one core and on every core (worker threads), pure-JS (noble) recovery,
//   keccak256 (native sponge vs pure-JS noble), intent hashing (precomputed type hash + direct encoding vs viem's hashTypedData),
//   full intent verification inline vs spread over a small worker pool at the batch sizes the API sees (1, 10, 100).
//   npm run bench:crypto -- [--ms 1000] [--json]
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

import { benchIntent, lib, require } from './lib/common.mjs';

const P = lib('protocol');
const { hashTypedData } = require('viem');
const { generatePrivateKey } = require('viem/accounts');

/** Signed intents, as JSON the API would receive (a trader's cost, made before timing). */
function makeIntents(n) {
  const signers = Array.from({ length: 8 }, () => P.createDigestSigner(generatePrivateKey()));
  return Array.from({ length: n }, (_, i) => {
    const s = signers[i % signers.length];
    const intent = benchIntent(s, i, { sellAmount: 10n ** 18n + BigInt(i) });
    return P.serializeSignedIntent({ intent, signature: s.signDigest(P.hashIntent(intent)) });
  });
}

/** Parses and verifies one signed intent JSON, as the API's check does (schema, hash, recovery, swapper match). */
function verify(json) {
  const signed = P.parseSignedIntent(json);
  return P.verifyIntentSignature(signed.intent, signed.signature);
}

function rate(ms, fn) {
  let n = 0;
  const t0 = performance.now();
  const until = t0 + ms;
  while (performance.now() < until) for (let i = 0; i < 50; i++, n++) fn(n);
  return Math.round(n / ((performance.now() - t0) / 1000));
}

if (!isMainThread) {
  // a worker either runs a raw recovery loop (baseline on every core) or serves verify requests (the pool)
  if (workerData.mode === 'recover') {
    const digest = P.keccakHex(new TextEncoder().encode('bench'));
    const sig = P.createDigestSigner(generatePrivateKey()).signDigest(digest);
    parentPort.postMessage(rate(workerData.ms, () => P.recoverDigestSigner(digest, sig)));
  } else {
    parentPort.on('message', ({ id, items }) => {
      parentPort.postMessage({
        id,
        hashes: items.map((j) => {
          try {
            return verify(j);
          } catch {
            return null;
          }
        }),
      });
    });
  }
} else {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

/** A small pool: each request goes to the least busy worker; resolves with one hash (or null) per item. */
function createPool(size) {
  const workers = Array.from({ length: size }, () => ({
    w: new Worker(new URL(import.meta.url), { workerData: { mode: 'verify' } }),
    busy: 0,
  }));
  const waiting = new Map();
  let nextId = 0;
  for (const x of workers)
    x.w.on('message', ({ id, hashes }) => {
      x.busy--;
      waiting.get(id)(hashes);
      waiting.delete(id);
    });
  return {
    verify(items) {
      const x = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      x.busy++;
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        x.w.postMessage({ id, items });
      });
    },
    close: () => Promise.all(workers.map((x) => x.w.terminate())),
  };
}

async function poolRate(pool, intents, batch, ms, inFlight) {
  let n = 0,
    next = 0;
  const t0 = performance.now();
  const until = t0 + ms;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < until) {
        const items = [];
        for (let i = 0; i < batch; i++) items.push(intents[next++ % intents.length]);
        const hashes = await pool.verify(items);
        if (hashes.includes(null)) throw new Error('a valid intent failed verification in a worker');
        n += batch;
      }
    }),
  );
  return Math.round(n / ((performance.now() - t0) / 1000));
}

async function main() {
  const { values: opt } = parseArgs({
    options: { ms: { type: 'string', default: '1000' }, json: { type: 'boolean' } },
  });
  const ms = Number(opt.ms);
  const cores = cpus().length;
  const intents = makeIntents(2000);
  const digest = P.keccakHex(new TextEncoder().encode('bench'));
  const sig = P.createDigestSigner(generatePrivateKey()).signDigest(digest);

  const nativeOneCore = rate(ms, () => P.recoverDigestSigner(digest, sig));
  const perCore = await Promise.all(
    Array.from(
      { length: cores },
      () =>
        new Promise((resolve, reject) => {
          const w = new Worker(new URL(import.meta.url), { workerData: { mode: 'recover', ms } });
          w.once('message', (r) => {
            resolve(r);
            void w.terminate();
          });
          w.once('error', reject);
        }),
    ),
  );
  const nativeAllCores = perCore.reduce((a, b) => a + b, 0);
  P.useSecpBackend('noble');
  const nobleOneCore = rate(Math.min(ms, 500), () => P.recoverDigestSigner(digest, sig));
  P.useSecpBackend('native');

  // the two native libraries side by side on one core, rounds interleaved: the vendored libsecp256k1 0.8 the apps run
  // and the npm binding's 2019 one (the pipeline's recovery yardstick); signing is the auctioneer's award signature
  const { vendored, npm } = P.nativeSecpBackends();
  const libs = {};
  if (vendored && npm) {
    const key = new Uint8Array(32).fill(0x42);
    const hash = P.hexToBytes(digest);
    const { sig64, recovery } = npm.sign(hash, key);
    for (const b of [vendored, npm])
      if (Buffer.compare(Buffer.from(b.sign(hash, key).sig64), Buffer.from(sig64)))
        throw new Error(`${b.lib} signs differently`);
    const runs = { vendored: { sign: [], recover: [] }, npm: { sign: [], recover: [] } };
    for (let round = 0; round < 6; round++)
      for (const [name, b] of round % 2
        ? [
            ['npm', npm],
            ['vendored', vendored],
          ]
        : [
            ['vendored', vendored],
            ['npm', npm],
          ]) {
        runs[name].sign.push(rate(Math.min(ms, 300), () => b.sign(hash, key)));
        runs[name].recover.push(rate(Math.min(ms, 300), () => b.recover(hash, sig64, recovery)));
      }
    const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
    for (const name of ['vendored', 'npm'])
      libs[name] = {
        lib: (name === 'npm' ? npm : vendored).lib,
        signPerSec: median(runs[name].sign),
        recoverPerSec: median(runs[name].recover),
      };
    libs.vendoredOverNpm = {
      sign: +(libs.vendored.signPerSec / libs.npm.signPerSec).toFixed(2),
      recover: +(libs.vendored.recoverPerSec / libs.npm.recoverPerSec).toFixed(2),
    };
  }

  // keccak256 of an intent-struct-sized input and of a 100 KB auction record, native sponge vs pure-JS noble
  const small = new Uint8Array(352).fill(7);
  const large = new Uint8Array(100_000).fill(7);
  const keccak = {};
  for (const backend of ['native', 'noble']) {
    P.useKeccakBackend(backend);
    keccak[backend] = {
      bytes352PerSec: rate(Math.min(ms, 500), () => P.keccakHex(small)),
      kib100PerSec: rate(Math.min(ms, 500), () => P.keccakHex(large)),
    };
  }
  P.useKeccakBackend('native');

  const parsed = intents.map((j) => P.parseSignedIntent(j).intent);
  const hashDirect = rate(ms, (i) => P.hashIntent(parsed[i % parsed.length]));
  const hashViem = rate(ms, (i) => {
    const intent = parsed[i % parsed.length];
    return hashTypedData({
      domain: P.getChainDomain(intent.sourceChainId),
      types: P.intentTypes,
      primaryType: 'Intent',
      message: intent,
    });
  });
  if (
    P.hashIntent(parsed[0]) !==
    hashTypedData({ domain: P.getChainDomain(1), types: P.intentTypes, primaryType: 'Intent', message: parsed[0] })
  )
    throw new Error('direct and generic intent hashes differ');
  const verifyInline = rate(ms, (i) => verify(intents[i % intents.length]));

  const pool = createPool(cores);
  await pool.verify(intents.slice(0, 10)); // warm the workers
  const poolRates = {};
  for (const batch of [1, 10, 100]) poolRates[`batch${batch}`] = await poolRate(pool, intents, batch, ms, 2 * cores);
  await pool.close();

  const result = {
    bench: 'crypto',
    machine: { cores, node: process.version, backend: P.secpBackend().name, lib: P.secpBackend().lib },
    recoverPerSec: { nativeOneCore, nativeAllCores, nativePerCore: perCore, nobleOneCore },
    nativeLibsOneCore: libs,
    keccak256PerSec: keccak,
    hashIntentPerSec: { direct: hashDirect, viemHashTypedData: hashViem },
    verifyIntentPerSec: { inlineOneThread: verifyInline, workerPool: poolRates, poolSize: cores },
    ratios: {
      nativeOverNoble: +(nativeOneCore / nobleOneCore).toFixed(1),
      allCoresOverOneCore: +(nativeAllCores / nativeOneCore).toFixed(2),
      directHashOverViem: +(hashDirect / hashViem).toFixed(1),
      keccakNativeOverNoble: {
        bytes352: +(keccak.native.bytes352PerSec / keccak.noble.bytes352PerSec).toFixed(1),
        kib100: +(keccak.native.kib100PerSec / keccak.noble.kib100PerSec).toFixed(1),
      },
      verifyInlineOverRawRecover: +(verifyInline / nativeOneCore).toFixed(3),
      poolOverInline: Object.fromEntries(
        Object.entries(poolRates).map(([k, v]) => [k, +(v / verifyInline).toFixed(2)]),
      ),
    },
  };
  console.log(JSON.stringify(result, null, opt.json ? 0 : 2));
}
