import { encodeJson, type Messaging } from '@intentmesh/messaging';
import {
  createDigestSigner,
  signAuctionOpen,
  signBusMessage,
  type AuctionOpenJSON,
  type AuctionResultJSON,
  type Hex,
} from '@intentmesh/protocol';
import { generatePrivateKey } from 'viem/accounts';
import type { RunningApi } from '@intentmesh/api';
import { createIntentMeshClient, type AuctionStreamEvent } from '@intentmesh/sdk';
import { StreamHub } from '../apps/api/src/stream/streamHub';
import { main as cli } from '@intentmesh/cli';
import { startTestApi, type TestApi } from './support/api';
import { waitFor, STOP_TIMEOUT_MS } from './support/processes';

const h = (n: number) => ('0x' + n.toString(16).padStart(64, '0')) as Hex;
// results are relayed only when signed by the auctioneer the API pins (AUCTIONEER_ADDRESS)
const auctioneerSigner = createDigestSigner(generatePrivateKey());
const auctioneer = auctioneerSigner.address;
const award = (auctionId: Hex, n: number) => ({
  award: {
    auctionId,
    intentHash: h(n),
    solver: '0xbb00000000000000000000000000000000000000',
    buyAmount: String(1000 + n),
    settleBy: 2_000_000_000,
  },
  signature: '0x' + '11'.repeat(65),
});

