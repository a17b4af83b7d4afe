import { Inject, Injectable } from '@nestjs/common';
import { decodeJson, encodeJson } from '@intentmesh/messaging';
import {
  IntentMeshError,
  applySlippage,
  getChain,
  keccakHex,
  parseQuoteQuery,
  parseQuoteRound,
  type Address,
  type QuoteJSON,
} from '@intentmesh/protocol';
import { API_DEPS, type ApiDeps } from '../deps';
import { ApiMetrics } from '../metrics/apiMetrics';

/** GET /v1/quote: validates the query, runs one indicative round through the auctioneer, and summarises the answers. */
@Injectable()
export class GetQuote {
  constructor(
    @Inject(API_DEPS) private readonly deps: ApiDeps,
    private readonly metrics: ApiMetrics,
  ) {}

  async execute(query: unknown): Promise<QuoteJSON> {
    const started = Date.now();
    const q = parseQuoteQuery(query);
    const destinationChainId = q.destinationChainId ?? q.sourceChainId;
    const slippageBps = q.slippageBps ?? 50;
    for (const [field, chainId] of [
      ['sourceChainId', q.sourceChainId],
      ['destinationChainId', destinationChainId],
    ] as const) {
      if (!getChain(chainId))
        throw new IntentMeshError(`query.${field} ${chainId} is not a supported chain; GET /v1/chains lists them.`, {
          code: 'UNKNOWN_CHAIN',
          details: { field: `query.${field}`, chainId },
        });
    }
    if (q.sourceChainId === destinationChainId && q.sellToken === q.buyToken) {
      throw new IntentMeshError('query.sellToken and query.buyToken are the same token on the same chain.', {
        code: 'SAME_TOKEN',
        details: { field: 'query.buyToken' },
      });
    }
    const random = new Uint8Array(32);
    globalThis.crypto.getRandomValues(random);
    const quoteId = keccakHex(random);
    const timeoutMs = this.deps.env.QUOTE_TIMEOUT_MS;
    const { bus, subjects } = this.deps.messaging;
    // what was asked, as the request to the solvers and the answer both carry it
    const asks = {
      quoteId,
      sellToken: q.sellToken,
      buyToken: q.buyToken,
      sellAmount: q.sellAmount.toString(),
      sourceChainId: q.sourceChainId,
      destinationChainId,
    };
    const request = { ...asks, timeoutMs };
    let answers: { solver: Address; buyAmount: bigint; latencyMs: number }[] = [];
    let asked = 0;
    let auctioneerAnswered = false;
    try {
      // the auctioneer knows who is healthy; it keeps a fifth of the budget for the two bus hops
      const round = parseQuoteRound(decodeJson(await bus.request(subjects.quote, encodeJson(request), { timeoutMs })));
      answers = round.answers;
      asked = round.asked;
      auctioneerAnswered = true;
    } catch (err) {
      // no auctioneer in time (or an unreadable reply): to the trader the same as no solver in time
      this.deps.log.warn({ quoteId, err: String(err) }, 'quote round got no usable auctioneer reply');
    }
    const elapsedMs = Date.now() - started;
    if (!answers.length) {
      this.metrics.series.quotes.inc({ outcome: 'no_quote' });
      throw new IntentMeshError(
        !auctioneerAnswered
          ? `No auctioneer answered the quote round within ${timeoutMs} ms; retry shortly.`
          : asked
            ? `None of the ${asked} healthy solvers quoted this pair within ${timeoutMs} ms; try another amount or pair, or retry shortly.`
            : 'No solver is rated healthy right now (they are probed every second); retry shortly.',
        { code: 'NO_QUOTE', details: { asked, auctioneerAnswered, timeoutMs, elapsedMs } },
      );
    }
    const sorted = answers.map((a) => a.buyAmount).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2n;
    const best = sorted[sorted.length - 1];
    this.metrics.series.quotes.inc({ outcome: 'quoted' });
    this.deps.log.debug({ quoteId, asked, answered: answers.length, elapsedMs }, 'indicative quote');
    return {
      ...asks,
      buyAmount: best.toString(),
      minBuyAmount: applySlippage(best, slippageBps).toString(),
      slippageBps,
      spread: { min: sorted[0].toString(), median: median.toString(), max: best.toString(), count: sorted.length },
      solvers: answers
        .sort((a, b) => (a.buyAmount > b.buyAmount ? -1 : a.buyAmount < b.buyAmount ? 1 : 0))
        .map((a) => ({ solver: a.solver, buyAmount: a.buyAmount.toString(), latencyMs: a.latencyMs })),
      asked,
      elapsedMs,
      binding: false,
    };
  }
}
