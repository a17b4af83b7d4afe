import { randomBytes } from 'node:crypto';
import {
  INTAKE_SEAL_HEADER,
  createInProcessMessaging,
  encodeIntakeGroup,
  encodeJson,
  intakeGroupMsgId,
  sealIntakeGroup,
  type Messaging,
} from '@intentmesh/messaging';
import { createDigestSigner, hashIntent, serializeIntent, type Intent } from '@intentmesh/protocol';
import { openStorage, type Storage } from '@intentmesh/storage';
import { generatePrivateKey } from 'viem/accounts';
import { AuctioneerStats } from './auctioneerStats';
import { StreamLease, type StreamLeaseOptions } from './streamLease';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
const swapper = createDigestSigner(generatePrivateKey());

/** A signed intent as the API puts it on the stream (unsealed: the lease recovers it). */
function intentMessage(nonce: number) {
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
  const wire = { intent: serializeIntent(intent), signature: swapper.signDigest(hash) };
  return { hash, wire, data: encodeJson(wire) };
}

const metric = (stats: AuctioneerStats, series: string) =>
  Number(
    stats.metrics
      .render([])
      .split('\n')
      .find((l) => l.startsWith(`${series} `))
      ?.split(' ')[1] ?? 0,
  );

// one embedded store for the whole file: each test's stream has its own prefix, so leases never meet
let storage: Storage;
beforeAll(async () => {
  storage = await openStorage({});
}, 60_000);
afterAll(() => storage?.close());

/** A started lease on `messaging` over the file's store (no keep-alives unless `o` asks for them). */
async function startLease(messaging: Messaging, o: Partial<StreamLeaseOptions> = {}) {
  const stats = new AuctioneerStats();
  const l = new StreamLease({
    messaging,
    storage,
    stats,
    log: silent,
    keepAliveMs: 1e9,
    keepAliveSweepMs: 1e9,
    onBuffered: () => undefined,
    ...o,
  });
  await l.start();
  return { l, stats };
}