describe('api - audit routes: filter refusals and the live event stream (real NATS and PostgreSQL)', () => {
  let t: TestApi;
  let api: RunningApi;
  let messaging: Messaging;

  beforeAll(async () => {
    t = await startTestApi('auditapi', {
      RATE_LIMIT_IP_PER_SEC: '0',
      STREAM_HEARTBEAT_MS: '200',
      AUCTIONEER_ADDRESS: auctioneer,
    });
    ({ api, messaging } = t);
  });
  afterAll(() => t.stop(), STOP_TIMEOUT_MS);

  const get = async (path: string) => {
    const res = await fetch(`${api.url}${path}`);
    return { status: res.status, body: (await res.json()) as any };
  };
  const open = (auctionId: Hex): AuctionOpenJSON =>
    signAuctionOpen({ auctionId, auctioneer, openedAt: 1000, bidWindowMs: 300, intents: [] }, auctioneerSigner);
  const result = (auctionId: Hex, awards: number[]) =>
    signBusMessage(
      'auction.result',
      {
        auctionId,
        closedAt: 1300,
        recordHash: h(99),
        awards: awards.map((n) => award(auctionId, n)),
        unfilled: [h(7)],
      } satisfies AuctionResultJSON,
      auctioneerSigner,
    );
  const publish = async (subject: string, body: unknown) => {
    messaging.bus.publish(subject, typeof body === 'string' ? new TextEncoder().encode(body) : encodeJson(body));
    await messaging.bus.flush();
  };

  it.each([
    ['/v1/auctions?solvr=0x00', 400, 'UNKNOWN_FILTER'],
    ['/v1/auctions?solver=0x12', 400, 'INVALID_ADDRESS'],
    [
      '/v1/auctions?solver=0xaa00000000000000000000000000000000000000&solver=0xaa00000000000000000000000000000000000000',
      400,
      'SCHEMA_INVALID',
    ],
    ['/v1/auctions?intent=0xzz', 400, 'INVALID_HEX'],
    ['/v1/auctions?chainId=5', 400, 'UNKNOWN_CHAIN'],
    ['/v1/auctions?chainId=1.5', 400, 'SCHEMA_INVALID'],
    ['/v1/auctions?from=20&to=10', 400, 'INVALID_RANGE'],
    ['/v1/auctions?fromSeq=9&toSeq=3', 400, 'INVALID_RANGE'],
    ['/v1/auctions?from=-1', 400, 'SCHEMA_INVALID'],
    ['/v1/auctions?limit=0', 400, 'SCHEMA_INVALID'],
    ['/v1/auctions?cursor=bm9wZQ', 400, 'INVALID_CURSOR'],
    ['/v1/solvers/0x12/competition', 400, 'INVALID_ADDRESS'],
    ['/v1/solvers/0xaa00000000000000000000000000000000000000/competition?solver=x', 400, 'UNKNOWN_FILTER'],
    ['/v1/solvers/0xaa00000000000000000000000000000000000000/competition?from=5&to=5', 400, 'INVALID_RANGE'],
    ['/v1/intents/0x12/auction', 400, 'INVALID_HEX'],
    [`/v1/intents/${h(5)}/auction`, 404, 'INTENT_NOT_FOUND'],
    ['/v1/stream?x=1', 400, 'UNKNOWN_FILTER'],
  ])('refuses %s with %i %s and a message naming the problem', async (path, status, code) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message.length).toBeGreaterThan(10);
  });

  it('answers an empty store with empty pages, not errors', async () => {
    expect(await get('/v1/auctions?chainId=10&from=0&to=5000')).toEqual({
      status: 200,
      body: { items: [], next: null },
    });
    const c = await get(`/v1/solvers/${auctioneer}/competition`);
    expect(c).toMatchObject({
      status: 200,
      body: { solver: auctioneer, totals: { auctions: 0, score: '0' }, series: [], next: null },
    });
  });

  it('answers GET /v1/solvers with 503 AUCTIONEER_UNAVAILABLE while no auctioneer answers on the bus, never a 500', async () => {
    // this API has no auctioneer behind it: only the stand-in signer above, which answers no status request
    expect(await get('/v1/solvers')).toMatchObject({
      status: 503,
      body: {
        error: {
          code: 'AUCTIONEER_UNAVAILABLE',
          message: expect.stringMatching(/auctioneer/i),
          details: { retryAfterSec: 2 },
        },
      },
    });
  });

  it('stream - relays opened, closed and award events with ids, heartbeats, and survives garbage on the bus', async () => {
    const events: AuctionStreamEvent[] = [];
    const errors: unknown[] = [];
    const client = createIntentMeshClient({ url: api.url });
    const stop = client.watchAuctions({ onEvent: (e) => events.push(e), onError: (e) => errors.push(e) });
    const hub = api.app.get(StreamHub);
    await waitFor('the watcher to attach', async () => hub.clientCount === 1);
    await publish(messaging.subjects.auctionOpen(h(1)), open(h(1)));
    await publish(messaging.subjects.auctionResult(h(1)), 'not json');
    await publish(messaging.subjects.auctionResult(h(1)), result(h(1), [3, 4]));
    await waitFor('four events', async () => events.length >= 4);
    expect(events.map((e) => e.type)).toEqual(['auction.opened', 'auction.closed', 'award', 'award']);
    expect(events[0].data).toEqual({
      auctionId: h(1),
      auctioneer,
      openedAt: 1000,
      bidWindowMs: 300,
      closesAt: 1300,
      intents: [],
    });
    expect(events[1].data).toEqual({ auctionId: h(1), closedAt: 1300, recordHash: h(99), awards: 2, unfilled: [h(7)] });
    expect(events[3].data).toEqual(award(h(1), 4));
    expect(new Set(events.map((e) => e.id)).size).toBe(4);
    expect(errors).toEqual([]);

    // with AUCTION_PUBLIC_FEED=off no open arrives: the closed and award events still do
    await publish(messaging.subjects.auctionResult(h(2)), result(h(2), [5]));
    await waitFor('the feed-off auction', async () => events.length >= 6);
    expect(events.slice(4).map((e) => [e.type, (e.data as any).auctionId ?? (e.data as any).award.auctionId])).toEqual([
      ['auction.closed', h(2)],
      ['award', h(2)],
    ]);

    // disconnecting detaches the client from the hub
    stop();
    await waitFor('the hub to drop the watcher', async () => hub.clientCount === 0);

    // a reconnect with Last-Event-ID gets exactly what it missed; an id the server does not hold gets a gap
    await publish(messaging.subjects.auctionResult(h(3)), result(h(3), []));
    const resumed: AuctionStreamEvent[] = [];
    const stop2 = client.watchAuctions({ lastEventId: events[5].id, onEvent: (e) => resumed.push(e) });
    await waitFor('the missed event', async () => resumed.length >= 1);
    expect(resumed.map((e) => [e.type, (e.data as any).auctionId])).toEqual([['auction.closed', h(3)]]);
    stop2();
    const gapped: AuctionStreamEvent[] = [];
    const stop3 = client.watchAuctions({ lastEventId: 'older-7', onEvent: (e) => gapped.push(e) });
    await waitFor('the gap notice', async () => gapped.length >= 1);
    expect(gapped[0]).toMatchObject({ type: 'gap', data: { lastEventId: 'older-7' } });
    stop3();

    // heartbeats are comment lines, so EventSource-style clients see no event but the connection stays busy
    const res = await fetch(`${api.url}/v1/stream`);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes(': ping')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/^retry: 2000\n/);
    await reader.cancel();
  }, 30_000);

  it('cli - auctions --watch prints each live event as a JSON line; auctions --json is the API page', async () => {
    const lines: string[] = [];
    const errs: string[] = [];
    const io = { out: (t: string) => lines.push(t), err: (t: string) => errs.push(t), env: {} };
    const hub = api.app.get(StreamHub);
    // earlier tests' streams detach asynchronously: start from none, so the count below is the CLI's own
    await waitFor('earlier watchers to leave', async () => hub.clientCount === 0);
    const watching = cli(['auctions', '--watch', '--json', '--count', '3', '--url', api.url], io);
    await waitFor('the CLI to attach', async () => hub.clientCount === 1);
    await publish(messaging.subjects.auctionOpen(h(21)), open(h(21)));
    await publish(messaging.subjects.auctionResult(h(21)), result(h(21), [8]));
    expect(await watching).toBe(0);
    expect(errs).toEqual([]);
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['auction.opened', 'auction.closed', 'award']);
    expect(JSON.parse(lines[2]).data).toEqual(award(h(21), 8));
    await waitFor('the CLI to detach after --count events', async () => hub.clientCount === 0);

    const page: string[] = [];
    expect(
      await cli(['auctions', '--json', '--limit', '5', '--url', api.url], { ...io, out: (t) => page.push(t) }),
    ).toBe(0);
    expect(JSON.parse(page[0])).toEqual((await get('/v1/auctions?limit=5')).body);
    const bad: string[] = [];
    expect(await cli(['auctions', '--limit', 'ten', '--url', api.url], { ...io, err: (t) => bad.push(t) })).toBe(2);
    expect(bad[0]).toContain('INVALID_ARGUMENT');
  }, 30_000);

  it('stream - stopping the API ends open streams instead of hanging on them', async () => {
    const res = await fetch(`${api.url}/v1/stream`);
    const reader = res.body!.getReader();
    await reader.read();
    const t0 = Date.now();
    expect(api.app.get(StreamHub).clientCount).toBe(1);
    await api.stop();
    expect(Date.now() - t0).toBeLessThan(5000);
    for (;;) if ((await reader.read()).done) break;
  }, 15_000);
});
