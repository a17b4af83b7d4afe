import { z } from 'zod';
import {
  addressFromEnv,
  baseEnvSchema,
  chainRpcUrlsFromEnv,
  intFromEnv,
  parseEnv,
  secretKeyFromEnv,
} from '@intentmesh/runtime';

export const apiEnvSchema = baseEnvSchema.extend({
  PORT: intFromEnv(3000, 0),
  HOST: z.string().default('127.0.0.1'),
  /** How far ahead an intent's deadline may be. */
  MAX_DEADLINE_AHEAD_SEC: intFromEnv(86_400, 60),
  /** Demo token list: the same seed the reference solvers quote against. */
  MARKET_SEED: intFromEnv(1, 0),
  MARKET_POOLS: intFromEnv(300, 10),
  /** Requests per second per client IP (token bucket; 0 turns it off) and the burst it allows. */
  RATE_LIMIT_IP_PER_SEC: intFromEnv(200, 0),
  RATE_LIMIT_IP_BURST: intFromEnv(400, 1),
  /** Intents per second per swapper, counted after its signature checks out (0 turns it off). */
  RATE_LIMIT_SWAPPER_PER_SEC: intFromEnv(20, 0),
  RATE_LIMIT_SWAPPER_BURST: intFromEnv(200, 1),
  /** Open (pending, auctioning, unfilled) intents one swapper may have at once. */
  MAX_OPEN_INTENTS_PER_SWAPPER: intFromEnv(1000, 1),
  /** Comment lines on GET /v1/stream this often, so proxies keep it open and clients notice a dead one. */
  STREAM_HEARTBEAT_MS: intFromEnv(15_000, 100),
  /** Live GET /v1/stream connections in all (then 503 STREAMS_FULL) and per client address (then 429 TOO_MANY_STREAMS). */
  STREAM_MAX_CLIENTS: intFromEnv(1000, 1),
  STREAM_MAX_PER_IP: intFromEnv(20, 1),
  /** A request's headers must arrive within this (Node answers 408), its body within the next (408 REQUEST_TIMEOUT); both at most 30 s. */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(20_000),
  HTTP_BODY_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(30_000),
  /** Budget of one indicative quote round (GET /v1/quote), ms; the answer comes within about this. */
  QUOTE_TIMEOUT_MS: z.coerce.number().int().min(20).max(5000).default(270),
  /** Intents queued or being written at once before new submissions get 429 OVERLOADED (bounds memory). */
  INTAKE_MAX_QUEUED: intFromEnv(10_000, 1),
  /** Group commit: most intents per multi-row INSERT, how long a group waits to fill (ms), groups in flight. */
  INTAKE_MAX_GROUP: intFromEnv(200, 1),
  INTAKE_WINDOW_MS: intFromEnv(2, 0),
  INTAKE_MAX_FLUSHES: intFromEnv(4, 1),
  /** Worker threads verifying batch signatures (0: inline on the main thread, as single POSTs always are). */
  VERIFY_WORKERS: intFromEnv(0, 0),
  /** Smallest batch sent to the pool: below about this a worker round trip costs more than it spreads (bench:crypto: 0.82x inline at 1, 1.85x at 10). */
  VERIFY_POOL_MIN_BATCH: intFromEnv(8, 1),
  /** Memory for serialized auction records served by GET /v1/auctions/:id (immutable once stored). */
  RECORD_CACHE_MB: intFromEnv(64, 0),
  /** The explorer's static build served at / (default: apps/explorer/dist beside this app; `off` serves none). */
  EXPLORER_DIR: z.string().optional(),
  /** "chainId=url,...": source-chain RPCs for funding checks and EIP-1271 signatures (the embedded default passes its local chains). */
  CHAIN_RPC_URLS: chainRpcUrlsFromEnv(),
  /** on: refuse intents whose swapper lacks the sell-token balance, the allowance or the nonce (needs an RPC for the chain). */
  FUNDING_CHECKS: z.enum(['on', 'off']).default('on'),
  /** on: a tick's funding reads go to a chain as one Multicall3 eth_call (where deployed); off: one eth_call per read. */
  FUNDING_MULTICALL: z.enum(['on', 'off']).default('on'),
  /** A chain read (funding, EIP-1271) slower than this counts as the RPC being unavailable, ms. */
  CHAIN_READ_TIMEOUT_MS: intFromEnv(2000, 50),
  /** Chain reads that showed an intent funded are reused this long (ms); a shortfall is always re-read (0: no cache). */
  FUNDING_CACHE_MS: intFromEnv(1000, 0),
  /** The auctioneer whose signed results and status answers the API relays; anything else on the bus is dropped. */
  AUCTIONEER_ADDRESS: addressFromEnv().optional(),
  /** Shared with the auctioneer: each intent whose signature recovered to its swapper is sealed with it (HMAC), so the auctioneer need not recover it again; unset: no seal. */
  INTAKE_KEY: secretKeyFromEnv(),
});
export type ApiEnv = z.output<typeof apiEnvSchema>;

export function loadApiConfig(env: Record<string, string | undefined> = process.env): ApiEnv {
  return parseEnv(apiEnvSchema, env);
}
