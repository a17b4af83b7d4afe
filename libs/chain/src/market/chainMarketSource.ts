import { lowerAddress } from '@intentmesh/protocol';
import type { Chain, Market, MarketSource, Pool, Token } from '@intentmesh/routing';
import type { Address, Hex, PublicClient } from 'viem';
import { applyLogs, POOL_EVENTS, type PoolStateView } from './applyLogs';
import { BatchReader } from './batchReader';
import { discoverPools, PAIR_CREATED, POOL_CREATED, poolFromCreationLog, resolvePoolSpecs } from './discoverPools';
import { getLogs } from './getLogs';
import { readPoolState } from './readPoolState';
import { readTokens } from './readTokens';
import type { MarketStateStore } from './stateStore';
import { refTokens, type FactorySpec, type PoolRef, type PoolSpec, type TokenSpec } from './types';

export type ChainMarketSourceOptions = {
  /** Any EVM JSON-RPC (an HTTP transport with `batch: true` batches the calls that Multicall3 cannot). */
  client: PublicClient;
  chainId: number;
  name?: string;
  /** Default: eth_gasPrice when the source starts. */
  gasPriceWei?: bigint;
  /** The wrapped native token (gas is valued through its price); without it quotes leave gas out. */
  nativeToken?: Address;
  factories?: FactorySpec[];
  pools?: PoolSpec[];
  /** Prices and overrides; these tokens are listed even where no pool trades them (bridges may). */
  tokens?: TokenSpec[];
  /** Most pools tracked: configured pools first, then discovered ones in creation order. Default 1000. */
  maxPools?: number;
  /** Bitmap words of V3 ticks loaded each side of the price. Default 2. */
  tickWords?: number;
  multicall3?: Address | null;
  /** Cursor and state between runs; without one every start is a full load. */
  store?: MarketStateStore;
  /** Least time between two saves (ms); the cursor saved is always the one the saved state belongs to. Default 2000. */
  saveEveryMs?: number;
  maxLogRange?: bigint;
  /** Block hashes remembered to find where a reorg forked. Default 64. */
  recentBlocks?: number;
};

export type BlockRef = { number: bigint; hash: Hex };
export type SyncResult = {
  fromBlock: bigint;
  toBlock: bigint;
  changed: number;
  reread: number;
  added: number;
  reorg: boolean;
};

type RpcBlock = { number: Hex; hash: Hex; parentHash: Hex };
type Saved = {
  v: 1;
  key: string;
  cursor: BlockRef;
  recent: BlockRef[];
  refs: PoolRef[];
  tokens: Token[];
  states: [Address, PoolStateView][];
};

const toRef = (b: RpcBlock): BlockRef => ({ number: BigInt(b.number), hash: b.hash });

/**
 * One chain's market read over JSON-RPC: pools found from factory events or configuration, their state read at one
 * block in batched calls, then kept current block by block from Sync/Swap/Mint/Burn logs, with a cursor (block number
 * and hash) saved with the state so a restart resumes where it stopped, and a reorg (a cursor hash that is no longer
 * canonical) rewinds to the last common block and reads the pools again.
 */
export class ChainMarketSource implements MarketSource {
  readonly chainId: number;
  /** Bumped whenever the market changes: a consumer rebuilds what it derived from `current()` only then. */
  version = 0;
  private readonly o: ChainMarketSourceOptions;
  private readonly reader: BatchReader;
  private readonly tokenSpecs: Map<Address, TokenSpec>;
  private readonly factories: FactorySpec[];
  private refs = new Map<Address, PoolRef>();
  private states = new Map<Address, PoolStateView>();
  private tokens = new Map<Address, Token>();
  private cursor: BlockRef | undefined;
  private recent: BlockRef[] = [];
  private gasPriceWei = 0n;
  private snapshot: { version: number; market: Market } | undefined;
  private inflight: Promise<SyncResult> | undefined;
  private lastSave = 0;

  constructor(options: ChainMarketSourceOptions) {
    this.o = options;
    this.chainId = options.chainId;
    this.reader = new BatchReader({ client: options.client, multicall3: options.multicall3 });
    this.tokenSpecs = new Map(
      (options.tokens ?? []).map((t) => [lowerAddress(t.address), { ...t, address: lowerAddress(t.address) }]),
    );
    this.factories = options.factories ?? [];
  }

  get block(): BlockRef | undefined {
    return this.cursor;
  }

  /** Resumes from the store when it holds this configuration's state, then catches up; otherwise loads in full. */
  async start(): Promise<{ resumed: boolean; block: BlockRef }> {
    const chainId = Number(await this.o.client.request({ method: 'eth_chainId' }));
    if (chainId !== this.chainId) throw new Error(`RPC serves chain ${chainId}, configured as chain ${this.chainId}`);
    this.gasPriceWei = this.o.gasPriceWei ?? BigInt((await this.o.client.request({ method: 'eth_gasPrice' })) as Hex);
    const resumed = await this.restore();
    if (resumed) await this.sync();
    else await this.fullLoad(await this.head());
    await this.save(true);
    return { resumed, block: this.cursor! };
  }

