import {
  IntentMeshError,
  applySlippage,
  errorFromBody,
  hashIntent,
  isErrorBody,
  serializeSignedIntent,
  signCancel,
  signIntent as signIntentWith,
  type AuctionRecordJSON,
  type Hex,
  type Intent,
  type IntentStatus,
  type TypedDataSigner,
} from '@intentmesh/protocol';
import { auditActions } from './audit';
import type { CancelledIntent, Chain, IntentView, Quote, SubmittedIntent, TokenInfo } from './types';

export type IntentMeshClientConfig = {
  /** Base URL of the API, e.g. http://127.0.0.1:3000 */
  url: string;
  /** Injected fetch (tests, custom agents); defaults to the global one, so browsers work. */
  fetch?: typeof fetch;
  /** Per-request timeout in ms. */
  timeoutMs?: number;
};

export type GetQuoteParameters = {
  sellToken: string;
  buyToken: string;
  sellAmount: bigint;
  sourceChainId: number;
  /** Default: the source chain. */
  destinationChainId?: number;
  /** Slippage for the suggested minBuyAmount, in basis points (default 50 = 0.5 %). */
  slippageBps?: number;
};

export type BuildIntentParameters = Omit<
  Intent,
  'nonce' | 'deadline' | 'recipient' | 'destinationChainId' | 'minBuyAmount'
> &
  Partial<Pick<Intent, 'nonce' | 'deadline' | 'recipient' | 'destinationChainId' | 'minBuyAmount'>> & {
    deadlineInSec?: number;
    /** When minBuyAmount is not given: take it from this quote's best buyAmount less `slippageBps`. */
    quote?: Pick<Quote, 'buyAmount'>;
    /** Slippage applied to the quote, in basis points (default 50). */
    slippageBps?: number;
  };

export type WaitParameters = { timeoutMs?: number; pollMs?: number; onStatus?: (s: IntentStatus) => void };

/** Statuses from which an intent can never reach an award or a settlement. */
const FINAL_WITHOUT_AWARD: IntentStatus[] = ['expired', 'cancelled'];

