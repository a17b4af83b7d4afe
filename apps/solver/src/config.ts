import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { MarketConfig } from '@intentmesh/chain';
import {
  addressFromEnv,
  baseEnvSchema,
  chainIdListFromEnv,
  chainRpcUrlsFromEnv,
  intFromEnv,
  parseEnv,
} from '@intentmesh/runtime';
import { regionSchema, type SignedSolverVoucherJSON } from '@intentmesh/protocol';

// only a solver configured with chains reads their configuration: @intentmesh/chain (and viem) load then, not at import
// eslint-disable-next-line @typescript-eslint/no-require-imports
const chainDeps = () => require('./chainDeps') as typeof import('./chainDeps');

export const solverProfiles = {
  /** one pool, one path: the simplest competitor */
  direct: { maxHops: 1, maxSplits: 1 },
  /** up to three hops, one path */
  multihop: { maxHops: 3, maxSplits: 1 },
  /** up to four hops, split across up to eight paths */
  split: { maxHops: 4, maxSplits: 8 },
} as const;
export type SolverProfile = keyof typeof solverProfiles;

export const solverEnvSchema = baseEnvSchema.extend({
  SOLVER_PRIVATE_KEY: z.string().optional(),
  /** An encrypted (Web3 Secret Storage v3) keystore file instead of a raw key, and its password. */
  SOLVER_KEYSTORE: z.string().optional(),
  SOLVER_KEYSTORE_PASSWORD: z.string().optional(),
  SOLVER_NAME: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'lowercase letters, digits and - only')
    .default('solver'),
  SOLVER_PROFILE: z.enum(Object.keys(solverProfiles) as [SolverProfile, ...SolverProfile[]]).default('split'),
  /**
   * Basis points the solver keeps from each route's output (0 = bid everything it finds): it bids the route's output
   * less this, and what the route delivers above the award stays with the solver (docs/solver-guide.md, margin).
   */
  SOLVER_MARGIN_BPS: intFromEnv(0, 0),
  /**
   * The chains the solver reads its market from and settles on (docs/solver-guide.md): the JSON itself, or the path
   * of a JSON file. Unset, with SOLVER_RPC_URLS unset too: the generated demo market of MARKET_SEED, bids only (tests
   * and benchmarks).
   */
  SOLVER_MARKET_CONFIG: z
    .string()
    .optional()
    .transform((s, ctx): MarketConfig | undefined => {
      if (!s?.trim()) return undefined;
      try {
        const text = s.trim().startsWith('{') ? s : existsSync(s) ? readFileSync(s, 'utf8') : undefined;
        if (text === undefined) throw new Error(`no file ${s} (and not JSON)`);
        return chainDeps().parseMarketConfig(JSON.parse(text));
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
        return z.NEVER;
      }
    }),
  /**
   * "chainId=url,...": dev chains (e.g. `npm start`'s on 8545-8547): every V2/V3 pool and StableSwap any contract
   * announces, settled through the dev chains' RouteExecutor, bridge inventory minted (real chains: SOLVER_MARKET_CONFIG).
   */
  SOLVER_RPC_URLS: chainRpcUrlsFromEnv(),
  /** Seed of the generated demo market (only when no chain market is configured: tests and benchmarks). */
  MARKET_SEED: intFromEnv(1, 0),
  MARKET_POOLS: intFromEnv(300, 10),
  /** The operator's signed voucher for this key (JSON, from `intentmesh solver vouch`); sent to the auctioneer on start. */
  OPERATOR_VOUCHER: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      try {
        return JSON.parse(s) as SignedSolverVoucherJSON;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be the voucher JSON printed by `intentmesh solver vouch`' });
        return z.NEVER;
      }
    }),
  /** The auctioneer this solver bids for: auction opens it did not sign are dropped (unset: the first signer is pinned). */
  AUCTIONEER_ADDRESS: addressFromEnv().optional(),
  /** Serve Prometheus metrics on this port (unset: off). */
  METRICS_PORT: z.coerce.number().int().min(0).optional(),
  /** "1,10,42161": chains this solver serves, signed in its attestations; it is sent only intents between two of them (unset: all). */
  SOLVER_CHAINS: chainIdListFromEnv(),
  /** Region this solver runs in (e.g. "eu"), signed in its attestations; an auctioneer with AUCTION_REGION invites its own region first. */
  SOLVER_REGION: regionSchema.optional(),
  /** Print every bid's route in a readable form. */
  SOLVER_EXPLAIN: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
});
export type SolverEnv = z.output<typeof solverEnvSchema>;

/** The market configuration the environment asks for, if any: SOLVER_MARKET_CONFIG, else SOLVER_RPC_URLS. */
export function solverMarketConfig(
  env: Pick<SolverEnv, 'SOLVER_MARKET_CONFIG' | 'SOLVER_RPC_URLS'>,
): MarketConfig | undefined {
  if (env.SOLVER_MARKET_CONFIG) return env.SOLVER_MARKET_CONFIG;
  if (!env.SOLVER_RPC_URLS.length) return undefined;
  const { DEV_ROUTE_EXECUTOR, parseMarketConfig } = chainDeps();
  const chains = env.SOLVER_RPC_URLS.map(({ chainId, url }) => ({
    chainId,
    rpcUrl: url,
    factories: 'any',
    routeExecutor: DEV_ROUTE_EXECUTOR,
  }));
  return parseMarketConfig({ chains });
}

export function loadSolverConfig(env: Record<string, string | undefined> = process.env): SolverEnv {
  return parseEnv(solverEnvSchema, env);
}
