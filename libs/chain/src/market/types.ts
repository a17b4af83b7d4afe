import type { Address } from 'viem';

/** What a V3 pool is created with and never changes (a deployed one and a tracked one alike). */
export type V3PoolParams = { address: Address; token0: Address; token1: Address; fee: number; tickSpacing: number };

/** What a StableSwap pool is created with and never changes (a deployed one and a tracked one alike). */
export type StablePoolParams = {
  address: Address;
  tokens: Address[];
  amplification: bigint;
  fee: bigint;
  adminFee: bigint;
};

/** A pool the market tracks: what never changes about it (tokens, fee, spacing) and the block that created it. */
export type PoolRef =
  | { kind: 'v2'; address: Address; token0: Address; token1: Address; feeBps: number; createdBlock: bigint }
  | ({ kind: 'v3'; createdBlock: bigint } & V3PoolParams)
  | ({ kind: 'stable'; createdBlock: bigint } & StablePoolParams);

/** Every token a pool trades. */
export const refTokens = (ref: PoolRef): Address[] => (ref.kind === 'stable' ? ref.tokens : [ref.token0, ref.token1]);

/**
 * Where pools come from: a factory's creation events (`address` undefined: any emitter, for dev chains only).
 * 'stable': our StableSwap's own `Seeded` event (it has no factory), so only ever "any emitter".
 */
export type FactorySpec = {
  kind: 'v2' | 'v3' | 'stable';
  address?: Address;
  /** First block to scan for creation events (default 0). */
  fromBlock?: bigint;
  /** V2 only: the pairs' swap fee in basis points (default 30, Uniswap V2's). */
  feeBps?: number;
};

/** A pool named by configuration; its tokens (and V3 fee and spacing) are read from the pool itself. */
export type PoolSpec = { kind: 'v2' | 'v3' | 'stable'; address: Address; feeBps?: number };

/** Metadata for a token: what the chain does not say (its USD reference price) and optional overrides. */
export type TokenSpec = { address: Address; symbol?: string; decimals?: number; priceUsdE18?: bigint };

/** The loaded span of a V3 pool's ticks: whole bitmap words [lo, hi] (tick indexes). */
export type TickWindow = { lo: number; hi: number };
