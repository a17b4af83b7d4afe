import { parseUnits, type Bridge } from '@intentmesh/routing';
import { createPublicClient, http, webSocket, type Transport } from 'viem';
import { z } from 'zod';
import { ChainMarketSource } from './chainMarketSource';
import { LiveMarket } from './liveMarket';
import { fileStateStore } from './stateStore';
import type { FactorySpec } from './types';
import { toAddress } from '@intentmesh/protocol';

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'an address (0x + 40 hex)')
  .transform((a) => toAddress(a));
const uint = z
  .union([z.string().regex(/^\d+$/, 'a non-negative integer as a decimal string'), z.number().int().min(0)])
  .transform((v) => BigInt(v));

const chainSchema = z.object({
  chainId: z.number().int().min(1),
  rpcUrl: z.string().regex(/^(https?|wss?):\/\/\S+$/, 'an http(s) or ws(s) URL'),
  name: z.string().optional(),
  gasPriceWei: uint.optional(),
  nativeToken: address.optional(),
  /** "any": every V2/V3 creation event and StableSwap `Seeded` event on the chain, whoever emits it (dev chains only: anyone can emit one). */
  factories: z
    .union([
      z.literal('any'),
      z.array(
        z.object({
          kind: z.enum(['v2', 'v3']),
          address,
          fromBlock: uint.optional(),
          feeBps: z.number().int().min(0).max(9999).optional(),
        }),
      ),
    ])
    .default([]),
  pools: z
    .array(
      z.object({ kind: z.enum(['v2', 'v3', 'stable']), address, feeBps: z.number().int().min(0).max(9999).optional() }),
    )
    .default([]),
  maxPools: z.number().int().min(1).default(1000),
  /** The RouteExecutor the solver settles through on this chain (contracts/src/amm; stateless, anyone may deploy one). */
  routeExecutor: address.optional(),
  tickWords: z.number().int().min(1).max(64).default(2),
  multicall3: address.nullable().optional(),
  tokens: z
    .array(
      z.object({
        address,
        symbol: z.string().optional(),
        decimals: z.number().int().min(0).max(36).optional(),
        priceUsd: z
          .string()
          .regex(/^\d+(\.\d{1,18})?$/, 'a decimal USD price')
          .optional(),
      }),
    )
    .default([]),
});

const bridgeSchema = z.object({
  id: address,
  fromChainId: z.number().int().min(1),
  toChainId: z.number().int().min(1),
  tokenIn: address,
  tokenOut: address,
  fixedFee: uint,
  feeBps: z.number().int().min(0).max(9999),
  capacity: uint.nullable().optional(),
  delaySeconds: z.number().int().min(0),
});

export const marketConfigSchema = z.object({
  chains: z.array(chainSchema).min(1),
  bridges: z.array(bridgeSchema).default([]),
  /** Background sync period (ms); the solver kit also syncs before each auction. */
  pollMs: z.number().int().min(0).default(1000),
});
export type MarketConfig = z.output<typeof marketConfigSchema>;
export type MarketConfigInput = z.input<typeof marketConfigSchema>;

/** Validates a market configuration (the JSON of SOLVER_MARKET_CONFIG); errors name the field. */
export function parseMarketConfig(json: unknown): MarketConfig {
  const r = marketConfigSchema.safeParse(json);
  if (!r.success)
    throw new Error(
      `invalid market config: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  return r.data;
}

/** The transport an RPC URL names: HTTP (JSON-RPC batches) or a WebSocket. */
export function rpcTransport(url: string): Transport {
  return /^wss?:/.test(url)
    ? webSocket(url, { retryCount: 2 })
    : http(url, { batch: { batchSize: 200 }, retryCount: 2 });
}

export type CreateLiveMarketOptions = {
  /** Each chain's cursor and state are kept in <stateDir>/market-<chainId>.json; unset: a full load on every start. */
  stateDir?: string;
  onError?: (err: unknown) => void;
};

/** A live market over the configured chains' RPCs (not started: call start()). */
export function createLiveMarket(
  config: MarketConfig,
  { stateDir, onError }: CreateLiveMarketOptions = {},
): LiveMarket {
  const sources = config.chains.map((c) => {
    const factories: FactorySpec[] =
      c.factories === 'any' ? [{ kind: 'v2' }, { kind: 'v3' }, { kind: 'stable' }] : c.factories;
    return new ChainMarketSource({
      client: createPublicClient({ transport: rpcTransport(c.rpcUrl) }),
      chainId: c.chainId,
      name: c.name,
      gasPriceWei: c.gasPriceWei,
      nativeToken: c.nativeToken,
      factories,
      pools: c.pools,
      maxPools: c.maxPools,
      tickWords: c.tickWords,
      multicall3: c.multicall3,
      tokens: c.tokens.map((t) => ({
        address: t.address,
        symbol: t.symbol,
        decimals: t.decimals,
        priceUsdE18: t.priceUsd === undefined ? undefined : parseUnits(t.priceUsd, 18),
      })),
      store: stateDir ? fileStateStore(`${stateDir}/market-${c.chainId}.json`) : undefined,
    });
  });
  const bridges: Bridge[] = config.bridges.map((b) => ({ kind: 'bridge', ...b, capacity: b.capacity ?? undefined }));
  return new LiveMarket({ sources, bridges, pollMs: config.pollMs, onError });
}
