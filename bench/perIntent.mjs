// bench:per-intent: the pipeline's per-intent CPU apart from routing, I/O and the API's signature recovery, for one
// auction of N intents and three solvers (api parse and intake seal; auctioneer intake (its own recovery, or the seal),
// signed open, bundle intake, close, seal, result;
// each solver's open check and bid bundle), with another build of the repository side by side in this process,
// rounds interleaved; the median round per step, in us per intent.
//   node --expose-gc bench/perIntent.mjs --base <dir of another built checkout> [--intents 100] [--rounds 9]
import { loadBuild } from './lib/builds.mjs';
import { signedIntents } from './lib/signedIntents.mjs';
import { parseArgs } from 'node:util';
const { values: opt } = parseArgs({
  options: {
    base: { type: 'string' },
    intents: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '9' },
  },
});
if (!opt.base) throw new Error('--base <dir>: a built checkout to compare with (node scripts/build.mjs there)');
const baseDir = opt.base;
const branchDir = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const N = Number(opt.intents),
  ROUNDS = Number(opt.rounds);
const load = (dir) =>
  loadBuild(dir, { P: 'libs/protocol', A: 'libs/auction', M: 'libs/messaging', viem: 'viem/accounts' });
const builds = [load(baseDir), load(branchDir)];
// a build whose keccak compiles to WebAssembly switches to it when ready (a running process does): wait for it
const keccak = [];
for (const b of builds) keccak.push((await b.P.keccakReady?.())?.name ?? b.P.keccakBackend().name);
const { P, viem } = builds[0];
const auctioneer = P.createDigestSigner(viem.generatePrivateKey());
const solvers = [0, 1, 2].map(() => P.createDigestSigner(viem.generatePrivateKey()));
const traders = Array.from({ length: 20 }, () => P.createDigestSigner(viem.generatePrivateKey()));
const enc = (x) => new TextEncoder().encode(JSON.stringify(x));
const intakeKey = new Uint8Array(32).fill(7);
const signed = signedIntents(P, traders, N);
const hashes = signed.map((s) => s.hash);
const wire = signed.map((s) => enc(s.json));

