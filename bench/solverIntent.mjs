// bench:solver-intent: the three reference solvers' CPU per intent for one whole auction each (decode and check the
// signed open, route every intent with the profile's quoter, sign the bid bundle, send it, pass), through the solver
// kit's own createSolver on an in-process bus, with another build of the repository side by side in this process,
// rounds interleaved; median round per profile, in us per intent (process CPU time, not wall time).
//   node --expose-gc bench/solverIntent.mjs --base <dir of another built checkout> [--intents 100] [--rounds 9]
//                                           [--repeat 0] [--again 0]
//   --repeat: share of each auction's intents that repeat an earlier intent's pair and exact amount (0: none; the
//             pipeline's intent factory repeats every (pair, amount) after 2,004 intents)
//   --again: share of each auction's intents that an earlier auction carried, sent again unchanged (requeued or
//            unfilled intents; the pipeline requeues a few in a hundred, an overloaded one most)
import { loadBuild } from './lib/builds.mjs';
import { pipelinePairs } from './lib/marketplace.mjs';
import { parseArgs } from 'node:util';
const { values: opt } = parseArgs({
  options: {
    base: { type: 'string' },
    intents: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '9' },
    repeat: { type: 'string', default: '0' },
    again: { type: 'string', default: '0' },
  },
});
if (!opt.base) throw new Error('--base <dir>: a built checkout to compare with (node scripts/build.mjs there)');
const branchDir = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const N = Number(opt.intents),
  ROUNDS = Number(opt.rounds),
  REPEAT = Number(opt.repeat),
  AGAIN = Number(opt.again);
const PROFILES = ['direct', 'multihop', 'split'];
const load = (dir) =>
  loadBuild(dir, {
    P: 'libs/protocol',
    M: 'libs/messaging',
    K: 'libs/solver-kit',
    S: 'apps/solver',
    viem: 'viem/accounts',
  });
const builds = [load(opt.base), load(branchDir)];
const { P } = builds[1];
const { generatePrivateKey } = builds[1].viem;

// the pipeline's market and pairs: seed 7, 300 pools, four pairs, 2,000 USD a trade (+-25% here)
const { market, pairs } = pipelinePairs();
const traders = Array.from({ length: 20 }, () => P.createDigestSigner(generatePrivateKey()));
let seed = 12345;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
let nonce = 0;
const made = [];
const makeIntent = () => {
  if (made.length && rand() < REPEAT) {
    const { intent: x } = made[Math.floor(rand() * made.length)];
    return { ...x, nonce: BigInt(nonce++) };
  }
  const q = pairs[nonce % pairs.length];
  const k = traders[nonce % traders.length];
  const pm = 750_000n + BigInt(Math.floor(rand() * 500_001)); // 0.75 .. 1.25, six digits: no two alike
  return {
    swapper: k.address,
    sellToken: q.s.address,
    sellAmount: (q.sellAmount * pm) / 1_000_000n,
    buyToken: q.b.address,
    minBuyAmount: 1n,
    recipient: k.address,
    sourceChainId: q.sc,
    destinationChainId: q.dc,
    nonce: BigInt(nonce++),
    deadline: 2_000_000_000,
  };
};
const auctioneer = P.createDigestSigner(generatePrivateKey());
const sent = [];
const makeOpen = (round) => {
  const inThis = new Set();
  const intents = Array.from({ length: N }, () => {
    if (AGAIN > 0 && sent.length && rand() < AGAIN) {
      const e = sent[Math.floor(rand() * sent.length)];
      if (!inThis.has(e)) return (inThis.add(e), e);
    }
    const intent = makeIntent();
    const hash = P.hashIntent(intent);
    const signed = { hash, intent: P.serializeIntent(intent), signature: traders[0].signDigest(hash) };
    made.push({ intent });
    if (AGAIN > 0) {
      sent.push(signed);
      inThis.add(signed);
    }
    return signed;
  });
  const openedAt = Date.now();
  const open = {
    auctionId: P.deriveAuctionId(auctioneer.address, round + 1, openedAt),
    auctioneer: auctioneer.address,
    openedAt,
    bidWindowMs: 60_000,
    intents,
  };
  return P.signAuctionOpen(open, auctioneer);
};
// two warm-up auctions (cold route searches, JIT), then the measured rounds; every build sees the same auctions
const opens = Array.from({ length: ROUNDS + 2 }, (_, r) => makeOpen(r));

