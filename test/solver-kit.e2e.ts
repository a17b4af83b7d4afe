import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey } from 'viem/accounts';
import { IntentMeshError, createDigestSigner, signSolverVoucher, type Address, type Hex } from '@intentmesh/protocol';
import { createReferenceQuote } from '@intentmesh/solver';
import { createSolver, type QuoteFn, type Solver } from '@intentmesh/solver-kit';
import { createIntentMeshClient } from '@intentmesh/sdk';
import { freePort, startMarketplace } from './support/marketplace';
import { demoMarket, planIntents } from './support/trader';
import { getJson, waitFor, STOP_TIMEOUT_MS } from './support/processes';

/** A private nats-server this test may kill and restart: the shared one on 4222 serves other runs. */
function startNats(port: number, store: string): ChildProcess {
  return spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], { stdio: 'ignore' });
}
const killed = (p: ChildProcess) =>
  new Promise<void>((r) => (p.exitCode !== null ? r() : (p.once('exit', () => r()), p.kill('SIGKILL'))));

const voucherFor = (solver: Address, operatorKey: Hex) => {
  const op = createDigestSigner(operatorKey);
  return signSolverVoucher(
    { solver, operator: op.address, salt: `0x${'ab'.repeat(32)}`, expiry: Math.floor(Date.now() / 1000) + 3600 },
    op,
  );
};

