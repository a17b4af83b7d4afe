import { indexMarket } from '../market/marketIndex';
import { createRng } from '../market/rng';
import { tokenKey } from '../market/tokenKey';
import type { Address, Market, QuoteOptions, QuoteRequest, Route } from '../types';
import { createQuoter, findBestRoute, findToken, generateMarket, hashRoute, QUOTER_TUNING } from '../index';
import { evaluateFlow } from './evaluate';
import { expectConsistent } from '../../test/routeChecks';

const ZERO_GAS = { 1: 0n, 10: 0n, 42161: 0n };
const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address;

const m = generateMarket({ seed: 1, poolCount: 300 });
const PAIRS: Array<[string, number, string, number]> = [
  ['WETH', 1, 'USDC', 1],
  ['USDC', 1, 'WBTC', 1],
  ['USDT', 42161, 'WETH', 42161],
  ['WETH', 1, 'USDC', 10],
];

/** n requests over PAIRS, $100 to $1M log-uniform, seeded. */
function requests(n: number, seed: number): QuoteRequest[] {
  const rng = createRng(seed);
  const out: QuoteRequest[] = [];
  for (let k = 0; k < n; k++) {
    const [ss, sc, bs, dc] = rng.pick(PAIRS);
    const s = findToken(m, sc, ss)!;
    const b = findToken(m, dc, bs)!;
    const usd = 10 ** (2 + 4 * rng.next());
    const sellAmount = BigInt(Math.floor((usd / (Number(s.priceUsdE18) / 1e18)) * 10 ** s.decimals));
    out.push({ sellToken: s.address, buyToken: b.address, sourceChainId: sc, destinationChainId: dc, sellAmount });
  }
  return out;
}

/**
 * Replays the route as a flow with the exact pool math on fresh pool states (paths in order, a pool shared by
 * two paths seen in its post-trade state) and checks every amount, the path sums and the total.
 */
function expectExact(market: Market, route: Route) {
  const index = indexMarket(market);
  const paths = route.paths.map((p) => ({
    amountIn: p.amountIn,
    edges: p.legs.map((l) => {
      const from = index.tokenIdx.get(tokenKey(l.chainIdIn, l.tokenIn))!;
      const to = index.tokenIdx.get(tokenKey(l.chainIdOut, l.tokenOut))!;
      const venue = index.venueById.get(l.poolId)!;
      const e = index.edgesFrom[from].find((x) => x.venue === venue && x.to === to);
      expect(e).toBeDefined();
      return e!;
    }),
  }));
  const { request } = route;
  const from = index.tokenIdx.get(tokenKey(request.sourceChainId, request.sellToken))!;
  const to = index.tokenIdx.get(tokenKey(request.destinationChainId, request.buyToken))!;
  // A route is a flow: each path draws from what the route holds (evaluateFlow), a plain split the special case.
  const replay = evaluateFlow(index, from, to, request.sellAmount, paths)!;
  expect(replay).not.toBeNull();
  expect(replay.amountOut).toBe(route.amountOut);
  expect(replay.paths).toEqual(route.paths);
  expectConsistent(route);
}

// Chain 1 has no USDC-WBTC pool: in one swap that pair is reached only over a bridge detour (USDC to another
// chain, swapped there, WBTC back), which a same-chain request takes only with allowBridges true.
const DIRECT = { maxHops: 1, maxSplits: 1, allowBridges: true };

const swaps = (r: Route) => Math.max(...r.paths.map((p) => p.legs.filter((l) => l.kind !== 'bridge').length));
const bridges = (r: Route) => Math.max(...r.paths.map((p) => p.legs.filter((l) => l.kind === 'bridge').length));

/** Quotes every request with both engines; returns quoter/findBestRoute output ratios. */
function compare(options: QuoteOptions, reqs: QuoteRequest[]) {
  const quoter = createQuoter(m, options);
  const ratios: number[] = [];
  for (const r of reqs) {
    const f = findBestRoute(m, r, options);
    const q = quoter.quote(r);
    expect(q === null).toBe(f === null);
    if (!q || !f) continue;
    expect(q.request).toBe(r);
    // The hard floor, in exact integers: quoter output >= 99.9% of findBestRoute's.
    expect(q.amountOut * 1000n >= f.amountOut * 999n).toBe(true);
    ratios.push(Number(q.amountOut) / Number(f.amountOut));
  }
  ratios.sort((a, b) => a - b);
  return { quoter, ratios, median: ratios[Math.floor(ratios.length / 2)] };
}

