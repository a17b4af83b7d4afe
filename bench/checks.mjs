// bench:checks: the auctioneer's message checks alone (no hashing, no signatures), with another build side by side in
// this process, rounds interleaved: an intake group of N signed intents (parseIntakeGroup), a bid bundle of N bids
// (parseBidBundleMessage, then readBundledBid per bid) and N single signed bids (parseSignedBid), each from JSON
// already decoded, and the same from bytes (decodeJson first); the median round per step, in us per intent.
//   node --expose-gc bench/checks.mjs --base <dir of another built checkout> [--intents 100] [--rounds 41]
import { loadBuild } from './lib/builds.mjs';
import { signedIntents } from './lib/signedIntents.mjs';
import { parseArgs } from 'node:util';
const { values: opt } = parseArgs({
  options: {
    base: { type: 'string' },
    intents: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '41' },
  },
});
if (!opt.base) throw new Error('--base <dir>: a built checkout to compare with (node scripts/build.mjs there)');
const branchDir = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const N = Number(opt.intents),
  ROUNDS = Number(opt.rounds);
const load = (dir) => loadBuild(dir, { P: 'libs/protocol', M: 'libs/messaging', viem: 'viem/accounts' });
const builds = [load(opt.base), load(branchDir)];
const { P, viem } = builds[0];
const keys = Array.from({ length: 20 }, () => P.createDigestSigner(viem.generatePrivateKey()));
const solvers = [0, 1, 2].map(() => P.createDigestSigner(viem.generatePrivateKey()));
const enc = (x) => new TextEncoder().encode(JSON.stringify(x));
const signed = signedIntents(P, keys, N);
const hashes = signed.map((s) => s.hash);
const entries = signed.map((s) => ({ hash: s.hash, ...s.json }));
const groupBytes = enc({ intakeGroup: 1, intents: entries });
const auctionId = P.keccakHex(new Uint8Array([1]));
const bids = (s, si) =>
  hashes.map((h, i) => ({
    auctionId,
    solver: s.address,
    fills: [{ intentHash: h, buyAmount: 1000n + BigInt(si * 7 + i) }],
    routeHash: P.keccakHex(new Uint8Array([si, i & 255])),
    validUntil: 2_000_000_000,
  }));
const bundleBytes = solvers.map((s, si) => enc(P.signBidBundle(bids(s, si), s)));
const singleBytes = bids(solvers[0], 0).map((b) =>
  enc(P.serializeSignedBid({ bid: b, signature: solvers[0].signDigest(P.hashBid(b)) })),
);
const groupJson = () => JSON.parse(new TextDecoder().decode(groupBytes));
const bundleJson = () => bundleBytes.map((b) => JSON.parse(new TextDecoder().decode(b)));
const singleJson = () => singleBytes.map((b) => JSON.parse(new TextDecoder().decode(b)));

function once(b, t) {
  const { P, M } = b;
  const lap = (k, f) => {
    const s = process.hrtime.bigint();
    const r = f();
    t[k] = (t[k] ?? 0) + Number(process.hrtime.bigint() - s) / 1000;
    return r;
  };
  // JSON decoded outside the lap: only the checks are timed
  const g = groupJson();
  lap('parseIntakeGroup', () => P.parseIntakeGroup(g));
  const bs = bundleJson();
  lap('bundle (3 solvers)', () =>
    bs.forEach((j) => P.parseBidBundleMessage(j).bids.forEach((x) => P.readBundledBid(x))),
  );
  const ss = singleJson();
  lap('parseSignedBid', () => ss.forEach((j) => P.parseSignedBid(j)));
  lap('decodeJson group', () => M.decodeJson(groupBytes));
  lap('decodeJson bundles', () => bundleBytes.forEach((x) => M.decodeJson(x)));
}
const results = [[], []];
for (let r = 0; r < ROUNDS + 4; r++)
  for (const i of r % 2 ? [1, 0] : [0, 1]) {
    globalThis.gc?.();
    const t = {};
    once(builds[i], t);
    if (r >= 4) results[i].push(t);
  }
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = Object.keys(results[0][0]).map((k) => {
  const a = med(results[0].map((x) => x[k])) / N,
    b = med(results[1].map((x) => x[k])) / N;
  return { step: k, baseUsPerIntent: +a.toFixed(2), branchUsPerIntent: +b.toFixed(2), ratio: +(a / b).toFixed(2) };
});
console.log(
  JSON.stringify({ bench: 'checks', intents: N, rounds: ROUNDS, base: opt.base, usPerIntent: rows }, null, 2),
);