describe('solver kit - createSolver against a real marketplace on NATS', () => {
  const operatorKey = generatePrivateKey();
  const operator = createDigestSigner(operatorKey).address;
  // the early-close test's own operator: the closed key of the test before it cannot take its operator's seat
  const slowOperatorKey = generatePrivateKey();
  const slowOperator = createDigestSigner(slowOperatorKey).address;
  let natsPort: number;
  let store: string;
  let nats: ChildProcess;
  let market: Awaited<ReturnType<typeof startMarketplace>>;

  beforeAll(async () => {
    natsPort = await freePort();
    store = mkdtempSync(join(tmpdir(), 'im-nats-'));
    nats = startNats(natsPort, store);
    // a long window, so an early close (every invited solver passed) is told apart from the window running out
    market = await startMarketplace('kit', {
      NATS_URL: `nats://127.0.0.1:${natsPort}`,
      OPERATOR_BONDS: `${operator}:1000000000000000000,${slowOperator}:1000000000000000000`,
      PROBE_INTERVAL_MS: '200',
      // at 200 ms a probe, a solver in this (busy, shared) jest process that stalls ~1 s misses three probes and is
      // ejected; its liveness back-off is short here, so that costs these tests a few auctions, not the 30 s default
      TRUST_EJECT_BASE_MS: '2000',
      BID_WINDOW_MS: '3000',
    });
  }, 60_000);
  afterAll(async () => {
    await market?.stop();
    await killed(nats);
  }, STOP_TIMEOUT_MS);

  it('solver kit - refuses to start when the auctioneer refuses the voucher, naming the reason', async () => {
    const key = generatePrivateKey();
    const stranger = generatePrivateKey(); // an operator with no bond here
    const err = await createSolver({
      privateKey: key,
      operatorVoucher: voucherFor(createDigestSigner(key).address, stranger),
      natsUrl: `nats://127.0.0.1:${natsPort}`,
      natsPrefix: market.prefix,
      quote: () => [],
    }).catch((e) => e);
    expect(err).toBeInstanceOf(IntentMeshError);
    expect(err).toMatchObject({ code: 'REGISTRATION_REFUSED', details: { reason: 'UNKNOWN_OPERATOR' } });
  });

  it('solver kit - registers by voucher, wins, keeps its counters across a NATS restart, serves metrics, and finishes in-flight bids on close', async () => {
    const key = generatePrivateKey();
    const address = createDigestSigner(key).address;
    const reference = createReferenceQuote({ market: demoMarket(), profile: 'split', marginBps: 0 });
    let onQuote: (() => void) | undefined = undefined;
    let slowMs = 0;
    // 1% over the route, so which solver wins never hangs on a tie-break between equal routes
    const quote: QuoteFn = async (auction, ctx) => {
      onQuote?.();
      if (slowMs) await new Promise((r) => setTimeout(r, slowMs));
      const drafts = await reference(auction, ctx);
      return drafts.map((d) => ({
        ...d,
        fills: d.fills.map((f) => ({ ...f, buyAmount: f.buyAmount + f.buyAmount / 100n })),
      }));
    };
    const solver: Solver = await createSolver({
      privateKey: key,
      operatorVoucher: voucherFor(address, operatorKey),
      natsUrl: `nats://127.0.0.1:${natsPort}`,
      natsPrefix: market.prefix,
      quote,
      metricsPort: 0,
    });
    expect(solver.operator).toBe(operator.toLowerCase());
    const client = createIntentMeshClient({ url: market.url });
    // enough intents that a loaded host (the new key probed and warmed up first) runs out of time, not of intents
    const planned = planIntents(demoMarket(), 40, { unfillableEvery: 1000 });
    let next = 0;
    let why = 'no auction yet';
    const tradeOnce = async () => {
      if (next === planned.length) throw new Error(`${next} auctions and no win; last: ${why}`);
      const { intent, account } = planned[next++];
      const { hash } = await client.submitIntent(intent, await client.signIntent(intent, account));
      return client.waitForAward(hash, { timeoutMs: 15_000 });
    };
    /** Whether the vouched key won this trade; if not, `why` says what its auction's record shows for it. */
    const tradeAndWin = async () => {
      const view = await tradeOnce();
      if (view.award!.award.solver === address.toLowerCase()) return true;
      const r = await client.getAuction(view.auctionId!);
      const seat = r.solvers.find((x) => x.solver === address.toLowerCase());
      const bid = r.bids.find((b) => b.solver === address.toLowerCase());
      why = !seat?.invited
        ? `not invited (${seat?.reason ?? 'not listed'})`
        : `invited, bid ${bid ? `${bid.verdict}${bid.reason ? ` (${bid.reason})` : ''}` : 'missing'}, won by ${view.award!.award.solver}`;
      return false;
    };

    // the vouched key is probed, invited and wins
    const explained = (e: Error) => {
      throw new Error(`${e.message}; the vouched key's last auction: ${why}`);
    };
    const first = await waitFor('a win for the vouched solver', tradeAndWin, 40_000, 0).catch(explained);
    expect(first).toBe(true);
    await waitFor('the result to be counted', async () => solver.stats.wins >= 1);
    const before = { ...solver.stats };

    // the server goes away and comes back on the same port: the client reconnects and resubscribes by itself
    await killed(nats);
    nats = startNats(natsPort, store);
    await waitFor('a win after the NATS restart', tradeAndWin, 30_000, 200).catch(explained);
    await waitFor('the new win to be counted', async () => solver.stats.wins > before.wins);
    expect(solver.stats.auctions).toBeGreaterThan(before.auctions); // counters carried over, not reset

    const metrics = await (await fetch(solver.metricsUrl!)).text();
    expect(metrics).toContain(`intentmesh_solver_wins_total{solver="${address}"} ${solver.stats.wins}`);
    expect(metrics).toContain(
      `intentmesh_solver_bids_total{solver="${address}",outcome="accepted"} ${solver.stats.accepted}`,
    );
    expect(metrics).toMatch(/intentmesh_solver_quote_ms_count\{solver="0x[0-9a-fA-F]{40}"\} [1-9]/);

    // close while a quote is running: the bid still goes out and is accepted before the connection closes
    slowMs = 120;
    const accepted = solver.stats.accepted;
    let closed: Promise<void> | undefined;
    onQuote = () => (closed ??= solver.close());
    const { intent, account } = planned[next++];
    await client.submitIntent(intent, await client.signIntent(intent, account));
    await waitFor('close to begin', async () => closed !== undefined, 10_000, 20);
    await closed;
    expect(solver.stats.accepted).toBe(accepted + 1);
    // the closed key is dead, not slow: until its missed probes eject it, an auction that invites it waits out its
    // window, so the next test's early close starts once the auctioneer has ejected it
    await waitFor(
      'the closed key to be ejected for missed probes',
      async () => {
        const r = await getJson(`${market.url}/v1/solvers`);
        const list = (r.status === 200 ? r.body : []) as { address: string; state: string }[];
        return list.find((x) => x.address.toLowerCase() === address.toLowerCase())?.state === 'ejected';
      },
      10_000,
    );
  }, 120_000);

  it('early close - an auction waits for a slower invited solver, counts its bid, and closes once every invited solver has passed', async () => {
    const key = generatePrivateKey();
    const address = createDigestSigner(key).address.toLowerCase();
    const reference = createReferenceQuote({ market: demoMarket(), profile: 'direct', marginBps: 0 });
    const SLOW_MS = 200;
    const quote: QuoteFn = async (auction, ctx) => {
      await new Promise((r) => setTimeout(r, SLOW_MS));
      return reference(auction, ctx);
    };
    const solver = await createSolver({
      privateKey: key,
      operatorVoucher: voucherFor(createDigestSigner(key).address, slowOperatorKey),
      natsUrl: `nats://127.0.0.1:${natsPort}`,
      natsPrefix: market.prefix,
      quote,
    });
    try {
      const client = createIntentMeshClient({ url: market.url });
      const planned = planIntents(demoMarket(), 30, { unfillableEvery: 1000 });
      let next = 0;
      let why = 'no auction yet';
      // trade until an auction invited the new key (it is probed first), then look at that auction's record
      const record = await waitFor(
        'an auction that invited the slow solver',
        async () => {
          if (next === planned.length) throw new Error(`${next} auctions and not invited; last reason: ${why}`);
          const { intent, account } = planned[next++];
          const { hash } = await client.submitIntent(intent, await client.signIntent(intent, account));
          const view = await client.waitForAward(hash, { timeoutMs: 15_000 }).catch(() => client.getIntent(hash));
          const r = view.auctionId ? await client.getAuction(view.auctionId) : undefined;
          const mine = r?.solvers.find((s) => s.solver === address);
          why = mine?.reason ?? why;
          return mine?.invited && r;
        },
        40_000,
        0,
      );
      const slowBid = record.bids.find((b) => b.solver === address);
      expect(slowBid?.verdict).toBe('ACCEPTED');
      // it closed after the slow solver's bid and pass, yet before the (long) window ran out
      expect(slowBid!.receivedAt - record.openedAt).toBeGreaterThanOrEqual(SLOW_MS);
      expect(record.closedAt).toBeGreaterThanOrEqual(slowBid!.receivedAt);
      expect(record.closedAt - record.openedAt).toBeLessThan(record.bidWindowMs);
    } finally {
      await solver.close();
    }
  }, 60_000);
});
