import { jetstreamManager } from '@nats-io/jetstream';
import {
  createInProcessMessaging,
  createNatsMessaging,
  decodeJson,
  encodeJson,
  subjectMatches,
  type Messaging,
  type StreamMessage,
} from './index';

const te = (s: string) => new TextEncoder().encode(s);
const td = (b: Uint8Array) => new TextDecoder().decode(b);
const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

describe('messaging - subject matching', () => {
  it.each([
    ['a.*.c', 'a.b.c', true],
    ['a.*.c', 'a.b.d', false],
    ['a.>', 'a.b.c', true],
    ['a.>', 'a', false],
    ['a.b', 'a.b.c', false],
    ['p.auction.*.bid', 'p.auction.0xab.bid', true],
  ])('%s matches %s: %s', (p, s, ok) => expect(subjectMatches(p, s)).toBe(ok));
});

describe('messaging - codec', () => {
  it('round-trips JSON and turns garbage into MALFORMED_JSON', () => {
    expect(decodeJson(encodeJson({ a: '1' }))).toEqual({ a: '1' });
    expect(() => decodeJson(te('{nope'))).toThrow(expect.objectContaining({ code: 'MALFORMED_JSON' }));
  });
});

// the same contract, run against both implementations
describe.each([
  ['in-process', async () => createInProcessMessaging({ prefix: `m${Date.now()}`, ackWaitMs: 300 })],
  [
    'nats',
    async () =>
      createNatsMessaging({
        servers: 'nats://127.0.0.1:4222',
        name: 'messaging-test',
        prefix: `m${process.pid}${Date.now()}`,
        ackWaitMs: 1000,
      }),
  ],
])('messaging - %s', (_kind, open) => {
  let m: Messaging;
  beforeAll(async () => (m = await open()));
  afterAll(async () => {
    if (m.kind === 'nats') {
      // leave nothing behind on the shared server
      await (await jetstreamManager((m.bus as any).nc)).streams.delete(m.subjects.streamName);
    }
    await m.close();
  });

  it('delivers to wildcard subscribers, once per queue group, and answers requests', async () => {
    const seen: string[] = [];
    const s1 = m.bus.subscribe(`${m.subjects.prefix}.x.*`, (msg) => seen.push(`w:${td(msg.data)}`));
    const q1 = m.bus.subscribe(`${m.subjects.prefix}.x.a`, (msg) => seen.push(`q:${td(msg.data)}`), { queue: 'g' });
    const q2 = m.bus.subscribe(`${m.subjects.prefix}.x.a`, (msg) => seen.push(`q:${td(msg.data)}`), { queue: 'g' });
    const r = m.bus.subscribe(`${m.subjects.prefix}.echo`, (msg) => msg.respond?.(te(td(msg.data).toUpperCase())));
    m.bus.publish(`${m.subjects.prefix}.x.a`, te('1'));
    await m.bus.flush();
    await tick();
    expect(seen.sort()).toEqual(['q:1', 'w:1']);
    expect(td(await m.bus.request(`${m.subjects.prefix}.echo`, te('hi'), { timeoutMs: 1000 }))).toBe('HI');
    await expect(m.bus.request(`${m.subjects.prefix}.nobody`, te('x'), { timeoutMs: 300 })).rejects.toMatchObject({
      code: expect.stringMatching(/BUS_UNAVAILABLE|TIMEOUT/),
    });
    // a request nobody answers in time still times out, and a request answered after many answered ones still resolves
    const mute = m.bus.subscribe(`${m.subjects.prefix}.mute`, () => undefined);
    await m.bus.flush();
    await expect(m.bus.request(`${m.subjects.prefix}.mute`, te('x'), { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    for (let i = 0; i < 50; i++) await m.bus.request(`${m.subjects.prefix}.echo`, te(`a${i}`), { timeoutMs: 1000 });
    expect(td(await m.bus.request(`${m.subjects.prefix}.echo`, te('z'), { timeoutMs: 1000 }))).toBe('Z');
    [s1, q1, q2, r, mute].forEach((s) => s.unsubscribe());
  });

  it('stores stream messages, dedupes by msgId, redelivers what was not acked, and honours nak delays', async () => {
    const a = await m.stream.publish(m.subjects.intents(1), te('one'), 'id-1');
    const dup = await m.stream.publish(m.subjects.intents(1), te('one'), 'id-1');
    expect(a.duplicate).toBe(false);
    expect(dup.duplicate).toBe(true);
    await m.stream.publish(m.subjects.intents(1), te('two'), 'id-2');
    const got: { data: string; n: number; at: number }[] = [];
    const first = new Map<string, StreamMessage>();
    const t0 = Date.now();
    const c = await m.stream.consume((msg) => {
      const data = td(msg.data);
      got.push({ data, n: msg.deliveryCount, at: Date.now() - t0 });
      if (data === 'one') msg.ack();
      if (data === 'two' && msg.deliveryCount === 1) first.set(data, msg); // left unacked: must come back after the ack wait
      if (data === 'two' && msg.deliveryCount === 2) msg.nak(200);
      if (data === 'two' && msg.deliveryCount === 3) msg.ack();
    });
    for (let i = 0; i < 60 && !got.some((g) => g.data === 'two' && g.n === 3); i++) await tick(100);
    await c.stop();
    expect(got.filter((g) => g.data === 'one')).toHaveLength(1);
    const twos = got.filter((g) => g.data === 'two');
    expect(twos.map((g) => g.n)).toEqual([1, 2, 3]);
    expect(twos[2].at - twos[1].at).toBeGreaterThanOrEqual(150);
  }, 15_000);

  it("carries a stream message's headers to the consumer, and none when none were set", async () => {
    await m.stream.publish(m.subjects.intents(2), te('h1'), 'id-h1', { 'Intentmesh-Test': 'v1' });
    await m.stream.publish(m.subjects.intents(2), te('h2'), 'id-h2');
    const got = new Map<string, string | undefined>();
    const c = await m.stream.consume((msg) => {
      got.set(td(msg.data), msg.header('Intentmesh-Test'));
      msg.ack();
    });
    for (let i = 0; i < 50 && got.size < 2; i++) await tick(50);
    await c.stop();
    expect([...got]).toEqual([
      ['h1', 'v1'],
      ['h2', undefined],
    ]);
  });
});

describe('messaging - nats stream publish acks', () => {
  const prefix = `pa${process.pid}${Date.now()}`;
  const open = () => createNatsMessaging({ servers: 'nats://127.0.0.1:4222', name: 'publish-acks-test', prefix });

  it('acks many publishes in flight each with its own sequence, and refuses one no stream takes', async () => {
    const m = await open();
    try {
      const acks = await Promise.all(
        Array.from({ length: 300 }, (_, i) => m.stream.publish(m.subjects.intents(1), te(`p${i}`), `pa-${i}`)),
      );
      const seqs = acks.map((a) => a.seq);
      expect(new Set(seqs).size).toBe(300);
      expect(acks.every((a) => a.duplicate === false)).toBe(true);
      expect((await m.stream.publish(m.subjects.intents(1), te('p7'), 'pa-7')).duplicate).toBe(true);
      // a subject outside the stream: the server answers "no responders" at once, well before the 5 s timeout
      const t0 = Date.now();
      await expect(m.stream.publish(`${prefix}x.intents.1`, te('lost'), 'pa-lost')).rejects.toMatchObject({
        code: 'BUS_UNAVAILABLE',
      });
      expect(Date.now() - t0).toBeLessThan(2000);
    } finally {
      await (await jetstreamManager((m.bus as any).nc)).streams.delete(m.subjects.streamName);
      await m.close();
    }
  });

  it('fails publishes still waiting when the connection closes', async () => {
    const m = await open();
    await m.stream.publish(m.subjects.intents(1), te('first'), 'pc-0');
    const pending = m.stream.publish(m.subjects.intents(1), te('second'), 'pc-1');
    await (m.bus as any).nc.close();
    await expect(pending).rejects.toMatchObject({ code: 'BUS_UNAVAILABLE' });
    const m2 = await open();
    await (await jetstreamManager((m2.bus as any).nc)).streams.delete(m2.subjects.streamName);
    await m2.close();
  });
});
