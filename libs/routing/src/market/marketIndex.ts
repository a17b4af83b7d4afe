import { stableRate } from '../pools/stableSwap';
import type { Bridge, Market, Pool, Token } from '../types';
import { tokenKey } from './tokenKey';

export const GAS_PER_LEG = {
  constantProduct: 90_000n,
  concentrated: 120_000n,
  stableSwap: 140_000n,
  bridge: 160_000n,
} as const;
// Crossing an initialized tick costs extra storage writes on chain.
export const GAS_PER_TICK_CROSSED = 20_000n;

export type Venue = { pool: Pool; bridge?: undefined } | { pool?: undefined; bridge: Bridge };

/** A directed way to turn token `from` into token `to` through one pool or bridge. */
export type Edge = {
  venue: number;
  kind: 'constantProduct' | 'concentrated' | 'stableSwap' | 'bridge';
  from: number;
  to: number;
  /** concentrated/constant product: selling token0; stable: coin indexes i -> j. */
  zeroForOne: boolean;
  i: number;
  j: number;
  chainIn: number;
  chainOut: number;
  /** Routing only: the parallel pools' edges an aggregate edge (a virtual venue) splits its amount among. */
  members?: Edge[];
};

/** Static float view of a concentrated pool: sqrt prices at each initialized tick and the liquidity above it. */
export type ClTable = { sqrtAt: Float64Array; liqAbove: Float64Array; fee: number };

export type MarketIndex = {
  market: Market;
  tokens: Token[];
  tokenIdx: Map<string, number>;
  venues: Venue[];
  venueById: Map<string, number>;
  edgesFrom: Edge[][];
  /** Curve RATES per stable pool venue. */
  stableRates: Map<number, bigint[]>;
  clTables: Map<number, ClTable>;
  nativePrice: Map<number, Token>;
};

const cache = new WeakMap<Market, MarketIndex>();

/** Derived lookup structures, built once per market object (markets are treated as immutable). */
export function indexMarket(market: Market): MarketIndex {
  const hit = cache.get(market);
  if (hit) return hit;
  const tokens = market.tokens;
  const tokenIdx = new Map<string, number>();
  tokens.forEach((t, k) => tokenIdx.set(tokenKey(t.chainId, t.address), k));
  const idxOf = (chainId: number, address: string): number => {
    const k = tokenIdx.get(tokenKey(chainId, address));
    if (k === undefined) throw new Error(`unknown token ${address} on chain ${chainId}`);
    return k;
  };
  const venues: Venue[] = [];
  const venueById = new Map<string, number>();
  const edgesFrom: Edge[][] = tokens.map(() => []);
  const stableRates = new Map<number, bigint[]>();
  const clTables = new Map<number, ClTable>();
  for (const pool of market.pools) {
    const v = venues.length;
    venues.push({ pool });
    venueById.set(pool.id, v);
    const c = pool.chainId;
    if (pool.kind === 'stableSwap') {
      const ids = pool.tokens.map((a) => idxOf(c, a));
      stableRates.set(
        v,
        ids.map((k) => stableRate(tokens[k].decimals)),
      );
      for (let i = 0; i < ids.length; i++)
        for (let j = 0; j < ids.length; j++)
          if (i !== j)
            edgesFrom[ids[i]].push({
              venue: v,
              kind: pool.kind,
              from: ids[i],
              to: ids[j],
              zeroForOne: i < j,
              i,
              j,
              chainIn: c,
              chainOut: c,
            });
    } else {
      const a = idxOf(c, pool.token0);
      const b = idxOf(c, pool.token1);
      edgesFrom[a].push({
        venue: v,
        kind: pool.kind,
        from: a,
        to: b,
        zeroForOne: true,
        i: 0,
        j: 1,
        chainIn: c,
        chainOut: c,
      });
      edgesFrom[b].push({
        venue: v,
        kind: pool.kind,
        from: b,
        to: a,
        zeroForOne: false,
        i: 1,
        j: 0,
        chainIn: c,
        chainOut: c,
      });
      if (pool.kind === 'concentrated') clTables.set(v, buildClTable(pool));
    }
  }
  for (const bridge of market.bridges) {
    const v = venues.length;
    venues.push({ bridge });
    venueById.set(bridge.id, v);
    const a = idxOf(bridge.fromChainId, bridge.tokenIn);
    const b = idxOf(bridge.toChainId, bridge.tokenOut);
    edgesFrom[a].push({
      venue: v,
      kind: 'bridge',
      from: a,
      to: b,
      zeroForOne: true,
      i: 0,
      j: 1,
      chainIn: bridge.fromChainId,
      chainOut: bridge.toChainId,
    });
  }
  const nativePrice = new Map<number, Token>();
  for (const chain of market.chains) {
    const k = tokenIdx.get(tokenKey(chain.chainId, chain.nativeToken));
    if (k !== undefined) nativePrice.set(chain.chainId, tokens[k]);
  }
  const index: MarketIndex = {
    market,
    tokens,
    tokenIdx,
    venues,
    venueById,
    edgesFrom,
    stableRates,
    clTables,
    nativePrice,
  };
  cache.set(market, index);
  return index;
}

const Q96F = 2 ** 96;

function buildClTable(pool: Extract<Pool, { kind: 'concentrated' }>): ClTable {
  const n = pool.ticks.length;
  const sqrtAt = new Float64Array(n);
  const liqAbove = new Float64Array(n);
  let l = 0n;
  for (let k = 0; k < n; k++) {
    const t = pool.ticks[k];
    sqrtAt[k] = Math.pow(1.0001, t.index / 2);
    l += t.liquidityNet;
    liqAbove[k] = Number(l);
  }
  return { sqrtAt, liqAbove, fee: pool.fee / 1e6 };
}

export function sqrtPriceToFloat(sqrtPriceX96: bigint): number {
  return Number(sqrtPriceX96) / Q96F;
}