async function startSolvers(b) {
  const messaging = b.M.createInProcessMessaging({ prefix: 'bench.' });
  const solvers = {};
  for (const profile of PROFILES) {
    const quote = b.S.createReferenceQuote({ market, profile, marginBps: 0 });
    const solver = await b.K.createSolver({
      privateKey: generatePrivateKey(),
      quote,
      messaging,
      auctioneers: [auctioneer.address],
    });
    solvers[profile] = solver;
  }
  // the auctioneer's side, kept minimal so its CPU hardly counts: a bid message gets an empty receipt list, a pass ends the auction
  let onPass = () => undefined;
  const empty = new TextEncoder().encode('{"receipts":[]}');
  messaging.bus.subscribe(messaging.subjects.auctionBid('*'), (m) => {
    m.respond?.(empty);
    if (m.data.length < 1000 && new TextDecoder().decode(m.data).includes('"pass"')) onPass();
  });
  return {
    messaging,
    solvers,
    /** CPU ms (this process) from publishing the open to the solver's pass. */
    run: (profile, open) =>
      new Promise((resolve) => {
        const bytes = b.M.encodeJson(open);
        const before = { bids: solvers[profile].stats.bidsSent };
        const s = process.cpuUsage();
        onPass = () => {
          const d = process.cpuUsage(s);
          resolve({ ms: (d.user + d.system) / 1000, bids: solvers[profile].stats.bidsSent - before.bids });
        };
        messaging.bus.publish(messaging.subjects.solverAuction(solvers[profile].address), bytes);
      }),
  };
}

// a build whose keccak compiles to WebAssembly switches to it when ready: measure what a running solver uses
const keccak = [];
for (const b of builds) keccak.push((await b.P.keccakReady?.())?.name ?? b.P.keccakBackend().name);
const rigs = [];
for (const b of builds) rigs.push(await startSolvers(b));
const results = builds.map(() => Object.fromEntries(PROFILES.map((p) => [p, []])));
for (let r = 0; r < opens.length; r++)
  for (const i of r % 2 ? [1, 0] : [0, 1])
    for (const profile of PROFILES) {
      // each build starts its auction without the other's garbage (node --expose-gc); then a pause, so V8's helper
      // threads finish sweeping that full collection before the measured window (process CPU counts them: left in,
      // they were about 150 us per intent of every round, more than the solver's own work)
      globalThis.gc?.();
      await new Promise((r) => setTimeout(r, 30));
      const x = await rigs[i].run(profile, opens[r]);
      if (x.bids !== N) throw new Error(`${profile} in ${builds[i].dir} bid on ${x.bids} of ${N} intents`);
      if (r >= 2) results[i][profile].push(x.ms);
    }
for (const rig of rigs) {
  for (const s of Object.values(rig.solvers)) await s.close();
  await rig.messaging.close();
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = PROFILES.map((p) => {
  const a = (med(results[0][p]) * 1000) / N,
    b = (med(results[1][p]) * 1000) / N;
  return { solver: p, baseUsPerIntent: +a.toFixed(1), branchUsPerIntent: +b.toFixed(1), ratio: +(a / b).toFixed(2) };
});
const sum = (k) => +rows.reduce((s, r) => s + r[k], 0).toFixed(1);
rows.push({
  solver: 'sum',
  baseUsPerIntent: sum('baseUsPerIntent'),
  branchUsPerIntent: sum('branchUsPerIntent'),
  ratio: +(sum('baseUsPerIntent') / sum('branchUsPerIntent')).toFixed(2),
});
console.log(
  JSON.stringify(
    {
      bench: 'solverIntent',
      intents: N,
      rounds: ROUNDS,
      repeat: REPEAT,
      again: AGAIN,
      base: opt.base,
      keccak,
      usPerIntent: rows,
    },
    null,
    2,
  ),
);
