// Routing benchmark: quote latency, quality against the certified dual bound, and @uniswap/v2-sdk side by side.
// Prints ONE JSON object. Build first: npx swc libs/routing/src -d libs/routing/dist --strip-leading-paths
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quantile as pct, r3, requestWorth, rng } from './lib/common.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'libs/routing/dist');
// swc's --strip-leading-paths keeps "routing/src" when run from the repo root; accept either layout.
const candidates = [join(dist, 'index.js'), join(dist, 'routing/src/index.js')];
if (!candidates.some(existsSync))
  execFileSync('npx', ['swc', 'src', '-d', 'dist', '--strip-leading-paths', '--config-file', '../../.swcrc'], {
    cwd: join(root, 'libs/routing'),
    stdio: 'ignore',
  });
const R = require(candidates.find(existsSync));
// ROUTING_DIST=<dir>/index.js measures another build of the router (e.g. the previous commit) on the very same
// markets, requests and bounds: markets, the high-impact selection and the bounds always come from this build.
const Q = process.env.ROUTING_DIST ? require(process.env.ROUTING_DIST) : R;
// ROUTING_BASE=<dir>/index.js: a second build measured beside Q in the same process on the high-impact mix
// (interleaved, per request), so a loaded machine slows both alike. BENCH_DIAG=1 prints the worst cases.
const B = process.env.ROUTING_BASE ? require(process.env.ROUTING_BASE) : null;
// ROUTING_FLOW=0: this build without the pool-flow allocator (FLOW_TUNING.enabled), the plain splits only.
if (process.env.ROUTING_FLOW === '0') Q.FLOW_TUNING.enabled = false;
const DIAG = process.env.BENCH_DIAG === '1';
// BENCH_PART=impact runs only the high-impact mix; BENCH_V2=0 skips the v2-sdk comparison.
const PART = process.env.BENCH_PART ?? 'all';
const V2 = process.env.BENCH_V2 !== '0';
// The install has two copies of jsbi 3.2.5 (under sdk-core and under v2-sdk); Trade.bestTradeExactIn mixes
// them and fails an instanceof check. Point v2-sdk at sdk-core's copy so the sdk runs as intended.
const jsbiOf = (pkg) => require.resolve('jsbi', { paths: [dirname(require.resolve(pkg))] });
const coreJsbi = jsbiOf('@uniswap/sdk-core');
require(coreJsbi);
if (jsbiOf('@uniswap/v2-sdk') !== coreJsbi) require.cache[jsbiOf('@uniswap/v2-sdk')] = require.cache[coreJsbi];
const { CurrencyAmount, Token } = require('@uniswap/sdk-core');
const { Pair, Trade } = require('@uniswap/v2-sdk');

const QUICK = process.env.BENCH_QUICK === '1';
const SIZES = [
  { pools: 100, requests: QUICK ? 40 : 200, v2Requests: QUICK ? 20 : 60, impactRequests: QUICK ? 30 : 80 },
  // bestTradeExactIn takes ~15 s per request at 1,000 pools, hence only a few samples there.
  { pools: 1000, requests: QUICK ? 30 : 120, v2Requests: QUICK ? 2 : 3, impactRequests: QUICK ? 20 : 60 },
  { pools: 10000, requests: QUICK ? 10 : 40, v2Requests: 0, impactRequests: QUICK ? 10 : 30 },
];
const HUBS = ['WETH', 'USDC', 'USDT', 'DAI', 'WBTC'];
const CHAINS = [1, 10, 42161];
const ZERO_GAS = { 1: 0n, 10: 0n, 42161: 0n };
// BENCH_DIAG's wide search on the worst cases: how much output a far heavier search finds under the same bound.
const WIDE_TUNING = {
  beamWidth: 16,
  singleCandidates: 16,
  splitCandidates: 256,
  entrantRounds: 30,
  entrantsPerRound: 16,
  newtonIterations: 40,
};
// Quality samples whose quick dual bound leaves more than 1 bp get the optimised (tighter) bound.
const OPTIMIZE_BELOW_BPS = 9999;