/** viem-style client: one object, plain async actions, typed errors that mirror the API's codes. */
export function createIntentMeshClient(config: IntentMeshClientConfig) {
  const base = config.url.replace(/\/+$/, '');
  const doFetch = config.fetch ?? globalThis.fetch;
  const timeoutMs = config.timeoutMs ?? 10_000;

  async function request<T>(path: string, init?: RequestInit & { retryOnReset?: boolean }): Promise<T> {
    let res: Response;
    for (let attempt = 0; ; attempt++) {
      try {
        res = await doFetch(`${base}${path}`, {
          ...init,
          signal: AbortSignal.timeout(timeoutMs),
          headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) },
        });
        break;
      } catch (cause) {
        // a reset socket (a server restart, an idle keep-alive closed under us) is worth exactly one more try
        if (init?.retryOnReset && attempt === 0 && isConnectionReset(cause)) continue;
        if (isTimeout(cause))
          throw new IntentMeshError(`The IntentMesh API at ${base} did not answer within ${timeoutMs} ms.`, {
            code: 'TIMEOUT',
            cause,
          });
        throw new IntentMeshError(`Could not reach the IntentMesh API at ${base}.`, { code: 'UNREACHABLE', cause });
      }
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      if (isErrorBody(body)) throw errorFromBody(body);
      throw new IntentMeshError(`The API answered ${res.status}.`, {
        code: 'INTERNAL',
        details: { status: res.status },
      });
    }
    return body as T;
  }

  async function poll(
    hash: Hex,
    what: string,
    done: (v: IntentView) => boolean,
    { timeoutMs: waitMs = 30_000, pollMs = 100, onStatus }: WaitParameters,
  ): Promise<IntentView> {
    const until = Date.now() + waitMs;
    let last: IntentStatus | undefined;
    for (;;) {
      const view = await client.getIntent(hash);
      if (view.status !== last) onStatus?.((last = view.status));
      if (done(view)) return view;
      if (FINAL_WITHOUT_AWARD.includes(view.status))
        throw new IntentMeshError(`The intent is ${view.status}: no ${what} will come.`, {
          code: 'TIMEOUT',
          details: { hash, status: view.status },
        });
      if (Date.now() >= until)
        throw new IntentMeshError(`No ${what} within ${waitMs} ms (status ${view.status}).`, {
          code: 'TIMEOUT',
          details: { hash, status: view.status },
        });
      await sleep(pollMs);
    }
  }

  const client = {
    url: base,

    /** An indicative, non-binding quote from the healthy solvers (answers within about 300 ms), or NO_QUOTE. */
    getQuote(p: GetQuoteParameters): Promise<Quote> {
      const q = new URLSearchParams({
        sellToken: p.sellToken,
        buyToken: p.buyToken,
        sellAmount: p.sellAmount.toString(),
        sourceChainId: String(p.sourceChainId),
      });
      if (p.destinationChainId !== undefined) q.set('destinationChainId', String(p.destinationChainId));
      if (p.slippageBps !== undefined) q.set('slippageBps', String(p.slippageBps));
      return request(`/v1/quote?${q}`);
    },

    /**
     * Fills the usual defaults: recipient = swapper, same chain, a random nonce, a deadline 10 minutes ahead, and
     * minBuyAmount from `quote` less `slippageBps` when not given. Synchronous; `prepareIntent` fetches the quote for you.
     */
    buildIntent(p: BuildIntentParameters): Intent {
      const minBuyAmount =
        p.minBuyAmount ?? (p.quote ? applySlippage(BigInt(p.quote.buyAmount), p.slippageBps ?? 50) : undefined);
      if (minBuyAmount === undefined || minBuyAmount <= 0n) {
        throw new IntentMeshError('Give minBuyAmount, or a quote to derive it from (prepareIntent fetches one).', {
          code: 'INVALID_AMOUNT',
          details: { field: 'minBuyAmount' },
        });
      }
      return {
        swapper: lower(p.swapper),
        sellToken: lower(p.sellToken),
        sellAmount: p.sellAmount,
        buyToken: lower(p.buyToken),
        minBuyAmount,
        recipient: lower(p.recipient ?? p.swapper),
        sourceChainId: p.sourceChainId,
        destinationChainId: p.destinationChainId ?? p.sourceChainId,
        nonce: p.nonce ?? randomNonce(),
        deadline: p.deadline ?? Math.floor(Date.now() / 1000) + (p.deadlineInSec ?? 600),
      };
    },

    /** buildIntent, fetching a quote first when neither minBuyAmount nor a quote is given. */
    async prepareIntent(p: BuildIntentParameters): Promise<Intent> {
      if (p.minBuyAmount !== undefined || p.quote) return client.buildIntent(p);
      const quote = await client.getQuote({
        ...p,
        destinationChainId: p.destinationChainId,
        slippageBps: p.slippageBps,
      });
      return client.buildIntent({ ...p, minBuyAmount: BigInt(quote.minBuyAmount) });
    },

    /**
     * EIP-712 signature with a viem LocalAccount or WalletClient. For a smart account (EIP-1271), set the intent's
     * swapper to the contract and sign with its owner key: the settlement contract asks the wallet to approve it.
     */
    signIntent(intent: Intent, signer: TypedDataSigner): Promise<Hex> {
      return signIntentWith(intent, signer);
    },

    /** Submits; retries once on a connection reset, and answers an already-known intent as success (intents are idempotent by hash). */
    async submitIntent(
      intent: Intent,
      signature: Hex,
    ): Promise<SubmittedIntent & { duplicate?: boolean; currentStatus?: IntentStatus }> {
      try {
        return await request<SubmittedIntent>('/v1/intents', {
          method: 'POST',
          body: JSON.stringify(serializeSignedIntent({ intent, signature })),
          retryOnReset: true,
        });
      } catch (err) {
        if (err instanceof IntentMeshError && err.code === 'DUPLICATE_INTENT') {
          return {
            hash: hashIntent(intent),
            status: 'pending',
            duplicate: true,
            currentStatus: err.details.status as IntentStatus | undefined,
          };
        }
        throw err;
      }
    },

    getIntent(hash: Hex): Promise<IntentView> {
      return request(`/v1/intents/${hash}`);
    },

    /** Polls until awarded (or settled); rejects with TIMEOUT when the time is up or the intent expired or was cancelled. */
    waitForAward(hash: Hex, params: WaitParameters = {}): Promise<IntentView> {
      return poll(hash, 'award', (v) => v.status === 'awarded' || v.status === 'settled', params);
    },

    /** Polls until the winner settled on chain (status settled, `settlement` filled); TIMEOUT otherwise. */
    waitForSettlement(
      hash: Hex,
      params: WaitParameters = {},
    ): Promise<IntentView & { settlement: NonNullable<IntentView['settlement']> }> {
      return poll(hash, 'settlement', (v) => v.status === 'settled' && !!v.settlement, {
        timeoutMs: 120_000,
        pollMs: 500,
        ...params,
      }) as Promise<IntentView & { settlement: NonNullable<IntentView['settlement']> }>;
    },

    /**
     * Cancels a pending or unfilled intent with the swapper's EIP-712 `Cancel(bytes32 intentHash)` signature. While the
     * intent is in a live auction it retries until `timeoutMs`; once awarded it fails with INTENT_NOT_CANCELLABLE.
     */
    async cancelIntent(
      hash: Hex,
      signer: TypedDataSigner,
      { timeoutMs: waitMs = 5_000, pollMs = 100 }: { timeoutMs?: number; pollMs?: number } = {},
    ): Promise<CancelledIntent> {
      const view = await client.getIntent(hash);
      const signature = await signCancel(hash, view.intent.sourceChainId, signer);
      const until = Date.now() + waitMs;
      for (;;) {
        try {
          return await request<CancelledIntent>(`/v1/intents/${hash}/cancel`, {
            method: 'POST',
            body: JSON.stringify({ signature }),
            retryOnReset: true,
          });
        } catch (err) {
          const auctioning =
            err instanceof IntentMeshError &&
            err.code === 'INTENT_NOT_CANCELLABLE' &&
            err.details.status === 'auctioning';
          if (!auctioning || Date.now() >= until) throw err;
          await sleep(pollMs);
        }
      }
    },

    getAuction(auctionId: Hex): Promise<AuctionRecordJSON> {
      return request(`/v1/auctions/${auctionId}`);
    },

    ...auditActions({ base, request, fetch: doFetch }),

    getChains(): Promise<Chain[]> {
      return request('/v1/chains');
    },

    getTokens(chainId?: number): Promise<TokenInfo[]> {
      return request(`/v1/tokens${chainId === undefined ? '' : `?chainId=${chainId}`}`);
    },

    /** The token with this symbol on this chain, or a NOT_FOUND error naming what exists. */
    async getToken(chainId: number, symbol: string): Promise<TokenInfo> {
      const tokens = await client.getTokens(chainId);
      const t = tokens.find((x) => x.symbol.toLowerCase() === symbol.toLowerCase());
      if (!t)
        throw new IntentMeshError(`No token ${symbol} on chain ${chainId}.`, {
          code: 'NOT_FOUND',
          details: { known: tokens.slice(0, 20).map((x) => x.symbol) },
        });
      return t;
    },
  };
  return client;
}

export type IntentMeshClient = ReturnType<typeof createIntentMeshClient>;

function lower(a: string): Hex {
  return a.toLowerCase() as Hex;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** fetch failures whose cause is a socket torn down by the peer (undici and browsers word it differently). */
function isConnectionReset(err: unknown): boolean {
  for (
    let e = err as { code?: string; message?: string; cause?: unknown } | undefined, i = 0;
    e && i < 5;
    e = e.cause as typeof e, i++
  ) {
    if (
      ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED'].includes(e.code ?? '') ||
      /socket hang up|other side closed|connection reset/i.test(e.message ?? '')
    )
      return true;
  }
  return false;
}

/** AbortSignal.timeout fired: the API was reached but did not answer in time. */
function isTimeout(err: unknown): boolean {
  return (err as { name?: string } | undefined)?.name === 'TimeoutError';
}

/** 256 random bits: collisions are negligible, so a wallet needs no nonce bookkeeping. */
function randomNonce(): bigint {
  const b = new Uint8Array(32);
  globalThis.crypto.getRandomValues(b);
  return BigInt('0x' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''));
}
