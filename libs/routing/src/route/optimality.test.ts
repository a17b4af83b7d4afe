// Property test: on small graphs (2-8 pools, 3-5 tokens, paths that share pools) the router's output is within
// 1 bp of an integer optimum found by brute force over every simple path, for trades up to 50% price impact.
import { getTickAtSqrtRatio, getSqrtRatioAtTick } from '../math/tickMath';
import { createRng, type Rng } from '../market/rng';
import { type ConcentratedState, swapConcentratedExactIn } from '../pools/concentrated';
import { getAmountOutConstantProduct } from '../pools/constantProduct';
import type { Address, ConcentratedPool, ConstantProductPool, Market, Pool, QuoteRequest } from '../types';
import { dualBoundForRoute } from './dualUpperBound';
import { findBestRoute } from './findBestRoute';

const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address;
const E18 = 10n ** 18n;

type Hop = { pool: Pool; zeroForOne: boolean };
type PoolState = { reserve0: bigint; reserve1: bigint } | ConcentratedState;

/** Exact output and next state of one hop from state `s`; null when the pool cannot fill. */
function swap(p: Pool, s: PoolState, zeroForOne: boolean, amountIn: bigint): { out: bigint; state: PoolState } | null {
  if (p.kind === 'constantProduct') {
    const cp = s as { reserve0: bigint; reserve1: bigint };
    const [rin, rout] = zeroForOne ? [cp.reserve0, cp.reserve1] : [cp.reserve1, cp.reserve0];
    const out = getAmountOutConstantProduct(amountIn, rin, rout, p.feeBps);
    if (out <= 0n) return null;
    const state = zeroForOne
      ? { reserve0: rin + amountIn, reserve1: rout - out }
      : { reserve0: rout - out, reserve1: rin + amountIn };
    return { out, state };
  }
  if (p.kind !== 'concentrated') throw new Error('not used here');
  const r = swapConcentratedExactIn(p, s as ConcentratedState, zeroForOne, amountIn);
  return r && r.amountOut > 0n ? { out: r.amountOut, state: r.state } : null;
}

// The brute force replays the same hops from the same states over and over (every trial differs from the last in one
// path's amount): one result per (state object, direction, amount), so a replayed prefix costs lookups, not pool math.
const swaps = new WeakMap<object, Map<string, { out: bigint; state: PoolState } | null>>();

/** Exact output of one hop from a state; null when the pool cannot fill. Updates the states map. */
function hop(states: Map<Pool, PoolState>, h: Hop, amountIn: bigint): bigint | null {
  const p = h.pool;
  if (amountIn <= 0n) return null;
  const s = states.get(p) ?? (p as PoolState);
  let known = swaps.get(s);
  if (!known) swaps.set(s, (known = new Map()));
  const key = `${h.zeroForOne ? '+' : '-'}${amountIn}`;
  let r = known.get(key);
  if (r === undefined) known.set(key, (r = swap(p, s, h.zeroForOne, amountIn)));
  if (!r) return null;
  states.set(p, r.state);
  return r.out;
}

/** Runs the paths one after another (as the router's exact evaluation does); null if any cannot fill. */
function runPaths(paths: Hop[][], amounts: bigint[]): bigint | null {
  const states = new Map<Pool, PoolState>();
  let total = 0n;
  for (let p = 0; p < paths.length; p++) {
    if (amounts[p] === 0n) continue;
    let a: bigint | null = amounts[p];
    for (const h of paths[p]) {
      a = hop(states, h, a);
      if (a === null) return null;
    }
    total += a;
  }
  return total;
}

/** Every simple path (no token twice) from token `from` to token `to`. */
function simplePaths(pools: Pool[], from: Address, to: Address, maxHops: number): Hop[][] {
  const out: Hop[][] = [];
  const walk = (tok: Address, seen: Address[], hops: Hop[]) => {
    if (tok === to) {
      out.push(hops);
      return;
    }
    if (hops.length >= maxHops) return;
    for (const pool of pools) {
      if (pool.kind === 'stableSwap') continue;
      const next = pool.token0 === tok ? pool.token1 : pool.token1 === tok ? pool.token0 : null;
      if (!next || seen.includes(next)) continue;
      walk(next, [...seen, next], [...hops, { pool, zeroForOne: pool.token0 === tok }]);
    }
  };
  walk(from, [from], []);
  return out;
}

/**
 * Brute-force integer optimum over all simple paths: exact greedy in 256 chunks, then exchanges between the
 * path that loses least from giving up `step` and the one that gains most from receiving it, with the step
 * halving down to a billionth of the amount. Exchange-optimal on a concave objective is optimal.
 */