/** Requests: a hub token sold for a hub (half) or any token (half), same or another chain, $100 to $100k. */
function makeRequests(market, n, seed, sameChainOnly = false) {
  const rnd = rng(seed);
  const out = [];
  while (out.length < n) {
    const sc = CHAINS[Math.floor(rnd() * 3)];
    const dc = sameChainOnly ? sc : CHAINS[Math.floor(rnd() * 3)];
    const s = R.findToken(market, sc, HUBS[Math.floor(rnd() * HUBS.length)]);
    const pool =
      rnd() < 0.5 ? HUBS.map((h) => R.findToken(market, dc, h)) : market.tokens.filter((t) => t.chainId === dc);
    const b = pool[Math.floor(rnd() * pool.length)];
    if (!s || !b || (b.address === s.address && sc === dc)) continue;
    out.push(requestWorth(s, b, Math.exp(Math.log(100) + rnd() * Math.log(1000))));
  }
  return out;
}

function time(fn) {
  const t0 = performance.now();
  const v = fn();
  return [v, performance.now() - t0];
}

function benchSize({ pools, requests: n, v2Requests, impactRequests }) {
  if (PART === 'impact') return { pools, highImpact: benchImpact(pools, impactRequests) };
  const [market, genMs] = time(() => R.generateMarket({ seed: 2026, poolCount: pools }));
  const reqs = makeRequests(market, n, pools);
  // Warm-up on other requests (JIT, market index), so the measured set is not quoted twice.
  for (const r of makeRequests(market, 30, pools + 1)) Q.findBestRoute(market, r);
  const times = [];
  let noRoute = 0;
  for (const r of reqs) {
    const [route, ms] = time(() => Q.findBestRoute(market, r));
    times.push(ms);
    if (!route) noRoute++;
  }
  // Quality without gas, so the split is judged on output alone against the (gas-free) dual bound.
  const qualityBps = [];
  const optimizeMs = [];
  let belowSingle = 0;
  let boundViolations = 0;
  for (const r of reqs) {
    const split = Q.findBestRoute(market, r, { gasPriceWei: ZERO_GAS });
    if (!split) continue;
    const single = Q.findBestRoute(market, r, { maxSplits: 1, gasPriceWei: ZERO_GAS });
    if (single && split.amountOut < single.amountOut) belowSingle++;
    // The quick bound (duals read off the route) is certified; where it leaves more than OPTIMIZE_BELOW_BPS
    // of room, the slower optimised duals (also certified) tighten it. Either way: output over a true bound.
    let bound = R.dualBoundForRoute(market, split);
    if ((Number(split.amountOut) / Number(bound)) * 1e4 < OPTIMIZE_BELOW_BPS) {
      const t0 = performance.now();
      const tight = R.dualBoundForRoute(market, split, { optimize: true });
      optimizeMs.push(performance.now() - t0);
      if (tight < bound) bound = tight;
    }
    if (split.amountOut > bound) boundViolations++;
    qualityBps.push((Number(split.amountOut) / Number(bound)) * 1e4);
  }
  const result = {
    pools,
    tokens: market.tokens.length,
    generateMs: r3(genMs),
    quoteSamples: reqs.length,
    noRoute,
    quoteMs: { p50: r3(pct(times, 0.5)), p99: r3(pct(times, 0.99)), max: r3(Math.max(...times)) },
    quality: {
      samples: qualityBps.length,
      outputOverBoundBps: {
        median: r3(pct(qualityBps, 0.5)),
        p5: r3(pct(qualityBps, 0.05)),
        worst: r3(Math.min(...qualityBps)),
      },
      belowBestSinglePath: belowSingle,
      boundViolations,
      boundsOptimized: optimizeMs.length,
      optimizeBoundMsP50: r3(pct(optimizeMs, 0.5)),
    },
  };
  if (V2 && v2Requests > 0) result.vsUniswapV2Sdk = v2Compare(pools, v2Requests);
  result.highImpact = benchImpact(pools, impactRequests);
  return result;
}

