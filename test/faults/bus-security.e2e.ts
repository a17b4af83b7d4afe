import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { connect, nkeyAuthenticator } from '@nats-io/transport-node';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createNatsMessaging, decodeJson, encodeJson, type Messaging } from '@intentmesh/messaging';
import {
  createDigestSigner,
  createSubjects,
  signAuctionOpen,
  signBusMessage,
  type Address,
  type Hex,
} from '@intentmesh/protocol';
import { createIntentMeshClient } from '@intentmesh/sdk';
import { createSolver } from '@intentmesh/solver-kit';
import { startMarketplace } from '../support/marketplace';
import { report } from '../support/outcomes';
import { cli } from '../support/cli';
import { getJson, ROOT, waitFor } from '../support/processes';
import { secureRoles, startSecureNats, TEST_NATS_PORT, TEST_ROUTE_PORT } from '../support/secureNats';
import { demoMarket, MARKET_POOLS, MARKET_SEED, planIntents } from '../support/trader';

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
    // five solver users: more than the committed file's three slots, from the same generator
    const spare = [generatePrivateKey(), generatePrivateKey()].map((k) => privateKeyToAccount(k).address);
    const roles = secureRoles([...solverKeys.map((k) => privateKeyToAccount(k).address), ...spare]);
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
      const forbidden = [
        `${prefix}.auction.*.bid`,
        `${prefix}.>`,
        '>',
        `${prefix}.solver.${other.toLowerCase()}.>`,
        '_INBOX_auctioneer.>',
        '_INBOX_api.>',
        '$JS.API.>',
      ];
      for (const subject of forbidden) {
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
      // the fifth solver's user reads its own subjects and nothing of another's
      const fifth = await connect({
        servers: nats.url,
        authenticator: nkeyAuthenticator(enc.encode(roles.solvers[4])),
        inboxPrefix: subjects.solverInbox(spare[1]),
      });
      const fifthDenied: string[] = [];
      for (const subject of [subjects.solverAll(spare[1]), subjects.solverAll(spare[0]), `${prefix}.auction.*.bid`])
        fifth.subscribe(subject, {
          callback: (err) => {
            if (err) fifthDenied.push(subject);
          },
        });
      // the admin user sends admin actions and asks for status; a solver may do neither, and the admin reads no bid
      const admin = await connect({
        servers: nats.url,
        authenticator: nkeyAuthenticator(enc.encode(roles.admin)),
        inboxPrefix: '_INBOX_admin',
      });
      const adminDenied: string[] = [];
      admin.subscribe(`${prefix}.auction.*.bid`, {
        callback: (err) => {
          if (err) adminDenied.push('bids');
        },
      });
      const answered = (nc: typeof admin, subject: string) =>
        nc.request(subject, enc.encode('{}'), { timeout: 2000 }).then(
          (r) => (decodeJson(r.data) as { reason?: string }).reason ?? 'answered',
          () => 'no answer',
        );
      const adminAction = await answered(admin, `${prefix}.auctioneer.admin`);
      const adminStatus = await answered(admin, `${prefix}.auctioneer.status`);
      const solverAdminAction = await answered(rogue, `${prefix}.auctioneer.admin`);
      await Promise.all([fifth.flush(), admin.flush()]);
      await new Promise((r) => setTimeout(r, 200));
      await Promise.all([fifth.close(), admin.close()]);

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
      expect(denied.sort()).toEqual([...forbidden].sort());
      expect(streamCreate).not.toBe('answered');
      expect(fifthDenied.sort()).toEqual([subjects.solverAll(spare[0]), `${prefix}.auction.*.bid`].sort());
      expect(adminDenied).toEqual(['bids']);
      // an unsigned action reaches the auctioneer (which refuses it as MALFORMED); a solver's never arrives
      expect({ adminAction, adminStatus, solverAdminAction }).toEqual({
        adminAction: 'MALFORMED',
        adminStatus: 'answered',
        solverAdminAction: 'no answer',
      });
      expect(resultsSeen.join('')).not.toContain('0x' + '11'.repeat(32));
      report({
        probe: 'sealed bids',
        bidsSent,
        bidsReadByNonAuctioneer: bidsRead,
        deniedSubscriptions: denied.length,
        solverUsers: roles.solvers.length,
        anonymousRefused: /Authorization/i.test(anonymous),
      });
    } finally {
      await m.stop();
      await nats.stop();
    }
  }, 300_000);

  it('bus security - forged auction opens, results, status and metrics answers are dropped and counted, never relayed or quoted', async () => {
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
      // and its metrics, with a series of its own
      const metricsSub = bus.bus.subscribe(m.prefix + '.auctioneer.metrics', (msg) => {
        const nonce = (decodeJson(msg.data) as { nonce?: string }).nonce;
        msg.respond?.(
          encodeJson(signBusMessage('auctioneer.metrics', { text: 'forged_series 1\n', nonce }, forger, nonce)),
        );
      });
      // a solver built on the kit, pinned to the real auctioneer: what it is asked to quote
      const quoted: string[] = [];
      const solver = await createSolver({
        privateKey: generatePrivateKey(),
        natsUrl: 'nats://127.0.0.1:4222',
        natsPrefix: m.prefix,
        auctioneers: [m.auctioneerAddress as Address],
        quote: (a) => {
          quoted.push(a.auctionId);
          return [];
        },
      });
      await bus.bus.flush();
      const streaming = readStream(m.url, 4000);
      await new Promise((r) => setTimeout(r, 500));
      // a forged open: signed by the forger, then the same body claiming the real auctioneer, then unsigned
      const open = {
        auctionId: fakeId,
        auctioneer: forger.address,
        openedAt: Date.now(),
        bidWindowMs: 5000,
        intents: [],
      };
      const forgedOpens = [
        signAuctionOpen(open, forger),
        signAuctionOpen({ ...open, auctioneer: m.auctioneerAddress }, forger),
        open,
      ];
      for (const o of forgedOpens) bus.bus.publish(`${m.prefix}.auction.${fakeId}.open`, encodeJson(o));
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
      let fakeMetrics = 0;
      for (let i = 0; i < 20; i++) {
        if ((await (await fetch(`${m.url}/metrics`)).text()).includes('forged_series')) fakeMetrics++;
      }
      const text = await streaming;
      sub.unsubscribe();
      metricsSub.unsubscribe();
      const forgedOpensApi = await forgedCount(m.url, 'auction.open');
      const forgedResults = await forgedCount(m.url, 'auction.result');
      const forgedStatus = await forgedCount(m.url, 'auctioneer.status');
      const forgedMetrics = await forgedCount(m.url, 'auctioneer.metrics');
      const quotedForged = quoted.filter((id) => id === fakeId).length;
      const solverForgeries = solver.stats.forgeries;
      await solver.close();
      expect(text).not.toContain(fakeId);
      expect(fakeServed).toBe(0);
      expect(fakeMetrics).toBe(0);
      expect(quotedForged).toBe(0);
      expect(solverForgeries).toBe(3);
      expect(forgedOpensApi).toBe(3);
      expect(forgedResults).toBeGreaterThanOrEqual(6);
      expect(forgedStatus).toBeGreaterThan(0);
      expect(forgedMetrics).toBeGreaterThan(0);
      report({
        probe: 'forged bus messages',
        forgeriesSent: 3 + 6 + 20 + 20,
        forgeriesRelayed: (text.includes(fakeId) ? 1 : 0) + fakeServed + fakeMetrics,
        forgedOpensQuoted: quotedForged,
        forgedOpensCountedBySolver: solverForgeries,
        forgedOpensCounted: forgedOpensApi,
        forgedResultsCounted: forgedResults,
        forgedStatusCounted: forgedStatus,
        forgedMetricsCounted: forgedMetrics,
      });
    } finally {
      await bus?.close();
      await m.stop();
    }
  }, 300_000);
  it('bus security - intentmesh solver start pinned to another auctioneer (--auctioneer) quotes nothing and counts every open as forged', async () => {
    const keys = [generatePrivateKey(), generatePrivateKey()];
    const m = await startMarketplace('clipin', {}, { extraSolvers: keys.map((k) => privateKeyToAccount(k).address) });
    const elsewhere = privateKeyToAccount(generatePrivateKey()).address;
    // the same CLI twice: pinned by the flag to an auctioneer that is not this one, and by the variable to this one
    const start = (key: Hex, pin: { flag?: string; env?: string }) => {
      const child = spawn(
        process.execPath,
        [
          join(ROOT, 'apps/cli/bin/intentmesh.js'),
          'solver',
          'start',
          '--reference',
          '--json',
          '--nats',
          'nats://127.0.0.1:4222',
          '--prefix',
          m.prefix,
          ...(pin.flag ? ['--auctioneer', pin.flag] : []),
        ],
        {
          cwd: ROOT,
          env: {
            PATH: process.env.PATH ?? '',
            LOG_LEVEL: 'silent',
            SOLVER_PRIVATE_KEY: key,
            MARKET_SEED: String(MARKET_SEED),
            MARKET_POOLS: String(MARKET_POOLS),
            ...(pin.env ? { AUCTIONEER_ADDRESS: pin.env } : {}),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const exited = new Promise<number>((r) => child.on('exit', (c) => r(c ?? 1)));
      const line = (event: string) => out.split('\n').find((l) => l.includes(`"event":"${event}"`));
      return { child, exited, line, output: () => out };
    };
    const wrong = start(keys[0], { flag: elsewhere });
    const right = start(keys[1], { env: m.auctioneerAddress });
    try {
      for (const s of [wrong, right])
        await waitFor('the CLI solver to be ready', async () => s.line('ready'), 60_000).catch((err) => {
          throw new Error(`${err.message}\n${s.output()}`);
        });
      // a typo in the pin is named at start, before anything connects
      const typo = await cli([
        'solver',
        'start',
        '--reference',
        '--nats',
        'nats://127.0.0.1:1',
        '--auctioneer',
        '0x12',
      ]);
      expect(typo.code).not.toBe(0);
      expect(typo.stderr + typo.stdout).toContain('AUCTIONEER_ADDRESS');
      // real auctions from the real auctioneer reach both on the public feed
      await submitAll(m.url, 10);
      const stats = async (s: ReturnType<typeof start>) => {
        s.child.kill('SIGTERM');
        expect(await s.exited).toBe(0);
        return (JSON.parse(s.line('stopped')!) as { stats: { auctions: number; forgeries: number } }).stats;
      };
      // the correctly pinned one sees auctions: only then is the other's silence a result
      await new Promise((r) => setTimeout(r, 3000));
      const pinnedRight = await stats(right);
      const pinnedWrong = await stats(wrong);
      expect(pinnedRight.auctions).toBeGreaterThan(0);
      expect(pinnedRight.forgeries).toBe(0);
      expect(pinnedWrong.auctions).toBe(0);
      expect(pinnedWrong.forgeries).toBeGreaterThan(0);
      report({
        probe: 'cli solver pinned elsewhere',
        forgeriesRelayed: 0,
        opensQuotedByMispinned: pinnedWrong.auctions,
        opensCountedForgedByMispinned: pinnedWrong.forgeries,
        opensQuotedByPinned: pinnedRight.auctions,
      });
    } finally {
      wrong.child.kill('SIGKILL');
      right.child.kill('SIGKILL');
      await m.stop();
    }
  }, 300_000);
});
