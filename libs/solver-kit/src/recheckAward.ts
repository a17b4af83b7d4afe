import { intentSettlementAbi } from '@intentmesh/chain';
import type { Address, Award, Intent } from '@intentmesh/protocol';
import type { Chain, PublicClient, Transport } from 'viem';

/** Why an award should not be sent now: `skip` when nobody needs it any more (settled), `fail` when it cannot settle. */
export type AwardVerdict = { ok: true } | { ok: false; skip: boolean; reason: string };

/**
 * Re-checks an award against the chain just before a settlement is sent: it is this solver's, settleBy and the
 * intent's deadline are still ahead on the chain's clock, and the intent's nonce is unused (else it settled already).
 */
export async function recheckAward(p: {
  publicClient: PublicClient<Transport, Chain>;
  settlement: Address;
  solver: Address;
  intent: Intent;
  award: Award;
}): Promise<AwardVerdict> {
  const { publicClient, settlement, solver, intent, award } = p;
  if (award.solver.toLowerCase() !== solver.toLowerCase())
    return { ok: false, skip: true, reason: `the award is for ${award.solver}` };
  const [block, used] = await Promise.all([
    publicClient.getBlock(),
    publicClient.readContract({
      address: settlement,
      abi: intentSettlementAbi,
      functionName: 'isNonceUsed',
      args: [intent.swapper, intent.nonce],
    }),
  ]);
  if (used) return { ok: false, skip: true, reason: 'the intent nonce is used: settled (or cancelled) already' };
  // the next block is at least one second later than the latest
  const next = Number(block.timestamp) + 1;
  if (next > award.settleBy) return { ok: false, skip: false, reason: `AwardExpired(${award.settleBy})` };
  if (next > intent.deadline) return { ok: false, skip: false, reason: `IntentExpired(${intent.deadline})` };
  return { ok: true };
}
