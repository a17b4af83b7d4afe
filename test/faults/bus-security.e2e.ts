import { connect, nkeyAuthenticator } from '@nats-io/transport-node';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createNatsMessaging, decodeJson, encodeJson, type Messaging } from '@intentmesh/messaging';
import { createDigestSigner, createSubjects, signBusMessage, type Hex } from '@intentmesh/protocol';
import { createIntentMeshClient } from '@intentmesh/sdk';
import { startMarketplace } from '../support/marketplace';
import { report } from '../support/outcomes';
import { getJson, waitFor } from '../support/processes';
import { secureRoles, startSecureNats, TEST_NATS_PORT, TEST_ROUTE_PORT } from '../support/secureNats';
import { demoMarket, planIntents } from '../support/trader';

const enc = new TextEncoder();

async function submitAll(url: string, n: number) {
  const client = createIntentMeshClient({ url, timeoutMs: 10_000 });
  const hashes: Hex[] = [];
  for (const p of planIntents(demoMarket(), n))
    hashes.push((await client.submitIntent(p.intent, await client.signIntent(p.intent, p.account))).hash);
  return hashes;
}

/** Reads GET /v1/stream for `ms` and returns the events it got. */
async function readStream(url: string, ms: number): Promise<string> {
  const ctrl = new AbortController();
  const res = await fetch(`${url}/v1/stream`, { signal: ctrl.signal });
  let text = '';
  const reader = res.body!.getReader();
  const stop = setTimeout(() => ctrl.abort(), ms);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
  } catch {
    // aborted: the window is over
  }
  clearTimeout(stop);
  return text;
}

