import type { CreateSettlerParameters, Settler } from './settle';
import type { AwardVerdict } from './recheckAward';

/*
 * The kit's settlement functions as the monorepo's apps import them (index.ts): settle.ts, decodeRevert.ts and
 * recheckAward.ts load @intentmesh/chain and viem (viem's root is 0.3-0.65 s of a cold start), so they are required
 * on first call, and a process that only bids (createSolver) never loads them. The published bundle (package.ts)
 * exports the modules themselves: its bundler keeps only what they use of @intentmesh/chain, which it cannot do
 * behind a require.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const settle = () => require('./settle') as typeof import('./settle');
const revert = () => require('./decodeRevert') as typeof import('./decodeRevert');
const recheck = () => require('./recheckAward') as typeof import('./recheckAward');
/* eslint-enable @typescript-eslint/no-require-imports */

export type {
  CreateSettlerParameters,
  SettleContext,
  SettleResult,
  SettlementChain,
  SettlementFailureReport,
  Settler,
  SettlerStats,
} from './settle';
export type { AwardVerdict } from './recheckAward';

/** See settle.ts: settles the solver's own awards on chain. */
export function createSettler(params: CreateSettlerParameters): Settler {
  return settle().createSettler(params);
}

/** See settle.ts: the contract's custom error and its arguments, else viem's short message. */
export function revertReason(err: unknown): string {
  return settle().revertReason(err);
}

/** See decodeRevert.ts: revert data as `Name(arg, …)` against the contracts' ABIs. */
export function decodeRevertData(data: `0x${string}`, depth?: number): string {
  return revert().decodeRevertData(data, depth);
}

/** See decodeRevert.ts: why a contract call failed, for people. */
export function decodeRevert(err: unknown): string {
  return revert().decodeRevert(err);
}

/** See recheckAward.ts: re-checks an award against the chain just before a settlement is sent. */
export function recheckAward(p: Parameters<typeof import('./recheckAward').recheckAward>[0]): Promise<AwardVerdict> {
  return recheck().recheckAward(p);
}
