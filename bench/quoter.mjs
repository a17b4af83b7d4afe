// Warm quoter benchmark: findBestRoute vs createQuoter side by side, same requests, same run.
// Prints ONE JSON object. Build first: node scripts/build.mjs   (BENCH_QUICK=1 for a short run)
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quantile as pct, r3, requestWorth, rng } from './lib/common.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const R = require(join(root, 'libs/routing/dist/index.js'));

const QUICK = process.env.BENCH_QUICK === '1';
const POOLS = 300;
const REQUESTS = QUICK ? 300 : 2000;
const PROFILES = {
  direct: { maxHops: 1, maxSplits: 1 },
  multihop: { maxHops: 3, maxSplits: 1 },
  split: { maxHops: 4, maxSplits: 8 },
};
// Six pairs, same-chain and cross-chain, as an auction's intents mostly are.
const PAIRS = [
  ['WETH', 1, 'USDC', 1],
  ['USDC', 1, 'WBTC', 1],
  ['USDT', 42161, 'WETH', 42161],
  ['DAI', 10, 'USDT', 10],
  ['WETH', 1, 'USDC', 10],
  ['WBTC', 42161, 'USDC', 1],
];

const r6 = (x) => (x === null ? null : Math.round(x * 1e6) / 1e6);

/** Requests over the six pairs, $100 to $1M log-uniform. */
function makeRequests(market, n, seed) {
  const rnd = rng(seed);
  const out = [];
  for (let k = 0; k < n; k++) {
    const [ss, sc, bs, dc] = PAIRS[Math.floor(rnd() * PAIRS.length)];
    const s = R.findToken(market, sc, ss);
    const b = R.findToken(market, dc, bs);
    out.push(requestWorth(s, b, Math.exp(Math.log(100) + rnd() * Math.log(10_000))));
  }
  return out;
}

/** The reference solver's per-intent rule: same-chain swaps stay on their chain, cross-chain ones take one bridge. */
const perIntent = (r) => (r.sourceChainId === r.destinationChainId ? { allowBridges: false } : { maxBridges: 1 });

/** Output net of gas, in buy-token units (gas is reported in sell-token units; converted at the route's own rate). */
const netOut = (route) => Number(route.amountOut) * (1 - Number(route.gasCostInSellToken) / Number(route.amountIn));

function time(fn) {
  const t0 = performance.now();
  const v = fn();
  return [v, performance.now() - t0];
}

function benchProfile(market, name, profile, reqs) {
  const quoter = R.createQuoter(market, profile);
  const fbrMs = [];
  const qMs = [];
  const hitMs = [];
  const outRatio = [];
  const netRatio = [];
  let bothNull = 0;
  let mismatchNull = 0;
  let exactMismatch = 0;
  for (const r of reqs) {
    const opts = { ...profile, ...perIntent(r) };
    const hitsBefore = quoter.stats().hits;
    const [q, tq] = time(() => quoter.quote(r, perIntent(r)));
    const [f, tf] = time(() => R.findBestRoute(market, r, opts));
    fbrMs.push(tf);
    qMs.push(tq);
    if (quoter.stats().hits > hitsBefore) hitMs.push(tq);
    if (!q && !f) {
      bothNull++;
      continue;
    }
    if (!q || !f) {
      mismatchNull++;
      continue;
    }
    outRatio.push(Number(q.amountOut) / Number(f.amountOut));
    netRatio.push(netOut(q) / netOut(f));
    if (q.paths.reduce((s, p) => s + p.amountOut, 0n) !== q.amountOut) exactMismatch++;
  }
  const s = quoter.stats();
  // Second pass over the same requests: every (pair, octave) is cached by now.
  const warmMs = [];
  for (const r of reqs) warmMs.push(time(() => quoter.quote(r, perIntent(r)))[1]);
  const warmHits = quoter.stats().hits - s.hits;
  const p50f = pct(fbrMs, 0.5);
  return {
    profile: name,
    options: profile,
    requests: reqs.length,
    findBestRouteMs: { p50: r3(p50f), p99: r3(pct(fbrMs, 0.99)) },
    quoterFirstPassMs: {
      p50: r3(pct(qMs, 0.5)),
      p99: r3(pct(qMs, 0.99)),
      note: 'includes the misses that fill the cache',
    },
    quoterHitMs: { p50: r3(pct(hitMs, 0.5)), p99: r3(pct(hitMs, 0.99)), samples: hitMs.length },
    quoterWarmPassMs: { p50: r3(pct(warmMs, 0.5)), p99: r3(pct(warmMs, 0.99)) },
    speedupP50: { firstPass: r3(p50f / pct(qMs, 0.5)), warm: r3(p50f / pct(warmMs, 0.5)) },
    speedupTotalTimeFirstPass: r3(fbrMs.reduce((a, b) => a + b, 0) / qMs.reduce((a, b) => a + b, 0)),
    outputRatioQuoterOverFindBestRoute: {
      min: r6(Math.min(...outRatio)),
      p1: r6(pct(outRatio, 0.01)),
      median: r6(pct(outRatio, 0.5)),
      max: r6(Math.max(...outRatio)),
      belowOne: outRatio.filter((x) => x < 1).length,
      below0999: outRatio.filter((x) => x < 0.999).length,
    },
    netOfGasRatio: { min: r6(Math.min(...netRatio)), median: r6(pct(netRatio, 0.5)) },
    nullBoth: bothNull,
    nullOnlyOne: mismatchNull,
    sumOfPathsMismatch: exactMismatch,
    stats: {
      firstPass: { hits: s.hits, misses: s.misses, fallbacks: s.fallbacks, noRoute: s.noRoute, entries: s.entries },
      warmPassHits: warmHits,
    },
  };
}

const started = performance.now();
const market = R.generateMarket({ seed: 2026, poolCount: POOLS });
const reqs = makeRequests(market, REQUESTS, 7);
// JIT warm-up on other requests, both engines.
{
  const q = R.createQuoter(market, PROFILES.split);
  for (const r of makeRequests(market, 60, 8)) {
    R.findBestRoute(market, r, { ...PROFILES.split, ...perIntent(r) });
    q.quote(r, perIntent(r));
  }
}
const results = Object.entries(PROFILES).map(([name, p]) => benchProfile(market, name, p, reqs));
console.log(
  JSON.stringify(
    {
      bench: 'quoter',
      node: process.version,
      pools: POOLS,
      pairs: PAIRS.map(([a, c, b, d]) => `${a}@${c}->${b}@${d}`),
      requestMix: `${REQUESTS} requests, pair uniform, $100-$1M log-uniform; per intent: same-chain allowBridges false, cross-chain maxBridges 1; chain gas prices`,
      results,
      totalSeconds: r3((performance.now() - started) / 1000),
    },
    null,
    2,
  ),
);
