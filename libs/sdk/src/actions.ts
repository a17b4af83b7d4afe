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
import { checkFunding, type FundingReader, type FundingWarning } from './funding';
import type { CancelledIntent, Chain, IntentView, Quote, SubmittedIntent, TokenInfo } from './types';

// Tree-shakable actions in viem's style: `getQuote(transport, params)`. A browser bundle that imports only what it
// calls carries only that; createIntentMeshClient binds them all to one transport for convenience.

export type IntentMeshClientConfig = {
  /** Base URL of the API, e.g. http://127.0.0.1:3000 */
  url: string;
  /** Injected fetch (tests, custom agents); defaults to the global one, so browsers work. */
  fetch?: typeof fetch;
  /** Per-request timeout in ms. */
  timeoutMs?: number;
};

export type RequestInitWithRetry = RequestInit & { retryOnReset?: boolean };

/** What every action needs: the API's base URL and a request function that maps failures to IntentMeshError. */
export type IntentMeshTransport = {
  url: string;
  fetch: typeof fetch;
  request<T>(path: string, init?: RequestInitWithRetry): Promise<T>;
};

export function createIntentMeshTransport(config: IntentMeshClientConfig): IntentMeshTransport {
  const base = config.url.replace(/\/+$/, '');
  const doFetch = config.fetch ?? globalThis.fetch;
  const timeoutMs = config.timeoutMs ?? 10_000;

  async function request<T>(path: string, init?: RequestInitWithRetry): Promise<T> {
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

  return { url: base, fetch: doFetch, request };
}

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

/** An indicative, non-binding quote from the healthy solvers (answers within about 300 ms), or NO_QUOTE. */
export function getQuote(t: IntentMeshTransport, p: GetQuoteParameters): Promise<Quote> {
  const q = new URLSearchParams({
    sellToken: p.sellToken,
    buyToken: p.buyToken,
    sellAmount: p.sellAmount.toString(),
    sourceChainId: String(p.sourceChainId),
  });
  if (p.destinationChainId !== undefined) q.set('destinationChainId', String(p.destinationChainId));
  if (p.slippageBps !== undefined) q.set('slippageBps', String(p.slippageBps));
  return t.request(`/v1/quote?${q}`);
}

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

/**
 * Fills the usual defaults: recipient = swapper, same chain, a random nonce, a deadline 10 minutes ahead, and
 * minBuyAmount from `quote` less `slippageBps` when not given. Synchronous; `prepareIntent` fetches the quote for you.
 */
export function buildIntent(p: BuildIntentParameters): Intent {
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
}

export type PrepareIntentParameters = BuildIntentParameters & {
  /**
   * Reads the swapper's balance and its allowance for the settlement contract on the source chain (a viem
   * PublicClient) and warns when either is short of sellAmount: the API would refuse the intent.
   */
  funding?: FundingReader;
  /** Receives those warnings (default console.warn). */
  onWarning?: (warning: FundingWarning) => void;
};

/** buildIntent, fetching a quote first when neither minBuyAmount nor a quote is given; warns when funding is short. */
export async function prepareIntent(t: IntentMeshTransport, p: PrepareIntentParameters): Promise<Intent> {
  const { funding, onWarning, ...rest } = p;
  const intent =
    rest.minBuyAmount !== undefined || rest.quote
      ? buildIntent(rest)
      : buildIntent({ ...rest, minBuyAmount: BigInt((await getQuote(t, rest)).minBuyAmount) });
  if (funding) {
    const settlement = funding.settlement ?? (await getChain(t, intent.sourceChainId)).settlement;
    const warnings = await checkFunding(funding.publicClient, {
      token: intent.sellToken,
      owner: intent.swapper,
      spender: settlement,
      amount: intent.sellAmount,
    });
    for (const w of warnings) (onWarning ?? ((x: FundingWarning) => console.warn(x.message)))(w);
  }
  return intent;
}

/**
 * EIP-712 signature with a viem LocalAccount or WalletClient. For a smart account (EIP-1271), set the intent's
 * swapper to the contract and sign with its owner key: the settlement contract asks the wallet to approve it.
 */
export function signIntent(intent: Intent, signer: TypedDataSigner): Promise<Hex> {
  return signIntentWith(intent, signer);
}

export type SubmitIntentReturnType = SubmittedIntent & { duplicate?: boolean; currentStatus?: IntentStatus };

/** Submits; retries once on a connection reset, and answers an already-known intent as success (intents are idempotent by hash). */
export async function submitIntent(
  t: IntentMeshTransport,
  intent: Intent,
  signature: Hex,
): Promise<SubmitIntentReturnType> {
  try {
    return await t.request<SubmittedIntent>('/v1/intents', {
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
}

export function getIntent(t: IntentMeshTransport, hash: Hex): Promise<IntentView> {
  return t.request(`/v1/intents/${hash}`);
}

export type WaitParameters = { timeoutMs?: number; pollMs?: number; onStatus?: (s: IntentStatus) => void };

/** Statuses from which an intent can never reach an award or a settlement. */
const FINAL_WITHOUT_AWARD: IntentStatus[] = ['expired', 'cancelled'];

async function poll(
  t: IntentMeshTransport,
  hash: Hex,
  what: string,
  done: (v: IntentView) => boolean,
  { timeoutMs: waitMs = 30_000, pollMs = 100, onStatus }: WaitParameters,
): Promise<IntentView> {
  const until = Date.now() + waitMs;
  let last: IntentStatus | undefined;
  for (;;) {
    const view = await getIntent(t, hash);
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

/** Polls until awarded (or settled); rejects with TIMEOUT when the time is up or the intent expired or was cancelled. */
export function waitForAward(t: IntentMeshTransport, hash: Hex, params: WaitParameters = {}): Promise<IntentView> {
  return poll(t, hash, 'award', (v) => v.status === 'awarded' || v.status === 'settled', params);
}

export type SettledIntentView = IntentView & { settlement: NonNullable<IntentView['settlement']> };

/** Polls until the winner settled on chain (status settled, `settlement` filled); TIMEOUT otherwise. */
export function waitForSettlement(
  t: IntentMeshTransport,
  hash: Hex,
  params: WaitParameters = {},
): Promise<SettledIntentView> {
  return poll(t, hash, 'settlement', (v) => v.status === 'settled' && !!v.settlement, {
    timeoutMs: 120_000,
    pollMs: 500,
    ...params,
  }) as Promise<SettledIntentView>;
}

/**
 * Cancels a pending or unfilled intent with the swapper's EIP-712 `Cancel(bytes32 intentHash)` signature. While the
 * intent is in a live auction it retries until `timeoutMs`; once awarded it fails with INTENT_NOT_CANCELLABLE.
 */
export async function cancelIntent(
  t: IntentMeshTransport,
  hash: Hex,
  signer: TypedDataSigner,
  { timeoutMs: waitMs = 5_000, pollMs = 100 }: { timeoutMs?: number; pollMs?: number } = {},
): Promise<CancelledIntent> {
  const view = await getIntent(t, hash);
  const signature = await signCancel(hash, view.intent.sourceChainId, signer);
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      return await t.request<CancelledIntent>(`/v1/intents/${hash}/cancel`, {
        method: 'POST',
        body: JSON.stringify({ signature }),
        retryOnReset: true,
      });
    } catch (err) {
      const auctioning =
        err instanceof IntentMeshError && err.code === 'INTENT_NOT_CANCELLABLE' && err.details.status === 'auctioning';
      if (!auctioning || Date.now() >= until) throw err;
      await sleep(pollMs);
    }
  }
}

export function getAuction(t: IntentMeshTransport, auctionId: Hex): Promise<AuctionRecordJSON> {
  return t.request(`/v1/auctions/${auctionId}`);
}

export function getChains(t: IntentMeshTransport): Promise<Chain[]> {
  return t.request('/v1/chains');
}

/** One chain's settlement contract and EIP-712 domain, or NOT_FOUND. */
export async function getChain(t: IntentMeshTransport, chainId: number): Promise<Chain> {
  const chain = (await getChains(t)).find((c) => c.chainId === chainId);
  if (!chain) throw new IntentMeshError(`The marketplace serves no chain ${chainId}.`, { code: 'NOT_FOUND' });
  return chain;
}

export function getTokens(t: IntentMeshTransport, chainId?: number): Promise<TokenInfo[]> {
  return t.request(`/v1/tokens${chainId === undefined ? '' : `?chainId=${chainId}`}`);
}

/** The token with this symbol on this chain, or a NOT_FOUND error naming what exists. */
export async function getToken(t: IntentMeshTransport, chainId: number, symbol: string): Promise<TokenInfo> {
  const tokens = await getTokens(t, chainId);
  const found = tokens.find((x) => x.symbol.toLowerCase() === symbol.toLowerCase());
  if (!found)
    throw new IntentMeshError(`No token ${symbol} on chain ${chainId}.`, {
      code: 'NOT_FOUND',
      details: { known: tokens.slice(0, 20).map((x) => x.symbol) },
    });
  return found;
}

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
