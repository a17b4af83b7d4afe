// bench:auction: the auction decision for 1,000 intents x 10 solvers, step by step, with the auctioneer's own code
// (AuctionBook on arrival, selectWinners, buildAuctionRecord, sealAuctionRecord, AuctionRepository.append on a fresh
// PostgreSQL database), verifyAuction records/s, and same-run baselines (raw signature recoveries and signatures/s).
// `decision` is issue #8's figure (target p99 <= 25 ms): deciding who wins, from the counted bids to the winners and
// reference scores. `closeToStored` is the whole close (decision + award signatures + seal + store).
//   npm run bench:auction -- [--iterations 50] [--intents 1000] [--solvers 10] [--bundled] [--json]
//   --bundled: each solver sends its bids as one signed bid bundle (one recovery per solver) instead of signing each
//   --node-flags off: run under this process's own V8 flags; by default the bench re-runs itself under the auctioneer's
//                     (deploy/node-flags.json) so the decision is timed with the heap the auctioneer has
import { spawnSync } from 'node:child_process';
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { parseArgs } from 'node:util';
import { lib, require } from './lib/common.mjs';
import { nodeFlags } from '../scripts/node-flags.mjs';

const P = lib('protocol');
const A = lib('auction');
const { openStorage } = lib('storage');
const { Client } = require('pg');
const { generatePrivateKey } = require('viem/accounts');

const { values: opt } = parseArgs({
  options: {
    iterations: { type: 'string', default: '50' },
    intents: { type: 'string', default: '1000' },
    solvers: { type: 'string', default: '10' },
    bundled: { type: 'boolean' },
    json: { type: 'boolean' },
    'node-flags': { type: 'string', default: 'auctioneer' },
  },
});
// the auctioneer's V8 flags (a larger young generation): the bench re-runs itself under them unless it already has them
const NODE_FLAGS = opt['node-flags'] === 'off' ? [] : nodeFlags('auctioneer');
if (NODE_FLAGS.some((f) => !process.execArgv.includes(f))) {
  const argv = [...process.execArgv, ...NODE_FLAGS, ...process.argv.slice(1)];
  process.exit(spawnSync(process.execPath, argv, { stdio: 'inherit' }).status ?? 1);
}
const ITER = Number(opt.iterations);
const N = Number(opt.intents);
const S = Number(opt.solvers);
const BATCH = 20; // each solver also sends one batch bid over 20 intents it does not bid on singly
const WARMUP = 3;
const ADMIN = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const log = (...a) => process.stderr.write(a.join(' ') + '\n');
const pct = (xs, p) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : null;
const r2 = (x) => (x === null ? null : Math.round(x * 100) / 100);
const stat = (xs) => ({ p50: r2(pct(xs, 50)), p99: r2(pct(xs, 99)) });
/** A step's p50/p99 and what it covers. */
const timed = (xs, note) => ({ ...stat(xs), note });
const now = () => performance.now();
const enc = new TextEncoder();

function rate(fn, ms = 1500) {
  let n = 0;
  const until = now() + ms;
  while (now() < until) for (let i = 0; i < 100; i++, n++) fn();
  return Math.round(n / (ms / 1000));
}

/** Operators with one key each, every key healthy with one answered attestation: the fan-out the record keeps. */
function market(auctioneer, clock) {
  const trust = new A.SolverTrust({ auctioneer: auctioneer.address, now: clock.now, random: A.seededRandom(1) });
  const keys = Array.from({ length: S }, () => P.createDigestSigner(generatePrivateKey()));
  for (const k of keys) {
    trust.registry.upsertOperator(k.address, 10n ** 18n);
    trust.registry.addSolver(k.address, k.address);
  }
  clock.t += 2 * 24 * 3600_000;
  for (const { solver, challenge } of trust.health.issueChallenges()) {
    const k = keys.find((x) => x.address === solver);
    const a = { auctioneer: auctioneer.address, solver, nonce: challenge.nonce, issuedAt: 0, inflight: 0, chains: [] };
    trust.health.onAttestation(P.signHealthAttestation(a, k), clock.t + 5);
  }
  clock.t += 100;
  return { trust, keys };
}

