import type { Messaging } from '@intentmesh/messaging';
import type { Address, PublicClient } from 'viem';
import type { Logger } from '@intentmesh/runtime';
import type { Storage } from '@intentmesh/storage';
import type { ApiEnv } from './config';
import type { TokenBuckets } from './limits/tokenBuckets';

export type TokenInfo = { chainId: number; address: string; symbol: string; decimals: number };

/** Dev-only (the embedded default's local chains): mint demo tokens to an address and approve the settlement for it. */
export type DevFaucet = (request: {
  chainId: number;
  token: Address;
  to: Address;
  amount: bigint;
}) => Promise<{ txHash: string }>;

/** Read access to one source chain: funding checks and EIP-1271 signatures go through it. */
export type ApiChain = {
  chainId: number;
  publicClient: Pick<PublicClient, 'readContract' | 'getCode' | 'call' | 'multicall'>;
  settlement: Address;
  /** Multicall3 for batched funding reads (used once its code is found there). */
  multicall3?: Address;
};

/** Everything the API's use cases need, built once at start (the embedded default shares its bus and store). */
export type ApiDeps = {
  messaging: Messaging;
  storage: Storage;
  env: ApiEnv;
  log: Logger;
  tokens: TokenInfo[];
  now?: () => number;
  devFaucet?: DevFaucet;
  /** The embedded default passes its local chains; else CHAIN_RPC_URLS; none: no funding checks, EOA signatures only. */
  chains?: ApiChain[];
};
/** Built by startApi from the environment. */
export type ApiLimits = { ip: TokenBuckets; swapper: TokenBuckets };
export const API_LIMITS = Symbol('API_LIMITS');
export const API_DEPS = Symbol('API_DEPS');
