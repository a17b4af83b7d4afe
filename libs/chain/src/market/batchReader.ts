import {
  decodeFunctionResult,
  encodeFunctionData,
  multicall3Abi,
  toHex,
  type Address,
  type Hex,
  type PublicClient,
} from 'viem';
import { MULTICALL3_ADDRESS } from './abis';

export type Call = { to: Address; data: Hex };
/** `data` is undefined when the call reverted (or the target has no code). */
export type CallResult = Hex | undefined;

export type BatchReaderOptions = {
  client: PublicClient;
  /** Multicall3's address; undefined: the canonical one where it has code; null: never (plain eth_call batches). */
  multicall3?: Address | null;
  /** Calls per Multicall3 request; small enough to stay under RPC gas caps for eth_call. */
  chunkSize?: number;
};

/**
 * Reads many view calls at one block: through Multicall3's aggregate3 where the chain has it (one eth_call per chunk),
 * otherwise as parallel eth_calls (which an HTTP transport with `batch: true` sends as JSON-RPC batches).
 */
export class BatchReader {
  private readonly client: PublicClient;
  private readonly chunkSize: number;
  private multicall: Address | null | undefined;

  constructor({ client, multicall3, chunkSize = 400 }: BatchReaderOptions) {
    this.client = client;
    this.chunkSize = chunkSize;
    this.multicall = multicall3;
  }

  /** The Multicall3 in use, or null; decided once, on first use. */
  async multicallAddress(): Promise<Address | null> {
    if (this.multicall === undefined) {
      const code = await this.client.getCode({ address: MULTICALL3_ADDRESS }).catch(() => undefined);
      this.multicall = code && code !== '0x' ? MULTICALL3_ADDRESS : null;
    }
    return this.multicall;
  }

  async read(calls: readonly Call[], blockNumber: bigint): Promise<CallResult[]> {
    if (!calls.length) return [];
    const multicall = await this.multicallAddress();
    const block = toHex(blockNumber);
    if (!multicall) return Promise.all(calls.map((c) => this.ethCall(c, block)));
    const chunks: Call[][] = [];
    for (let i = 0; i < calls.length; i += this.chunkSize) chunks.push(calls.slice(i, i + this.chunkSize));
    const results = await Promise.all(chunks.map((chunk) => this.aggregate(multicall, chunk, block)));
    return results.flat();
  }

  private async ethCall(call: Call, block: Hex): Promise<CallResult> {
    try {
      const out = (await this.client.request({
        method: 'eth_call',
        params: [{ to: call.to, data: call.data }, block],
      })) as Hex;
      return out === '0x' ? undefined : out;
    } catch {
      return undefined;
    }
  }

  private async aggregate(multicall: Address, chunk: Call[], block: Hex): Promise<CallResult[]> {
    const data = encodeFunctionData({
      abi: multicall3Abi,
      functionName: 'aggregate3',
      args: [chunk.map((c) => ({ target: c.to, allowFailure: true, callData: c.data }))],
    });
    const raw = (await this.client.request({ method: 'eth_call', params: [{ to: multicall, data }, block] })) as Hex;
    const decoded = decodeFunctionResult({ abi: multicall3Abi, functionName: 'aggregate3', data: raw });
    return decoded.map((r) => (r.success && r.returnData !== '0x' ? r.returnData : undefined));
  }
}