describe('createQuoter against findBestRoute (300 pools, 4 pairs, $100-$1M)', () => {
  const reqs = requests(300, 42);

  test.each([
    ['direct', DIRECT],
    ['multihop', { maxHops: 3, maxSplits: 1 }],
    ['split', { maxHops: 4, maxSplits: 8 }],
    ['split, no gas', { maxHops: 4, maxSplits: 8, gasPriceWei: ZERO_GAS }],
    ['split, one bridge', { maxHops: 3, maxSplits: 4, maxBridges: 1 }],
  ] as Array<[string, QuoteOptions]>)(
    '%s: >= 99.9%% of findBestRoute every time, >= in the median, mostly cache hits',
    (_, options) => {
      const { quoter, ratios, median } = compare(options, reqs);
      expect(ratios.length).toBeGreaterThan(250);
      expect(median).toBeGreaterThanOrEqual(1);
      const s = quoter.stats();
      expect(s.quotes).toBe(reqs.length);
      expect(s.hits + s.misses).toBe(reqs.length);
      // 4 pairs x ~14 amount octaves: the rest must come from the cache.
      expect(s.misses).toBeLessThanOrEqual(4 * 16 + s.fallbacks);
      expect(s.hits).toBeGreaterThan(200);
      expect(s.entries).toBe(s.misses - s.fallbacks);
    },
  );

  test('the split really is re-optimised on hits (large orders split, and beat the best single path)', () => {
    const q = createQuoter(m, { maxHops: 4, maxSplits: 8, gasPriceWei: ZERO_GAS });
    const weth = findToken(m, 1, 'WETH')!;
    const usdc = findToken(m, 1, 'USDC')!;
    const req = (eth: bigint): QuoteRequest => ({
      sellToken: weth.address,
      buyToken: usdc.address,
      sourceChainId: 1,
      destinationChainId: 1,
      sellAmount: eth * 10n ** 18n,
    });
    q.quote(req(1200n)); // miss: fills the octave [2^70, 2^71) wei = [1181, 2361) ETH
    const before = q.stats().hits;
    const r = q.quote(req(1900n))!;
    expect(q.stats().hits).toBe(before + 1);
    expectExact(m, r);
    expect(r.paths.length).toBeGreaterThan(1);
    const single = findBestRoute(m, req(1900n), { maxHops: 4, maxSplits: 1, gasPriceWei: ZERO_GAS })!;
    expect(r.amountOut).toBeGreaterThan(single.amountOut);
    const full = findBestRoute(m, req(1900n), { maxHops: 4, maxSplits: 8, gasPriceWei: ZERO_GAS })!;
    expect(r.amountOut * 1000n >= full.amountOut * 999n).toBe(true);
  });

  test('exact: every returned route replays to the wei with the exact pool math', () => {
    for (const options of [
      { maxHops: 4, maxSplits: 8 },
      { maxHops: 3, maxSplits: 1 },
    ] as QuoteOptions[]) {
      const q = createQuoter(m, options);
      let checked = 0;
      for (const r of requests(120, 7)) {
        const route = q.quote(r);
        if (!route) continue;
        expectExact(m, route);
        checked++;
      }
      expect(checked).toBeGreaterThan(100);
      expect(q.stats().hits).toBeGreaterThan(50);
    }
  });

  test('a repeated request is a cache hit and gives the same route', () => {
    const q = createQuoter(m);
    const [r] = requests(1, 3);
    const first = q.quote(r)!;
    expect(q.stats()).toMatchObject({ quotes: 1, hits: 0, misses: 1, entries: 1 });
    const again = q.quote({ ...r })!;
    expect(q.stats()).toMatchObject({ quotes: 2, hits: 1, misses: 1, entries: 1 });
    expect(again.paths).toEqual(first.paths);
    expect(again.amountOut).toBe(first.amountOut);
  });

  test('options are respected: maxSplits, maxHops, allowBridges, maxBridges, per-call overrides', () => {
    const reqs2 = requests(150, 11);
    const one = createQuoter(m, { maxHops: 4, maxSplits: 1, gasPriceWei: ZERO_GAS });
    const direct = createQuoter(m, DIRECT);
    const two = createQuoter(m, { maxHops: 2, maxSplits: 3, gasPriceWei: ZERO_GAS });
    const noBridge = createQuoter(m, { allowBridges: false });
    const oneBridge = createQuoter(m, { maxBridges: 1, maxSplits: 8, gasPriceWei: ZERO_GAS });
    // Default allowBridges: no detour on one chain, so one swap cannot reach USDC-WBTC on chain 1.
    const directDefault = createQuoter(m, { maxHops: 1, maxSplits: 1 });
    let multi = 0;
    let crossNull = 0;
    let detours = 0;
    let unreachable = 0;
    for (const r of reqs2) {
      const cross = r.sourceChainId !== r.destinationChainId;
      const a = one.quote(r)!;
      expect(a.paths).toHaveLength(1);
      const d = direct.quote(r)!;
      expect(d.paths).toHaveLength(1);
      expect(swaps(d)).toBe(1);
      const t = two.quote(r)!;
      expect(t.paths.length).toBeLessThanOrEqual(3);
      expect(swaps(t)).toBeLessThanOrEqual(2);
      if (t.paths.length > 1) multi++;
      const nb = noBridge.quote(r);
      if (cross) {
        expect(nb).toBeNull();
        crossNull++;
        const ob = oneBridge.quote(r)!;
        expect(bridges(ob)).toBe(1);
        // Same quoter, per-call override: no bridges allowed, so no route.
        expect(oneBridge.quote(r, { allowBridges: false })).toBeNull();
      } else {
        expect(nb!.paths.every((p) => p.legs.every((l) => l.kind !== 'bridge'))).toBe(true);
        const dd = directDefault.quote(r);
        if (bridges(d) > 0) detours++;
        else expect(dd!.paths).toEqual(d.paths);
        if (dd) expect(bridges(dd) === 0 && swaps(dd) === 1).toBe(true);
        else unreachable++;
      }
    }
    expect(detours).toBeGreaterThan(unreachable);
    expect(unreachable).toBeGreaterThan(10);
    expect(multi).toBeGreaterThan(5);
    expect(crossNull).toBeGreaterThan(10);
    // The override has its own cache entries and did not disturb the default ones.
    expect(oneBridge.stats().noRoute).toBe(crossNull);
  });

  test('an overrides object passed again is read again: changed in place, it quotes with its new values', () => {
    const q = createQuoter(m, { maxSplits: 8 });
    const cross = requests(60, 21).filter((r) => r.sourceChainId !== r.destinationChainId);
    expect(cross.length).toBeGreaterThan(3);
    const overrides: { allowBridges?: boolean; maxBridges?: number } = { maxBridges: 1 };
    for (const r of cross) expect(q.quote(r, overrides)).not.toBeNull();
    overrides.maxBridges = undefined;
    overrides.allowBridges = false;
    for (const r of cross) expect(q.quote(r, overrides)).toBeNull();
    delete overrides.maxBridges;
    overrides.allowBridges = true;
    for (const r of cross) expect(q.quote(r, overrides)).not.toBeNull();
  });

  test('skipping the exact evaluation of clearly worse cached paths gives the same routes', () => {
    const reqs2 = requests(300, 31);
    const saved = QUOTER_TUNING.exactSkipShare;
    try {
      for (const options of [{ maxHops: 1, maxSplits: 1 }, { maxHops: 3, maxSplits: 1 }, { maxSplits: 8 }]) {
        const all = createQuoter(m, options);
        const skip = createQuoter(m, options);
        for (const r of reqs2) {
          QUOTER_TUNING.exactSkipShare = 0;
          const a = all.quote(r);
          QUOTER_TUNING.exactSkipShare = saved;
          const b = skip.quote(r);
          expect(b && hashRoute(b)).toBe(a && hashRoute(a));
        }
        expect(skip.stats().hits).toBeGreaterThan(reqs2.length / 2);
      }
    } finally {
      QUOTER_TUNING.exactSkipShare = saved;
    }
  });

  test('null for unknown tokens, zero amounts, the same token, and unreachable pairs', () => {
    const q = createQuoter(m);
    const [r] = requests(1, 5);
    expect(q.quote({ ...r, sellAmount: 0n })).toBeNull();
    expect(q.quote({ ...r, buyToken: addr(12345) })).toBeNull();
    expect(q.quote({ ...r, buyToken: r.sellToken, destinationChainId: r.sourceChainId })).toBeNull();
    expect(
      q.quote(
        { ...r, sourceChainId: 1, destinationChainId: 10, buyToken: findToken(m, 10, 'USDC')!.address },
        { allowBridges: false },
      ),
    ).toBeNull();
    expect(q.stats().noRoute).toBe(4);
    expect(q.stats().entries).toBe(0);
  });

  test('the cache is bounded (LRU) and eviction does not change results', () => {
    const reqs3 = requests(80, 13);
    const small = createQuoter(m, { maxHops: 3, maxSplits: 4, cacheSize: 3 });
    const big = createQuoter(m, { maxHops: 3, maxSplits: 4 });
    for (const r of reqs3) {
      const a = small.quote(r);
      const b = big.quote(r);
      expect(small.stats().entries).toBeLessThanOrEqual(3);
      expect(a === null).toBe(b === null);
      if (a && b) expect(a.amountOut * 1000n >= b.amountOut * 999n).toBe(true);
    }
    expect(small.stats().evictions).toBeGreaterThan(10);
    expect(small.stats().cacheSize).toBe(3);
    expect(big.stats().cacheSize).toBe(5000);
    expect(big.stats().evictions).toBe(0);
    // LRU, not FIFO: an entry that keeps being used survives a stream of other keys.
    const lru = createQuoter(m, { ...DIRECT, cacheSize: 2 });
    const hot = reqs3[0];
    const keyOf = (r: QuoteRequest) =>
      `${r.sellToken}${r.sourceChainId}${r.buyToken}${r.destinationChainId}|${Math.floor(Math.log2(Number(r.sellAmount)))}`;
    const seen = new Set([keyOf(hot)]);
    const others = reqs3.filter((r) => !seen.has(keyOf(r)) && seen.add(keyOf(r))).slice(0, 10);
    expect(others.length).toBe(10);
    lru.quote(hot);
    for (const o of others) {
      const { hits, misses } = lru.stats();
      lru.quote(hot);
      expect(lru.stats().hits).toBe(hits + 1);
      lru.quote(o);
      expect(lru.stats().misses).toBe(misses + 1);
    }
    expect(lru.stats().evictions).toBe(9);
  });
});
