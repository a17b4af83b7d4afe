import { generatePrivateKey } from 'viem/accounts';
import { createNatsMessaging, decodeJson, encodeJson, type Messaging } from '@intentmesh/messaging';
import {
  auctionRecordDigest,
  getChainDomain,
  hashAuctionRecord,
  hashBid,
  parseAuctionOpen,
  recoverAwardSigner,
  recoverDigestSigner,
  serializeSignedBid,
  createDigestSigner,
  type AuctionRecordJSON,
  type Hex,
} from '@intentmesh/protocol';
import { createIntentMeshClient } from '@intentmesh/sdk';
import { waitFor } from './support/processes';
import { startMarketplace } from './support/marketplace';
import { demoMarket, planIntents, submitAll } from './support/trader';

describe('marketplace - signed intents to signed awards over real NATS and PostgreSQL', () => {
  let m: Awaited<ReturnType<typeof startMarketplace>>;
  beforeAll(async () => {
    m = await startMarketplace('e2e');
  }, 60_000);
  afterAll(async () => m && (await m.stop()));

  it('carries 200 intents to awarded or unfilled within 5 s; every winner is the best valid bid; every award verifies', async () => {
    const market = demoMarket();
    const planned = planIntents(market, 200);
    const hashes = await submitAll(m.url, planned);
    const client = createIntentMeshClient({ url: m.url });

    // fillable intents end awarded; the others end unfilled (they stay eligible until their deadline)
    let last: Awaited<ReturnType<typeof client.getIntent>>[] = [];
    const views = await waitFor('all 200 intents to be awarded or unfilled', async () => {
      last = await Promise.all(hashes.map((h) => client.getIntent(h)));
      return last.every((v, i) => v.status === (planned[i].fillable ? 'awarded' : 'unfilled')) && last;
    }, 5000, 200).catch((err) => {
      const off = last.map((v, i) => [i, v.status, planned[i].fillable, v.attempts]).filter(([i, st]) => st !== (planned[i as number].fillable ? 'awarded' : 'unfilled'));
      const logs = Object.values(m.apps).map((a) => `--- ${a.name}\n${a.output().slice(-1500)}`).join('\n');
      throw new Error(`${err.message}: ${off.length} not as expected, e.g. ${JSON.stringify(off.slice(0, 8))}\n${logs}`);
    });

    const records = new Map<string, AuctionRecordJSON>();
    for (const v of views) {
      if (!v.auctionId) continue;
      if (!records.has(v.auctionId)) records.set(v.auctionId, await client.getAuction(v.auctionId));
    }
    for (const r of records.values()) {
      expect(r.auctioneer).toBe(m.auctioneerAddress);
      expect(hashAuctionRecord(r)).toBe(r.recordHash);
      expect(recoverDigestSigner(auctionRecordDigest(r), r.signature)).toBe(m.auctioneerAddress);
    }
    for (const [i, v] of views.entries()) {
      if (v.status !== 'awarded') continue;
      const r = records.get(v.auctionId!)!;
      const counted = r.bids.filter((b) => b.verdict === 'ACCEPTED') as { bid: { fills: { intentHash: string; buyAmount: string }[] } }[];
      const offers = counted.flatMap((b) => b.bid.fills.filter((f) => f.intentHash === v.hash).map((f) => BigInt(f.buyAmount)));
      const best = offers.reduce((a, b) => (b > a ? b : a), 0n);
      expect(BigInt(v.award!.award.buyAmount)).toBe(best);
      expect(BigInt(v.award!.award.buyAmount) >= BigInt(planned[i].intent.minBuyAmount)).toBe(true);
      const award = { ...v.award!.award, buyAmount: BigInt(v.award!.award.buyAmount) } as any;
      expect(recoverAwardSigner(award, getChainDomain(v.intent.sourceChainId), v.award!.signature)).toBe(m.auctioneerAddress);
    }
    // competition was real: more than one solver bid on the awarded intents
    const bidders = new Set([...records.values()].flatMap((r) => r.bids.map((b) => b.solver)));
    expect(bidders.size).toBe(3);

    const listed = await client.listAuctions({ limit: 200 });
    for (const id of records.keys()) expect(listed.items.map((x) => x.auctionId)).toContain(id);
  }, 60_000);

  it('refuses a bid from an unregistered key and a bid replayed into another auction, with their verdicts', async () => {
    const nats: Messaging = await createNatsMessaging({ servers: 'nats://127.0.0.1:4222', name: 'intruder', prefix: m.prefix });
    try {
      const opened: ReturnType<typeof parseAuctionOpen>[] = [];
      const sub = nats.bus.subscribe(nats.subjects.auctionOpenAll, (msg) => opened.push(parseAuctionOpen(decodeJson(msg.data))));
      const market = demoMarket();
      const planned = planIntents(market, 2, { unfillableEvery: 1000 });
      planned.forEach((p, i) => (p.intent.nonce = 10_000n + BigInt(i)));
      await submitAll(m.url, planned.slice(0, 1));
      const first = await waitFor('an auction to open', async () => opened[0]);

      const intruder = createDigestSigner(generatePrivateKey());
      const bid = { auctionId: first.auctionId, solver: intruder.address, fills: [{ intentHash: first.intents[0].hash, buyAmount: first.intents[0].intent.minBuyAmount * 2n }], routeHash: `0x${'00'.repeat(32)}` as Hex, validUntil: Math.floor(Date.now() / 1000) + 60 };
      const signed = serializeSignedBid({ bid, signature: intruder.signDigest(hashBid(bid)) });
      const receipt = decodeJson(await nats.bus.request(nats.subjects.auctionBid(first.auctionId), encodeJson(signed), { timeoutMs: 2000 })) as { verdict: string };
      expect(receipt.verdict).toBe('UNREGISTERED_SOLVER');

      // a registered solver's valid bid, replayed into the next auction, is refused as WRONG_AUCTION
      const solver = createDigestSigner(m.solverKeys[0]);
      const ok = { ...bid, solver: solver.address };
      const okSigned = serializeSignedBid({ bid: ok, signature: solver.signDigest(hashBid(ok)) });
      await submitAll(m.url, planned.slice(1));
      const second = await waitFor('a second auction', async () => opened.find((a) => a.auctionId !== first.auctionId));
      const replay = decodeJson(await nats.bus.request(nats.subjects.auctionBid(second.auctionId), encodeJson(okSigned), { timeoutMs: 2000 })) as { verdict: string };
      expect(replay.verdict).toBe('WRONG_AUCTION');
      sub.unsubscribe();
    } finally {
      await nats.close();
    }
  }, 30_000);
});