/** Same-chain requests on a constant-product-only market (0.3% everywhere), so v2-sdk sees the same pools. */
function v2Compare(pools, n) {
  const market = R.generateMarket({
    seed: 2026,
    poolCount: pools,
    mix: { constantProduct: 1, concentrated: 0, stableSwap: 0 },
    constantProductFeeBps: 30,
  });
  const sdkToken = new Map();
  const tok = (t) => {
    const k = `${t.chainId}:${t.address}`;
    if (!sdkToken.has(k)) sdkToken.set(k, new Token(t.chainId, t.address, t.decimals, t.symbol));
    return sdkToken.get(k);
  };
  const byAddr = new Map(market.tokens.map((t) => [`${t.chainId}:${t.address}`, t]));
  const pairsByChain = new Map(CHAINS.map((c) => [c, []]));
  for (const p of market.pools) {
    if (p.kind !== 'constantProduct' || p.reserve0 === 0n || p.reserve1 === 0n) continue;
    const a = tok(byAddr.get(`${p.chainId}:${p.token0}`));
    const b = tok(byAddr.get(`${p.chainId}:${p.token1}`));
    pairsByChain
      .get(p.chainId)
      .push(
        new Pair(
          CurrencyAmount.fromRawAmount(a, p.reserve0.toString()),
          CurrencyAmount.fromRawAmount(b, p.reserve1.toString()),
        ),
      );
  }
  const reqs = makeRequests(market, n, pools + 7, true);
  const rows = [];
  for (const r of reqs) {
    const tin = tok(byAddr.get(`${r.sourceChainId}:${r.sellToken}`));
    const tout = tok(byAddr.get(`${r.destinationChainId}:${r.buyToken}`));
    const [trades, sdkMs] = time(() =>
      Trade.bestTradeExactIn(
        pairsByChain.get(r.sourceChainId),
        CurrencyAmount.fromRawAmount(tin, r.sellAmount.toString()),
        tout,
        { maxHops: 3, maxNumResults: 1 },
      ),
    );
    const sdkOut = trades.length ? BigInt(trades[0].outputAmount.quotient.toString()) : 0n;
    // Same pools as the sdk sees: one chain, no bridges, no gas.
    const opts = { maxHops: 3, allowBridges: false, gasPriceWei: ZERO_GAS };
    Q.findBestRoute(market, r, opts);
    const [split, splitMs] = time(() => Q.findBestRoute(market, r, opts));
    const [single, singleMs] = time(() => Q.findBestRoute(market, r, { ...opts, maxSplits: 1 }));
    if (sdkOut === 0n) continue;
    rows.push({
      sdkMs,
      splitMs,
      singleMs,
      splitOverSdk: Number(split?.amountOut ?? 0n) / Number(sdkOut),
      singleOverSdk: Number(single?.amountOut ?? 0n) / Number(sdkOut),
    });
  }
  const col = (k) => rows.map((x) => x[k]);
  return {
    samples: rows.length,
    maxHops: 3,
    sdkMs: { p50: r3(pct(col('sdkMs'), 0.5)), p99: r3(pct(col('sdkMs'), 0.99)) },
    oursSplitMs: { p50: r3(pct(col('splitMs'), 0.5)), p99: r3(pct(col('splitMs'), 0.99)) },
    oursSingleMs: { p50: r3(pct(col('singleMs'), 0.5)) },
    speedupSplitMedian: r3(
      pct(
        rows.map((x) => x.sdkMs / x.splitMs),
        0.5,
      ),
    ),
    speedupSingleMedian: r3(
      pct(
        rows.map((x) => x.sdkMs / x.singleMs),
        0.5,
      ),
    ),
    outputRatioSplitOverSdk: { median: pct(col('splitOverSdk'), 0.5), min: Math.min(...col('splitOverSdk')) },
    outputRatioSingleOverSdk: { median: pct(col('singleOverSdk'), 0.5), min: Math.min(...col('singleOverSdk')) },
  };
}

