// Funding of intents read from their source chain: the swapper's sell-token balance, its allowance to the settlement
// contract and the settlement's nonce bitmap; the same three things IntentSettlement needs when a solver settles.
import { erc20Abi, type Address, type PublicClient } from 'viem';
import { intentSettlementAbi } from '@intentmesh/contracts';
import { lowerAddress } from '@intentmesh/protocol';

/**
 * One chain's read access: a public client (viem http with `batch: true` sends concurrent reads as one JSON-RPC batch)
 * and, where Multicall3 is deployed (`multicall3`, checked once by its code), all reads of a tick in one eth_call.
 */
export type FundingChain = {
  chainId: number;
  publicClient: Pick<PublicClient, 'readContract'> & Partial<Pick<PublicClient, 'multicall' | 'getCode'>>;
  settlement: Address;
  multicall3?: Address;
};

export type FundingRequest = {
  sourceChainId: number;
  swapper: Address;
  sellToken: Address;
  sellAmount: bigint;
  nonce: bigint;
};

export type FundingShortfall = 'NONCE_USED' | 'INSUFFICIENT_BALANCE' | 'INSUFFICIENT_ALLOWANCE';

/**
 * Per request: funded, short (with the figures read), or unchecked: no RPC for its chain, or the reads failed (a
 * failure of ours or of the RPC is never a verdict about the swapper).
 */
export type FundingVerdict =
  | { ok: true; balance: bigint; allowance: bigint }
  | { ok: false; code: FundingShortfall; balance: bigint; allowance: bigint; required: bigint }
  | { ok: 'unchecked'; reason: 'no-rpc' | 'rpc-error'; error?: string };

export type FundingChecker = {
  /** Chains with an RPC: intents on others are `unchecked`. */
  readonly chainIds: number[];
  /** One verdict per request, in order; each distinct (chain, token, owner) and nonce word is read once per call. */
  check(requests: readonly FundingRequest[]): Promise<FundingVerdict[]>;
};

export type CreateFundingCheckerParameters = {
  chains: readonly FundingChain[];
  /** A chain whose reads take longer than this is treated as unreachable for this call. */
  timeoutMs?: number;
  /**
   * Reads that showed an intent funded are reused for this long (ms) across calls; a shortfall is always re-read fresh,
   * so a swapper who just funded is never refused from the cache. 0 (default): every call reads.
   */
  cacheMs?: number;
  now?: () => number;
};

const lower = (a: string) => a.toLowerCase();

/** Reads balances, allowances and nonce words for many intents at once (deduplicated, all reads in parallel). */
export function createFundingChecker({
  chains,
  timeoutMs = 2000,
  cacheMs = 0,
  now = Date.now,
}: CreateFundingCheckerParameters): FundingChecker {
  const byId = new Map(chains.map((c) => [c.chainId, c]));
  const cache = new Map<string, { value: bigint; at: number }>();
  const fetchRead = createReadBatcher();
  const checker: FundingChecker = {
    chainIds: [...byId.keys()],
    async check(requests) {
      const { verdicts, values } = await checkWith(requests, cacheMs > 0);
      if (cacheMs <= 0) return verdicts;
      // a shortfall seen through the cache is confirmed with fresh reads before it becomes a verdict
      const again = verdicts.flatMap((v, i) => (v.ok === false ? [i] : []));
      if (again.length) {
        const fresh = await checkWith(
          again.map((i) => requests[i]),
          false,
        );
        again.forEach((i, k) => (verdicts[i] = fresh.verdicts[k]));
      }
      const t = now();
      verdicts.forEach((v, i) => v.ok === true && remember(requests[i], values, t));
      if (cache.size > 100_000) for (const [k, e] of cache) if (t - e.at > cacheMs) cache.delete(k);
      return verdicts;
    },
  };
  const keysOf = (r: FundingRequest, chainId: number) => {
    const owner = lower(r.swapper);
    const token = lower(r.sellToken);
    return {
      b: `b:${chainId}:${token}:${owner}`,
      a: `a:${chainId}:${token}:${owner}`,
      n: `n:${chainId}:${owner}:${r.nonce >> 8n}`,
    };
  };
  const remember = (r: FundingRequest, values: Map<string, bigint>, t: number) => {
    const chain = byId.get(r.sourceChainId);
    if (!chain) return;
    for (const key of Object.values(keysOf(r, chain.chainId))) {
      const value = values.get(key);
      if (value !== undefined) cache.set(key, { value, at: t });
    }
  };
  const checkWith = async (requests: readonly FundingRequest[], useCache: boolean) => {
    const values = new Map<string, bigint>();
    const verdicts = await (async () => {
      // one read per distinct key within this call: a batch from one swapper costs the reads of one intent
      const reads = new Map<string, Promise<bigint>>();
      const read = (chain: FundingChain, key: string, call: ReadCall) => {
        let p = reads.get(key);
        if (!p) {
          const hit = useCache ? cache.get(key) : undefined;
          p = hit && now() - hit.at <= cacheMs ? Promise.resolve(hit.value) : fetchRead(chain, key, call);
          reads.set(key, p);
          void p.then(
            (v) => values.set(key, v),
            () => undefined,
          );
        }
        return p;
      };
      return Promise.all(
        requests.map(async (r): Promise<FundingVerdict> => {
          const chain = byId.get(r.sourceChainId);
          if (!chain) return { ok: 'unchecked', reason: 'no-rpc' };
          const { settlement } = chain;
          const owner = lowerAddress(r.swapper);
          const token = lowerAddress(r.sellToken);
          const word = r.nonce >> 8n;
          const keys = keysOf(r, chain.chainId);
          try {
            const [balance, allowance, bits] = await withTimeout(
              Promise.all([
                read(chain, keys.b, { address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] }),
                read(chain, keys.a, {
                  address: token,
                  abi: erc20Abi,
                  functionName: 'allowance',
                  args: [owner, settlement],
                }),
                read(chain, keys.n, {
                  address: settlement,
                  abi: intentSettlementAbi,
                  functionName: 'nonceBitmap',
                  args: [owner, word],
                }),
              ]),
              timeoutMs,
            );
            const required = r.sellAmount;
            // the order a person can act on: a used nonce never comes back, a balance is needed before an allowance matters
            if ((bits >> (r.nonce & 255n)) & 1n) return { ok: false, code: 'NONCE_USED', balance, allowance, required };
            if (balance < required) return { ok: false, code: 'INSUFFICIENT_BALANCE', balance, allowance, required };
            if (allowance < required)
              return { ok: false, code: 'INSUFFICIENT_ALLOWANCE', balance, allowance, required };
            return { ok: true, balance, allowance };
          } catch (err) {
            return {
              ok: 'unchecked',
              reason: 'rpc-error',
              error: err instanceof Error ? err.message.split('\n')[0] : String(err),
            };
          }
        }),
      );
    })();
    return { verdicts, values };
  };
  return checker;
}

