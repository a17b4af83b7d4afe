// bench:hash-route: routeHash commitments per second, libs/routing's hashRoute (direct ABI words + native keccak)
// beside the generic viem encoding it replaced (keccak256(encodeAbiParameters(...))), on routes the quoter really
// produces (the reference solver's market and its per-intent options). Both run interleaved in one process, so
// compare the ratio, not absolute rates across runs. Prints ONE JSON object. Build first (npm run build).
//   npm run bench:hash-route -- [--routes 400] [--rounds 7] [--pools 300]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { requestWorth } from './lib/common.mjs';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const R = require(join(root, 'libs/routing/dist/index.js'));
const P = require(join(root, 'libs/protocol/dist/index.js'));
const { encodeAbiParameters, keccak256 } = require('viem');

const { values: opt } = parseArgs({
  options: {
    routes: { type: 'string', default: '400' },
    rounds: { type: 'string', default: '7' },
    pools: { type: 'string', default: '300' },
  },
});

const viemHashRoute = (route) => keccak256(encodeAbiParameters(R.ROUTE_ABI, R.routeAbiValues(route)));

// the reference solver's defaults: MARKET_SEED 1, MARKET_POOLS 300, profile 'split'
const market = R.generateMarket({ seed: 1, poolCount: Number(opt.pools) });
const quoter = R.createQuoter(market, { maxHops: 4, maxSplits: 8 });
const HUBS = ['WETH', 'USDC', 'USDT', 'DAI', 'WBTC'];
const CHAINS = [1, 10, 42161];
let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const routes = [];
for (let tries = 0; routes.length < Number(opt.routes) && tries < 50 * Number(opt.routes); tries++) {
  const sc = CHAINS[Math.floor(rnd() * 3)];
  const dc = rnd() < 0.5 ? sc : CHAINS[Math.floor(rnd() * 3)];
  const s = R.findToken(market, sc, HUBS[Math.floor(rnd() * HUBS.length)]);
  const b = R.findToken(market, dc, HUBS[Math.floor(rnd() * HUBS.length)]);
  if (!s || !b || (s.address === b.address && sc === dc)) continue;
  const usd = Math.exp(Math.log(100) + rnd() * Math.log(1000));
  const req = requestWorth(s, b, usd);
  const route = quoter.quote(req, sc === dc ? { allowBridges: false } : { maxBridges: 1 });
  if (route) routes.push(route);
}
for (const r of routes)
  if (R.hashRoute(r) !== viemHashRoute(r)) throw new Error('hashRoute differs from the viem encoding');

function rate(fn, minMs = 300) {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    for (const r of routes) fn(r);
    n += routes.length;
    t = performance.now();
  }
  return n / ((t - t0) / 1000);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

rate(R.hashRoute, 200); // warm-up: JIT for both
rate(viemHashRoute, 200);
const fast = [];
const ref = [];
const ratios = [];
for (let k = 0; k < Number(opt.rounds); k++) {
  // interleaved rounds, so both see the same machine noise
  const a = rate(R.hashRoute);
  const b = rate(viemHashRoute);
  fast.push(a);
  ref.push(b);
  ratios.push(a / b);
}
const legs = routes.map((r) => r.paths.reduce((s, p) => s + p.legs.length, 0));
console.log(
  JSON.stringify(
    {
      bench: 'hashRoute',
      node: process.version,
      keccak: P.keccakBackend().name,
      routes: routes.length,
      pathsPerRoute: +(routes.reduce((s, r) => s + r.paths.length, 0) / routes.length).toFixed(2),
      legsPerRoute: +(legs.reduce((s, x) => s + x, 0) / routes.length).toFixed(2),
      bridgedRoutes: routes.filter((r) => r.paths.some((p) => p.legs.some((l) => l.kind === 'bridge'))).length,
      hashesPerSec: { fast: Math.round(median(fast)), viemReference: Math.round(median(ref)) },
      speedup: {
        median: +median(ratios).toFixed(2),
        min: +Math.min(...ratios).toFixed(2),
        max: +Math.max(...ratios).toFixed(2),
      },
      usPerHash: { fast: +(1e6 / median(fast)).toFixed(2), viemReference: +(1e6 / median(ref)).toFixed(2) },
    },
    null,
    2,
  ),
);