/**
 * The same market with thin side paths: for a quarter of the tokens on each chain, a shallow ($2k-$50k) 0.3%
 * pool to a random hub, next to whatever deep pools the token already has.
 */
function withThinSidePaths(market, seed) {
  const rnd = rng(seed);
  const pools = [...market.pools];
  let n = 0;
  for (const t of market.tokens) {
    if (rnd() >= 0.25) continue;
    const hub = R.findToken(market, t.chainId, HUBS[Math.floor(rnd() * HUBS.length)]);
    if (!hub || hub.address === t.address) continue;
    const usd = Math.exp(Math.log(2e3) + rnd() * Math.log(25));
    const units = (tok) => BigInt(Math.floor((usd / 2 / (Number(tok.priceUsdE18) / 1e18)) * 10 ** tok.decimals));
    const id = `0x${(0xfeed000000n + BigInt(n++)).toString(16).padStart(40, '0')}`;
    pools.push({
      kind: 'constantProduct',
      id,
      chainId: t.chainId,
      token0: t.address,
      token1: hub.address,
      reserve0: units(t),
      reserve1: units(hub),
      feeBps: 30,
    });
  }
  return { ...market, pools };
}

/**
 * High-impact requests: a hub sold for any token on the same chain (80%) or another chain, $10k-$50M, kept
 * when this build's route moves prices by 1-50% (1 - output / (amount x spot rate), spot rate from a route of
 * a millionth of the amount). Half on the generated market, half on the same market with thin side paths.
 * Routed with bridges allowed on every request, as before same-chain requests defaulted to no bridges, so the set
 * stays the one of earlier runs (and the selecting route is a dual source for the full bound).
 */
function impactRequests(market, n, seed) {
  const rnd = rng(seed);
  const out = [];
  for (let tries = 0; out.length < n && tries < n * 40; tries++) {
    const sc = CHAINS[Math.floor(rnd() * 3)];
    const dc = rnd() < 0.8 ? sc : CHAINS[Math.floor(rnd() * 3)];
    const s = R.findToken(market, sc, HUBS[Math.floor(rnd() * HUBS.length)]);
    const tokens = market.tokens.filter((t) => t.chainId === dc);
    const b = tokens[Math.floor(rnd() * tokens.length)];
    const usd = Math.exp(Math.log(1e4) + rnd() * Math.log(5e3));
    if (!s || !b || (b.address === s.address && sc === dc)) continue;
    const r = requestWorth(s, b, usd);
    const amount = r.sellAmount;
    const tiny = { ...r, sellAmount: amount / 1_000_000n };
    if (tiny.sellAmount === 0n) continue;
    const route = R.findBestRoute(market, r, { ...DETOURS, gasPriceWei: ZERO_GAS });
    const spot = R.findBestRoute(market, tiny, { ...DETOURS, gasPriceWei: ZERO_GAS });
    if (!route || !spot) continue;
    const impact = 1 - Number(route.amountOut) / ((Number(amount) * Number(spot.amountOut)) / Number(tiny.sellAmount));
    if (impact >= 0.01 && impact <= 0.5) out.push({ r, route, impact });
  }
  return out;
}

/** CPU time of fn in ms (user + system of this process): on a loaded machine wall time measures the neighbours. */
function cpu(fn) {
  const c0 = process.cpuUsage();
  const v = fn();
  const c = process.cpuUsage(c0);
  return [v, (c.user + c.system) / 1000];
}

