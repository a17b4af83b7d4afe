import type { Address, Log } from '@intentmesh/protocol';
import type { SettlementRef, Storage } from '@intentmesh/storage';
import type { Chain, PublicClient, Transport } from 'viem';

type Logger = Pick<Log, 'info' | 'warn'>;

// loaded on first use: an auctioneer without chains never pays for @intentmesh/chain (and viem) at start
// eslint-disable-next-line @typescript-eslint/no-require-imports
const chainLib = () => require('@intentmesh/chain') as typeof import('@intentmesh/chain');

/** A chain the watcher reads: its IntentSettlement (Settled) and DestinationSettler (Filled). */
export type WatchedChain = {
  chainId: number;
  publicClient: PublicClient<Transport, Chain>;
  settlement: Address;
  destinationSettler: Address;
  fromBlock?: bigint;
};

// public RPCs cap eth_getLogs ranges; stay well under the usual limits
const MAX_RANGE = 2000n;

/**
 * Marks intents `settled` from chain events: `Settled(intentHash, …)` for a same-chain intent, `Filled(orderId, …)`
 * on the destination for a cross-chain one (orderId is the intent hash; the trader has its tokens from then on).
 * Polls each chain every `pollMs` from its cursor; the store keeps the first event per intent.
 */
export class SettlementWatcher {
  private readonly next = new Map<number, bigint>();
  /** The last block each chain was read up to (inclusive) by a finished pass. */
  private readonly scanned = new Map<number, bigint>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly storage: Storage,
    private readonly chains: WatchedChain[],
    private readonly log: Logger,
    private readonly options: { pollMs: number; lookbackBlocks: bigint },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.poll(), this.options.pollMs);
  }

  /** One pass over every chain; concurrent calls share the pass in flight. Returns when it is done. */
  poll(): Promise<void> {
    this.running ??= Promise.all(
      this.chains.map((c) =>
        this.pollChain(c).catch((err) =>
          this.log.warn({ chainId: c.chainId, err: String(err) }, 'settlement watcher: chain read failed'),
        ),
      ),
    ).then(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pollChain(c: WatchedChain): Promise<void> {
    const latest = await c.publicClient.getBlockNumber();
    let from =
      this.next.get(c.chainId) ??
      c.fromBlock ??
      (latest > this.options.lookbackBlocks ? latest - this.options.lookbackBlocks : 0n);
    while (from <= latest) {
      const to = from + MAX_RANGE - 1n < latest ? from + MAX_RANGE - 1n : latest;
      const [settled, filled] = await Promise.all([
        c.publicClient.getContractEvents({
          address: c.settlement,
          abi: chainLib().intentSettlementAbi,
          eventName: 'Settled',
          fromBlock: from,
          toBlock: to,
        }),
        c.publicClient.getContractEvents({
          address: c.destinationSettler,
          abi: chainLib().destinationSettlerAbi,
          eventName: 'Filled',
          fromBlock: from,
          toBlock: to,
        }),
      ]);
      const seen: ({ intentHash: string } & SettlementRef)[] = [
        ...settled.map((l) => ({
          intentHash: l.args.intentHash!,
          txHash: l.transactionHash,
          chainId: c.chainId,
          blockNumber: Number(l.blockNumber),
        })),
        ...filled.map((l) => ({
          intentHash: l.args.orderId!,
          txHash: l.transactionHash,
          chainId: c.chainId,
          blockNumber: Number(l.blockNumber),
        })),
      ];
      const marked = await this.storage.intents.markSettled(seen);
      if (marked.length) this.log.info({ chainId: c.chainId, settled: marked.length }, 'intents settled on chain');
      from = to + 1n;
      // the cursor moves only after the store took the events, so a failed write is read again
      this.next.set(c.chainId, from);
    }
    this.scanned.set(c.chainId, latest);
  }

  watches(chainId: number): boolean {
    return this.chains.some((c) => c.chainId === chainId);
  }

  /** The block a chain was last read up to, with its hash and timestamp (lapse evidence names it); undefined if never. */
  async checkpoint(chainId: number): Promise<{ number: number; hash: string; timestamp: number } | undefined> {
    const c = this.chains.find((x) => x.chainId === chainId);
    const n = this.scanned.get(chainId);
    if (!c || n === undefined) return undefined;
    const block = await c.publicClient.getBlock({ blockNumber: n });
    return { number: Number(block.number), hash: block.hash, timestamp: Number(block.timestamp) };
  }

  /**
   * Whether the intent's nonce was used on its source chain by `blockNumber`: `settle` and a cross-chain `open` both
   * consume it (as does the swapper cancelling), so a used nonce means the award did not lapse for want of a Settled event.
   */
  async nonceUsedAt(chainId: number, swapper: Address, nonce: bigint, blockNumber: number): Promise<boolean> {
    const c = this.chains.find((x) => x.chainId === chainId);
    if (!c) return false;
    return c.publicClient.readContract({
      address: c.settlement,
      abi: chainLib().intentSettlementAbi,
      functionName: 'isNonceUsed',
      args: [swapper, nonce],
      blockNumber: BigInt(blockNumber),
    });
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
