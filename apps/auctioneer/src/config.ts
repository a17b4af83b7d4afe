import { z } from 'zod';
import {
  baseEnvSchema,
  chainRpcUrlsFromEnv,
  commaList,
  intFromEnv,
  parseEnv,
  secretKeyFromEnv,
} from '@intentmesh/runtime';
import { toAddress } from '@intentmesh/protocol';

const addressList = z
  .string()
  .default('')
  .transform((s) => commaList(s).map((a) => a.toLowerCase()))
  .refine((l) => l.every((a) => /^0x[0-9a-f]{40}$/.test(a)), 'must be a comma-separated list of 0x addresses')
  .transform((l) => l.map((a) => toAddress(a)));

export const auctioneerEnvSchema = baseEnvSchema.extend({
  AUCTIONEER_PRIVATE_KEY: z.string().optional(),
  /** An encrypted (Web3 Secret Storage v3) keystore file instead of a raw key, and its password. */
  AUCTIONEER_KEYSTORE: z.string().optional(),
  AUCTIONEER_KEYSTORE_PASSWORD: z.string().optional(),
  /** Registered solver keys (the trust work replaces this list with operator vouchers and bonds). */
  SOLVER_ADDRESSES: addressList,
  AUCTION_INTERVAL_MS: intFromEnv(1000, 10),
  AUCTION_MAX_INTENTS: intFromEnv(100, 1),
  /** Auctions in their bid window at once; further cuts wait for one to close. */
  AUCTION_MAX_OPEN: intFromEnv(2, 1),
  BID_WINDOW_MS: intFromEnv(300, 10),
  /** on: an auction closes as soon as every invited solver has sent its signed pass; off: always after BID_WINDOW_MS. */
  BID_WINDOW_EARLY_CLOSE: z.enum(['on', 'off']).default('on'),
  SETTLE_WINDOW_SEC: intFromEnv(300, 1),
  RETRY_DELAY_MS: intFromEnv(1000, 0),
  /** Flood guard: bids kept per solver per auction (a solver may bid once per intent). */
  MAX_BIDS_PER_SOLVER: intFromEnv(2000, 1),
  RECONCILE_STALE_MS: intFromEnv(60_000, 1000),
  RECONCILE_INTERVAL_MS: intFromEnv(10_000, 100),
  // solver trust (libs/auction/src/trust): bonds, probes, fan-out
  /** Bond of an operator not listed in OPERATOR_BONDS (each SOLVER_ADDRESSES key is its own operator), in wei. */
  TRUST_DEFAULT_BOND: z
    .string()
    .regex(/^[0-9]+$/, 'must be a whole number of wei')
    .default('1000000000000000000')
    .transform(BigInt),
  /** "operator:bondWei,..." ; bonds come from configuration until the SolverRegistry contract is read. */
  OPERATOR_BONDS: z
    .string()
    .default('')
    .transform((s) => commaList(s).map((x) => x.split(':')))
    .refine(
      (l) =>
        l.every(
          ([a, b, r, ...rest]) =>
            /^0x[0-9a-fA-F]{40}$/.test(a ?? '') &&
            /^[0-9]+$/.test(b ?? '') &&
            (r === undefined || /^[a-z0-9-]{1,32}$/.test(r)) &&
            !rest.length,
        ),
      'must be "0xoperator:bondWei" or "0xoperator:bondWei:region" entries, comma-separated',
    )
    .transform((l) =>
      l.map(([a, b, r]) => ({ operator: toAddress(a.toLowerCase()), bond: BigInt(b), ...(r ? { region: r } : {}) })),
    ),
  /** Keys whose signed admin actions (set bond, eject, re-admit) the auctioneer obeys. */
  TRUST_ADMINS: addressList,
  PROBE_INTERVAL_MS: intFromEnv(1000, 50),
  PROBE_TIMEOUT_MS: intFromEnv(500, 10),
  /** An invited key whose open-to-first-answer latency (our clock) exceeds this is slow at auctions: it sits out beside a key faster by more than this. */
  TRUST_SLOW_BID_MS: intFromEnv(100, 1),
  TRUST_EJECT_BASE_MS: intFromEnv(30_000, 100),
  FANOUT_SEATS: intFromEnv(8, 1),
  FANOUT_INVITE_ALL_MAX: intFromEnv(32, 1),
  /** Only solvers of this region are invited (optional shard key). */
  AUCTION_REGION: z.string().optional(),
  /** Only solvers whose measured RTT is at most this are invited (optional shard bound). */
  SHARD_MAX_RTT_MS: z.coerce.number().int().positive().optional(),
  /**
   * on: every auction is also published on auction.<id>.open, as before the trust work (observers, older solvers);
   * off: only invited solvers receive it, on solver.<address>.auction.
   */
  AUCTION_PUBLIC_FEED: z.enum(['on', 'off']).default('on'),
  // on-chain settlement and bonds (contracts/): off unless RPC endpoints are configured
  /** "chainId=url,...": JSON-RPC endpoints; with them the watcher marks intents `settled` from Settled/Filled events. */
  CHAIN_RPC_URLS: chainRpcUrlsFromEnv(),
  /** on: before each auction, re-read the swapper's balance, allowance and nonce on chain (needs CHAIN_RPC_URLS); off: never. */
  FUNDING_CHECKS: z.enum(['on', 'off']).default('on'),
  /** on: a re-check's reads go out as one Multicall3 eth_call where Multicall3 is deployed (probed once); off: single reads. */
  FUNDING_MULTICALL: z.enum(['on', 'off']).default('on'),
  SETTLEMENT_POLL_MS: intFromEnv(2000, 50),
  /** A chain with no block after settleBy (a quiet local chain): an award lapses this long after settleBy. */
  LAPSE_GRACE_SEC: intFromEnv(2, 0),
  /** A lapsed intent is auctioned again only with at least this long left before its deadline; otherwise it expires. */
  LAPSE_MIN_REMAINING_SEC: intFromEnv(5, 0),
  /** How far back the watcher reads at start (blocks). */
  SETTLEMENT_LOOKBACK_BLOCKS: intFromEnv(5000, 0),
  /** "chainId:0xregistry": read operator bonds and vouched solver keys from this SolverRegistry instead of OPERATOR_BONDS. */
  SOLVER_REGISTRY: z
    .string()
    .optional()
    .refine((v) => v === undefined || /^[1-9][0-9]*:0x[0-9a-fA-F]{40}$/.test(v), 'must be "chainId:0xaddress"')
    .transform((v) =>
      v ? { chainId: Number(v.split(':')[0]), address: toAddress(v.split(':')[1].toLowerCase()) } : undefined,
    ),
  BOND_REFRESH_MS: intFromEnv(30_000, 100),
  /** The API's intake key: an intent the API sealed with it (HMAC over the message) is not hashed and recovered again; unset or a bad seal: recovered here. */
  INTAKE_KEY: secretKeyFromEnv(),
});
export type AuctioneerEnv = z.output<typeof auctioneerEnvSchema>;

export function loadAuctioneerConfig(env: Record<string, string | undefined> = process.env): AuctioneerEnv {
  return parseEnv(auctioneerEnvSchema, env);
}