const summary = (rows, times, cpus) => {
  const bps = rows.map((x) => x.bps);
  return {
    noRoute: rows.filter((x) => x.noRoute).length,
    quoteMs: { p50: r3(pct(times, 0.5)), p99: r3(pct(times, 0.99)), max: r3(Math.max(...times)) },
    quoteCpuMs: { p50: r3(pct(cpus, 0.5)), p99: r3(pct(cpus, 0.99)) },
    outputOverBoundBps: { median: r3(pct(bps, 0.5)), p5: r3(pct(bps, 0.05)), worst: r3(Math.min(...bps)) },
    boundViolations: rows.filter((x) => x.violation).length,
  };
};

const NO_BRIDGES = { allowBridges: false };
const DETOURS = { allowBridges: true };

const cpuSummary = (rows, cpus) => {
  const bps = rows.map((x) => x.bps);
  return {
    noRoute: rows.filter((x) => x.noRoute).length,
    quoteCpuMs: { p50: r3(pct(cpus, 0.5)), p99: r3(pct(cpus, 0.99)) },
    outputOverBoundBps: { median: r3(pct(bps, 0.5)), p5: r3(pct(bps, 0.05)), worst: r3(Math.min(...bps)) },
    boundViolations: rows.filter((x) => x.violation).length,
  };
};

/** One quality sample: output over a certified bound. */
const scored = (timed, route, bound) => ({
  noRoute: !timed,
  bps: route ? (Number(route.amountOut) / Number(bound)) * 1e4 : 0,
  violation: route ? route.amountOut > bound : false,
});

/**
 * Certified bound over every venue (bridges too): the tightest read off the selecting build's route and each
 * build's, optimised where the best route stays below OPTIMIZE_BELOW_BPS of it.
 */
function fullBound(market, ref, routes) {
  const reads = [ref, ...routes.map((x) => x.route).filter(Boolean)];
  let bound = R.dualBoundForRoute(market, ref);
  for (const rt of reads) {
    const b = R.dualBoundForRoute(market, rt);
    if (b < bound) bound = b;
  }
  const quick = bound;
  const best = routes.reduce((m, x) => (x.route && x.route.amountOut > m ? x.route.amountOut : m), 0n);
  if ((Number(best) / Number(bound)) * 1e4 < OPTIMIZE_BELOW_BPS) {
    for (const rt of reads) {
      const tight = R.dualBoundForRoute(market, rt, { optimize: true });
      if (tight < bound) bound = tight;
    }
  }
  return { bound, quick };
}

/**
 * Certified bound for same-chain routes without bridges: the tightest of the bridge-free duals read off each route
 * (capped, pre-trade and post-trade rates), optimised where the best route stays below OPTIMIZE_BELOW_BPS of it.
 */
function noBridgeBound(market, r, routes) {
  let bound = null;
  let start = null;
  for (const route of routes)
    for (const rates of ['min', 'pre', 'post']) {
      const nu = R.dualPricesAfterRoute(market, route, r, { bridges: false, rates });
      const b = R.dualUpperBound(market, r, nu, { bridges: false });
      if (bound === null || b < bound) [bound, start] = [b, nu];
    }
  const quick = bound;
  const best = routes.reduce((m, x) => (x.amountOut > m ? x.amountOut : m), 0n);
  if (start && (Number(best) / Number(bound)) * 1e4 < OPTIMIZE_BELOW_BPS) {
    const nu = R.optimizeDualPrices(market, r, start, { bridges: false });
    const b = R.dualUpperBound(market, r, nu, { bridges: false });
    if (b < bound) bound = b;
  }
  return { bound, quick };
}

/**
 * The options the headline quotes with: the defaults (allowBridges false on one chain, true across chains). A build
 * from before that default (ROUTING_BASE from main) gets the same-chain default spelled out, so both builds are
 * quoted over the same venues and scored against the same bound.
 */
