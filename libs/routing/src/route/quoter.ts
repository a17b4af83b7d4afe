import { indexMarket } from '../market/marketIndex';
import { tokenKey } from '../market/tokenKey';
import type { Market, QuoteOptions, QuoteRequest, Route } from '../types';
import { bridgeLimit, coldSearch, searchContext } from './coldSearch';
import { evaluatePaths } from './evaluate';
import { baseStates, fPath, Sim } from './floatSim';
import {
  DEFAULT_MAX_SPLITS,
  ROUTING_TUNING,
  type Built,
  type Candidate,
  netOf,
  rateBounds,
  splitRoute,
  type SplitShape,
  toRoute,
  type Ctx,
} from './search';

/** Knobs of the warm path; exported for the benchmark and tests, not part of the stable API. */
export const QUOTER_TUNING = {
  /** Best single paths (by float output net of gas at the miss amount) kept per cache entry. */
  cachedSingles: 16,
  /** Cached single paths re-evaluated with exact math on a hit, best by float output at the new amount first. */
  exactSingles: 3,
  /**
   * A cached single path whose float net at the new amount is this share below the best exact net found so far is
   * not evaluated exactly: it cannot win (the float model's error on exact outputs is about 1e-7 of them, measured
   * on the pipeline's market, 600 times below this), and its exact math (BigInt tick and StableSwap steps) was most
   * of a warm quote. 0 evaluates all `exactSingles`.
   */
  exactSkipShare: 1e-4,
  /** Unused cached candidates offered to the warm Newton step next to the cached split's paths. */
  warmEntrants: 2,
  /** Cache entries per quoter when the caller does not say. */
  defaultCacheSize: 5000,
};

export type QuoterOptions = QuoteOptions & {
  /** Most cache entries kept (least recently used evicted first). Default 5,000. */
  cacheSize?: number;
};

export type QuoterStats = {
  /** quote() calls. */
  quotes: number;
  /** Quotes answered from cached candidate paths (no beam search). */
  hits: number;
  /** Quotes that ran the full search (no entry for their pair and amount bucket, or the cached paths failed). */
  misses: number;
  /** Misses caused by a cached entry whose paths could not carry the new amount (e.g. a bridge capacity). */
  fallbacks: number;
  /** Quotes answered null. */
  noRoute: number;
  /** Entries in the cache now. */
  entries: number;
  evictions: number;
  cacheSize: number;
};

export type Quoter = {
  /**
   * Same contract as findBestRoute(market, request, options): exact amounts, null when no path carries the
   * amount. `overrides` replaces the quoter's options for this call (e.g. maxBridges: 1 for cross-chain
   * intents); each distinct option set has its own cache entries.
   */
  quote(request: QuoteRequest, overrides?: QuoteOptions): Route | null;
  stats(): QuoterStats;
};

type Entry = {
  /** Best single paths at the miss amount, best first. */
  singles: Candidate[];
  /** Diversified split candidates (empty when maxSplits is 1). */
  pool: Candidate[];
  /** Float split found at the miss amount: warm start for the Newton step on hits. */
  shape?: SplitShape;
  /** Float gas (buy token) of the two cheapest split candidates: what any split of two or more paths pays at least. */
  twoPathGas: number;
};

/** Per (sell token, buy token, options): the search context and the reach bounds, shared by all buckets. */
type PairCtx = { ctx: Ctx; reach: Float64Array[]; reachable: boolean; sim: Sim; maxSplits: number };

/**
 * Warm quoter on one immutable market snapshot (a new snapshot needs a new quoter). The first quote of a
 * (sell token, buy token, chains, options, amount octave floor(log2 amount)) runs findBestRoute's full search and caches its
 * candidate paths; later quotes in the same octave skip the beam search: they re-rank the cached single
 * paths at the new amount, re-optimise the split over the cached candidates (Newton marginal equalisation
 * warm-started from the cached split), and evaluate with exact pool math. Never worse (net of gas) than the
 * best single cached path it evaluates. Pure: no I/O, no clock; results depend only on the market, the
 * options and the sequence of requests (the cached paths come from the first request of each octave).
 */
