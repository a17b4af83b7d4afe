import { generatePrivateKey } from 'viem/accounts';
import { createNatsMessaging, decodeJson, type Messaging } from '@intentmesh/messaging';
import { bytesToHex, createDigestSigner, signSolverVoucher, type Address, type Hex } from '@intentmesh/protocol';
import { getJson, startApp, waitFor, type AppProcess } from './support/processes';
import { useMarketplace, type Marketplace } from './support/marketplace';
import { MARKET_POOLS, MARKET_SEED, demoMarket, planIntents, submitAll } from './support/trader';

type Delivery = { at: number; solver: string; auctionId: string; routes: [number, number][] };

/**
 * A reference solver process with declared chains and region; SIGUSR1 makes it bid 150 ms late and 1 % worse (so it
 * wins nothing), SIGUSR2 fast again.
 */
function benchSolver(m: Marketplace, name: string, key: `0x${string}`, env: Record<string, string> = {}): AppProcess {
  return startApp(name, 'bench/lib/balanceSolver.mjs', {
    NATS_URL: 'nats://127.0.0.1:4222',
    NATS_PREFIX: m.prefix,
    MARKET_SEED: String(MARKET_SEED),
    MARKET_POOLS: String(MARKET_POOLS),
    SOLVER_NAME: name,
    SOLVER_PRIVATE_KEY: key,
    ...env,
  });
}

/** Records what each key receives on its own subject: who is invited to what, as the solvers see it. */
async function observe(prefix: string, keys: Record<string, string>) {
  const nats = await createNatsMessaging({ servers: 'nats://127.0.0.1:4222', name: 'balance-observer', prefix });
  const deliveries: Delivery[] = [];
  for (const [name, address] of Object.entries(keys))
    nats.bus.subscribe(nats.subjects.solverAuction(address), (msg) => {
      const a = decodeJson(msg.data) as {
        auctionId: string;
        intents: { intent: { sourceChainId: number; destinationChainId: number } }[];
      };
      deliveries.push({
        at: Date.now(),
        solver: name,
        auctionId: a.auctionId,
        routes: a.intents.map((i) => [Number(i.intent.sourceChainId), Number(i.intent.destinationChainId)]),
      });
    });
  await nats.bus.flush();
  return { nats, deliveries };
}

function steadyFlow(url: string, everyMs = 200) {
  const market = demoMarket();
  return setInterval(
    () => void submitAll(url, planIntents(market, 1, { unfillableEvery: 1000 })).catch(() => undefined),
    everyMs,
  );
}

/** An operator's signed voucher for `solver` (optionally naming its region), as the OPERATOR_VOUCHER variable carries it. */
function operatorVoucher(operatorKey: Hex, solver: Address, region?: string): string {
  const signer = createDigestSigner(operatorKey);
  return JSON.stringify(
    signSolverVoucher(
      {
        solver,
        operator: signer.address,
        salt: bytesToHex(crypto.getRandomValues(new Uint8Array(32))),
        expiry: Math.floor(Date.now() / 1000) + 3600,
        ...(region ? { region } : {}),
      },
      signer,
    ),
  );
}

/**
 * What a balance block runs beside its marketplace: extra solver processes, an observer of its keys' own subjects and
 * steady traffic; `stop` ends them (waking a paused solver first) before the marketplace stops.
 */
function besideMarket() {
  const run = {
    extra: {} as Record<string, AppProcess>,
    deliveries: [] as Delivery[],
    nats: undefined as Messaging | undefined,
    traffic: undefined as NodeJS.Timeout | undefined,
    /** Waits until each of `names` has been invited at least once. */
    invited: (names: string[], timeoutMs: number) =>
      waitFor(
        `${names.join(' and ')} to be invited`,
        async () => names.every((n) => run.deliveries.some((d) => d.solver === n)),
        timeoutMs,
      ),
    stop: async () => {
      clearInterval(run.traffic);
      for (const a of Object.values(run.extra)) a.child.kill('SIGCONT');
      await Promise.all(Object.values(run.extra).map((a) => a.kill('SIGKILL')));
      await run.nats?.close();
    },
  };
  return run;
}

