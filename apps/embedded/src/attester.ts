import { destinationSettlerAbi, intentSettlementAbi, signFillProof, type DemoChain } from '@intentmesh/chain';
import { getChainDomain, type Address } from '@intentmesh/protocol';
import type { Logger } from '@intentmesh/runtime';
import type { LocalAccount } from 'viem';

export type RunningAttester = { address: Address; repaid: number; poll(): Promise<void>; stop(): void };

/**
 * The embedded default's fill attester: watches `Filled` on every local chain's DestinationSettler, signs the
 * FillProof under the origin chain's domain, and submits `repay` on the origin so the solver gets the escrow.
 * Trusted for the truth of fill proofs only (contracts/README.md, "What the cross-chain path trusts").
 */
export function startAttester({
  account,
  chains,
  log,
  pollMs,
}: {
  account: LocalAccount;
  chains: DemoChain[];
  log: Logger;
  pollMs: number;
}): RunningAttester {
  const byId = new Map(chains.map((c) => [c.chainId, c]));
  const next = new Map<number, bigint>();
  const done = new Set<string>();
  let running: Promise<void> | undefined;
  const state: RunningAttester = {
    address: account.address.toLowerCase() as Address,
    repaid: 0,
    poll: () => (running ??= pass().finally(() => (running = undefined))),
    stop: () => clearInterval(timer),
  };

  async function pass(): Promise<void> {
    for (const dst of chains) {
      const latest = await dst.local.publicClient.getBlockNumber();
      const from = next.get(dst.chainId) ?? 0n;
      if (from > latest) continue;
      const fills = await dst.local.publicClient.getContractEvents({
        address: dst.destinationSettler,
        abi: destinationSettlerAbi,
        eventName: 'Filled',
        fromBlock: from,
        toBlock: latest,
      });
      for (const f of fills) {
        const { orderId, filler, amount, filledAt, originChainId, originSettler } = f.args as Required<typeof f.args>;
        const origin = byId.get(Number(originChainId));
        if (!origin || done.has(`${orderId}:${filler}`) || originSettler.toLowerCase() !== origin.settlement) continue;
        const proof = {
          orderId,
          destinationChainId: BigInt(dst.chainId),
          destinationSettler: dst.destinationSettler,
          filler,
          amount,
          filledAt,
        };
        try {
          const signature = await signFillProof(proof, getChainDomain(origin.chainId, origin.settlement), account);
          const hash = await origin.local.walletFor(account).writeContract({
            address: origin.settlement,
            abi: intentSettlementAbi,
            functionName: 'repay',
            args: [orderId, proof, signature],
          });
          await origin.local.publicClient.waitForTransactionReceipt({ hash });
          done.add(`${orderId}:${filler}`);
          state.repaid++;
        } catch (err) {
          // a refused fill stays refused (closed order, not the awarded filler); another filler's fill may still come
          done.add(`${orderId}:${filler}`);
          log.warn(
            { orderId, err: (err as { shortMessage?: string }).shortMessage ?? String(err) },
            'attester: repay refused',
          );
        }
      }
      next.set(dst.chainId, latest + 1n);
    }
  }
  const timer = setInterval(
    () => void state.poll().catch((err) => log.warn({ err: String(err) }, 'attester: chain read failed')),
    pollMs,
  );
  return state;
}
