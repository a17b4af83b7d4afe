import type { DemoChain } from '@intentmesh/chain';
import type { AuctionRecordJSON } from '@intentmesh/protocol';
import { createIntentMeshClient } from '@intentmesh/sdk';
import type { Address, Hex } from 'viem';
import { wethForUsdc } from './trader';

/** A trader on a demo chain (funded and approved by the faucet) and an auditor reading every record, for lifecycle tests. */
export function createSdkClient(url: string, chain: DemoChain) {
  const client = createIntentMeshClient({ url });
  return {
    /** One funded WETH -> USDC intent with this many seconds to its deadline. */
    async submit(deadlineInSec: number): Promise<{ hash: Hex; deadline: number }> {
      const { trader, weth, intent: built } = await wethForUsdc(client);
      const deadline = Math.floor(Date.now() / 1000) + deadlineInSec;
      const intent = { ...built, deadline };
      await chain.faucet({
        token: weth.address as Address,
        to: trader.address.toLowerCase() as Address,
        amount: intent.sellAmount,
      });
      const { hash } = await client.submitIntent(intent, await client.signIntent(intent, trader));
      return { hash, deadline };
    },
    /** Every record of the auctioneer, in chain order. */
    async records(): Promise<AuctionRecordJSON[]> {
      const all: AuctionRecordJSON[] = [];
      const seen = [];
      for (let cursor: string | undefined, more = true; more;) {
        const page = await client.listAuctions({ limit: 200, cursor });
        seen.push(...page.items);
        cursor = page.next ?? undefined;
        more = page.next !== null;
      }
      for (const a of seen.sort((x, y) => x.seq - y.seq)) all.push(await client.getAuction(a.auctionId as Hex));
      return all;
    },
  };
}
