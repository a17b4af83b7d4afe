import { generatePrivateKey } from 'viem/accounts';
import { createInProcessMessaging, decodeJson, encodeJson } from '@intentmesh/messaging';
import { createDigestSigner, verifySolverQuote, type Hex } from '@intentmesh/protocol';
import { answerQuotes } from './quotes';

describe("solver-kit quotes - the author's own quote prices an indicative request", () => {
  const messaging = createInProcessMessaging({ prefix: 'quotes-test' });
  const signer = createDigestSigner(generatePrivateKey());
  const quoteId = `0x${'77'.repeat(32)}` as Hex;
  const request = (timeoutMs = 200) => ({
    quoteId,
    sellToken: `0x${'11'.repeat(20)}`,
    buyToken: `0x${'22'.repeat(20)}`,
    sellAmount: '1000000',
    sourceChainId: 1,
    destinationChainId: 10,
    timeoutMs,
  });
  const ask = async (timeoutMs?: number) =>
    verifySolverQuote(
      decodeJson(
        await messaging.bus.request(messaging.subjects.solverQuote(signer.address), encodeJson(request(timeoutMs)), {
          timeoutMs: 500,
        }),
      ),
      quoteId,
      signer.address,
    );
  afterAll(() => messaging.close());

  it('runs quote on a synthetic one-intent auction and signs the best fill for it', async () => {
    const seen: unknown[] = [];
    const sub = answerQuotes({
      messaging,
      signer,
      quote: (auction) => {
        seen.push(auction);
        const { hash, intent } = auction.intents[0];
        return [
          { fills: [{ intentHash: hash, buyAmount: intent.sellAmount * 2n }], routeHash: quoteId },
          { fills: [{ intentHash: hash, buyAmount: intent.sellAmount * 3n }], routeHash: quoteId },
        ];
      },
    });
    try {
      expect((await ask()).buyAmount).toBe(3_000_000n);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({
        auctionId: quoteId,
        intents: [{ intent: { sellAmount: 1_000_000n, sourceChainId: 1, destinationChainId: 10, minBuyAmount: 1n } }],
      });
    } finally {
      sub.unsubscribe();
    }
  });

  it('an indicativeQuote override wins; no route answers null; a quote past the budget stays silent', async () => {
    let sub = answerQuotes({ messaging, signer, quote: () => [], indicativeQuote: (r) => r.sellAmount + 1n });
    expect((await ask()).buyAmount).toBe(1_000_001n);
    sub.unsubscribe();
    sub = answerQuotes({ messaging, signer, quote: () => [] });
    expect((await ask()).buyAmount).toBeNull();
    sub.unsubscribe();
    sub = answerQuotes({ messaging, signer, quote: () => new Promise((r) => setTimeout(() => r([]), 300)) });
    await expect(ask(100)).rejects.toThrow();
    sub.unsubscribe();
  });
});
