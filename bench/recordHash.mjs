// bench:record-hash: the auctioneer's hashing after the decision, alone: the record hash (hashAuctionRecord, bids and
// intents as leaves) and the signed result's digest (busMessageDigest 'auction.result'), on a record of the perIntent
// shape (N intents x S solvers, one award per intent), this build and another side by side in one process, rounds
// alternated; the median round in us per intent. Both builds must give the same hashes.
//   node --expose-gc bench/recordHash.mjs --base <dir of another built checkout> [--intents 100] [--solvers 3] [--rounds 15]
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadBuild } from './lib/builds.mjs';
const { values: opt } = parseArgs({
  options: {
    base: { type: 'string' },
    intents: { type: 'string', default: '100' },
    solvers: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '15' },
  },
});
if (!opt.base) throw new Error('--base <dir>: a built checkout to compare with (node scripts/build.mjs there)');
const N = Number(opt.intents),
  S = Number(opt.solvers),
  ROUNDS = Number(opt.rounds);
const builds = [opt.base, new URL('..', import.meta.url).pathname.replace(/\/$/, '')].map((d) =>
  loadBuild(d, { P: 'libs/protocol' }),
);
for (const b of builds) await b.P.keccakReady?.();
const hex = (n) => '0x' + randomBytes(n).toString('hex');
const auctionId = hex(32);
const solvers = Array.from({ length: S }, () => hex(20));
const hashes = Array.from({ length: N }, () => hex(32));
const awards = hashes.map((h, i) => ({
  award: { auctionId, intentHash: h, solver: solvers[i % S], buyAmount: String(10n ** 18n + BigInt(i)), settleBy: 2e9 },
  signature: hex(65),
}));
const body = {
  version: 5,
  auctionId,
  auctioneer: hex(20),
  openedAt: 1.7e12,
  closedAt: 1.7e12 + 300,
  bidWindowMs: 300,
  seed: auctionId,
  referencePrices: { [hex(20)]: '1000000000000000000' },
  intents: [],
  solvers: solvers.map((s) => ({ solver: s, invited: true, reason: 'registered' })),
  bids: [],
  bundles: solvers.map((s) => ({ solver: s, signature: hex(65), bidCount: N, receivedAt: 1.7e12 + 5 })),
  duplicateBids: 0,
  outcomes: Array.from({ length: N * S }, (_, i) => ({
    index: i,
    score: String(10n ** 15n + BigInt(i)),
    outcome: i % S ? 'OUTBID' : 'WON',
  })),
  winners: hashes.map((h, i) => ({
    intentHash: h,
    solver: solvers[i % S],
    buyAmount: awards[i].award.buyAmount,
    bidIndex: i * S,
  })),
  referenceScores: {},
  awards,
  unfilled: [],
  seq: 1,
  prevRecordHash: hex(32),
};
const intentLeaves = hashes.map(() => hex(32));
const bidLeaves = Array.from({ length: N * S }, () => hex(32));
function once(P) {
  const s = process.cpuUsage();
  const recordHash = P.hashAuctionRecord(body, bidLeaves, intentLeaves);
  const t1 = process.cpuUsage(s);
  const result = { auctionId, closedAt: body.closedAt, recordHash, awards, unfilled: [] };
  const digest = P.busMessageDigest('auction.result', result);
  const t2 = process.cpuUsage(s);
  const us = (d) => (d.user + d.system) / N;
  return { recordHash, digest, record: us(t1), result: us(t2) - us(t1) };
}
const runs = [[], []];
for (let r = 0; r < ROUNDS + 3; r++)
  for (const i of r % 2 ? [1, 0] : [0, 1]) {
    globalThis.gc?.();
    const x = once(builds[i].P);
    if (r >= 3) runs[i].push(x);
  }
if (runs[0][0].recordHash !== runs[1][0].recordHash || runs[0][0].digest !== runs[1][0].digest)
  throw new Error('the builds hash the record or the result differently');
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const row = (k) => {
  const a = med(runs[0].map((x) => x[k])),
    b = med(runs[1].map((x) => x[k]));
  return { step: k, baseUsPerIntent: +a.toFixed(2), branchUsPerIntent: +b.toFixed(2), ratio: +(a / b).toFixed(2) };
};
console.log(
  JSON.stringify({
    bench: 'recordHash',
    intents: N,
    solvers: S,
    rounds: ROUNDS,
    usPerIntent: [row('record'), row('result')],
  }),
);