export function createQuoter(market: Market, options: QuoterOptions = {}): Quoter {
  const index = indexMarket(market);
  const base = baseStates(index);
  const { cacheSize: size, ...defaults } = options;
  const cacheSize = Math.max(1, Math.floor(size ?? QUOTER_TUNING.defaultCacheSize));
  const cache = new Map<string, Entry>();
  // Bounded by tokens x option sets seen; cleared wholesale if a caller cycles through unbounded option sets.
  const pairs = new Map<string, PairCtx>();
  const st = { quotes: 0, hits: 0, misses: 0, fallbacks: 0, noRoute: 0, evictions: 0 };

  function pairCtx(from: number, to: number, opts: QuoteOptions, sig: string): PairCtx {
    const key = `${from}>${to}|${sig}`;
    let p = pairs.get(key);
    if (p) return p;
    if (pairs.size >= cacheSize) pairs.clear();
    const ctx = searchContext(index, from, to, opts);
    const reach = rateBounds(ctx);
    p = {
      ctx,
      reach,
      reachable: reach[reach.length - 1][from] > 0,
      sim: new Sim(base),
      maxSplits: Math.max(1, opts.maxSplits ?? DEFAULT_MAX_SPLITS),
    };
    pairs.set(key, p);
    return p;
  }

  function remember(key: string, entry: Entry): void {
    cache.delete(key);
    cache.set(key, entry);
    while (cache.size > cacheSize) {
      cache.delete(cache.keys().next().value as string);
      st.evictions++;
    }
  }

  function quote(request: QuoteRequest, overrides?: QuoteOptions): Route | null {
    st.quotes++;
    const route = quoteInner(request, overrides);
    if (!route) st.noRoute++;
    return route;
  }

  // the option set of each overrides object a caller passes again and again (e.g. one per kind of intent), with its
  // signature: merged and signed once, not on every quote; kept only while the object still holds the same values
  // `sigs`: the signature for a cross-chain request, then for a same-chain one (their default bridge limits differ)
  type OptionSet = { opts: QuoteOptions; sigs: [string, string] };
  const signBoth = (o: QuoteOptions): [string, string] => [optionsSignature(o, false), optionsSignature(o, true)];
  const resolved = new WeakMap<QuoteOptions, OptionSet & { seen: QuoteOptions }>();
  const defaultsSigs = defaults.gasPriceWei ? undefined : signBoth(defaults);
  function optionSet(overrides?: QuoteOptions): OptionSet {
    if (!overrides) return { opts: defaults, sigs: defaultsSigs ?? signBoth(defaults) };
    const hit = resolved.get(overrides);
    if (hit && sameOptions(hit.seen, overrides)) return hit;
    const opts = { ...defaults, ...overrides };
    const sigs = signBoth(opts);
    // gas prices are a caller's record that may change in place: those sets are signed on every quote, as before
    if (!opts.gasPriceWei) resolved.set(overrides, { seen: { ...overrides }, opts, sigs });
    return { opts, sigs };
  }

  function quoteInner(request: QuoteRequest, overrides?: QuoteOptions): Route | null {
    const from = index.tokenIdx.get(tokenKey(request.sourceChainId, request.sellToken));
    const to = index.tokenIdx.get(tokenKey(request.destinationChainId, request.buyToken));
    if (from === undefined || to === undefined || from === to || request.sellAmount <= 0n) return null;
    const { opts, sigs } = optionSet(overrides);
    const sig = sigs[request.sourceChainId === request.destinationChainId ? 1 : 0];
    const pc = pairCtx(from, to, opts, sig);
    // No path of any amount within the hop limits: the spot-rate bound is zero.
    if (!pc.reachable) return null;
    const X = Number(request.sellAmount);
    const key = `${from}>${to}|${sig}|${Math.floor(Math.log2(X))}`;
    const entry = cache.get(key);
    if (entry) {
      const built = warmQuote(pc, entry, request, X);
      if (built) {
        st.hits++;
        cache.delete(key);
        cache.set(key, entry);
        return toRoute(pc.ctx, request, built.paths, pc.maxSplits);
      }
      st.fallbacks++;
    }
    st.misses++;
    const { built, entry: fresh } = fullSearch(pc, request);
    if (fresh) remember(key, fresh);
    return built ? toRoute(pc.ctx, request, built.paths, pc.maxSplits) : null;
  }

  return {
    quote,
    stats: () => ({ ...st, entries: cache.size, cacheSize }),
  };
}