type ReadCall = { address: Address; abi: readonly unknown[]; functionName: string; args: readonly unknown[] };
// one Multicall3 eth_call carries at most this many reads (stays under usual RPC gas and size caps)
const MULTICALL_CHUNK = 500;

/**
 * Chain reads shared across concurrent checks: a read already in flight for the same key is joined, not repeated, and
 * on a chain with Multicall3 every read asked within one tick goes out as one eth_call.
 */
function createReadBatcher() {
  const inflight = new Map<string, Promise<bigint>>();
  const hasMulticall = new Map<number, Promise<boolean>>();
  const queues = new Map<number, { call: ReadCall; ok: (v: bigint) => void; fail: (e: unknown) => void }[]>();
  const flush = async (chain: FundingChain) => {
    const queue = queues.get(chain.chainId) ?? [];
    queues.delete(chain.chainId);
    for (let i = 0; i < queue.length; i += MULTICALL_CHUNK) {
      const part = queue.slice(i, i + MULTICALL_CHUNK);
      try {
        const results = (await chain.publicClient.multicall!({
          contracts: part.map((q) => q.call),
          allowFailure: true,
          multicallAddress: chain.multicall3!,
        } as never)) as { status: 'success' | 'failure'; result?: unknown; error?: Error }[];
        results.forEach((r, k) =>
          r.status === 'success' ? part[k].ok(r.result as bigint) : part[k].fail(r.error ?? new Error('read failed')),
        );
      } catch (err) {
        for (const q of part) q.fail(err);
      }
    }
  };
  const viaMulticall = (chain: FundingChain): Promise<boolean> => {
    const { multicall3, publicClient } = chain;
    if (!multicall3 || !publicClient.multicall || !publicClient.getCode) return Promise.resolve(false);
    let known = hasMulticall.get(chain.chainId);
    if (!known) {
      // a chain without Multicall3 at that address keeps single reads (a failed probe is asked again next time)
      known = publicClient.getCode({ address: multicall3 }).then((code) => !!code && code !== '0x');
      known.catch(() => hasMulticall.delete(chain.chainId));
      hasMulticall.set(chain.chainId, known);
    }
    return known;
  };
  return (chain: FundingChain, key: string, call: ReadCall): Promise<bigint> => {
    let p = inflight.get(key);
    if (p) return p;
    p = viaMulticall(chain).then((batched) => {
      if (!batched) return chain.publicClient.readContract(call as never) as Promise<bigint>;
      return new Promise<bigint>((ok, fail) => {
        const queue = queues.get(chain.chainId);
        if (queue) return void queue.push({ call, ok, fail });
        queues.set(chain.chainId, [{ call, ok, fail }]);
        setImmediate(() => void flush(chain));
      });
    });
    inflight.set(key, p);
    const forget = () => inflight.delete(key);
    p.then(forget, forget);
    return p;
  };
}

/** `p`, or a rejection once `ms` have passed: a chain read that slow counts as the RPC being unavailable. */
export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`chain reads took longer than ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