const headlineOptions = (b, r) => (b > 0 && r.sourceChainId === r.destinationChainId ? NO_BRIDGES : {});
const usesBridge = (route) => route?.paths.some((p) => p.legs.some((l) => l.kind === 'bridge')) ?? false;

function benchImpact(pools, n) {
  const base = R.generateMarket({ seed: 2026, poolCount: pools });
  const thin = withThinSidePaths(base, pools + 3);
  // Builds measured on the same requests, interleaved: this one (or ROUTING_DIST) and ROUTING_BASE if given.
  const builds = [['route', Q], ...(B ? [['base', B]] : [])];
  const rows = builds.map(() => []);
  const times = builds.map(() => []);
  const cpus = builds.map(() => []);
  const diag = [];
  const impacts = [];
  // Headline routes (default options) that use a bridge on a same-chain request: 0 unless the default regressed.
  const headlineDetours = builds.map(() => 0);
  // Same-chain requests also quoted with allowBridges true (the pre-default figure: such routes detour over a
  // bridge and cannot settle) against the full certified bound, and how many of those routes detour.
  const detourRows = builds.map(() => []);
  const detourCpus = builds.map(() => []);
  const detours = builds.map(() => 0);
  for (const [k, market] of [base, thin].entries()) {
    const picked = impactRequests(market, Math.ceil(n / 2), pools * 10 + k);
    for (const [, L] of builds) for (const r of makeRequests(market, 10, pools + 11)) L.findBestRoute(market, r);
    for (const { r, route: ref, impact } of picked) {
      impacts.push(impact);
      const sameChain = r.sourceChainId === r.destinationChainId;
      const routes = builds.map(([, L], b) => {
        const o = headlineOptions(b, r);
        const [timed, ms] = time(() => L.findBestRoute(market, r, o));
        times[b].push(ms);
        cpus[b].push(cpu(() => L.findBestRoute(market, r, o))[1]);
        return { timed, route: L.findBestRoute(market, r, { ...o, gasPriceWei: ZERO_GAS }) };
      });
      // Every bound is certified and shared by the builds: for a same-chain request the bound for routes without
      // bridges (the venues its default allows), read off each build's route; across chains the full bound, the
      // tightest of those read off each build's route and the selecting build's.
      const { bound, quick } = sameChain
        ? noBridgeBound(market, r, routes.map((x) => x.route).filter(Boolean))
        : fullBound(market, ref, routes);
      routes.forEach(({ timed, route }, b) => {
        rows[b].push(scored(timed, route, bound));
        if (sameChain && usesBridge(route)) headlineDetours[b]++;
      });
      if (sameChain) {
        const detour = builds.map(([, L], b) => {
          const [timed, ms] = cpu(() => L.findBestRoute(market, r, DETOURS));
          detourCpus[b].push(ms);
          return { timed, route: L.findBestRoute(market, r, { ...DETOURS, gasPriceWei: ZERO_GAS }) };
        });
        const full = fullBound(market, ref, detour).bound;
        detour.forEach(({ timed, route }, b) => {
          detourRows[b].push(scored(timed, route, full));
          if (usesBridge(route)) detours[b]++;
        });
      }
      if (DIAG) {
        const route = routes[0].route;
        diag.push({
          bps: r3(rows[0][rows[0].length - 1].bps),
          impactPct: r3(impact * 100),
          crossChain: !sameChain,
          thinSidePools: k === 1,
          paths: route?.paths.length ?? 0,
          legs: route?.paths.reduce((a, p) => a + p.legs.length, 0) ?? 0,
          // The quick bound's slack over the optimised one: how loose a bound read off the route is.
          quickBoundSlackBps: r3((Number(quick) / Number(bound) - 1) * 1e4),
          cpuMs: r3(cpus[0][cpus[0].length - 1]),
          at: { market, r, bound, options: headlineOptions(0, r) },
        });
      }
    }
  }
  const detourFigure = (b) => ({
    samples: detourRows[b].length,
    ...cpuSummary(detourRows[b], detourCpus[b]),
    bridgeDetours: detours[b],
  });
  const out = {
    samples: rows[0].length,
    sameChainSamples: detourRows[0].length,
    impactPct: { median: r3(pct(impacts, 0.5) * 100), max: r3(Math.max(...impacts) * 100) },
    ...summary(rows[0], times[0], cpus[0]),
    sameChainBridgeDetours: headlineDetours[0],
    sameChainDetoursAllowed: detourFigure(0),
  };
  if (B)
    out.base = {
      ...summary(rows[1], times[1], cpus[1]),
      sameChainBridgeDetours: headlineDetours[1],
      sameChainDetoursAllowed: detourFigure(1),
    };
  if (DIAG) {
    diag.sort((a, b) => a.bps - b.bps);
    out.worstCases = diag.slice(0, Math.max(3, Math.ceil(diag.length * 0.1))).map(({ at, ...row }) => {
      // Route shortfall vs bound slack: a search far wider than the default (up to 128 paths, 4x the split
      // candidates, a wider beam, 10x the column generation) on the same bound. What it gains was left by the route.
      const saved = { ...Q.ROUTING_TUNING };
      Object.assign(Q.ROUTING_TUNING, WIDE_TUNING);
      const [wide, ms] = cpu(() =>
        Q.findBestRoute(at.market, at.r, { ...at.options, gasPriceWei: ZERO_GAS, maxSplits: 128 }),
      );
      Object.assign(Q.ROUTING_TUNING, saved);
      const bps = wide ? (Number(wide.amountOut) / Number(at.bound)) * 1e4 : 0;
      return { ...row, wideSearch: { bps: r3(bps), paths: wide?.paths.length ?? 0, cpuMs: r3(ms) } };
    });
  }
  return out;
}

