import { decodeJson, encodeJson, type BusSubscription, type Messaging } from '@intentmesh/messaging';
import {
  hashIntent,
  parseQuoteRequest,
  signSolverQuote,
  type AuctionOpen,
  type DigestSigner,
  type Hex,
  type Intent,
  type QuoteRequest,
} from '@intentmesh/protocol';
import type { IndicativeQuoteFn, LiveMarketSource, QuoteContext, QuoteFn } from './types';

export type AnswerQuotesParameters = {
  messaging: Messaging;
  signer: DigestSigner;
  quote: QuoteFn;
  indicativeQuote?: IndicativeQuoteFn;
  /** Indicative quotes read its last synced state (no sync: they must be quick). */
  market?: LiveMarketSource;
  now?: () => number;
};

const ZERO = '0x0000000000000000000000000000000000000000' as const;
/** Kept back from the asker's budget for signing the answer and the trip back (ms). */
const REPLY_RESERVE_MS = 15;

/** The single-intent, unsigned auction an indicative request stands for: the author's `quote` prices it like any other. */
export function syntheticAuction(request: QuoteRequest, openedAt: number): AuctionOpen {
  const intent: Intent = {
    swapper: ZERO,
    sellToken: request.sellToken,
    sellAmount: request.sellAmount,
    buyToken: request.buyToken,
    minBuyAmount: 1n,
    recipient: ZERO,
    sourceChainId: request.sourceChainId,
    destinationChainId: request.destinationChainId,
    nonce: 0n,
    deadline: Math.floor(openedAt / 1000) + 60,
  };
  return {
    auctionId: request.quoteId,
    auctioneer: ZERO,
    openedAt,
    bidWindowMs: request.timeoutMs,
    intents: [{ hash: hashIntent(intent), intent, signature: `0x${'00'.repeat(65)}` as Hex }],
  };
}

/**
 * Answers indicative quote requests on solver.<address>.quote with a signed buyAmount, by running the author's
 * `quote` on a synthetic auction (or `indicativeQuote` when given), within the asker's budget less a small reserve.
 */
export function answerQuotes(params: AnswerQuotesParameters): BusSubscription {
  const { messaging, signer, quote, indicativeQuote, market, now = Date.now } = params;
  return messaging.bus.subscribe(messaging.subjects.solverQuote(signer.address), (m) => {
    let request: QuoteRequest;
    try {
      request = parseQuoteRequest(decodeJson(m.data));
    } catch {
      return; // not a quote request: no answer, nothing signed
    }
    const started = now();
    const controller = new AbortController();
    // all of the asker's budget but a small reserve for signing and the reply
    const budgetMs = Math.max(1, request.timeoutMs - Math.min(REPLY_RESERVE_MS, request.timeoutMs / 4));
    const ctx: QuoteContext = { deadline: started + budgetMs, signal: controller.signal, market: market?.current() };
    const timer = setTimeout(() => controller.abort(), budgetMs);
    const run = async (): Promise<bigint | null> => {
      if (indicativeQuote) return indicativeQuote(request, ctx);
      const auction = syntheticAuction(request, started);
      const drafts = await quote(auction, ctx);
      const hash = auction.intents[0].hash;
      let best: bigint | null = null;
      for (const d of drafts)
        for (const f of d.fills) if (f.intentHash === hash && (best === null || f.buyAmount > best)) best = f.buyAmount;
      return best;
    };
    Promise.race([
      run(),
      new Promise<null>((resolve) => controller.signal.addEventListener('abort', () => resolve(null))),
    ])
      .catch(() => null)
      .then((buyAmount) => {
        clearTimeout(timer);
        // a late answer is useless to the asker: stay silent rather than sign it
        if (controller.signal.aborted && buyAmount === null) return;
        m.respond?.(
          encodeJson(signSolverQuote(request.quoteId, buyAmount && buyAmount > 0n ? buyAmount : null, signer)),
        );
      });
  });
}