/** `count` intents signed by `swapper`, one token pair on chain 1, nonces counting up from `firstNonce`. */
function signedIntents(swapper, { count, firstNonce, minBuyAmount, deadline }) {
  return Array.from({ length: count }, (_, i) => {
    const intent = {
      swapper: swapper.address,
      sellToken: '0x00000000000000000000000000000000000000a1',
      sellAmount: 10n ** 18n,
      buyToken: '0x00000000000000000000000000000000000000b1',
      minBuyAmount,
      recipient: swapper.address,
      sourceChainId: 1,
      destinationChainId: 1,
      nonce: firstNonce + BigInt(i),
      deadline,
    };
    const hash = P.hashIntent(intent);
    return { hash, intent, signature: swapper.signDigest(hash) };
  });
}

/** One auction's inputs as they would reach the auctioneer: signed intents, and signed bids as decoded JSON. */
function makeAuction(it, auctioneer, head, keys, swapper, openedAt) {
  const auctionId = P.deriveAuctionId(auctioneer.address, head.seq + 1, openedAt);
  const seed = P.keccakHex(enc.encode(auctionId + head.recordHash));
  const deadline = Math.floor(openedAt / 1000) + 3600;
  const intents = signedIntents(swapper, { count: N, firstNonce: BigInt(it * N), minBuyAmount: 1_000_000n, deadline });
  const bids = [];
  const unsigned = new Map(keys.map((k) => [k, []]));
  const sign = (key, fills) => {
    const bid = { auctionId, solver: key.address, fills, routeHash: seed, validUntil: deadline };
    if (opt.bundled) unsigned.get(key).push(bid);
    else
      bids.push(JSON.parse(JSON.stringify(P.serializeSignedBid({ bid, signature: key.signDigest(P.hashBid(bid)) }))));
  };
  keys.forEach((key, s) => {
    const mine = new Set(Array.from({ length: BATCH }, (_, j) => (s * BATCH + j) % N));
    // a batch that beats every single on its intents, so some batches win through the fairness filter
    sign(
      key,
      [...mine].map((i) => ({ intentHash: intents[i].hash, buyAmount: 1_000_000n + 2000n + BigInt(s) })),
    );
    for (let i = 0; i < N; i++)
      if (!mine.has(i))
        sign(key, [{ intentHash: intents[i].hash, buyAmount: 1_000_000n + BigInt((i * 7919 + s * 104729) % 2000) }]);
  });
  // bundled: one message per solver (at most MAX_BIDS_PER_BUNDLE bids each), as the solver kit sends them
  const bundles = [...unsigned].flatMap(([key, mine]) =>
    Array.from({ length: Math.ceil(mine.length / P.MAX_BIDS_PER_BUNDLE) }, (_, c) =>
      JSON.parse(
        JSON.stringify(P.signBidBundle(mine.slice(c * P.MAX_BIDS_PER_BUNDLE, (c + 1) * P.MAX_BIDS_PER_BUNDLE), key)),
      ),
    ),
  );
  return { auctionId, seed, intents, bids, bundles };
}