function bruteForce(paths: Hop[][], X: bigint): { out: bigint; amounts: bigint[] } {
  const P = paths.length;
  let amounts = paths.map(() => 0n);
  // Greedy: each chunk, traded on the state the earlier chunks left, goes to the path that pays most for it.
  const chunks = 256n;
  let states = new Map<Pool, PoolState>();
  for (let c = 0n; c < chunks; c++) {
    const d = c === chunks - 1n ? X - (X / chunks) * (chunks - 1n) : X / chunks;
    let pick: { p: number; out: bigint; states: Map<Pool, PoolState> } | null = null;
    for (let p = 0; p < P; p++) {
      const trial = new Map(states);
      let a: bigint | null = d;
      for (const h of paths[p]) if (a !== null) a = hop(trial, h, a);
      if (a !== null && (!pick || a > pick.out)) pick = { p, out: a, states: trial };
    }
    if (!pick) return { out: 0n, amounts };
    amounts[pick.p] += d;
    states = pick.states;
  }
  let best = runPaths(paths, amounts) ?? 0n;
  for (let step = X / 256n; step > 0n && step * 1_000_000_000n >= X; step /= 2n) {
    for (let guard = 0; guard < 8; guard++) {
      let give = -1;
      let giveOut = -1n;
      let take = -1;
      let takeOut = -1n;
      for (let p = 0; p < P; p++) {
        const more = amounts.slice();
        more[p] += step;
        const o = runPaths(paths, more);
        if (o !== null && o > takeOut) [take, takeOut] = [p, o];
        if (amounts[p] < step) continue;
        const less = amounts.slice();
        less[p] -= step;
        const l = runPaths(paths, less);
        if (l !== null && l > giveOut) [give, giveOut] = [p, l];
      }
      if (give < 0 || take < 0 || give === take) break;
      const moved = amounts.slice();
      moved[give] -= step;
      moved[take] += step;
      const o = runPaths(paths, moved);
      if (o === null || o <= best) break;
      amounts = moved;
      best = o;
    }
  }
  return { out: best, amounts };
}

/** A V3 pool on the price `price` (raw token1 per raw token0): a full-range position and a narrow one. */
function v3Pool(id: number, t0: Address, t1: Address, price: number, value: bigint, rng: Rng): ConcentratedPool {
  const spacing = 60;
  const tick0 = getTickAtSqrtRatio(BigInt(Math.floor(Math.sqrt(price) * 2 ** 96)));
  const sqrtPriceX96 = getSqrtRatioAtTick(tick0);
  const full = 887220;
  // Liquidity L of a full range holding `value` of token0: reserve0 ~ L / sqrt(price).
  const l1 = BigInt(Math.floor(Number(value) * Math.sqrt(price) * (0.2 + rng.next())));
  const l2 = rng.chance(0.6) ? l1 * BigInt(rng.int(1, 20)) : 0n;
  const lo = Math.floor(tick0 / spacing) * spacing - spacing * rng.int(1, 40);
  const hi = Math.floor(tick0 / spacing) * spacing + spacing * rng.int(1, 40);
  const ticks = [{ index: -full, liquidityNet: l1, liquidityGross: l1 }];
  if (l2 > 0n)
    ticks.push(
      { index: lo, liquidityNet: l2, liquidityGross: l2 },
      { index: hi, liquidityNet: -l2, liquidityGross: l2 },
    );
  ticks.push({ index: full, liquidityNet: -l1, liquidityGross: l1 });
  return {
    kind: 'concentrated',
    id: addr(1000 + id),
    chainId: 1,
    token0: t0,
    token1: t1,
    fee: rng.pick([500, 3000, 10000]),
    tickSpacing: spacing,
    sqrtPriceX96,
    tick: tick0,
    liquidity: l1 + l2,
    ticks,
  };
}

/** 3-5 tokens priced 0.25-4, 2-8 pools between random pairs (V2 mostly, some V3), depths over four decades. */
function smallMarket(rng: Rng): Market {
  const nTokens = rng.int(3, 5);
  const tokens = Array.from({ length: nTokens }, (_, k) => ({
    chainId: 1,
    address: addr(k + 1),
    symbol: `T${k}`,
    decimals: 18,
    priceUsdE18: E18,
  }));
  const price = tokens.map(() => Math.exp((rng.next() - 0.5) * Math.log(16)));
  const nPools = rng.int(2, 8);
  const pools: Pool[] = [];
  // The first pool joins the sold and bought tokens, so every case has a route.
  for (let i = 0; i < nPools; i++) {
    let a = 0;
    let b = 1;
    if (i > 0) {
      a = rng.int(0, nTokens - 1);
      do b = rng.int(0, nTokens - 1);
      while (b === a);
    }
    const value = BigInt(Math.floor(10 ** (19 + rng.next() * 4)));
    // Each pool off the reference price by up to 0.2%: no pool is a perfect copy of another.
    const noise = 1 + (rng.next() - 0.5) * 0.004;
    const ratio = (price[a] / price[b]) * noise;
    if (rng.chance(0.25)) pools.push(v3Pool(i, tokens[a].address, tokens[b].address, ratio, value, rng));
    else {
      const pool: ConstantProductPool = {
        kind: 'constantProduct',
        id: addr(1000 + i),
        chainId: 1,
        token0: tokens[a].address,
        token1: tokens[b].address,
        reserve0: value,
        reserve1: BigInt(Math.floor(Number(value) * ratio)),
        feeBps: rng.pick([5, 30, 30, 100]),
      };
      pools.push(pool);
    }
  }
  const chains = [{ chainId: 1, name: 'test', gasPriceWei: 0n, nativeToken: tokens[0].address }];
  return { chains, tokens, pools, bridges: [] };
}