/** Whether two option objects hold the same own values (an overrides object is a handful of fields). */
function sameOptions(a: QuoteOptions, b: QuoteOptions): boolean {
  const ka = Object.keys(a) as (keyof QuoteOptions)[];
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (a[k] !== b[k]) return false;
  return true;
}

/** Cache key part for the options that change the search; the same set always gives the same string. */
function optionsSignature(o: QuoteOptions, sameChain: boolean): string {
  const hops = o.maxHops ?? 4;
  const splits = Math.max(1, o.maxSplits ?? DEFAULT_MAX_SPLITS);
  const bridges = bridgeLimit(o, sameChain);
  let gas = '';
  if (o.gasPriceWei) for (const k of Object.keys(o.gasPriceWei).sort()) gas += `${k}:${o.gasPriceWei[Number(k)]},`;
  return `${hops},${splits},${bridges},${gas}`;
}

/** findBestRoute's search (the same coldSearch, so the same result), keeping its candidates for the cache. */
function fullSearch(pc: PairCtx, request: QuoteRequest): { built: Built | null; entry: Entry | null } {
  const { ctx, reach, maxSplits } = pc;
  const found = coldSearch(ctx, request, reach, maxSplits);
  if (found.full.length === 0) return { built: found.best, entry: null };
  const singles = found.full.slice(0, Math.max(QUOTER_TUNING.cachedSingles, ROUTING_TUNING.singleCandidates));
  const gases = found.pool.map((c) => c.gas).sort((a, b) => a - b);
  const twoPathGas = gases.length >= 2 ? gases[0] + gases[1] : 0;
  return { built: found.best, entry: { singles, pool: found.pool, shape: found.shape, twoPathGas } };
}

/** Hit: no beam search. Cached singles re-ranked at the new amount, split re-optimised from the cached shape. */
function warmQuote(pc: PairCtx, entry: Entry, request: QuoteRequest, X: number): Built | null {
  const { ctx, sim, maxSplits } = pc;
  const ranked: Array<{ c: Candidate; v: number }> = [];
  for (const c of entry.singles) {
    const out = fPath(sim, c.edges, X, false);
    if (out > 0) ranked.push({ c, v: out - c.gas });
  }
  ranked.sort((a, b) => b.v - a.v);
  let best: Built | null = null;
  const skipShare = QUOTER_TUNING.exactSkipShare;
  for (const { c, v } of ranked.slice(0, QUOTER_TUNING.exactSingles)) {
    // ranked best first: once one path's float net is clearly below the best exact net, so are all after it
    if (best && skipShare > 0) {
      const b = Number(best.net);
      if (v < b - skipShare * Math.abs(b)) break;
    }
    const r = evaluatePaths(ctx.index, [{ edges: c.edges, amountIn: request.sellAmount }]);
    if (!r) continue;
    const net = netOf(ctx, r.paths, r.amountOut);
    if (!best || net > best.net) best = { paths: r.paths, amountOut: r.amountOut, net };
  }
  // Every venue is concave, so no split can output more than amount x the best spot-rate product (reach).
  // When that bound, less the gas of a second path, cannot beat the best single path, skip the split: this is
  // the common case of small orders on gas-priced chains. Margins cover float error and per-chain gas rounding.
  const bound = X * pc.reach[pc.reach.length - 1][ctx.from] * (1 + 1e-9) - entry.twoPathGas * (1 - 1e-9) + 2;
  const splitCanPay = !best || Number(best.net) < bound;
  if (maxSplits > 1 && entry.pool.length > 0 && splitCanPay) {
    const split = splitRoute(ctx, request, entry.pool, Math.min(maxSplits, ROUTING_TUNING.splitPaths), {
      warm: entry.shape,
      warmEntrants: QUOTER_TUNING.warmEntrants,
    });
    if (split && (!best || split.net > best.net)) best = split;
  }
  return best;
}
