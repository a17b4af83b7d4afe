import { findBestRoute, findToken, generateMarket, hashRoute } from '@intentmesh/routing';
import type { AuctionOpen, Hex } from '@intentmesh/protocol';
import { createReferenceQuote } from './referenceQuote';

const market = generateMarket({ seed: 1, poolCount: 120 });
const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Hex;

function auctionOf(intents: Array<{ sell: [number, string]; buy: [number, string]; amount: bigint }>): AuctionOpen {
  return {
    auctionId: `0x${'11'.repeat(32)}`,
    auctioneer: addr(1),
    openedAt: 0,
    bidWindowMs: 1000,
    intents: intents.map(({ sell, buy, amount }, k) => ({
      hash: `0x${(k + 1).toString(16).padStart(64, '0')}`,
      signature: `0x${'22'.repeat(65)}`,
      intent: {
        swapper: addr(2),
        sellToken: findToken(market, sell[0], sell[1])!.address,
        sellAmount: amount,
        buyToken: findToken(market, buy[0], buy[1])!.address,
        minBuyAmount: 1n,
        recipient: addr(2),
        sourceChainId: sell[0],
        destinationChainId: buy[0],
        nonce: BigInt(k),
        deadline: 2_000_000_000,
      },
    })),
  } as AuctionOpen;
}

describe('reference solver quote', () => {
  test("each bid's routeHash commits to the route it bids, and --explain prints that route", async () => {
    const explained: string[] = [];
    const quote = createReferenceQuote({
      market,
      profile: 'split',
      marginBps: 10,
      explain: (t) => explained.push(t),
    });
    const auction = auctionOf([
      { sell: [1, 'WETH'], buy: [1, 'USDC'], amount: 5n * 10n ** 18n },
      { sell: [1, 'WETH'], buy: [10, 'USDC'], amount: 2n * 10n ** 18n },
    ]);
    const drafts = await quote(auction, {
      deadline: Date.now() + 10_000,
      signal: new AbortController().signal,
    });
    expect(drafts).toHaveLength(2);
    drafts.forEach((d, k) => {
      const { intent, hash } = auction.intents[k];
      const request = {
        sellToken: intent.sellToken,
        buyToken: intent.buyToken,
        sourceChainId: intent.sourceChainId,
        destinationChainId: intent.destinationChainId,
        sellAmount: intent.sellAmount,
      };
      // The solver's options: same-chain swaps stay on their chain, cross-chain ones take one bridge.
      const route = findBestRoute(market, request, {
        maxHops: 4,
        maxSplits: 8,
        ...(k === 0 ? { allowBridges: false } : { maxBridges: 1 }),
      })!;
      expect(d.routeHash).toBe(hashRoute(route));
      expect(d.fills).toEqual([{ intentHash: hash, buyAmount: (route.amountOut * 9_990n) / 10_000n }]);
      // A different leg amount would be a different commitment.
      const other = { ...route, amountOut: route.amountOut - 1n };
      expect(hashRoute(other)).not.toBe(d.routeHash);
      expect(explained[k]).toContain(`intent ${hash}`);
      expect(explained[k]).toContain(`out `);
      for (const p of route.paths) for (const l of p.legs) expect(explained[k]).toContain(l.poolId);
    });
    expect(explained[1]).toMatch(/bridge 1->10/);
  });

  test('a repeated pair and amount bids the route a fresh quote finds, also in a later auction', async () => {
    const quote = createReferenceQuote({ market, profile: 'split', marginBps: 0 });
    const ctx = { deadline: Date.now() + 10_000, signal: new AbortController().signal };
    const trade = { sell: [1, 'WETH'] as [number, string], buy: [1, 'USDC'] as [number, string] };
    const first = await quote(
      auctionOf([
        { ...trade, amount: 3n * 10n ** 18n },
        { ...trade, amount: 3n * 10n ** 18n + 1n },
      ]),
      ctx,
    );
    const again = await quote(auctionOf([{ ...trade, amount: 3n * 10n ** 18n + 1n }]), ctx);
    const fresh = await createReferenceQuote({ market, profile: 'split', marginBps: 0 })(
      auctionOf([{ ...trade, amount: 3n * 10n ** 18n + 1n }]),
      ctx,
    );
    // one wei more is another request (no bucket shares a route), and the repeat is exactly what a fresh solver bids
    expect(first[0].routeHash).not.toBe(first[1].routeHash);
    expect(again[0].fills[0].buyAmount).toBe(first[1].fills[0].buyAmount);
    expect(again[0].routeHash).toBe(first[1].routeHash);
    expect(again).toEqual(fresh);
  });
});