function auctionOnce(b, sink) {
  const { P, A, M } = b;
  // a build from before opens were signed over their intent hashes (auctionOpenDigest) signs their canonical JSON
  const digestOpens = !!P.signAuctionOpen;
  const t = {};
  // CPU time, not wall time: on a shared machine a step preempted by other work is not charged for the wait
  const lap = (k, f) => {
    const s = process.cpuUsage();
    const r = f();
    const d = process.cpuUsage(s);
    t[k] = (t[k] ?? 0) + (d.user + d.system) / 1000;
    return r;
  };
  // a build with the intake seal (INTAKE_KEY) seals at the API and opens the seal at the auctioneer instead of
  // hashing and recovering there again
  const sealed = !!M.openIntakeSeal;
  // api: each POSTed intent read and checked, and sealed (the API's own hash and recovery left out: the same in both)
  const seals = lap('api parse', () =>
    wire.map((w, i) => {
      const s = P.parseSignedIntent(M.decodeJson(w));
      return sealed ? M.sealIntake(intakeKey, hashes[i], s.intent.swapper, w) : undefined;
    }),
  );
  // auctioneer: each stream message parsed, then its seal opened, or hashed and its signature recovered (#16)
  const held = lap('auctioneer onIntent', () =>
    wire.map((w, i) => {
      const s = P.parseSignedIntent(M.decodeJson(w));
      const fromSeal = sealed ? M.openIntakeSeal(intakeKey, seals[i], s.intent.swapper, w) : undefined;
      const hash = fromSeal ?? P.hashIntent(s.intent);
      if (!fromSeal && P.recoverDigestSigner(hash, s.signature) !== s.intent.swapper) throw new Error('bad signature');
      return { hash, intent: s.intent, signature: s.signature };
    }),
  );
  const openedAt = Date.now();
  const auctionId = P.deriveAuctionId(auctioneer.address, 1, openedAt);
  // auctioneer: the signed open
  let offered;
  const openBytes = lap('auctioneer open', () => {
    offered = held.map((p) => ({ hash: p.hash, intent: P.serializeIntent(p.intent), signature: p.signature }));
    const open = { auctionId, auctioneer: auctioneer.address, openedAt, bidWindowMs: 300, intents: offered };
    return M.encodeJson(
      digestOpens ? P.signAuctionOpen(open, auctioneer) : P.signBusMessage('auction.open', open, auctioneer),
    );
  });
  // each solver: read and check the open, then sign its bundle of one bid per intent
  const bundles = solvers.map((s, si) =>
    lap('solvers open+bundle', () => {
      const json = M.decodeJson(openBytes);
      const open = P.parseAuctionOpen(json);
      const ok = digestOpens
        ? P.recoverAuctionOpenSigner(open) === auctioneer.address
        : P.recoverBusMessageSigner('auction.open', json) === auctioneer.address;
      if (!ok) throw new Error('open check failed');
      const bids = open.intents.map((x, i) => ({
        auctionId: open.auctionId,
        solver: s.address,
        fills: [{ intentHash: x.hash, buyAmount: x.intent.minBuyAmount + BigInt(si * 7 + i) }],
        routeHash: P.keccakHex(new Uint8Array([si, i & 255])),
        validUntil: Math.floor(openedAt / 1000) + 60,
      }));
      return M.encodeJson(P.signBidBundle(bids, s));
    }),
  );
  const refs = A.referencePricesFor(held.map((p) => p.intent));
  const terms = A.auctionTerms(held, refs);
  const book = new A.AuctionBook({
    auctionId,
    closesAt: openedAt + 10_000,
    minBuyAmounts: new Map(held.map((p) => [p.hash, p.intent.minBuyAmount])),
    isRegistered: () => true,
    seed: auctionId,
    terms,
  });
  lap('auctioneer bids', () => bundles.forEach((b) => book.addBundle(M.decodeJson(b), openedAt + 5)));
  const record = lap('auctioneer close+seal', () => {
    // intentLeaves: a build with version 5 records (binary intent leaves from the hashes checked at intake)
    const { body, intentLeaves } = A.buildAuctionRecord(
      {
        auctionId,
        openedAt,
        closedAt: openedAt + 300,
        bidWindowMs: 300,
        seed: auctionId,
        intents: held,
        referencePrices: refs,
        terms,
        solvers: solvers.map((s) => ({ solver: s.address, invited: true, reason: 'registered' })),
        bids: book.bids,
        bundles: book.bundles,
        candidates: book.candidates(),
        duplicateBids: 0,
        settleWindowSec: 60,
      },
      auctioneer,
    );
    const head = { seq: 0, recordHash: P.GENESIS_RECORD_HASH };
    return A.sealAuctionRecord(body, head, auctioneer, book.bidLeaves, intentLeaves);
  });
  lap('auctioneer store text', () => JSON.stringify(record));
  lap('auctioneer result', () => {
    const result = {
      auctionId,
      closedAt: record.closedAt,
      recordHash: record.recordHash,
      awards: record.awards,
      unfilled: record.unfilled,
    };
    return M.encodeJson(P.signBusMessage('auction.result', result, auctioneer));
  });
  sink.push({ t, recordHash: record.recordHash, awards: record.awards.length });
}
const results = [[], []];
for (let r = 0; r < ROUNDS + 2; r++)
  for (const i of r % 2 ? [1, 0] : [0, 1]) {
    // each build starts its round without the other's garbage (node --expose-gc)
    globalThis.gc?.();
    auctionOnce(builds[i], r < 2 ? [] : results[i]);
  }
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const keys = Object.keys(results[0][0].t);
const row = (k) => {
  const a = (med(results[0].map((x) => x.t[k])) * 1000) / N,
    b = (med(results[1].map((x) => x.t[k])) * 1000) / N;
  return { step: k, baseUsPerIntent: +a.toFixed(1), branchUsPerIntent: +b.toFixed(1), ratio: +(a / b).toFixed(2) };
};
const rows = keys.map(row);
const tot = (i) => (med(results[i].map((x) => Object.values(x.t).reduce((a, b) => a + b, 0))) * 1000) / N;
rows.push({
  step: 'total',
  baseUsPerIntent: +tot(0).toFixed(1),
  branchUsPerIntent: +tot(1).toFixed(1),
  ratio: +(tot(0) / tot(1)).toFixed(2),
});
// both builds must have produced the same auction: every intent awarded
if (results.some((r) => r[0].awards !== N)) throw new Error('an auction did not award every intent');
console.log(
  JSON.stringify({ bench: 'perIntent', intents: N, rounds: ROUNDS, base: baseDir, keccak, usPerIntent: rows }, null, 2),
);