  async getMarket(): Promise<Market> {
    return this.current();
  }

  /** The market at the cursor; the same object until the next change. */
  current(): Market {
    if (this.snapshot?.version === this.version) return this.snapshot.market;
    const pools: Pool[] = [];
    const used = new Set<Address>();
    for (const [address, s] of this.states) {
      const ref = this.refs.get(address);
      if (!s.pool || !ref) continue;
      const tokens = refTokens(ref);
      if (!tokens.every((t) => this.tokens.has(t))) continue;
      pools.push(s.pool);
      for (const t of tokens) used.add(t);
    }
    for (const a of this.tokenSpecs.keys()) if (this.tokens.has(a)) used.add(a);
    const chain: Chain = {
      chainId: this.chainId,
      name: this.o.name ?? `chain ${this.chainId}`,
      gasPriceWei: this.gasPriceWei,
      nativeToken: lowerAddress(this.o.nativeToken ?? '0x0000000000000000000000000000000000000000'),
    };
    const market: Market = { chains: [chain], tokens: [...used].map((a) => this.tokens.get(a)!), pools, bridges: [] };
    this.snapshot = { version: this.version, market };
    return market;
  }

  /** Brings the market to the chain's head; concurrent callers share one run. */
  sync(): Promise<SyncResult> {
    this.inflight ??= this.syncOnce().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  /** Saves now (a caller stopping the source). */
  async close(): Promise<void> {
    await this.inflight?.catch(() => undefined);
    await this.save(true);
  }

  private async syncOnce(): Promise<SyncResult> {
    const cursor = this.cursor;
    if (!cursor) throw new Error('ChainMarketSource: start() first');
    const head = await this.head();
    const none = { fromBlock: head.number, toBlock: head.number, changed: 0, reread: 0, added: 0, reorg: false };
    if (head.hash === cursor.hash) return none;
    if (!(await this.isCanonical(cursor, head))) return this.rewind(head);
    const fromBlock = cursor.number + 1n;
    // a StableSwap's Seeded event is among POOL_EVENTS already: it announces a new pool and updates a tracked one
    const events = this.factories.length ? [...POOL_EVENTS, PAIR_CREATED, POOL_CREATED] : POOL_EVENTS;
    const logs = await getLogs({
      client: this.o.client,
      fromBlock,
      toBlock: head.number,
      events,
      maxRange: this.o.maxLogRange,
    });
    const added: PoolRef[] = [];
    for (const log of logs) {
      const ref = poolFromCreationLog(log, this.factories);
      if (ref && !this.refs.has(ref.address) && this.refs.size + added.length < this.maxPools) added.push(ref);
    }
    const { changed, reread } = applyLogs(logs, this.states);
    for (const ref of added) {
      this.refs.set(ref.address, ref);
      reread.add(ref.address);
    }
    if (added.length) await this.loadTokens(added, head.number);
    if (reread.size)
      await this.readStates(
        [...reread].map((a) => this.refs.get(a)!),
        head.number,
      );
    this.advance(head);
    if (changed.size || reread.size) this.version++;
    await this.save(false);
    return {
      fromBlock,
      toBlock: head.number,
      changed: new Set([...changed, ...reread]).size,
      reread: reread.size,
      added: added.length,
      reorg: false,
    };
  }

  private get maxPools(): number {
    return this.o.maxPools ?? 1000;
  }

  private async head(): Promise<BlockRef & { parentHash: Hex }> {
    const b = (await this.o.client.request({ method: 'eth_getBlockByNumber', params: ['latest', false] })) as RpcBlock;
    return { ...toRef(b), parentHash: b.parentHash };
  }

  private async hashAt(n: bigint): Promise<Hex | undefined> {
    const b = (await this.o.client.request({
      method: 'eth_getBlockByNumber',
      params: [`0x${n.toString(16)}`, false],
    })) as RpcBlock | null;
    return b?.hash;
  }

  private async isCanonical(cursor: BlockRef, head: BlockRef & { parentHash: Hex }): Promise<boolean> {
    if (head.number <= cursor.number) return false; // same height with another hash, or the chain went back
    if (head.number === cursor.number + 1n) return head.parentHash === cursor.hash;
    return (await this.hashAt(cursor.number)) === cursor.hash;
  }

  /** A reorg: back to the newest remembered block still canonical, forget pools created after it, read all again. */
  private async rewind(head: BlockRef): Promise<SyncResult> {
    let ancestor: BlockRef | undefined;
    for (let i = this.recent.length - 1; i >= 0 && !ancestor; i--) {
      const b = this.recent[i];
      if (b.number <= head.number && (await this.hashAt(b.number)) === b.hash) ancestor = b;
    }
    if (!ancestor) {
      await this.fullLoad(head);
      await this.save(true);
      return {
        fromBlock: 0n,
        toBlock: head.number,
        changed: this.states.size,
        reread: this.states.size,
        added: 0,
        reorg: true,
      };
    }
    for (const [a, ref] of this.refs) {
      if (ref.createdBlock <= ancestor.number) continue;
      this.refs.delete(a);
      this.states.delete(a);
    }
    const found = await this.discover(ancestor.number + 1n, head.number);
    await this.loadTokens(found, head.number);
    await this.readStates([...this.refs.values()], head.number);
    this.recent = this.recent.filter((b) => b.number <= ancestor.number);
    this.advance(head);
    this.version++;
    await this.save(true);
    return {
      fromBlock: ancestor.number + 1n,
      toBlock: head.number,
      changed: this.states.size,
      reread: this.states.size,
      added: found.length,
      reorg: true,
    };
  }

  private async fullLoad(head: BlockRef): Promise<void> {
    this.refs.clear();
    this.states.clear();
    this.recent = [];
    if (this.o.pools?.length)
      for (const ref of await resolvePoolSpecs(this.reader, this.o.pools.slice(0, this.maxPools), head.number))
        this.refs.set(ref.address, ref);
    await this.discover(0n, head.number);
    await this.loadTokens([...this.refs.values()], head.number);
    await this.readStates([...this.refs.values()], head.number);
    this.advance(head);
    this.version++;
  }

  /** Adds the factories' pools created in [from, to] (up to maxPools); returns the ones added. */
  private async discover(from: bigint, to: bigint): Promise<PoolRef[]> {
    if (!this.factories.length || this.refs.size >= this.maxPools) return [];
    const found = await discoverPools({
      client: this.o.client,
      factories: this.factories,
      fromBlock: from,
      toBlock: to,
      maxRange: this.o.maxLogRange,
    });
    const added: PoolRef[] = [];
    for (const ref of found) {
      if (this.refs.size >= this.maxPools) break;
      if (this.refs.has(ref.address)) continue;
      this.refs.set(ref.address, ref);
      added.push(ref);
    }
    return added;
  }

  private async loadTokens(refs: readonly PoolRef[], blockNumber: bigint): Promise<void> {
    const want = new Set<Address>([...this.tokenSpecs.keys(), ...refs.flatMap(refTokens)]);
    for (const a of this.tokens.keys()) want.delete(a);
    if (!want.size) return;
    for (const [a, t] of await readTokens(this.reader, this.chainId, [...want], this.tokenSpecs, blockNumber))
      this.tokens.set(a, t);
  }

  private async readStates(refs: readonly PoolRef[], blockNumber: bigint): Promise<void> {
    const read = await readPoolState({
      reader: this.reader,
      chainId: this.chainId,
      refs,
      blockNumber,
      tickWords: this.o.tickWords,
    });
    for (const ref of refs) {
      const s = read.get(ref.address);
      this.states.set(ref.address, { kind: ref.kind, pool: s?.pool ?? null, window: s?.window });
    }
  }

  private advance(head: BlockRef): void {
    this.cursor = { number: head.number, hash: head.hash };
    this.recent.push(this.cursor);
    const keep = this.o.recentBlocks ?? 64;
    if (this.recent.length > keep) this.recent.splice(0, this.recent.length - keep);
  }

  /** What must match for saved state to be reused: the same chain, pool sources and tick window. */
  private configKey(): string {
    const { chainId, factories, pools, maxPools, tickWords } = this.o;
    return stringify({ chainId, factories, pools, maxPools, tickWords });
  }

  private async restore(): Promise<boolean> {
    const text = await this.o.store?.load();
    if (!text) return false;
    let saved: Saved;
    try {
      saved = parse(text) as Saved;
    } catch {
      return false; // unreadable state is only a cache: load in full
    }
    if (saved.v !== 1 || saved.key !== this.configKey()) return false;
    this.cursor = saved.cursor;
    this.recent = saved.recent;
    this.refs = new Map(saved.refs.map((r) => [r.address, r]));
    this.tokens = new Map(saved.tokens.map((t) => [t.address, t]));
    // prices and overrides come from the configuration, which may have changed since
    for (const [a, spec] of this.tokenSpecs) {
      const t = this.tokens.get(a);
      if (t)
        this.tokens.set(a, { ...t, symbol: spec.symbol ?? t.symbol, priceUsdE18: spec.priceUsdE18 ?? t.priceUsdE18 });
    }
    this.states = new Map(saved.states);
    this.version++;
    return true;
  }

  private async save(force: boolean): Promise<void> {
    const store = this.o.store;
    if (!store || !this.cursor) return;
    if (!force && Date.now() - this.lastSave < (this.o.saveEveryMs ?? 2000)) return;
    const saved: Saved = {
      v: 1,
      key: this.configKey(),
      cursor: this.cursor,
      recent: this.recent,
      refs: [...this.refs.values()],
      tokens: [...this.tokens.values()],
      states: [...this.states],
    };
    await store.save(stringify(saved));
    this.lastSave = Date.now();
  }
}

// bigints as "123n" strings; symbols are text and never revived
const stringify = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));
const parse = (text: string): unknown =>
  JSON.parse(text, (k, x) =>
    k !== 'symbol' && typeof x === 'string' && /^-?\d+n$/.test(x) ? BigInt(x.slice(0, -1)) : x,
  );
