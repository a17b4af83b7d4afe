// bench:open-check: a solver's admission of one auction open (decode, parse, check the pinned auctioneer's signature
// and every intent against its hash: solver-kit's createOpenCheck), in us per intent, for opens of fresh intents and
// for opens whose intents an earlier auction already carried (requeued), two builds side by side, rounds interleaved.
//   node bench/openCheck.mjs --base <dir of another built checkout> [--intents 200] [--rounds 41]
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
const { values: opt } = parseArgs({
  options: {
    base: { type: 'string' },
    intents: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '41' },
  },
});
if (!opt.base) throw new Error('--base <dir>: a built checkout to compare with (node scripts/build.mjs there)');
const branchDir = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const N = Number(opt.intents),
  ROUNDS = Number(opt.rounds);
const load = (dir) => {
  const r = createRequire(dir + '/package.json');
  return {
    dir,
    P: r(`${dir}/libs/protocol/dist/index.js`),
    M: r(`${dir}/libs/messaging/dist/index.js`),
    check: r(`${dir}/libs/solver-kit/dist/openCheck.js`).createOpenCheck,
  };
};
const builds = [load(opt.base), load(branchDir)];
const { P, M } = builds[1];
const { generatePrivateKey } = createRequire(branchDir + '/package.json')('viem/accounts');
for (const b of builds) await b.P.keccakReady?.();
const auctioneer = P.createDigestSigner(generatePrivateKey());
const swapper = P.createDigestSigner(generatePrivateKey());
let nonce = 0;
const entry = () => {
  const intent = {
    swapper: swapper.address,
    sellToken: `0x${'11'.repeat(20)}`,
    sellAmount: 10n ** 18n + BigInt(nonce),
    buyToken: `0x${'22'.repeat(20)}`,
    minBuyAmount: 1n,
    recipient: swapper.address,
    sourceChainId: 1,
    destinationChainId: 10,
    nonce: BigInt(nonce++),
    deadline: 2_000_000_000,
  };
  const hash = P.hashIntent(intent);
  return { hash, intent: P.serializeIntent(intent), signature: swapper.signDigest(hash) };
};
let auction = 0;
const open = (intents) =>
  M.encodeJson(
    P.signAuctionOpen(
      {
        auctionId: `0x${(++auction).toString(16).padStart(64, '0')}`,
        auctioneer: auctioneer.address,
        openedAt: 1,
        bidWindowMs: 300,
        intents,
      },
      auctioneer,
    ),
  );
const quiet = { warn() {}, info() {}, error() {} };
const checks = builds.map((b) => b.check([auctioneer.address], quiet));
// the same opens for both builds: each round, one of fresh intents, then one carrying those same intents again
const rounds = Array.from({ length: ROUNDS + 3 }, () => {
  const intents = Array.from({ length: N }, entry);
  return { fresh: open(intents), again: open([...intents].reverse()) };
});
const times = builds.map(() => ({ fresh: [], again: [] }));
const admit = (i, bytes) => {
  const t = process.hrtime.bigint();
  const ok = checks[i](builds[i].P.parseAuctionOpen(builds[i].M.decodeJson(bytes)));
  const us = Number(process.hrtime.bigint() - t) / 1000 / N;
  if (!ok) throw new Error('a genuine open was refused');
  return us;
};
rounds.forEach((r, k) => {
  for (const i of k % 2 ? [1, 0] : [0, 1]) {
    const fresh = admit(i, r.fresh);
    const again = admit(i, r.again);
    if (k < 3) continue; // warm-up
    times[i].fresh.push(fresh);
    times[i].again.push(again);
  }
});
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const row = (kind) => {
  const a = med(times[0][kind]),
    b = med(times[1][kind]);
  return { open: kind, baseUsPerIntent: +a.toFixed(2), branchUsPerIntent: +b.toFixed(2), ratio: +(a / b).toFixed(2) };
};
console.log(
  JSON.stringify({
    bench: 'openCheck',
    intents: N,
    rounds: ROUNDS,
    base: opt.base,
    rows: [row('fresh'), row('again')],
  }),
);
