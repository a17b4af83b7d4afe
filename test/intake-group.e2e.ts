import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  createNatsMessaging,
  encodeIntakeGroup,
  encodeJson,
  INTAKE_SEAL_HEADER,
  intakeGroupMsgId,
  sealIntake,
  sealIntakeGroup,
} from '@intentmesh/messaging';
import { hashIntent, serializeIntent, signIntent, type Address, type Hex } from '@intentmesh/protocol';
import { openStorage } from '@intentmesh/storage';
import { signatureChecks } from './support/http';
import { waitFor } from './support/processes';
import { useMarketplace } from './support/marketplace';
import { demoMarket, planIntents, submitAll, submitBatches, type PlannedIntent } from './support/trader';
import { useStarted } from './support/useStarted';

/** Fresh nonces per test: the marketplace's store already holds the earlier tests' intents. */
function plan(n: number, offset: number, unfillableEvery = 1000): PlannedIntent[] {
  return planIntents(demoMarket(), n, { unfillableEvery }).map((p) => ({
    ...p,
    intent: { ...p.intent, nonce: p.intent.nonce + BigInt(offset) },
  }));
}

describe('intake groups - one stream message per batch and source chain, intents taken out with the single-message guarantees (real NATS and PostgreSQL)', () => {
  const intakeKey = randomBytes(32).toString('hex');
  const m = useMarketplace('group', { INTAKE_KEY: intakeKey, RETRY_DELAY_MS: '300' });
  // the marketplace's own bus and store, reached around the API (a tap on the intent subjects, or a forger)
  const bus = useStarted(
    'the tap bus',
    () => createNatsMessaging({ servers: 'nats://127.0.0.1:4222', name: 'tap', prefix: m.prefix }),
    (b) => b.close(),
    30_000,
  );
  const storage = useStarted(
    'the group store',
    () => openStorage({ databaseUrl: m.db.url }),
    (s) => s.close(),
    30_000,
  );
  /** Every message published on the intent subjects (API publishes and the auctioneer's republishes), decoded. */
  const tapped: { subject: string; json: any }[] = [];
  beforeAll(() => {
    bus.bus.subscribe(bus.subjects.intentsAll, (msg) =>
      tapped.push({ subject: msg.subject, json: JSON.parse(new TextDecoder().decode(msg.data)) }),
    );
  });
  const hashesIn = (json: any): string[] =>
    json.intakeGroup ? json.intents.map((e: any) => hashIntentOf(e)) : [hashIntentOf(json)];
  const hashIntentOf = (e: any): Hex =>
    hashIntent({
      ...e.intent,
      sellAmount: BigInt(e.intent.sellAmount),
      minBuyAmount: BigInt(e.intent.minBuyAmount),
      nonce: BigInt(e.intent.nonce),
    });
  /** What is still stored on the stream (work-queue retention: every message not yet acked). */
  async function onStream(): Promise<any[]> {
    const nc = await connect({ servers: 'nats://127.0.0.1:4222' });
    try {
      const jsm = await jetstreamManager(nc);
      const { state } = await jsm.streams.info(bus.subjects.streamName);
      const out: any[] = [];
      for (let seq = state.first_seq; state.messages && seq <= state.last_seq; seq++) {
        const sm = await jsm.streams.getMessage(bus.subjects.streamName, { seq }).catch(() => undefined);
        if (sm) out.push(JSON.parse(new TextDecoder().decode(sm.data)));
      }
      return out;
    } finally {
      await nc.close();
    }
  }
  const statuses = async (hashes: Hex[]) => {
    const s = await storage.intents.statuses(hashes);
    return hashes.map((h) => s.get(h));
  };

  it('intake group - a batch POST is one sealed message per source chain, every intent is awarded without a second recovery, and the group leaves the stream', async () => {
    const planned = plan(40, 1_000_000);
    const chains = new Set(planned.map((p) => p.intent.sourceChainId));
    const from = tapped.length;
    const before = await signatureChecks(m.url);
    const { accepted, refused } = await submitBatches(m.url, planned, 40, 1);
    expect(refused).toEqual({});
    const hashes = accepted.map((a) => a.hash);
    await waitFor(
      'the grouped intents to be awarded',
      async () => (await statuses(hashes)).every((s) => s === 'awarded'),
      30_000,
      200,
    );
    // the API published one group per source chain carrying all 40 (every chain has several here); any other message
    // on the subjects is one intent requeued by the auctioneer alone (an auction that left it unfilled)
    const published = tapped.slice(from);
    const groups = published.filter((t) => t.json.intakeGroup === 1);
    expect(planned.filter((p) => p.intent.sourceChainId === planned[0].intent.sourceChainId).length).toBeGreaterThan(1);
    expect(groups.map((g) => g.subject).sort()).toEqual([...chains].map((c) => bus.subjects.intents(c)).sort());
    expect(groups.flatMap((t) => hashesIn(t.json)).sort()).toEqual([...hashes].sort());
    expect(published.filter((t) => !t.json.intakeGroup).every((t) => hashes.includes(hashIntentOf(t.json)))).toBe(true);
    // sealed by the API (a requeued one is sealed again by the auctioneer): no intent recovered twice
    const after = await signatureChecks(m.url);
    expect(after.sealed - before.sealed).toBe(40 + published.length - groups.length);
    expect(after.recovered).toBe(before.recovered);
    await waitFor('the group to be acked', async () => (await onStream()).length === 0, 10_000, 200);
  }, 90_000);

  it('intake group - concurrent single POSTs stay one single-intent message each (only a batch POST is grouped)', async () => {
    const planned = plan(12, 4_000_000);
    const from = tapped.length;
    const hashes = await submitAll(m.url, planned, 12);
    await waitFor(
      'the single intents to be awarded',
      async () => (await statuses(hashes)).every((s) => s === 'awarded'),
      30_000,
      200,
    );
    const published = tapped.slice(from);
    expect(published.filter((t) => t.json.intakeGroup)).toEqual([]);
    expect(new Set(published.map((t) => hashIntentOf(t.json)))).toEqual(new Set(hashes));
  }, 90_000);

  it('intake group - an unfillable intent is handed back alone (republished) while the rest of its group is awarded and the group acked', async () => {
    const planned = plan(12, 2_000_000, 4); // every 4th cannot be filled: unfilled, requeued
    const from = tapped.length;
    const { accepted } = await submitBatches(m.url, planned, 12, 1);
    const hashes = accepted.map((a) => a.hash);
    const fillable = accepted.filter((a) => planned[a.i].fillable).map((a) => a.hash);
    const unfillable = accepted.filter((a) => !planned[a.i].fillable).map((a) => a.hash);
    expect(unfillable.length).toBeGreaterThan(0);
    await waitFor(
      'the fillable intents awarded and each unfillable one republished alone',
      async () => {
        const alone = new Set(
          tapped
            .slice(from)
            .filter((t) => !t.json.intakeGroup)
            .flatMap((t) => hashesIn(t.json)),
        );
        return (await statuses(fillable)).every((s) => s === 'awarded') && unfillable.every((h) => alone.has(h));
      },
      30_000,
      200,
    );
    // the fillable ones were never put back on the stream: each appears once, in its group
    const count = (h: string) => tapped.slice(from).filter((t) => hashesIn(t.json).includes(h)).length;
    expect(fillable.map(count)).toEqual(fillable.map(() => 1));
    // the requeued ones come back: auctioned again from their own messages (the unfilled ones keep cycling)
    await waitFor(
      'each unfillable intent to be auctioned twice',
      async () => {
        const pg = new Client({ connectionString: m.db.url });
        await pg.connect();
        try {
          // one query at a time: a pg client queues overlapping queries only with a deprecation warning (gone in pg 9)
          for (const h of unfillable) {
            const { rows } = await pg.query(`SELECT count(*)::int AS n FROM auctions WHERE record::text LIKE $1`, [
              `%${h}%`,
            ]);
            if (rows[0].n < 2) return false;
          }
          return true;
        } finally {
          await pg.end();
        }
      },
      30_000,
      300,
    );
    // the group is gone from the stream; only single messages of requeued intents may be there
    await waitFor(
      'the group to be acked',
      async () => (await onStream()).every((j) => !j.intakeGroup && unfillable.includes(hashIntentOf(j))),
      10_000,
      200,
    );
    expect((await statuses(hashes)).filter((s) => s === 'awarded')).toHaveLength(fillable.length);
  }, 90_000);

  it('intake group - forged, wrong-key and unsealed groups are checked intent by intent (a forgery never auctioned); old single messages, sealed or not, are still consumed', async () => {
    const [forged, honestA, honestB, oldSealed, oldPlain] = plan(5, 3_000_000);
    const stranger = privateKeyToAccount(generatePrivateKey());
    const wrongKey = new Uint8Array(randomBytes(32));
    const key = Uint8Array.from(Buffer.from(intakeKey, 'hex'));
    // the rows exist as if the API had accepted them, so only the auctioneer's own check stands between them and an auction
    const stored = async (p: PlannedIntent, signer = p.account) => {
      const hash = hashIntent(p.intent);
      const wire = { intent: serializeIntent(p.intent), signature: await signIntent(p.intent, signer) };
      await storage.intents.insertMany([{ hash, ...wire }]);
      return { hash, wire };
    };
    const f = await stored(forged, stranger);
    const a = await stored(honestA);
    const b = await stored(honestB);
    const s = await stored(oldSealed);
    const o = await stored(oldPlain);
    const before = await signatureChecks(m.url);
    const subject = (p: PlannedIntent) => bus.subjects.intents(p.intent.sourceChainId);
    // a wrong-key seal over a group naming hashes, one a forgery: nothing is taken on its word
    const forgedGroup = encodeIntakeGroup([
      { hash: f.hash, ...f.wire },
      { hash: a.hash, ...a.wire },
    ]);
    await bus.stream.publish(subject(forged), forgedGroup, intakeGroupMsgId([f.hash, a.hash]), {
      [INTAKE_SEAL_HEADER]: sealIntakeGroup(wrongKey, forgedGroup),
    });
    const plainGroup = encodeIntakeGroup([{ hash: b.hash, ...b.wire }]);
    await bus.stream.publish(subject(honestB), plainGroup, intakeGroupMsgId([b.hash]));
    // old single messages, as an older API publishes them
    const sData = encodeJson(s.wire);
    await bus.stream.publish(subject(oldSealed), sData, s.hash, {
      [INTAKE_SEAL_HEADER]: sealIntake(key, s.hash, oldSealed.intent.swapper as Address, sData),
    });
    await bus.stream.publish(subject(oldPlain), encodeJson(o.wire), o.hash);
    await waitFor(
      'the honest intents to be awarded',
      async () => (await statuses([a.hash, b.hash, s.hash, o.hash])).every((x) => x === 'awarded'),
      30_000,
      200,
    );
    const after = await signatureChecks(m.url);
    expect(after.recovered - before.recovered).toBeGreaterThanOrEqual(4); // forged, a, b, the old plain one
    expect(after.sealed - before.sealed).toBeGreaterThanOrEqual(1); // the old sealed single (and requeues, sealed again)
    expect(await statuses([f.hash])).toEqual(['pending']);
  }, 90_000);
});