describe('stream lease - keep-alives', () => {
  const lease = (messaging: Messaging, o: { keepAliveMs: number; sweepMs: number; now?: () => number }) =>
    startLease(messaging, { keepAliveMs: o.keepAliveMs, keepAliveSweepMs: o.sweepMs, now: o.now });

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

describe('stream lease - intake groups (several intents in one stream message)', () => {
  const key = new Uint8Array(randomBytes(32));
  /** A lease on a fresh in-process stream, with a tap on every delivery and how it was settled. */
  async function lease(
    o: { intakeKey?: Uint8Array; keepAliveMs?: number; now?: () => number; ackWaitMs?: number } = {},
  ) {
    const messaging = createInProcessMessaging({ prefix: `group${Date.now()}`, ackWaitMs: o.ackWaitMs });
    const seen = tap(messaging);
    const { l, stats } = await startLease(messaging, {
      keepAliveMs: o.keepAliveMs ?? 1e9,
      now: o.now,
      intakeKey: o.intakeKey,
    });
    return { messaging, seen, l, stats };
  }
  /** Publishes a group as the API does: every entry names its hash; sealed with `seal` when given. */
  const publishGroup = async (messaging: Messaging, nonces: number[], seal?: Uint8Array, hashed = true) => {
    const ms = nonces.map(intentMessage);
    const data = encodeIntakeGroup(ms.map((m) => (hashed ? { hash: m.hash as `0x${string}`, ...m.wire } : m.wire)));
    const headers = seal ? { [INTAKE_SEAL_HEADER]: sealIntakeGroup(seal, data) } : undefined;
    await messaging.stream.publish(
      messaging.subjects.intents(1),
      data,
      intakeGroupMsgId(ms.map((m) => m.hash)),
      headers,
    );
    return ms.map((m) => m.hash);
  };
  /** Every delivery the stream makes, and how each message was settled, seen through a tap on the consumer. */
  const tap = (messaging: Messaging) => {
    const seen: { seq: number; delivery: number; settled?: string }[] = [];
    const consume = messaging.stream.consume.bind(messaging.stream);
    messaging.stream.consume = (handler) =>
      consume((m) => {
        const e: { seq: number; delivery: number; settled?: string } = { seq: m.seq, delivery: m.deliveryCount };
        seen.push(e);
        handler({
          ...m,
          ack: () => ((e.settled = 'ack'), m.ack()),
          nak: (d) => ((e.settled = 'nak'), m.nak(d)),
          term: () => ((e.settled = 'term'), m.term()),
        });
      });
    return seen;
  };
  const until = async (cond: () => boolean, ms = 2000) => {
    for (let i = 0; i < ms / 5 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  };
  const sealedChecks = (stats: AuctioneerStats) => ({
    sealed: metric(stats, 'intentmesh_intent_signature_checks_total{by="sealed"}'),
    recovered: metric(stats, 'intentmesh_intent_signature_checks_total{by="recovered"}'),
  });

  it('a sealed group is one message: every intent is held, one keep-alive touches it, and it is acked only after its last intent', async () => {
    let t = 0;
    const { messaging, seen, l, stats } = await lease({ intakeKey: key, keepAliveMs: 1000, now: () => t });
    const hashes = await publishGroup(messaging, [1, 2, 3], key);
    await until(() => l.buffered === 3);
    const held = l.take(3);
    expect(held.map((p) => p.hash)).toEqual(hashes);
    expect(l.messages).toBe(1);
    expect(sealedChecks(stats)).toEqual({ sealed: 3, recovered: 0 });
    t = 2000;
    expect(l.touchIdle()).toBe(1);
    l.release(held[0], 'ack');
    l.release(held[2], 'ack');
    expect(seen[0].settled).toBeUndefined();
    l.release(held[1], 'ack');
    expect(seen[0].settled).toBe('ack');
    expect(l.messages).toBe(0);
    await l.stopConsuming();
    l.stopKeepAlive();
  });

  it('an intent requeued out of a group is republished alone after its delay and comes back; the group is acked after that, never nak-ed', async () => {
    const { messaging, seen, l, stats } = await lease({ intakeKey: key });
    const hashes = await publishGroup(messaging, [11, 12, 13], key);
    await until(() => l.buffered === 3);
    const [a, b, c] = l.take(3);
    l.release(a, 'ack');
    l.release(b, 'nak', 60);
    l.release(c, 'ack');
    // still held (a copy arriving now is dropped) and the group unacked until the stream has b alone
    expect(l.holds(b.hash)).toBe(true);
    expect(seen[0].settled).toBeUndefined();
    await until(() => l.buffered === 1);
    expect(seen[0].settled).toBe('ack');
    expect(seen.filter((s) => s.settled === 'nak')).toHaveLength(0);
    const [back] = l.take(1);
    expect(back.hash).toBe(hashes[1]);
    expect(back.carrier.group).toBe(false);
    // handed back under the intake key: not recovered again when it returns
    expect(back.ecdsa).toBe(true);
    expect(sealedChecks(stats)).toEqual({ sealed: 4, recovered: 0 });
    expect(metric(stats, 'intentmesh_intents_requeued_total')).toBe(1);
    l.release(back, 'ack');
    expect(seen[1].settled).toBe('ack');
    await l.stopConsuming();
    l.stopKeepAlive();
  });

  it('a redelivery of a group this process holds is kept alive and dropped; a new copy of held intents is acked at once', async () => {
    const { messaging, seen, l, stats } = await lease({ intakeKey: key, ackWaitMs: 100 });
    const hashes = await publishGroup(messaging, [21, 22], key);
    await until(() => l.buffered === 2);
    // no keep-alive (1e9 ms): the stream redelivers the held group after its ack wait
    await until(() => seen.length >= 2);
    expect(seen[1]).toMatchObject({ seq: seen[0].seq, delivery: 2 });
    expect(l.buffered).toBe(2);
    expect(metric(stats, 'intentmesh_intent_deliveries_total{delivery="redelivery"}')).toBeGreaterThanOrEqual(1);
    // the same intents in another message (a reconciled copy): held here already, so that copy is acked
    await messaging.stream.publish(messaging.subjects.intents(1), intentMessage(21).data, `copy${hashes[0]}`);
    await until(() => seen.some((s) => s.seq !== seen[0].seq));
    const copy = seen.find((s) => s.seq !== seen[0].seq)!;
    await until(() => copy.settled !== undefined);
    expect(copy.settled).toBe('ack');
    expect(l.buffered).toBe(2);
    for (const p of l.take(2)) l.release(p, 'ack');
    expect(seen.filter((s) => s.seq === seen[0].seq).some((s) => s.settled === 'ack')).toBe(true);
    await l.stopConsuming();
    l.stopKeepAlive();
  });

  it('unsealed, forged or keyless groups are recovered intent by intent; a forged entry does not recover to its swapper', async () => {
    const { messaging, l, stats } = await lease({ intakeKey: key });
    await publishGroup(messaging, [31, 32]); // no seal
    await publishGroup(messaging, [33, 34], new Uint8Array(randomBytes(32))); // another key's seal
    await publishGroup(messaging, [35], key, false); // sealed, but no entry names its hash (EIP-1271 entries)
    // a forged signature under a valid-looking group: the seal does not open, the entry is checked and refused
    const honest = intentMessage(36);
    const forged = { ...honest.wire, signature: createDigestSigner(generatePrivateKey()).signDigest(honest.hash) };
    const data = encodeIntakeGroup([{ hash: honest.hash as `0x${string}`, ...forged }]);
    const seal = sealIntakeGroup(key, encodeIntakeGroup([{ hash: honest.hash as `0x${string}`, ...honest.wire }]));
    await messaging.stream.publish(messaging.subjects.intents(1), data, 'forged', { [INTAKE_SEAL_HEADER]: seal });
    await until(() => l.buffered === 6);
    const held = l.take(6);
    expect(sealedChecks(stats)).toEqual({ sealed: 0, recovered: 6 });
    expect(held.map((p) => p.ecdsa)).toEqual([true, true, true, true, true, false]);
    expect(held[5].hash).toBe(honest.hash);
    for (const p of held) l.release(p, 'ack');
    expect(l.messages).toBe(0);
    await l.stopConsuming();
    l.stopKeepAlive();
  });

  it('a malformed group is dropped for good with a warning, like an unreadable message', async () => {
    const { messaging, seen, l } = await lease({ intakeKey: key });
    const m = intentMessage(41);
    const bad = [
      { intakeGroup: 1, intents: [] },
      { intakeGroup: 2, intents: [m.wire] },
      { intakeGroup: 1, intents: [{ ...m.wire, extra: 1 }] },
      { intakeGroup: 1, intents: [{ ...m.wire, hash: 'nothex' }] },
      { intakeGroup: 1, intents: [m.wire], more: true },
    ];
    for (const [i, b] of bad.entries())
      await messaging.stream.publish(messaging.subjects.intents(1), encodeJson(b), `bad${i}`);
    await until(() => seen.filter((s) => s.settled === 'term').length === bad.length);
    expect(seen.map((s) => s.settled)).toEqual(bad.map(() => 'term'));
    expect(l.buffered).toBe(0);
    await l.stopConsuming();
    l.stopKeepAlive();
  });

  it('at stop, intents requeued out of groups go back at once and their groups are acked', async () => {
    const { messaging, seen, l } = await lease({ intakeKey: key });
    await publishGroup(messaging, [51, 52, 53], key);
    await until(() => l.buffered === 3);
    const [a] = l.take(1);
    l.release(a, 'ack');
    await l.stopConsuming(); // b and c were buffered: requeued with no delay
    await l.handBackNow();
    l.stopKeepAlive();
    expect(seen[0].settled).toBe('ack');
    expect(l.messages).toBe(0);
    expect(await messaging.stream.pending()).toBe(2);
  });
});
