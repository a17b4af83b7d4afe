import {
  IntentMeshError,
  errorFromBody,
  isErrorBody,
  serializeSignedIntent,
  signIntent as signIntentWith,
  type AuctionRecordJSON,
  type Hex,
  type Intent,
  type IntentJSON,
  type IntentStatus,
  type SignedAwardJSON,
  type TypedDataSigner,
} from '@intentmesh/protocol';
import { auditActions } from './audit';

export type IntentMeshClientConfig = {
  /** Base URL of the API, e.g. http://127.0.0.1:3000 */
  url: string;
  /** Injected fetch (tests, custom agents); defaults to the global one, so browsers work. */
  fetch?: typeof fetch;
  /** Per-request timeout in ms. */
  timeoutMs?: number;
};

export type IntentView = {
  hash: Hex;
  status: IntentStatus;
  intent: IntentJSON;
  signature: Hex;
  auctionId: Hex | null;
  attempts: number;
  award: SignedAwardJSON | null;
};
export type TokenInfo = { chainId: number; address: Hex; symbol: string; decimals: number };

export type BuildIntentParameters = Omit<Intent, 'nonce' | 'deadline' | 'recipient' | 'destinationChainId'> &
  Partial<Pick<Intent, 'nonce' | 'deadline' | 'recipient' | 'destinationChainId'>> & { deadlineInSec?: number };

/** viem-style client: one object, plain async actions, typed errors that mirror the API's codes. */
export function createIntentMeshClient(config: IntentMeshClientConfig) {
  const base = config.url.replace(/\/+$/, '');
  const doFetch = config.fetch ?? globalThis.fetch;
  const timeoutMs = config.timeoutMs ?? 10_000;

  async function request<T>(path: string, init?: RequestInit): Promise<T> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs), headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) } });
    } catch (cause) {
      throw new IntentMeshError(`Could not reach the IntentMesh API at ${base}.`, { code: 'BUS_UNAVAILABLE', cause });
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
      throw new IntentMeshError(`The API answered ${res.status}.`, { code: 'INTERNAL', details: { status: res.status } });
    }
    return body as T;
  }

  const client = {
    url: base,

    /** Fills the usual defaults: recipient = swapper, same chain, a random nonce, a deadline 10 minutes ahead. */
    buildIntent(p: BuildIntentParameters): Intent {
      const nonce = p.nonce ?? randomNonce();
      return {
        swapper: lower(p.swapper),
        sellToken: lower(p.sellToken),
        sellAmount: p.sellAmount,
        buyToken: lower(p.buyToken),
        minBuyAmount: p.minBuyAmount,
        recipient: lower(p.recipient ?? p.swapper),
        sourceChainId: p.sourceChainId,
        destinationChainId: p.destinationChainId ?? p.sourceChainId,
        nonce,
        deadline: p.deadline ?? Math.floor(Date.now() / 1000) + (p.deadlineInSec ?? 600),
      };
    },

    /** EIP-712 signature with a viem LocalAccount or WalletClient. */
    signIntent(intent: Intent, signer: TypedDataSigner): Promise<Hex> {
      return signIntentWith(intent, signer);
    },

    submitIntent(intent: Intent, signature: Hex): Promise<{ hash: Hex; status: 'pending' }> {
      return request('/v1/intents', { method: 'POST', body: JSON.stringify(serializeSignedIntent({ intent, signature })) });
    },

    getIntent(hash: Hex): Promise<IntentView> {
      return request(`/v1/intents/${hash}`);
    },

    /**
     * Polls until the intent is awarded (resolves with the view) or reaches a status that cannot become an
     * award before `timeoutMs` (rejects with TIMEOUT, naming the last status).
     */
    async waitForAward(hash: Hex, { timeoutMs = 30_000, pollMs = 100, onStatus }: { timeoutMs?: number; pollMs?: number; onStatus?: (s: IntentStatus) => void } = {}): Promise<IntentView> {
      const until = Date.now() + timeoutMs;
      let last: IntentStatus | undefined;
      for (;;) {
        const view = await client.getIntent(hash);
        if (view.status !== last) onStatus?.((last = view.status));
        if (view.status === 'awarded' || view.status === 'settled') return view;
        if (view.status === 'expired') throw new IntentMeshError('The intent expired without an award.', { code: 'TIMEOUT', details: { hash, status: view.status } });
        if (Date.now() >= until) throw new IntentMeshError(`No award within ${timeoutMs} ms (status ${view.status}).`, { code: 'TIMEOUT', details: { hash, status: view.status } });
        await new Promise((r) => setTimeout(r, pollMs));
      }
    },

    getAuction(auctionId: Hex): Promise<AuctionRecordJSON> {
      return request(`/v1/auctions/${auctionId}`);
    },

    ...auditActions({ base, request, fetch: doFetch }),

    getChains(): Promise<{ chainId: number; name: string; settlement: Hex }[]> {
      return request('/v1/chains');
    },

    getTokens(chainId?: number): Promise<TokenInfo[]> {
      return request(`/v1/tokens${chainId === undefined ? '' : `?chainId=${chainId}`}`);
    },

    /** The token with this symbol on this chain, or a NOT_FOUND error naming what exists. */
    async getToken(chainId: number, symbol: string): Promise<TokenInfo> {
      const tokens = await client.getTokens(chainId);
      const t = tokens.find((x) => x.symbol.toLowerCase() === symbol.toLowerCase());
      if (!t) throw new IntentMeshError(`No token ${symbol} on chain ${chainId}.`, { code: 'NOT_FOUND', details: { known: tokens.slice(0, 20).map((x) => x.symbol) } });
      return t;
    },
  };
  return client;
}

export type IntentMeshClient = ReturnType<typeof createIntentMeshClient>;

function lower(a: string): Hex {
  return a.toLowerCase() as Hex;
}

/** 256 random bits: collisions are negligible, so a wallet needs no nonce bookkeeping. */
function randomNonce(): bigint {
  const b = new Uint8Array(32);
  globalThis.crypto.getRandomValues(b);
  return BigInt('0x' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''));
}
