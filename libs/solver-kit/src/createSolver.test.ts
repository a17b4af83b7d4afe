import { generatePrivateKey } from 'viem/accounts';
import { createInProcessMessaging, decodeJson, encodeJson } from '@intentmesh/messaging';
import {
  createDigestSigner,
  hashIntent,
  serializeIntent,
  signAuctionOpen,
  type Hex,
  type Intent,
} from '@intentmesh/protocol';
import { createSolver } from './createSolver';
import type { QuoteFn } from './types';

describe('solver-kit createSolver - bidding in the window', () => {
  const messaging = createInProcessMessaging({ prefix: 'kit-window-test' });
  const swapper = createDigestSigner(generatePrivateKey());
  const auctioneer = createDigestSigner(generatePrivateKey());
  afterAll(() => messaging.close());

  const openAuction = (n: number, openedAt: number) => {
    const intent: Intent = {
      swapper: swapper.address,
      sellToken: `0x${'11'.repeat(20)}`,
      sellAmount: 10n ** 18n,
      buyToken: `0x${'22'.repeat(20)}`,
      minBuyAmount: 1000n,
      recipient: swapper.address,
      sourceChainId: 1,
      destinationChainId: 1,
      nonce: BigInt(n),
      deadline: 4_000_000_000,
    };
    const hash = hashIntent(intent);
    const auctionId = `0x${n.toString(16).padStart(64, '0')}` as Hex;
    const open = {
      auctionId,
      auctioneer: auctioneer.address as string,
      openedAt,
      bidWindowMs: 300,
      intents: [{ hash, intent: serializeIntent(intent), signature: swapper.signDigest(hash) }],
    };
    return signAuctionOpen(open, auctioneer);
  };

  /** A stand-in auctioneer that accepts every bid, noting each one's auction. */
  const acceptEveryBid = (bidsFor: string[]) =>
    messaging.bus.subscribe(messaging.subjects.auctionBid('*'), (m) => {
      // one signed bundle per auction: its bids carry no signature of their own
      const { bids } = decodeJson(m.data) as { bids: { auctionId: string }[] };
      for (const b of bids) bidsFor.push(b.auctionId);
      m.respond?.(
        encodeJson({ receipts: bids.map((b) => ({ auctionId: b.auctionId, verdict: 'ACCEPTED', message: 'ok' })) }),
      );
    });
  /** A quote that bids every intent of the auction at its minBuyAmount. */
  const atMinimum = (auction: { intents: { hash: Hex; intent: { minBuyAmount: bigint } }[] }) =>
    auction.intents.map(({ hash, intent }) => ({
      fills: [{ intentHash: hash, buyAmount: intent.minBuyAmount }],
      routeHash: `0x${'00'.repeat(32)}` as Hex,
    }));

  it('skips an auction it picked up later than its usual delay by more than the window, and bids on the next one it can still make', async () => {
    let clock = 1_000_000;
    const quoted: string[] = [];
    const bidsFor: string[] = [];
    const solver = await createSolver({
      privateKey: generatePrivateKey(),
      messaging,
      now: () => clock,
      quote: (auction) => {
        quoted.push(auction.auctionId);
        return atMinimum(auction);
      },
    });
    const sub = acceptEveryBid(bidsFor);
    const deliver = async (a: ReturnType<typeof openAuction>, receivedAt: number) => {
      clock = receivedAt;
      const seen = solver.stats.auctions;
      messaging.bus.publish(messaging.subjects.auctionOpen(a.auctionId), encodeJson(a));
      // the clock must not move before the solver has taken this open (a loaded machine delays delivery)
      for (let t = 0; solver.stats.auctions === seen && t < 5_000; t += 10) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 30));
    };
    try {
      const [a, b, c] = [openAuction(1, 2_000_000), openAuction(2, 3_000_000), openAuction(3, 4_000_000)];
      await deliver(a, a.openedAt + 5); // the usual delay: 5 ms
      await deliver(b, b.openedAt + 400); // 395 ms behind: its 300 ms window is over
      await deliver(c, c.openedAt + 100); // 95 ms behind: 165 ms of window left
      expect(quoted).toEqual([a.auctionId, c.auctionId]);
      expect(bidsFor).toEqual([a.auctionId, c.auctionId]);
      expect(solver.stats).toMatchObject({ auctions: 3, dropped: 1, accepted: 2 });
    } finally {
      sub.unsubscribe();
      await solver.close();
    }
  });

  it('signs bids in order while the window lasts and sends those, dropping only the ones it could not sign in time', async () => {
    let clock = 1_000_000;
    let signing = false;
    const bidsFor: string[] = [];
    const a = openAuction(10, 5_000_000);
    const many = Array.from({ length: 10 }, (_, i) => openAuction(100 + i, a.openedAt).intents[0]);
    const { signature: _unsigned, ...base } = a;
    const auction = signAuctionOpen({ ...base, intents: many }, auctioneer);
    const solver = await createSolver({
      privateKey: generatePrivateKey(),
      messaging,
      safetyMarginMs: 40,
      // each look at the clock while signing costs 1 ms: signing the 10 bids would run 5 ms past the deadline
      now: () => (signing ? clock++ : clock),
      quote: (x) => {
        // the kit's deadline is received + window - safety margin = openedAt + 5 + 300 - 40; the quote returns 5 ms before it
        clock = x.openedAt + 5 + 300 - 40 - 5;
        signing = true;
        return atMinimum(x);
      },
    });
    const sub = acceptEveryBid(bidsFor);
    try {
      clock = auction.openedAt + 5;
      messaging.bus.publish(messaging.subjects.auctionOpen(auction.auctionId), encodeJson(auction));
      // until every bid is answered or dropped (a fixed 50 ms wait failed on a loaded machine); the mocked clock decides
      const done = () => solver.stats.accepted + solver.stats.refused + solver.stats.dropped >= 10;
      for (let t = 0; !done() && t < 5_000; t += 10) await new Promise((r) => setTimeout(r, 10));
      expect(bidsFor.length).toBeGreaterThan(0);
      expect(bidsFor.length).toBeLessThan(10);
      expect(solver.stats).toMatchObject({ bidsSent: bidsFor.length, dropped: 10 - bidsFor.length });
    } finally {
      sub.unsubscribe();
      await solver.close();
    }
  });

  /** A solver pinned to `auctioneer` that notes each auction it quotes (and bids nothing), and a way to publish opens. */
  const pinnedSolver = async (onQuote: (auction: Parameters<QuoteFn>[0]) => void = () => undefined) => {
    const quoted: string[] = [];
    const solver = await createSolver({
      privateKey: generatePrivateKey(),
      messaging,
      auctioneers: [auctioneer.address],
      quote: (auction) => {
        quoted.push(auction.auctionId);
        onQuote(auction);
        return [];
      },
    });
    const send = async (body: object) => {
      messaging.bus.publish(messaging.subjects.auctionOpen('x'), encodeJson(body));
      await new Promise((r) => setTimeout(r, 20));
    };
    return { solver, quoted, send };
  };

  it('quotes only auctions its pinned auctioneer signed: unsigned, re-signed or tampered opens are dropped and counted', async () => {
    const { solver, quoted, send } = await pinnedSolver();
    const forger = createDigestSigner(generatePrivateKey());
    try {
      const now = Date.now();
      const { signature: _drop, ...unsigned } = openAuction(30, now);
      await send(unsigned);
      // signed by another key that claims to be the pinned auctioneer
      await send(signAuctionOpen({ ...unsigned, auctionId: openAuction(31, now).auctionId }, forger));
      // the real signature over a body changed afterwards (a longer window)
      await send({ ...openAuction(32, now), bidWindowMs: 10_000 });
      // the real signature, with an intent's body swapped under its signed hash (a lower minimum buy)
      const swapped = openAuction(34, now);
      const [first] = swapped.intents;
      await send({ ...swapped, intents: [{ ...first, intent: { ...first.intent, minBuyAmount: '1' } }] });
      const genuine = openAuction(33, now);
      await send(genuine);
      expect(quoted).toEqual([genuine.auctionId]);
      expect(solver.stats).toMatchObject({ auctions: 1, forgeries: 4 });
    } finally {
      await solver.close();
    }
  });

  it('checks an intent auctioned again as strictly as the first time: a body swapped under its hash is a forgery, even after quote code changed the copy it saw', async () => {
    // an author's quote mutating what it was handed must not change what the kit checks a later open against
    const { solver, quoted, send } = await pinnedSolver((auction) => {
      for (const e of auction.intents) e.intent.minBuyAmount = 1n;
    });
    // the same intent (nonce 50) requeued into later auctions, each open genuinely signed by the pinned auctioneer
    const again = (n: number) => {
      const { signature: _s, ...first } = openAuction(50, Date.now());
      return signAuctionOpen({ ...first, auctionId: openAuction(n, 0).auctionId }, auctioneer);
    };
    const swap = (open: ReturnType<typeof again>, change: Record<string, string | number>) => {
      const [e] = open.intents;
      return { ...open, intents: [{ ...e, intent: { ...e.intent, ...change } }] };
    };
    try {
      const first = again(51);
      await send(first);
      // every field of the intent changed under its signed hash, one at a time
      const changes: Record<string, string | number>[] = [
        { minBuyAmount: '1' },
        { sellAmount: '1' },
        { recipient: `0x${'33'.repeat(20)}` },
        { buyToken: `0x${'44'.repeat(20)}` },
        { sellToken: `0x${'55'.repeat(20)}` },
        { swapper: `0x${'66'.repeat(20)}` },
        { nonce: '51' },
        { deadline: 4_000_000_001 },
        { sourceChainId: 2 },
        { destinationChainId: 2 },
      ];
      for (const [i, c] of changes.entries()) await send(swap(again(60 + i), c));
      const later = again(52);
      await send(later);
      expect(quoted).toEqual([first.auctionId, later.auctionId]);
      expect(solver.stats).toMatchObject({ auctions: 2, forgeries: changes.length });
    } finally {
      await solver.close();
    }
  });
});