describe('balance - shards by both chains and by region over real NATS', () => {
  const run = besideMarket();
  const eu1 = generatePrivateKey();
  const eu110 = generatePrivateKey();
  const operatorKey = generatePrivateKey();
  const operator = createDigestSigner(operatorKey).address;
  const keys: Record<string, string> = {
    'eu-1': createDigestSigner(eu1).address,
    'eu-1-10': createDigestSigner(eu110).address,
  };
  const declared: Record<string, number[] | undefined> = { 'eu-1': [1], 'eu-1-10': [1, 10] };
  const record = (auctionId: string) =>
    waitFor(
      'the auction record',
      async () => {
        const r = await getJson(`${m.url}/v1/auctions/${auctionId}`);
        return r.status === 200 && r.body;
      },
      10_000,
    );
  type Shard = { key: string; region?: string; fallback?: string; invited: string[] };

  const m = useMarketplace(
    'balshard',
    {
      AUCTION_REGION: 'eu',
      PROBE_INTERVAL_MS: '500',
      AUCTION_INTERVAL_MS: '200',
      TRUST_SLOW_BID_MS: '250',
      OPERATOR_BONDS: `${operator}:1000000000000000000`,
    },
    { extraSolvers: [keys['eu-1']], beforeStop: run.stop },
  );

  beforeAll(async () => {
    m.solverKeys.forEach((k, i) => (keys[`default-${i}`] = createDigestSigner(k).address));
    ({ nats: run.nats, deliveries: run.deliveries } = await observe(m.prefix, keys));
    // eu-1 declares its region itself (signed attestation); eu-1-10's operator declares it in the signed voucher
    // (version 2), which outranks the "us" the key itself claims
    run.extra['eu-1'] = benchSolver(m, 'eu-1', eu1, { SOLVER_CHAINS: '1', SOLVER_REGION: 'eu' });
    run.extra['eu-1-10'] = benchSolver(m, 'eu-1-10', eu110, {
      SOLVER_CHAINS: '1,10',
      SOLVER_REGION: 'us',
      OPERATOR_VOUCHER: operatorVoucher(operatorKey, keys['eu-1-10'] as Address, 'eu'),
    });
    run.traffic = steadyFlow(m.url);
  }, 120_000);

  it("balance - an intent reaches only keys that declared both its chains; eu routes go to eu keys, a voucher's region outranking the key's own", async () => {
    await run.invited(['eu-1', 'eu-1-10'], 70_000);
    // the voucher's region (signed by the operator, countersigned by the key) decides over the key's attestation
    const list = (await getJson(`${m.url}/v1/solvers`)).body as {
      address: string;
      region: string;
      regionFrom: string;
    }[];
    expect(list.find((x) => x.address === keys['eu-1-10'])).toMatchObject({ region: 'eu', regionFrom: 'voucher' });
    expect(list.find((x) => x.address === keys['eu-1'])).toMatchObject({ region: 'eu', regionFrom: 'attestation' });
    const from = Date.now();
    await new Promise((r) => setTimeout(r, 8000));
    const seen = run.deliveries.filter((d) => d.at >= from);
    expect(seen.length).toBeGreaterThan(10);
    // misrouted: an intent sent to a key that did not declare both its chains (the reference solvers declare none: all)
    const misrouted = seen.filter((d) =>
      d.routes.some(
        ([a, b]) => declared[d.solver] && !(declared[d.solver]!.includes(a) && declared[d.solver]!.includes(b)),
      ),
    );
    expect(misrouted).toEqual([]);
    // eu-1-10 is invited in its eu shards as an eu key, not through a fallback
    const mine = seen.filter((d) => d.solver === 'eu-1-10').slice(-3);
    expect(mine.length).toBeGreaterThan(0);
    for (const d of mine) {
      const shards = (await record(d.auctionId)).fanout.shards as Shard[];
      const held = shards.filter((x) => x.invited.includes(operator));
      expect(held.length).toBeGreaterThan(0);
      for (const x of held)
        expect([x.region, x.fallback, x.key.endsWith('|region:eu')]).toEqual(['eu', undefined, true]);
    }
  }, 100_000);

  it('balance - with no healthy solver left in the region, auctions still invite the others, and every record says why', async () => {
    // both eu keys stop answering: once they are ejected the eu region has nobody, and every shard falls back
    for (const n of ['eu-1', 'eu-1-10']) run.extra[n].child.kill('SIGSTOP');
    await waitFor(
      'both eu keys to be ejected',
      async () => {
        const l = (await getJson(`${m.url}/v1/solvers`)).body as { address: string; state: string }[];
        return [keys['eu-1'], keys['eu-1-10']].every((k) => l.find((x) => x.address === k)?.state === 'ejected');
      },
      20_000,
    );
    const from = Date.now();
    await new Promise((r) => setTimeout(r, 4000));
    const seen = run.deliveries.filter((d) => d.at >= from);
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.filter((d) => !d.solver.startsWith('default'))).toEqual([]);
    const defaults = Object.entries(keys)
      .filter(([n]) => n.startsWith('default'))
      .map(([, a]) => a);
    for (const auctionId of [...new Set(seen.map((d) => d.auctionId))].slice(-5)) {
      const rec = await record(auctionId);
      const shards = rec.fanout.shards as Shard[];
      for (const x of shards) {
        expect(x.region).toBe('eu');
        expect(x.fallback).toBe('no-eligible-solver-in-region:eu');
        expect(x.invited.length).toBeGreaterThan(0);
        expect(x.invited.every((o) => defaults.includes(o))).toBe(true);
      }
      // each eu key's entry names why it sat out of the eu shard
      const reasons = (rec.solvers as { solver: string; reason: string }[])
        .filter((x) => x.solver === keys['eu-1'] || x.solver === keys['eu-1-10'])
        .map((x) => x.reason);
      expect(reasons).toHaveLength(2);
      for (const r of reasons) expect(r).toMatch(/\|region:eu (node-ejected|operator-ejected)/);
    }
  }, 60_000);
});

