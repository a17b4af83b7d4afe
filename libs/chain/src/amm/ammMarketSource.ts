// A live market over the pools deployAmm placed: when a chain's block moves, the pools that logged since are re-read
// (also on demand before a settlement). Interim source for the local chains; a general RPC source (discovery, logs, cursor) replaces it.
import type { Market, MarketSource, Pool } from '@intentmesh/routing';
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

export async function createAmmMarketSource({
  spec,
  chains,
  pollMs = 250,
}: CreateAmmMarketSourceParameters): Promise<AmmMarketSource> {
  // per chain: the block read up to and the pools by address; a refresh re-reads only pools that logged since
  const state = await Promise.all(
    chains.map(async (c) => {
      const block = await c.publicClient.getBlockNumber();
      const pools = new Map((await readAmmPools({ ...c, blockNumber: block })).map((p) => [p.id, p]));
      return { block, pools };
    }),
  );
  const build = () =>
    withPools(
      spec,
      state.flatMap((s) => [...s.pools.values()]),
    );
  let market = build();
  const read = async (): Promise<Market> => {
    let changed = false;
    await Promise.all(
      chains.map(async (c, k) => {
        const s = state[k];
        const block = await c.publicClient.getBlockNumber();
        if (block === s.block) return;
        // every state change of a V2 pair, V3 pool or StableSwap emits a log from the venue itself
        const logs = await c.publicClient.getLogs({ fromBlock: s.block + 1n, toBlock: block });
        const touched = new Set(logs.map((l) => l.address.toLowerCase()).filter((a) => s.pools.has(a as Pool['id'])));
        if (touched.size)
          for (const p of await readAmmPools({ ...c, blockNumber: block, only: touched })) s.pools.set(p.id, p);
        s.block = block;
        changed ||= touched.size > 0;
      }),
    );
    if (changed) market = build();
    return market;
  };
  let lane: Promise<unknown> = Promise.resolve();
  // reads run one at a time; a caller arriving during a read gets the next one, so it sees its own block
  const refresh = () => {
    const next = lane.then(read);
    lane = next.catch(() => undefined);
    return next;
  };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const poll = async () => {
    if (stopped) return;
    await refresh().catch(() => undefined); // a chain that closed or blinked: the next poll tries again
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
