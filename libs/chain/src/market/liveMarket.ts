import type { Bridge, Market, MarketSource } from '@intentmesh/routing';
import { tokenKey } from '@intentmesh/routing';
import type { ChainMarketSource, SyncResult } from './chainMarketSource';

export type LiveMarketOptions = {
  sources: ChainMarketSource[];
  /** Inventory bridges (the solver fronts the destination side); kept where both tokens are listed. */
  bridges?: Bridge[];
  /** Sync every source this often in the background (ms); 0 or unset: only when sync() is called. */
  pollMs?: number;
  onError?: (err: unknown) => void;
};

/** Several chains' sources as one market: what a multi-chain solver quotes over. */
export class LiveMarket implements MarketSource {
  readonly sources: ChainMarketSource[];
  private readonly bridges: Bridge[];
  private readonly o: LiveMarketOptions;
  private merged: { versions: string; market: Market } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(options: LiveMarketOptions) {
    this.o = options;
    this.sources = options.sources;
    this.bridges = options.bridges ?? [];
  }

  async start(): Promise<void> {
    await Promise.all(this.sources.map((s) => s.start()));
    if (this.o.pollMs) this.schedule(this.o.pollMs);
  }

  /** Every chain brought to its head (in parallel). */
  sync(): Promise<SyncResult[]> {
    return Promise.all(this.sources.map((s) => s.sync()));
  }

  async getMarket(): Promise<Market> {
    return this.current();
  }

  /** The merged market; the same object while no chain changed, so derived caches (a quoter) stay warm. */
  current(): Market {
    const versions = this.sources.map((s) => s.version).join(',');
    if (this.merged?.versions === versions) return this.merged.market;
    const parts = this.sources.map((s) => s.current());
    const tokens = parts.flatMap((m) => m.tokens);
    const listed = new Set(tokens.map((t) => tokenKey(t.chainId, t.address)));
    const market: Market = {
      chains: parts.flatMap((m) => m.chains),
      tokens,
      pools: parts.flatMap((m) => m.pools),
      bridges: this.bridges.filter(
        (b) => listed.has(tokenKey(b.fromChainId, b.tokenIn)) && listed.has(tokenKey(b.toChainId, b.tokenOut)),
      ),
    };
    this.merged = { versions, market };
    return market;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await Promise.all(this.sources.map((s) => s.close()));
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.sync()
        .catch((err) => this.o.onError?.(err))
        .finally(() => this.schedule(ms));
    }, ms);
    this.timer.unref?.();
  }
}