describe('balance - bid latency and spreading within an operator over real NATS', () => {
  const run = besideMarket();
  const slowKey = generatePrivateKey();
  const operatorKey = generatePrivateKey();
  const pair = [generatePrivateKey(), generatePrivateKey()];
  const operator = createDigestSigner(operatorKey).address;

  const m = useMarketplace(
    'balslow',
    {
      PROBE_INTERVAL_MS: '500',
      AUCTION_INTERVAL_MS: '200',
      BID_WINDOW_EARLY_CLOSE: 'on',
      OPERATOR_BONDS: `${operator}:1000000000000000000`,
    },
    { extraSolvers: [createDigestSigner(slowKey).address], beforeStop: run.stop },
  );

  beforeAll(async () => {
    const keys: Record<string, string> = {
      slow: createDigestSigner(slowKey).address,
      pairA: createDigestSigner(pair[0]).address,
      pairB: createDigestSigner(pair[1]).address,
    };
    ({ nats: run.nats, deliveries: run.deliveries } = await observe(m.prefix, keys));
    run.extra.slow = benchSolver(m, 'slow', slowKey);
    pair.forEach((k, i) => {
      const voucher = operatorVoucher(operatorKey, createDigestSigner(k).address);
      run.extra[`pair${i}`] = benchSolver(m, `pair${i}`, k, { OPERATOR_VOUCHER: voucher });
    });
    run.traffic = steadyFlow(m.url, 150);
  }, 120_000);

  it('balance - a key that answers probes at once but bids 150 ms late and wins nothing stops being invited but for a probe per 2 s, shows as slow, and is invited again within 10 s of being fast', async () => {
    await run.invited(['slow'], 40_000);
    run.extra.slow.child.kill('SIGUSR1');
    const slowAt = Date.now();
    const status = await waitFor(
      'the auctioneer to see the key slow at auctions',
      async () => {
        const s = await getJson(`${m.url}/v1/solvers`);
        const list = (s.status === 200 ? s.body : []) as { address: string; bidLatencyMs?: { slow: boolean } }[];
        const mine = list.find((x) => x.address === createDigestSigner(slowKey).address);
        return mine?.bidLatencyMs?.slow && mine;
      },
      10_000,
    );
    // slow (or, when the late bids miss whole windows on a loaded host, ejected for bid timeouts and back on probation):
    // the share below is what matters
    expect(['degraded', 'ejected', 'probation']).toContain((status as unknown as { state: string }).state);
    // after 3 s of settling (a win while it was fast keeps it for its next 8 auctions), it is invited only to its
    // probes, one per 2 s: at most 4 in 6 s, of the 30 or so auctions there
    await new Promise((r) => setTimeout(r, 3000));
    const from = Date.now();
    await new Promise((r) => setTimeout(r, 6000));
    const all = run.deliveries.filter((d) => d.at >= from);
    const slowShare = all.filter((d) => d.solver === 'slow').length;
    expect(Date.now() - slowAt).toBeLessThan(25_000);
    expect(all.length).toBeGreaterThan(15);
    expect(slowShare).toBeLessThanOrEqual(4);
    run.extra.slow.child.kill('SIGUSR2');
    const fastAt = Date.now();
    await waitFor(
      'the key to be invited again',
      async () => run.deliveries.filter((d) => d.solver === 'slow' && d.at > fastAt + 500).length >= 3,
      10_000,
    );
  }, 60_000);

  // the 40-60 % target is measured by bench:balance; here: the second key takes a real part of the operator's flow
  it('balance - both keys of one operator take part in its invitations (each at least a quarter)', async () => {
    await run.invited(['pairA', 'pairB'], 30_000);
    const from = Date.now();
    await new Promise((r) => setTimeout(r, 8000));
    const seen = run.deliveries.filter((d) => d.at >= from && d.solver.startsWith('pair'));
    expect(seen.length).toBeGreaterThan(15);
    const a = seen.filter((d) => d.solver === 'pairA').length / seen.length;
    expect(a).toBeGreaterThanOrEqual(0.25);
    expect(a).toBeLessThanOrEqual(0.75);
  }, 60_000);
});
