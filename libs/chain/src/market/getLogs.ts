import { toHex, type Address, type Hex, type PublicClient } from 'viem';

export type RawLog = { address: Address; topics: Hex[]; data: Hex; blockNumber: Hex; blockHash: Hex; logIndex: Hex };

export type GetLogsParameters = {
  client: PublicClient;
  fromBlock: bigint;
  toBlock: bigint;
  /** topic0 alternatives (any of these events). */
  events: Hex[];
  address?: Address | Address[];
  /** Most blocks per eth_getLogs request; public RPCs cap the span. */
  maxRange?: bigint;
};

/** eth_getLogs over a block span in bounded pieces, raw (decoded by the caller, which knows which event it wants). */
export async function getLogs({
  client,
  fromBlock,
  toBlock,
  events,
  address,
  maxRange = 10_000n,
}: GetLogsParameters): Promise<RawLog[]> {
  const out: RawLog[] = [];
  for (let from = fromBlock; from <= toBlock; from += maxRange) {
    const to = from + maxRange - 1n < toBlock ? from + maxRange - 1n : toBlock;
    const logs = (await client.request({
      method: 'eth_getLogs',
      params: [{ fromBlock: toHex(from), toBlock: toHex(to), topics: [events], ...(address ? { address } : {}) }],
    })) as RawLog[];
    out.push(...logs);
  }
  return out;
}