/** Product of spot rates (fee included) along the best path: output per unit for an infinitesimal trade. */
function bestSpotRate(paths: Hop[][]): number {
  let best = 0;
  for (const path of paths) {
    let r = 1;
    for (const h of path) {
      const p = h.pool;
      if (p.kind === 'constantProduct') {
        const g = 1 - p.feeBps / 1e4;
        const [rin, rout] = h.zeroForOne ? [p.reserve0, p.reserve1] : [p.reserve1, p.reserve0];
        r *= (g * Number(rout)) / Number(rin);
      } else if (p.kind === 'concentrated') {
        const price = (Number(p.sqrtPriceX96) / 2 ** 96) ** 2;
        const g = 1 - p.fee / 1e6;
        r *= h.zeroForOne ? g * price : g / price;
      }
    }
    best = Math.max(best, r);
  }
  return best;
}

const sharesPool = (a: Hop[], b: Hop[]) => a.some((h) => b.some((k) => k.pool === h.pool));

describe('routing optimality against a brute-force integer optimum', () => {
  test('within 1 bp on 1,000+ small graphs, trades up to 50% price impact, paths sharing pools', () => {
    const rng = createRng(18);
    const gaps: number[] = [];
    let counted = 0;
    let sharedOptima = 0;
    let multiPath = 0;
    let highImpact = 0;
    const failures: string[] = [];
    // Never a null where some path (a single pool included) fills the trade.
    const nulls: number[] = [];
    // The optimised dual bound is certified: never below the integer optimum. Its slack over it, in bp.
    const below: string[] = [];
    const slack: number[] = [];
    for (let attempt = 0; attempt < 3000 && counted < 1050; attempt++) {
      const market = smallMarket(rng);
      const sell = market.tokens[0].address;
      const buy = market.tokens[1].address;
      const paths = simplePaths(market.pools, sell, buy, 4);
      // Amount against the depth of the sell token's pools: from a 0.1% to a ~100% move of the direct pool.
      const X = BigInt(Math.floor(10 ** (18 + rng.next() * 5)));
      const request: QuoteRequest = {
        sellToken: sell,
        buyToken: buy,
        sourceChainId: 1,
        destinationChainId: 1,
        sellAmount: X,
      };
      const brute = bruteForce(paths, X);
      if (brute.out === 0n) continue;
      const impact = 1 - Number(brute.out) / (Number(X) * bestSpotRate(paths));
      if (impact > 0.5) continue;
      const route = findBestRoute(market, request);
      if (!route) nulls.push(attempt);
      else {
        const bound = dualBoundForRoute(market, route, { optimize: true });
        if (bound < brute.out) below.push(`attempt ${attempt}: bound ${bound} < optimum ${brute.out}`);
        slack.push((Number(bound - brute.out) / Number(brute.out)) * 1e4);
      }
      const out = route?.amountOut ?? 0n;
      const gapBps = (Number(brute.out - out) / Number(brute.out)) * 1e4;
      gaps.push(gapBps);
      counted++;
      if (impact >= 0.01) highImpact++;
      const used = paths.filter((_, p) => brute.amounts[p] > 0n);
      if (used.length > 1) multiPath++;
      if (used.some((a, i) => used.some((b, j) => i < j && sharesPool(a, b)))) sharedOptima++;
      if (gapBps > 1)
        failures.push(`attempt ${attempt}: ${gapBps.toFixed(3)} bp short (impact ${(impact * 100).toFixed(1)}%)`);
    }
    gaps.sort((a, b) => a - b);
    slack.sort((a, b) => a - b);
    console.log(
      `optimality: ${counted} cases (${highImpact} at 1-50% impact, ${multiPath} with a split optimum, ` +
        `${sharedOptima} whose optimum uses paths sharing a pool); shortfall in bp: median ` +
        `${gaps[gaps.length >> 1].toFixed(5)}, p99 ${gaps[Math.floor(gaps.length * 0.99)].toFixed(4)}, ` +
        `worst ${gaps[gaps.length - 1].toFixed(4)}, best ${gaps[0].toFixed(4)}; optimised bound over the ` +
        `optimum in bp: median ${slack[slack.length >> 1].toFixed(5)}, p99 ` +
        `${slack[Math.floor(slack.length * 0.99)].toFixed(4)}, worst ${slack[slack.length - 1].toFixed(4)}`,
    );
    expect(below).toEqual([]);
    expect(failures).toEqual([]);
    expect(nulls).toEqual([]);
    expect(counted).toBeGreaterThanOrEqual(1000);
    expect(highImpact).toBeGreaterThanOrEqual(300);
    expect(sharedOptima).toBeGreaterThanOrEqual(50);
  });
});
