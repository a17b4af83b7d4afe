import { createInProcessMessaging, encodeJson, type Messaging } from '@intentmesh/messaging';
import { createDigestSigner, hashIntent, serializeIntent, type Intent } from '@intentmesh/protocol';
import { openStorage, type Storage } from '@intentmesh/storage';
import { generatePrivateKey } from 'viem/accounts';
import { AuctioneerStats } from './auctioneerStats';
import { StreamLease } from './streamLease';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
const swapper = createDigestSigner(generatePrivateKey());

/** A signed intent as the API puts it on the stream (unsealed: the lease recovers it). */
function intentMessage(nonce: number): { hash: string; data: Uint8Array } {
  const intent: Intent = {
    swapper: swapper.address,
    sellToken: '0x1111111111111111111111111111111111111111',
    sellAmount: 1000n,
    buyToken: '0x2222222222222222222222222222222222222222',
    minBuyAmount: 900n,
    recipient: swapper.address,
    sourceChainId: 1,
    destinationChainId: 1,
    nonce: BigInt(nonce),
    deadline: 2_000_000_000,
  };
  const hash = hashIntent(intent);
  return { hash, data: encodeJson({ intent: serializeIntent(intent), signature: swapper.signDigest(hash) }) };
}

const metric = (stats: AuctioneerStats, series: string) =>
  Number(
    stats.metrics
      .render([])
      .split('\n')
      .find((l) => l.startsWith(`${series} `))
      ?.split(' ')[1] ?? 0,
  );

describe('stream lease - keep-alives', () => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await openStorage({});
  }, 60_000);
  afterAll(() => storage?.close());

  async function lease(messaging: Messaging, o: { keepAliveMs: number; sweepMs: number; now?: () => number }) {
    const stats = new AuctioneerStats();
    const l = new StreamLease({
      messaging,
      storage,
      stats,
      log: silent,
      keepAliveMs: o.keepAliveMs,
      keepAliveSweepMs: o.sweepMs,
      now: o.now,
      onBuffered: () => undefined,
    });
    await l.start();
    return { l, stats };
  }

  const publish = async (messaging: Messaging, nonce: number) => {
    const m = intentMessage(nonce);
    await messaging.stream.publish(messaging.subjects.intents(1), m.data, m.hash);
    return m.hash;
  };
  const until = async (cond: () => boolean) => {
    for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  };

  it('touches only messages held keepAliveMs without a touch, oldest first, and a touched one waits its turn again', async () => {
    const messaging = createInProcessMessaging({ prefix: `lease${Date.now()}` });
    let t = 0;
    const { l, stats } = await lease(messaging, { keepAliveMs: 4000, sweepMs: 1e9, now: () => t });
    const a = await publish(messaging, 1);
    const b = await publish(messaging, 2);
    await until(() => l.buffered === 2);
    t = 5000;
    const c = await publish(messaging, 3);
    await until(() => l.buffered === 3);
    expect(l.touchIdle()).toBe(2); // a and b, delivered at 0
    t = 6000;
    expect(l.touchIdle()).toBe(0); // c was delivered at 5000, a and b touched at 5000
    t = 9000;
    expect(l.touchIdle()).toBe(3);
    const [held] = l.take(1);
    expect(held.hash).toBe(a);
    l.release(held, 'ack');
    t = 13_000;
    expect(l.touchIdle()).toBe(2);
    expect([b, c].every((h) => l.holds(h)) && !l.holds(a)).toBe(true);
    expect(metric(stats, 'intentmesh_intent_keepalives_total')).toBe(7);
    await l.stopConsuming();
    l.stopKeepAlive();
  });

  it('a message held for several ack waits is never redelivered, at about one keep-alive per ack wait', async () => {
    const messaging = createInProcessMessaging({ prefix: `lease${Date.now()}`, ackWaitMs: 300 });
    const { l, stats } = await lease(messaging, { keepAliveMs: 120, sweepMs: 30 });
    await publish(messaging, 1);
    await until(() => l.buffered === 1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(metric(stats, 'intentmesh_intent_deliveries_total{delivery="redelivery"}')).toBe(0);
    expect(metric(stats, 'intentmesh_intent_deliveries_total{delivery="first"}')).toBe(1);
    // every 120-150 ms over 1.5 s: about 10, not one per 30 ms sweep (50)
    const touches = metric(stats, 'intentmesh_intent_keepalives_total');
    expect(touches).toBeGreaterThanOrEqual(6);
    expect(touches).toBeLessThanOrEqual(13);
    await l.stopConsuming();
    l.stopKeepAlive();
  });
});
