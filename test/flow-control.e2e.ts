import type { Hex } from '@intentmesh/protocol';
import { createIntentMeshClient } from '@intentmesh/sdk';
import { useMarketplace, type Marketplace } from './support/marketplace';
import { waitFor } from './support/processes';
import { demoMarket, planIntents, submitAll } from './support/trader';

/** Submits `planned` (all fillable) and waits until every intent is awarded; returns the auction ids that awarded them. */
async function awardAll(m: Marketplace, hashes: Hex[]): Promise<Set<Hex>> {
  const client = createIntentMeshClient({ url: m.url });
  const views = await waitFor(
    'every intent to be awarded',
    async () => {
      const v = await Promise.all(hashes.map((h) => client.getIntent(h)));
      return v.every((x) => x.status === 'awarded') && v;
    },
    30_000,
    250,
  );
  return new Set(views.map((v) => v.auctionId as Hex));
}

function metric(text: string, series: string): number {
  return Number(
    text
      .split('\n')
      .find((l) => l.startsWith(series + ' '))
      ?.slice(series.length + 1) ?? 0,
  );
}

describe('flow control - held intents are kept alive, not redelivered', () => {
  // a 1 s ack wait against a 6 s cut interval: without keep-alives JetStream would redeliver intents waiting for their cut
  const m = useMarketplace('held', {
    INTENT_ACK_WAIT_MS: '1000',
    AUCTION_INTERVAL_MS: '6000',
    AUCTION_MAX_INTENTS: '1000',
  });

  it('no intent is redelivered unless the auctioneer requeued it, and every intent is awarded once', async () => {
    // two waves 3 s apart: whatever the cut timer's phase, one wave waits at least 3 s for its auction
    const planned = planIntents(demoMarket(), 40, { unfillableEvery: 1000 });
    const hashes = await submitAll(m.url, planned.slice(0, 20));
    await new Promise((r) => setTimeout(r, 3000));
    hashes.push(...(await submitAll(m.url, planned.slice(20))));
    await awardAll(m, hashes);
    const text = await (await fetch(`${m.url}/metrics`)).text();
    expect(metric(text, 'intentmesh_intent_deliveries_total{delivery="first"}')).toBe(40);
    // every redelivery is one the auctioneer asked for (an intent unfilled under load, retried); none is an ack-wait expiry
    expect(metric(text, 'intentmesh_intent_deliveries_total{delivery="redelivery"}')).toBe(
      metric(text, 'intentmesh_intents_requeued_total'),
    );
    expect(metric(text, 'intentmesh_awards_total')).toBe(40);
  }, 60_000);
});

describe('flow control - at most AUCTION_MAX_OPEN auctions take bids at once', () => {
  // 5-intent auctions with a full 400 ms window each: 20 intents at once would open 4 auctions together without the limit
  const m = useMarketplace('maxopen', {
    AUCTION_MAX_OPEN: '1',
    AUCTION_MAX_INTENTS: '5',
    AUCTION_INTERVAL_MS: '100',
    BID_WINDOW_MS: '400',
    BID_WINDOW_EARLY_CLOSE: 'off',
  });

  it('auctions follow one another without overlapping, and every intent is still awarded', async () => {
    const planned = planIntents(demoMarket(), 20, { unfillableEvery: 1000 });
    const hashes = await submitAll(m.url, planned);
    const ids = await awardAll(m, hashes);
    const client = createIntentMeshClient({ url: m.url });
    const records = (await Promise.all([...ids].map((id) => client.getAuction(id)))).sort(
      (a, b) => a.openedAt - b.openedAt,
    );
    expect(records.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < records.length; i++)
      expect(records[i].openedAt).toBeGreaterThanOrEqual(records[i - 1].closedAt);
  }, 60_000);
});
