// A live market over the pools deployAmm placed: re-read when a chain's block number moves, and on demand before a
// settlement. Interim source for the local chains; a general RPC source (discovery, logs, cursor) replaces it.
import type { Market, MarketSource } from '@intentmesh/routing';
import type { Chain, PublicClient, Transport } from 'viem';
import type { AmmDeployment } from './deployAmm';
import { readAmmPools, withPools } from './readAmmMarket';

export type AmmMarketChain = { publicClient: PublicClient<Transport, Chain>; deployment: AmmDeployment };

export type AmmMarketSource = MarketSource & {
  /** The latest snapshot (loaded at creation, replaced by each refresh). */
  current(): Market;
  /** Reads every chain's pools now and returns the new snapshot. */
  refresh(): Promise<Market>;
  /** Stops the block polling. */
  stop(): void;
};

export type CreateAmmMarketSourceParameters = {
  /** Chains, tokens and bridges of the market spec (its pools are replaced by the deployed ones). */
  spec: Market;
  chains: AmmMarketChain[];
  /** Poll block numbers this often and refresh when one moved; 0 = only on refresh(). Default 250 ms. */
  pollMs?: number;
};

export async function createAmmMarketSource({ spec, chains, pollMs = 250 }: CreateAmmMarketSourceParameters): Promise<AmmMarketSource> {
  const read = async () => withPools(spec, (await Promise.all(chains.map((c) => readAmmPools(c)))).flat());
  let market = await read();
  let lane: Promise<unknown> = Promise.resolve();
  // reads run one at a time; a caller arriving during a read gets the next one, so it sees its own block
  const refresh = () => {
    const next = lane.then(read).then((m) => (market = m));
    lane = next.catch(() => undefined);
    return next;
  };
  let blocks = await Promise.all(chains.map((c) => c.publicClient.getBlockNumber()));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const poll = async () => {
    if (stopped) return;
    try {
      const now = await Promise.all(chains.map((c) => c.publicClient.getBlockNumber()));
      if (now.some((b, k) => b !== blocks[k])) {
        blocks = now;
        await refresh();
      }
    } catch {
      // a chain that closed or blinked: the next poll tries again
    }
    if (!stopped) timer = setTimeout(() => void poll(), pollMs);
  };
  if (pollMs > 0) timer = setTimeout(() => void poll(), pollMs);
  return {
    current: () => market,
    refresh,
    getMarket: async () => market,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
