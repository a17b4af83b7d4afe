import { generatePrivateKey } from 'viem/accounts';
import { createNatsMessaging, decodeJson, type Messaging } from '@intentmesh/messaging';
import { createDigestSigner, parseAuctionOpen, type AuctionOpen } from '@intentmesh/protocol';
import { getJson, waitFor } from './support/processes';
import { bidOnFirstIntent, sendBid } from './support/nats';
import { useMarketplace } from './support/marketplace';
import { demoMarket, planIntents, submitAll } from './support/trader';

/** Solver trust over real NATS: health challenges decide who receives order flow; auctions go only to invited solvers. */
describe('trust - challenge-response health and invited fan-out over real NATS', () => {
  let nats: Messaging;
  let traffic: NodeJS.Timeout | undefined;
  const deliveries = new Map<string, { at: number; auction: AuctionOpen }[]>();
  let publicFeed = 0;
  // a short back-off keeps the test brief; the state machine is the same as with the default 30 s
  // early close off: the test bids into live auctions from keys that are not invited
  const m = useMarketplace(
    'trust',
    {
      AUCTION_PUBLIC_FEED: 'off',
      TRUST_EJECT_BASE_MS: '8000',
      PROBE_INTERVAL_MS: '1000',
      BID_WINDOW_EARLY_CLOSE: 'off',
    },
    {
      beforeStop: async () => {
        clearInterval(traffic);
        for (const a of Object.values(m.apps)) a.child.kill('SIGCONT');
        await nats?.close();
      },
    },
  );

  beforeAll(async () => {
    nats = await createNatsMessaging({ servers: 'nats://127.0.0.1:4222', name: 'trust-observer', prefix: m.prefix });
    nats.bus.subscribe(nats.subjects.auctionOpenAll, () => publicFeed++);
    for (const key of m.solverKeys) {
      const address = createDigestSigner(key).address;
      deliveries.set(address, []);
      nats.bus.subscribe(nats.subjects.solverAuction(address), (msg) =>
        deliveries.get(address)!.push({ at: Date.now(), auction: parseAuctionOpen(decodeJson(msg.data)) }),
      );
    }
    await nats.bus.flush();
    // steady order flow: one intent every 300 ms, so an auction opens about every second
    const market = demoMarket();
    traffic = setInterval(
      () => void submitAll(m.url, planIntents(market, 1, { unfillableEvery: 1000 })).catch(() => undefined),
      300,
    );
  }, 60_000);

  it("trust - a solver that stops answering challenges stops receiving auctions within 7 s and returns after recovery; an unregistered key's bids are refused", async () => {
    const victim = createDigestSigner(m.solverKeys[0]).address;
    const other = createDigestSigner(m.solverKeys[1]).address;
    await waitFor(
      'every solver to receive an auction on its own subject',
      async () => [...deliveries.values()].every((d) => d.length > 0),
      20_000,
    );

    // an unregistered key, bidding on an auction it learned about anyway, is refused
    const intruder = createDigestSigner(generatePrivateKey());
    // a loaded host can close the auction before the bid lands (no responders): then the next fresh auction is tried
    const intruderVerdict = await waitFor(
      'an open auction to answer the intruding bid',
      async () => {
        const d = deliveries.get(other)!.at(-1)!;
        if (Date.now() - d.at >= 150) return undefined;
        return (await sendBid(nats, intruder, bidOnFirstIntent(d.auction, intruder.address))).verdict;
      },
      20_000,
      10,
    );
    expect(intruderVerdict).toBe('UNREGISTERED_SOLVER');

    // the victim process freezes: no challenge answers, no bids
    const stoppedAt = Date.now();
    m.apps.direct.child.kill('SIGSTOP');
    await new Promise((r) => setTimeout(r, 9000));
    const afterStop = deliveries.get(victim)!.filter((d) => d.at > stoppedAt);
    const lastAt = afterStop.at(-1)?.at ?? stoppedAt;
    expect(lastAt - stoppedAt).toBeLessThanOrEqual(7000);
    // others kept receiving flow meanwhile
    expect(deliveries.get(other)!.filter((d) => d.at > stoppedAt + 7000).length).toBeGreaterThan(0);
    const list = await getJson(`${m.url}/v1/solvers`);
    const v = (list.body as any[]).find((s) => s.address === victim);
    expect(v).toMatchObject({ operator: victim, state: 'ejected' });

    // while ejected, a bid signed with its own key is refused as not invited
    const now = deliveries.get(other)!.at(-1)!.auction;
    const victimSigner = createDigestSigner(m.solverKeys[0]);
    const vb = bidOnFirstIntent(now, victim);
    const vr = await sendBid(nats, victimSigner, vb).catch(() => ({ verdict: 'CLOSED-BEFORE-SEND' }));
    expect(['NOT_INVITED', 'CLOSED-BEFORE-SEND']).toContain(vr.verdict);

    // it recovers: after its back-off it is back in probation, answers probes and receives auctions again
    const resumedAt = Date.now();
    m.apps.direct.child.kill('SIGCONT');
    await waitFor(
      'the recovered solver to receive auctions again',
      async () => deliveries.get(victim)!.some((d) => d.at > resumedAt),
      30_000,
      200,
    );
    const back = await waitFor(
      'the recovered solver to be healthy',
      async () => {
        const r = await getJson(`${m.url}/v1/solvers`);
        const s = (r.body as any[]).find((x) => x.address === victim);
        return s?.state === 'healthy' && s;
      },
      20_000,
      250,
    );
    expect(back.rttMs.p50).toEqual(expect.any(Number));
    expect(back.rttMs.p99).toBeGreaterThanOrEqual(back.rttMs.p50);
    expect(back.lastAttestationAt).toBeGreaterThan(resumedAt);
    expect(BigInt(back.weight)).toBeGreaterThan(0n);
    expect(back.reputation).toBeGreaterThan(0);
    expect(back.reputation).toBeLessThanOrEqual(1);

    // invitations were real: nothing went out on the public feed
    expect(publicFeed).toBe(0);
  }, 90_000);

  it('trust - every auction record lists the invited set with weights and a seed an auditor can redo', async () => {
    const { verifyFanout } = await import('@intentmesh/auction');
    const d = deliveries.get(createDigestSigner(m.solverKeys[1]).address)!;
    const id = d.at(-5)!.auction.auctionId;
    const rec = await waitFor('the record', async () => {
      const r = await getJson(`${m.url}/v1/auctions/${id}`);
      return r.status === 200 && r.body;
    });
    expect(rec.fanout.shards.length).toBeGreaterThan(0);
    expect(verifyFanout(rec.seed, rec.fanout)).toEqual({ ok: true, problems: [] });
    for (const s of rec.solvers) expect(typeof s.reason).toBe('string');
  }, 30_000);
});
