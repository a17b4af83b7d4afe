/**
 * What a solver that reads or settles on chains takes from @intentmesh/chain and viem, required when it first does
 * (main.ts, config.ts): one that bids on the demo market (tests, benchmarks, the embedded marketplace) never loads
 * viem's root, 0.3-0.65 s of a cold start. Named here, statically, so a bundle still carries only these.
 */
export { createLiveMarket, DEV_ROUTE_EXECUTOR, parseMarketConfig, rpcChain, rpcTransport } from '@intentmesh/chain';
export { createPublicClient, createWalletClient } from 'viem';
export { privateKeyToAccount } from 'viem/accounts';
export { routeSettlement } from './routeSettlement';