const started = performance.now();
// BENCH_SIZES=1000,10000 measures only those market sizes.
const only = process.env.BENCH_SIZES?.split(',').map(Number);
// Each size also goes to stderr as soon as it is measured, so a run cut short still reports what it finished.
const results = SIZES.filter((z) => !only || only.includes(z.pools)).map((z) => {
  const r = benchSize(z);
  console.error(JSON.stringify(r));
  return r;
});
console.log(
  JSON.stringify(
    {
      bench: 'routing',
      node: process.version,
      profile:
        'findBestRoute defaults (maxHops 4, maxSplits 512, chain gas prices) for latency; gas price 0 for quality',
      bound: `dualBoundForRoute (duals read off the route); { optimize: true } where that leaves the output below ${OPTIMIZE_BELOW_BPS} bps`,
      build: process.env.ROUTING_DIST ?? 'libs/routing/dist',
      baseBuild: process.env.ROUTING_BASE,
      requestMix: 'hub sell token; buy token a hub (50%) or any token (50%); random chains; $100-$100k log-uniform',
      highImpactMix:
        'hub sold for any token, same chain 80%, $10k-$50M, kept when the route moves prices 1-50%; half on the ' +
        'generated market, half with thin ($2k-$50k) side pools added; quality at gas price 0 over the tighter ' +
        'certified bound for the venues the default options allow: same-chain (allowBridges false by default) over ' +
        'the bound for routes without bridges, cross-chain over the full bound, both read off the routes of each ' +
        'build (ROUTING_BASE, from before that default, gets allowBridges false on same-chain requests spelled out); ' +
        'selection as before, by the route with bridges allowed; sameChainBridgeDetours: headline same-chain routes ' +
        'with a bridge leg; sameChainDetoursAllowed: the same-chain requests with allowBridges true over the full ' +
        'bound (the figure before the default changed: bridgeDetours of those routes leave the chain and cannot settle)',
      results,
      totalSeconds: r3((performance.now() - started) / 1000),
    },
    null,
    2,
  ),
);
