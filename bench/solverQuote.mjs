// bench:solver-quote: the reference solvers' quote step alone (createReferenceQuote: warm quoter, route hash, one draft per
// intent) on the pipeline's market, this build and another side by side in one process, rounds interleaved; median round
// per profile in us of process CPU per intent. Every measured round also checks that both builds drafted the same bids
// (buy amount and route hash, which commits to every leg, pool and amount).
//   node bench/solverQuote.mjs --base <dir of another built checkout> [--rounds 100] [--intents 100]
import { loadBuild } from './lib/builds.mjs';
import { pipelinePairs } from './lib/marketplace.mjs';
import { parseArgs } from 'node:util';
const { values: opt } = parseArgs({
  options: {
    base: { type: 'string' },
    rounds: { type: 'string', default: '100' },
    intents: { type: 'string', default: '100' },
  },
});
if (!opt.base) throw new Error('--base <dir>: a built checkout to compare with (node scripts/build.mjs there)');
const branchDir = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const ROUNDS = Number(opt.rounds),
  N = Number(opt.intents),
  WARM = 5;
const builds = [opt.base, branchDir].map((dir) => loadBuild(dir, { P: 'libs/protocol', S: 'apps/solver' }));
for (const b of builds) await b.P.keccakReady?.();
const { market, pairs } = pipelinePairs();
let seed = 12345;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
let nonce = 0;
const someone = '0x' + '1'.repeat(40);
// the pipeline's four pairs at 2,000 USD +-25%, six-digit amounts (no two alike: every quote routes, none is a memo hit)
const makeIntent = () => {
  const i = nonce++;
  const q = pairs[i % pairs.length];
  const pm = 750_000n + BigInt(Math.floor(rand() * 500_001));
  const intent = {
    swapper: someone,
    sellToken: q.s.address,
    sellAmount: (q.sellAmount * pm) / 1_000_000n,
    buyToken: q.b.address,
    minBuyAmount: 1n,
    recipient: someone,
    sourceChainId: q.sc,
    destinationChainId: q.dc,
    nonce: BigInt(i),
    deadline: 2_000_000_000,
  };
  return { hash: '0x' + i.toString(16).padStart(64, '0'), intent, signature: '0x' };
};
const auctions = Array.from({ length: ROUNDS + WARM }, () => ({ intents: Array.from({ length: N }, makeIntent) }));
const same = (a, b) =>
  a.length === b.length &&
  a.every((d, k) => d.routeHash === b[k].routeHash && d.fills[0].buyAmount === b[k].fills[0].buyAmount);
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const rows = [];
for (const profile of ['direct', 'multihop', 'split']) {
  const quotes = builds.map((b) => b.S.createReferenceQuote({ market, profile, marginBps: 0 }));
  const us = [[], []];
  for (let r = 0; r < auctions.length; r++) {
    const drafts = [];
    for (const k of r % 2 ? [1, 0] : [0, 1]) {
      const s = process.cpuUsage();
      drafts[k] = quotes[k](auctions[r], { deadline: Date.now() + 3_600_000 });
      const d = process.cpuUsage(s);
      if (r >= WARM) us[k].push((d.user + d.system) / N);
    }
    if (drafts[0].length !== N || !same(drafts[0], drafts[1]))
      throw new Error(`${profile}: the builds drafted different bids in round ${r}`);
  }
  const [a, b] = us.map(med);
  rows.push({
    solver: profile,
    baseUsPerIntent: +a.toFixed(1),
    branchUsPerIntent: +b.toFixed(1),
    ratio: +(a / b).toFixed(2),
  });
}
console.log(
  JSON.stringify(
    { bench: 'solverQuote', intents: N, rounds: ROUNDS, base: opt.base, sameBids: true, usPerIntent: rows },
    null,
    2,
  ),
);