async function main() {
  const recoverPerSec = (() => {
    const k = P.createDigestSigner(generatePrivateKey());
    const d = P.keccakHex(enc.encode('bench'));
    const sig = k.signDigest(d);
    return rate(() => P.recoverDigestSigner(d, sig));
  })();
  const signPerSec = (() => {
    const k = P.createDigestSigner(generatePrivateKey());
    const d = P.keccakHex(enc.encode('bench'));
    return rate(() => k.signDigest(d));
  })();
  log(`baselines: recover ${recoverPerSec}/s, sign ${signPerSec}/s (one core)`);
  log(`V8 flags: ${NODE_FLAGS.length ? `${NODE_FLAGS.join(' ')} (the auctioneer's, deploy/node-flags.json)` : 'none'}`);

  const dbName = `im_bench_auction_${process.pid}`;
  const admin = new Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const storage = await openStorage({ databaseUrl: ADMIN.replace(/\/[^/]*$/, `/${dbName}`) });
  const clock = { t: Date.now() - 3 * 24 * 3600_000, now: () => clock.t };
  const auctioneer = P.createDigestSigner(generatePrivateKey());
  const swapper = P.createDigestSigner(generatePrivateKey());
  const { trust, keys } = market(auctioneer, clock);
  const steps = {
    verify: [],
    score: [],
    candidates: [],
    selectWinners: [],
    decision: [],
    signAwards: [],
    seal: [],
    store: [],
    closeToStored: [],
    closeWithoutStore: [],
  };
  // main-thread GC pauses, to tell a decision's GC tail from its own work (perf_hooks 'gc' entries)
  const gcPauses = [];
  const decisionSpans = [];
  // the heap's growth across each decision: what it allocated when no GC ran inside it
  const heapGrowth = [];
  const gcObserver = new PerformanceObserver((list) =>
    list.getEntries().forEach((e) => gcPauses.push([e.startTime, e.startTime + e.duration, e.detail?.kind ?? 0])),
  );
  gcObserver.observe({ entryTypes: ['gc'] });
  let head = { seq: 0, recordHash: P.GENESIS_RECORD_HASH };
  let last;
  let bidCount = 0;
  try {
    for (let it = 0; it < WARMUP + ITER; it++) {
      const openedAt = clock.t;
      const a = makeAuction(it, auctioneer, head, keys, swapper, openedAt);
      bidCount = opt.bundled ? a.bundles.reduce((n, m) => n + m.bids.length, 0) : a.bids.length;
      await storage.intents.insertMany(
        a.intents.map((e) => ({ hash: e.hash, intent: P.serializeIntent(e.intent), signature: e.signature })),
      );
      const fanout = trust.fanout.plan(a.seed, [{ chainId: 1 }]);
      const closesAt = openedAt + 1000;

      // at open, as the auctioneer does: the price table and scoring terms, so bids are scored as they arrive
      const referencePrices = A.referencePricesFor(a.intents.map((e) => e.intent));
      const terms = A.auctionTerms(a.intents, referencePrices);
      // on arrival (spread over the bid window, never redone at close): parse, hash, recover, seat rule, count, score
      let t = now();
      const book = new A.AuctionBook({
        auctionId: a.auctionId,
        closesAt,
        minBuyAmounts: new Map(a.intents.map((e) => [e.hash, e.intent.minBuyAmount])),
        isRegistered: (s) => trust.registry.isRegistered(s),
        operatorOf: (s) => trust.registry.operatorOf(s),
        invitations: fanout.invitations,
        chainOf: () => 1,
        seed: a.seed,
        terms,
      });
      a.bids.forEach((b, i) => book.add(b, openedAt + 1 + (i % 900)));
      a.bundles.forEach((m, i) => book.addBundle(m, openedAt + 1 + (i % 900)));
      const verify = now() - t;

      // at close: the decision (counted bids, prices and terms, then scores, fairness, winners and reference scores),
      // then sign awards and build the body, seal, store
      t = now();
      const heapBefore = getHeapStatistics().used_heap_size;
      const candidates = book.candidates();
      const t1 = now();
      const result = A.selectWinners({ intents: terms, bids: candidates, seed: a.seed });
      const decision = now() - t;
      const heapAfter = getHeapStatistics().used_heap_size;
      if (it >= WARMUP) {
        decisionSpans.push([t, t + decision]);
        heapGrowth.push(heapAfter - heapBefore);
      }
      const candidatesMs = t1 - t;
      const t2 = now();
      const { body, awarded, intentLeaves } = A.buildAuctionRecord(
        {
          auctionId: a.auctionId,
          openedAt,
          closedAt: closesAt + 1,
          bidWindowMs: 1000,
          seed: a.seed,
          intents: a.intents,
          referencePrices,
          solvers: fanout.solvers,
          fanout: fanout.record,
          bids: book.bids,
          bundles: book.bundles,
          candidates,
          duplicateBids: book.duplicateBids,
          settleWindowSec: 600,
          result,
        },
        auctioneer,
      );
      const signAwards = now() - t2;
      const t3 = now();
      const record = A.sealAuctionRecord(body, head, auctioneer, book.bidLeaves, intentLeaves);
      const seal = now() - t3;
      const t4 = now();
      await storage.auctions.append(
        record,
        a.intents.map((e) => ({
          hash: e.hash,
          status: awarded.has(e.hash) ? 'awarded' : 'unfilled',
          auctionId: a.auctionId,
        })),
      );
      const store = now() - t4;
      // scoring alone (the same work is inside selectWinners), to show its share
      const t5 = now();
      const termMap = new Map(terms.map((x) => [x.hash, x]));
      for (const c of candidates) A.scoreBid(c, termMap);
      const score = now() - t5;
      head = { seq: record.seq, recordHash: record.recordHash };
      last = record;
      clock.t += 2000;
      if (it < WARMUP) continue;
      const closeWithoutStore = decision + signAwards + seal;
      Object.entries({
        verify,
        score,
        candidates: candidatesMs,
        selectWinners: decision - candidatesMs,
        decision,
        signAwards,
        seal,
        store,
        closeToStored: closeWithoutStore + store,
        closeWithoutStore,
      }).forEach(([k, v]) => steps[k].push(v));
      if ((it - WARMUP) % 10 === 9)
        log(
          `iteration ${it - WARMUP + 1}/${ITER}: decision ${r2(decision)} ms, sign ${r2(signAwards)} ms, seal ${r2(seal)} ms, store ${r2(store)} ms`,
        );
    }

    // verifyAuction: the full 1,000 x 10 record (every bid's, intent's and award's signature rechecked), and a small one
    const big = [];
    for (let i = 0; i < 1; i++) {
      const t = now();
      const v = A.verifyAuction(last, { auctioneer: auctioneer.address });
      big.push(now() - t);
      if (!v.ok) throw new Error(`bench record fails verifyAuction: ${JSON.stringify(v.problems.slice(0, 3))}`);
    }
    const small = smallRecord(auctioneer, trust, keys, swapper, clock);
    let n = 0;
    const t = now();
    while (now() - t < 1500) {
      if (!A.verifyAuction(small, { auctioneer: auctioneer.address }).ok)
        throw new Error('small record fails verifyAuction');
      n++;
    }
    const smallPerSec = Math.round(n / ((now() - t) / 1000));
    const recordBytes = Buffer.byteLength(JSON.stringify(last));
    await new Promise((r) => setImmediate(r)); // the observer's last entries
    gcObserver.disconnect();
    const overlap = ([a, b], [s, e]) => Math.max(0, Math.min(b, e) - Math.max(a, s));
    const gcInside = decisionSpans.map((d) => gcPauses.reduce((sum, g) => sum + overlap(d, g), 0));
    // the kinds of pause that landed inside decisions (scavenge, mark-compact, incremental marking step)
    const KIND = {
      [perfConstants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
      [perfConstants.NODE_PERFORMANCE_GC_MAJOR]: 'markCompact',
      [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incrementalMarking',
      [perfConstants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakCallbacks',
    };
    const gcKinds = {};
    for (const d of decisionSpans)
      for (const g of gcPauses) {
        const ms = overlap(d, g);
        if (ms <= 0) continue;
        const k = (gcKinds[KIND[g[2]] ?? 'other'] ??= { count: 0, ms: 0 });
        k.count++;
        k.ms = r2(k.ms + ms);
      }
    const noGc = heapGrowth.filter((_, i) => gcInside[i] === 0);

    const out = {
      bench: 'auction',
      // the V8 flags this run had: the auctioneer's (deploy/node-flags.json) unless --node-flags off
      nodeFlags: process.execArgv.filter((f) => !f.startsWith('--trace')),
      shape: {
        intents: N,
        solvers: S,
        bids: bidCount,
        bundled: !!opt.bundled,
        batchBids: S,
        iterations: ITER,
        recordBytes,
        winners: last.winners.length,
        awards: last.awards.length,
      },
      decision: {
        ...stat(steps.decision),
        targetP99Ms: 25,
        met: pct(steps.decision, 99) <= 25,
        // what of each decision's wall time was a main-thread GC pause: the rest of a tail is the work or preemption
        gcPauseMs: stat(gcInside),
        withoutGcPauseMs: stat(steps.decision.map((d, i) => d - gcInside[i])),
        // pauses inside the measured decisions by kind: count and total ms over all iterations
        gcPausesInside: gcKinds,
        decisionsWithGc: gcInside.filter((x) => x > 0).length,
        // heap growth across a decision without a GC inside it: about what one decision allocates
        allocatedKB: noGc.length ? Math.round(pct(noGc, 50) / 1024) : null,
        note: 'deciding who wins at close: book.candidates() + selectWinners (ranking, fairness filter, greedy winners, reference scores); prices and terms are fixed at open and each bid is scored as it arrives, as in the auctioneer',
      },
      closeToStored: timed(
        steps.closeToStored,
        'decision + signAwards + seal + store: from window close to the record stored',
      ),
      closeWithoutStoreMs: stat(steps.closeWithoutStore),
      stepsMs: {
        verifyOnArrival: {
          ...stat(steps.verify),
          perBidUs: r2((pct(steps.verify, 50) * 1000) / bidCount),
          note: 'during the bid window, per bid as it arrives; never redone at close',
        },
        candidates: timed(steps.candidates, 'book.candidates() (inside decision)'),
        selectWinners: timed(
          steps.selectWinners,
          'scores, fairness filter, greedy winners, reference scores (inside decision)',
        ),
        scoreOnly: timed(
          steps.score,
          'scoreBid over every counted bid, timed apart (the auctioneer does this as each bid arrives, not at close)',
        ),
        signAwards: timed(steps.signAwards, 'one EIP-712 award signature per won intent, and the record body'),
        seal: timed(steps.seal, 'record hash (bids already hashed on arrival) and the record signature'),
        store: timed(
          steps.store,
          'AuctionRepository.append: one PostgreSQL statement (record, awards, audit index, statuses)',
        ),
      },
      verifyAuction: {
        fullRecordMs: r2(pct(big, 50)),
        fullRecordsPerSec: r2(1000 / pct(big, 50)),
        smallRecordsPerSec: smallPerSec,
        small: '10 intents x 3 solvers',
      },
      baseline: { recoverPerSec, signPerSec },
      ratios: {
        verifyOnArrivalBidsPerSecOverRecover: r2(bidCount / (pct(steps.verify, 50) / 1000) / recoverPerSec),
        signAwardsOverRawSigning: r2(last.awards.length / (pct(steps.signAwards, 50) / 1000) / signPerSec),
        fullVerifyAuctionSignaturesPerSecOverRecover: r2((bidCount + 2 * N) / (pct(big, 50) / 1000) / recoverPerSec),
      },
    };
    process.stdout.write(JSON.stringify(out, null, opt.json ? 0 : 2) + '\n');
  } finally {
    await storage.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.end();
  }
}

/** A typical small auction (10 intents, 3 of the solvers), built the same way, for verifyAuction records/s. */
function smallRecord(auctioneer, trust, keys, swapper, clock) {
  const openedAt = clock.t;
  const head = { seq: 0, recordHash: P.GENESIS_RECORD_HASH };
  const auctionId = P.deriveAuctionId(auctioneer.address, 1, openedAt);
  const seed = P.keccakHex(enc.encode(auctionId + head.recordHash));
  const deadline = Math.floor(openedAt / 1000) + 3600;
  const intents = signedIntents(swapper, { count: 10, firstNonce: 10n ** 9n, minBuyAmount: 1000n, deadline });
  const fanout = trust.fanout.plan(seed, [{ chainId: 1 }]);
  const book = new A.AuctionBook({
    auctionId,
    closesAt: openedAt + 1000,
    minBuyAmounts: new Map(intents.map((e) => [e.hash, e.intent.minBuyAmount])),
    isRegistered: (s) => trust.registry.isRegistered(s),
    operatorOf: (s) => trust.registry.operatorOf(s),
    invitations: fanout.invitations,
    chainOf: () => 1,
  });
  keys.slice(0, 3).forEach((key, s) =>
    intents.forEach((e, i) => {
      const bid = {
        auctionId,
        solver: key.address,
        fills: [{ intentHash: e.hash, buyAmount: 1000n + BigInt((i * 31 + s * 17) % 50) }],
        routeHash: seed,
        validUntil: deadline,
      };
      book.add(
        JSON.parse(JSON.stringify(P.serializeSignedBid({ bid, signature: key.signDigest(P.hashBid(bid)) }))),
        openedAt + 1 + i,
      );
    }),
  );
  const { body } = A.buildAuctionRecord(
    {
      auctionId,
      openedAt,
      closedAt: openedAt + 1001,
      bidWindowMs: 1000,
      seed,
      intents,
      referencePrices: A.referencePricesFor(intents.map((e) => e.intent)),
      solvers: fanout.solvers,
      fanout: fanout.record,
      bids: book.bids,
      candidates: book.candidates(),
      duplicateBids: 0,
      settleWindowSec: 600,
    },
    auctioneer,
  );
  return A.sealAuctionRecord(body, head, auctioneer);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