async function forgedCount(url: string, kind: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('intentmesh_api_forged_messages_total') && l.includes(`kind="${kind}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('bus security - sealed bids, per-role NATS permissions and signed bus messages', () => {
  it('bus security - a solver holding valid credentials reads no bid, publishes no result; an unauthenticated client reaches nothing', async () => {
    const solverKeys = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
    const prefix = `sec${process.pid}`;
    const roles = secureRoles(
      prefix,
      solverKeys.map((k) => privateKeyToAccount(k).address),
    );
    const nats = await startSecureNats({ roles, port: TEST_NATS_PORT + 10, routePort: TEST_ROUTE_PORT + 10 });
    const m = await startMarketplace('sec', {}, { secureNats: { url: nats.url, roles }, solverKeys, prefix });
    try {
      // no credentials: the server refuses the connection itself
      const anonymous = await connect({ servers: nats.url, reconnect: false }).then(
        async (nc) => (await nc.close(), 'connected'),
        (err: Error) => err.message,
      );
      expect(anonymous).toMatch(/Authorization/i);

      // solver 1's own credentials: everything that would read a bid or another solver's traffic is refused
      const subjects = createSubjects(prefix);
      const rogue = await connect({
        servers: nats.url,
        authenticator: nkeyAuthenticator(enc.encode(roles.solvers[0])),
        inboxPrefix: subjects.solverInbox(privateKeyToAccount(solverKeys[0]).address),
      });
      const denied: string[] = [];
      let bidsRead = 0;
      const other = privateKeyToAccount(solverKeys[1]).address;
      for (const subject of [
        `${prefix}.auction.*.bid`,
        `${prefix}.>`,
        '>',
        `${prefix}.solver.${other.toLowerCase()}.>`,
        '_INBOX_auctioneer.>',
        '_INBOX_api.>',
        '$JS.API.>',
      ]) {
        rogue.subscribe(subject, {
          callback: (err, msg) => {
            if (err) denied.push(subject);
            else if (msg.subject.endsWith('.bid')) bidsRead++;
          },
        });
      }
      // and it may not create a stream that would capture bids, nor publish a result or a status answer
      const streamCreate = await rogue
        .request(
          '$JS.API.STREAM.CREATE.SNIFF',
          enc.encode(JSON.stringify({ name: 'SNIFF', subjects: [`${prefix}.auction.*.bid`] })),
          { timeout: 1000 },
        )
        .then(
          () => 'answered',
          (err: Error) => err.message,
        );
      const resultsSeen: string[] = [];
      rogue.publish(`${prefix}.auction.${'0x' + '11'.repeat(32)}.result`, enc.encode('{}'));

      const streamText = readStream(m.url, 8000);
      const hashes = await submitAll(m.url, 20);
      await waitFor(
        'the intents to be awarded',
        async () => {
          const s = await Promise.all(hashes.map((h) => getJson(`${m.url}/v1/intents/${h}`)));
          return s.every((r) => ['awarded', 'unfilled', 'settled'].includes(r.body.status));
        },
        30_000,
      );
      resultsSeen.push(await streamText);
      await rogue.flush().catch(() => undefined);
      // the bids were there to be read: the auctioneer recorded them
      const auctions = (await getJson(`${m.url}/v1/auctions?limit=50`)).body;
      const bidsSent = (
        await Promise.all(
          auctions.items.map((a: { auctionId: string }) => getJson(`${m.url}/v1/auctions/${a.auctionId}`)),
        )
      ).reduce((n: number, r: { body: { bids: unknown[] } }) => n + r.body.bids.length, 0);
      expect(bidsSent).toBeGreaterThan(0);
      await rogue.close();

      expect(bidsRead).toBe(0);
      expect(denied.sort()).toEqual(
        [
          `${prefix}.auction.*.bid`,
          `${prefix}.>`,
          '>',
          `${prefix}.solver.${other.toLowerCase()}.>`,
          '_INBOX_auctioneer.>',
          '_INBOX_api.>',
          '$JS.API.>',
        ].sort(),
      );
      expect(streamCreate).not.toBe('answered');
      expect(resultsSeen.join('')).not.toContain('0x' + '11'.repeat(32));
      report({
        probe: 'sealed bids',
        bidsSent,
        bidsReadByNonAuctioneer: bidsRead,
        deniedSubscriptions: denied.length,
        anonymousRefused: /Authorization/i.test(anonymous),
      });
    } finally {
      await m.stop();
      await nats.stop();
    }
  }, 300_000);

  it('bus security - a forged auction result and a forged status answer are dropped and counted, never relayed', async () => {
    // an open server (the shared one): anyone may publish, so only the signatures stand between a forger and the API
    const m = await startMarketplace('forge');
    let bus: Messaging | undefined;
    try {
      bus = await createNatsMessaging({
        servers: 'nats://127.0.0.1:4222',
        name: 'forger',
        prefix: m.prefix,
        ensureStream: false,
      });
      const forger = createDigestSigner(generatePrivateKey());
      const fakeId = `0x${'ab'.repeat(32)}`;
      const award = {
        award: {
          auctionId: fakeId,
          intentHash: `0x${'cd'.repeat(32)}`,
          solver: forger.address,
          buyAmount: '1',
          settleBy: 2_000_000_000,
        },
        signature: forger.signDigest(`0x${'22'.repeat(32)}`),
      };
      const result = signBusMessage(
        'auction.result',
        { auctionId: fakeId, closedAt: Date.now(), recordHash: `0x${'ef'.repeat(32)}`, awards: [award], unfilled: [] },
        forger,
      );
      // a fake auctioneer answering status with its own solver table, signed by itself
      const fakeSolvers = [{ address: forger.address, state: 'healthy', forged: true }];
      const sub = bus.bus.subscribe(m.prefix + '.auctioneer.status', (msg) => {
        const nonce = (decodeJson(msg.data) as { nonce?: string }).nonce;
        msg.respond?.(
          encodeJson(
            signBusMessage(
              'auctioneer.status',
              { auctioneer: forger.address, solvers: fakeSolvers, nonce },
              forger,
              nonce,
            ),
          ),
        );
      });
      await bus.bus.flush();
      const streaming = readStream(m.url, 4000);
      await new Promise((r) => setTimeout(r, 500));
      for (let i = 0; i < 5; i++) bus.bus.publish(`${m.prefix}.auction.${fakeId}.result`, encodeJson(result));
      // an unsigned one too
      const { signature: _s, ...unsigned } = result;
      bus.bus.publish(`${m.prefix}.auction.${fakeId}.result`, encodeJson(unsigned));
      await bus.bus.flush();
      let fakeServed = 0;
      for (let i = 0; i < 20; i++) {
        const r = await getJson(`${m.url}/v1/solvers`);
        if (JSON.stringify(r.body).includes('"forged"')) fakeServed++;
      }
      const text = await streaming;
      sub.unsubscribe();
      const forgedResults = await forgedCount(m.url, 'auction.result');
      const forgedStatus = await forgedCount(m.url, 'auctioneer.status');
      expect(text).not.toContain(fakeId);
      expect(fakeServed).toBe(0);
      expect(forgedResults).toBeGreaterThanOrEqual(6);
      expect(forgedStatus).toBeGreaterThan(0);
      report({
        probe: 'forged bus messages',
        forgeriesSent: 6 + 20,
        forgeriesRelayed: (text.includes(fakeId) ? 1 : 0) + fakeServed,
        forgedResultsCounted: forgedResults,
        forgedStatusCounted: forgedStatus,
      });
    } finally {
      await bus?.close();
      await m.stop();
    }
  }, 300_000);
});
