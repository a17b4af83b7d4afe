import { readFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { main as cli } from '@intentmesh/cli';
import { applySlippage, signCancel, type Hex } from '@intentmesh/protocol';
import { createIntentMeshClient, IntentMeshError } from '@intentmesh/sdk';
import { createReferenceQuote, type SolverProfile } from '@intentmesh/solver';
import { syntheticAuction } from '@intentmesh/solver-kit';
import { openApiToTs, type OpenApiDocument } from '../scripts/openapiToTs';
import { startMarketplace } from './support/marketplace';
import { getJson, ROOT, waitFor, STOP_TIMEOUT_MS } from './support/processes';
import { demoMarket, planIntents, submitAll } from './support/trader';

/** Prometheus text exposition format, strictly: every sample line is name{labels} value. */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const m =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$/.exec(
        line,
      );
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    samples.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return samples;
}

describe('developer experience - quotes, cancel, SDK, generated types, metrics over real NATS and PostgreSQL', () => {
  let m: Awaited<ReturnType<typeof startMarketplace>>;
  const market = demoMarket();
  const weth = market.tokens.find((t) => t.chainId === 1 && t.symbol === 'WETH')!;
  const usdc = market.tokens.find((t) => t.chainId === 1 && t.symbol === 'USDC')!;

  beforeAll(async () => {
    // fast probes so the three solvers are rated healthy (three good probes) within a second
    m = await startMarketplace('dx', { PROBE_INTERVAL_MS: '200' });
    await waitFor(
      'three solvers rated healthy',
      async () => {
        const r = await getJson(`${m.url}/v1/solvers`);
        return r.status === 200 && r.body.filter((s: { state: string }) => s.state === 'healthy').length === 3;
      },
      20_000,
    );
  }, 60_000);
  afterAll(async () => m && (await m.stop()), STOP_TIMEOUT_MS);

  it('quote - the best answer of the three healthy solvers, its spread and a suggested minBuyAmount, inside the round budget', async () => {
    const client = createIntentMeshClient({ url: m.url });
    const sellAmount = 3n * 10n ** 18n;
    const params = { sellToken: weth.address, buyToken: usdc.address, sellAmount, sourceChainId: 1 };
    await client.getQuote(params).catch(() => undefined); // warms each process and route cache, as any live marketplace is
    // a 2-core machine shared with other suites may make one solver miss a round: the values are checked on a full round
    let quote!: Awaited<ReturnType<typeof client.getQuote>>;
    let wallMs = 0;
    for (let attempt = 0; attempt < 5; attempt++) {
      const started = Date.now();
      quote = await client.getQuote({ ...params, slippageBps: 100 });
      wallMs = Date.now() - started;
      // the round's budget is QUOTE_TIMEOUT_MS (270); the 300 ms figure is measured by bench/quote.mjs, not asserted on a shared machine
      expect(quote.elapsedMs).toBeLessThan(1000);
      if (quote.solvers.length === 3) break;
    }

    // what each reference solver bids on this one-intent auction: same market, profile and margin as in startMarketplace
    const auction = syntheticAuction(
      {
        quoteId: quote.quoteId,
        ...params,
        sellToken: weth.address,
        buyToken: usdc.address,
        destinationChainId: 1,
        timeoutMs: 250,
      },
      Date.now(),
    );
    const expected = await Promise.all(
      (['direct', 'multihop', 'split'] as SolverProfile[]).map(async (profile, i) => {
        const drafts = await createReferenceQuote({ market, profile, marginBps: i * 5 })(auction, {
          deadline: Date.now() + 1000,
          signal: new AbortController().signal,
        });
        return drafts[0].fills[0].buyAmount;
      }),
    );
    const best = expected.reduce((a, b) => (b > a ? b : a));
    const sorted = [...expected].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

    expect(quote.binding).toBe(false);
    expect(quote.asked).toBe(3);
    expect(quote.solvers.map((s) => s.solver).sort()).toEqual(
      m.solverKeys.map((k) => privateKeyToAccount(k).address.toLowerCase()).sort(),
    );
    expect(BigInt(quote.buyAmount)).toBe(best);
    expect(quote.spread).toEqual({
      min: sorted[0].toString(),
      median: sorted[1].toString(),
      max: best.toString(),
      count: 3,
    });
    expect(BigInt(quote.minBuyAmount)).toBe(applySlippage(best, 100));
    expect(BigInt(quote.minBuyAmount)).toBe((best * 9900n) / 10_000n);
    expect(wallMs).toBeLessThan(2000);
  }, 20_000);

  it('quote - NO_QUOTE when no solver can route the pair, and stable codes for every bad query parameter', async () => {
    const client = createIntentMeshClient({ url: m.url });
    const unknown = `0x${'ab'.repeat(20)}`;
    const err = await client
      .getQuote({ sellToken: unknown, buyToken: usdc.address, sellAmount: 10n ** 18n, sourceChainId: 1 })
      .catch((e) => e);
    expect(err).toBeInstanceOf(IntentMeshError);
    expect(err.code).toBe('NO_QUOTE');
    expect(err.details.asked).toBe(3);

    const q = `sellToken=${weth.address}&buyToken=${usdc.address}&sourceChainId=1`;
    const cases: [string, number, string][] = [
      [`${q}&sellAmount=1.5`, 400, 'INVALID_AMOUNT'],
      [`${q}&sellAmount=0`, 400, 'INVALID_AMOUNT'],
      [`sellToken=0x12&buyToken=${usdc.address}&sourceChainId=1&sellAmount=1`, 400, 'INVALID_ADDRESS'],
      [`sellToken=${weth.address}&buyToken=${usdc.address}&sourceChainId=999&sellAmount=1`, 400, 'UNKNOWN_CHAIN'],
      [`sellToken=${weth.address}&buyToken=${weth.address}&sourceChainId=1&sellAmount=1`, 400, 'SAME_TOKEN'],
      [`${q}&sellAmount=1&slippageBps=20000`, 400, 'SCHEMA_INVALID'],
      [`${q}&sellAmount=1&colour=blue`, 400, 'UNKNOWN_FILTER'], // refused by the route's documented parameter list, as on every GET,
      [`buyToken=${usdc.address}&sourceChainId=1&sellAmount=1`, 400, 'SCHEMA_INVALID'],
    ];
    for (const [query, status, code] of cases) {
      const r = await getJson(`${m.url}/v1/quote?${query}`);
      expect([query, r.status, r.body.error?.code]).toEqual([query, status, code]);
      expect(r.body.error.message.length).toBeGreaterThan(10);
    }
  }, 20_000);

  it('cli - `intentmesh quote --json` parses and matches the API', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await cli(
      ['quote', '--sell', 'WETH', '--buy', 'USDC', '--amount', '3', '--chain', '1', '--json', '--url', m.url],
      { out: (t) => out.push(t), err: (t) => err.push(t), env: {} },
    );
    expect([code, err]).toEqual([0, []]);
    const fromCli = JSON.parse(out.join('\n'));
    const fromApi = (
      await getJson(
        `${m.url}/v1/quote?sellToken=${weth.address}&buyToken=${usdc.address}&sellAmount=${3n * 10n ** 18n}&sourceChainId=1`,
      )
    ).body;
    for (const k of [
      'sellToken',
      'buyToken',
      'sellAmount',
      'sourceChainId',
      'destinationChainId',
      'buyAmount',
      'minBuyAmount',
      'slippageBps',
      'asked',
      'binding',
    ])
      expect([k, fromCli[k]]).toEqual([k, fromApi[k]]);

    const help: string[] = [];
    expect(await cli(['quote', '--help'], { out: (t) => help.push(t), err: () => undefined, env: {} })).toBe(0);
    expect(help.join('\n')).toMatch(/Usage: intentmesh quote --sell <token> --buy <token> --amount <n> --chain <id>/);

    const noQuote: string[] = [];
    expect(
      await cli(
        [
          'quote',
          '--sell',
          `0x${'cd'.repeat(20)}`,
          '--buy',
          'USDC',
          '--amount',
          '1000',
          '--raw',
          '--chain',
          '1',
          '--json',
          '--url',
          m.url,
        ],
        { out: () => undefined, err: (t) => noQuote.push(t), env: {} },
      ),
    ).toBe(3);
    expect(JSON.parse(noQuote[0]).error.code).toBe('NO_QUOTE');
  }, 20_000);

  it('cancel - a cancelled intent is never auctioned or awarded; only its swapper can cancel; an awarded one cannot be', async () => {
    const client = createIntentMeshClient({ url: m.url });
    const planned = planIntents(market, 24, { unfillableEvery: 2 });
    const hashes = await submitAll(m.url, planned);

    // an intent nobody can fill keeps coming back to auctions until its swapper cancels it
    const stuck = planned.findIndex((p) => !p.fillable);
    const stranger = privateKeyToAccount(generatePrivateKey());
    const forged = await client.cancelIntent(hashes[stuck], stranger).catch((e) => e);
    expect(forged.code).toBe('INVALID_SIGNATURE');
    await waitFor(
      'the stuck intent to have been auctioned',
      async () => (await client.getIntent(hashes[stuck])).attempts >= 1,
      5000,
    );
    expect(await client.cancelIntent(hashes[stuck], planned[stuck].account)).toEqual({
      hash: hashes[stuck],
      status: 'cancelled',
    });
    // idempotent, like submission
    const sig = await signCancel(hashes[stuck], planned[stuck].intent.sourceChainId, planned[stuck].account);
    expect(
      (
        await fetch(`${m.url}/v1/intents/${hashes[stuck]}/cancel`, {
          method: 'POST',
          body: JSON.stringify({ signature: sig }),
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(200);
    const attemptsAtCancel = (await client.getIntent(hashes[stuck])).attempts;

    // every other intent is cancelled at once, racing the auctioneer: each ends either cancelled (never awarded) or awarded (refused)
    const outcomes = await Promise.all(
      planned.map((p, i) =>
        i === stuck
          ? Promise.resolve('cancelled')
          : client.cancelIntent(hashes[i], p.account, { timeoutMs: 8000 }).then(
              (r) => r.status,
              (e: IntentMeshError) => e.code,
            ),
      ),
    );
    expect(outcomes.filter((o) => o !== 'cancelled' && o !== 'INTENT_NOT_CANCELLABLE')).toEqual([]);
    expect(outcomes.filter((o) => o === 'cancelled').length).toBeGreaterThan(1);
    await new Promise((r) => setTimeout(r, 2500)); // more than two auction intervals and a retry delay
    const views = await Promise.all(hashes.map((h) => client.getIntent(h)));
    for (const [i, v] of views.entries()) {
      if (outcomes[i] === 'cancelled') {
        expect([i, v.status, v.award]).toEqual([i, 'cancelled', null]);
      } else {
        // refused because it was awarded, or (on a starved machine) still in auctions when the SDK's 8 s of retries ran out
        expect([i, ['awarded', 'auctioning', 'unfilled'].includes(v.status)]).toEqual([i, true]);
      }
    }
    expect((await client.getIntent(hashes[stuck])).attempts).toBe(attemptsAtCancel);
    // no stored auction record awards a cancelled intent
    const cancelled = new Set(hashes.filter((_, i) => outcomes[i] === 'cancelled'));
    const { items } = await client.listAuctions({ limit: 200 });
    for (const a of items) {
      const record = await client.getAuction(a.auctionId);
      for (const w of record.awards) expect(cancelled.has(w.award.intentHash as Hex)).toBe(false);
    }
    expect(await client.waitForAward(hashes[stuck], { timeoutMs: 1000 }).catch((e) => e.details.status)).toBe(
      'cancelled',
    );

    const awarded = views.findIndex((v) => v.status === 'awarded');
    if (awarded >= 0) {
      const refused = await client.cancelIntent(hashes[awarded], planned[awarded].account).catch((e) => e);
      expect([refused.code, refused.details.status]).toEqual(['INTENT_NOT_CANCELLABLE', 'awarded']);
    }
  }, 40_000);

  it('sdk - submitIntent treats DUPLICATE_INTENT as success; waitForAward then waitForSettlement with a timeout', async () => {
    const client = createIntentMeshClient({ url: m.url });
    const [p] = planIntents(market, 1);
    p.intent.nonce = 10_000n + BigInt(Date.now() % 1_000_000);
    const signature = await client.signIntent(p.intent, p.account);
    const first = await client.submitIntent(p.intent, signature);
    const again = await client.submitIntent(p.intent, signature);
    expect(again.hash).toBe(first.hash);
    expect(again.duplicate).toBe(true);
    // until the chain work settles awards, waitForSettlement ends in TIMEOUT naming the status it saw last
    await client.waitForAward(first.hash, { timeoutMs: 10_000 });
    const late = await client.waitForSettlement(first.hash, { timeoutMs: 300, pollMs: 100 }).catch((e) => e);
    expect([late.code, late.details.status]).toEqual(['TIMEOUT', 'awarded']);
  });

  it('sdk - submitIntent retries once when the connection is reset after the API stored the intent, and counts the duplicate as success', async () => {
    // a proxy that forwards the first request but resets the socket instead of returning the answer
    const target = Number(new URL(m.url).port);
    let resets = 0;
    const sockets = new Set<Socket>();
    const proxy = createServer((client: Socket) => {
      const upstream = connect(target, '127.0.0.1');
      sockets.add(client).add(upstream);
      const first = resets++ === 0;
      client.pipe(upstream);
      upstream.on('data', (d) => (first ? client.resetAndDestroy() : client.write(d)));
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy()).on('close', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const client = createIntentMeshClient({ url: `http://127.0.0.1:${(proxy.address() as { port: number }).port}` });
      const [p] = planIntents(market, 1);
      p.intent.nonce = 20_000n + BigInt(Date.now() % 1_000_000);
      const signature = await client.signIntent(p.intent, p.account);
      const r = await client.submitIntent(p.intent, signature);
      expect(resets).toBe(2);
      expect(r.duplicate).toBe(true); // the first try was stored before its answer was lost
      expect((await createIntentMeshClient({ url: m.url }).getIntent(r.hash)).hash).toBe(r.hash);
    } finally {
      for (const so of sockets) so.destroy();
      await new Promise((r) => proxy.close(r));
    }
  });

  it('openapi - the SDK types the build wrote are exactly what the live OpenAPI document generates', async () => {
    const doc = (await getJson(`${m.url}/docs/openapi.json`)).body as OpenApiDocument;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/quote', '/v1/intents/{hash}/cancel', '/metrics']),
    );
    const built = readFileSync(join(ROOT, 'libs/sdk/src/generated/openapi.ts'), 'utf8');
    // on failure: the build's staleness check (scripts/build.mjs) misses a source the document is made of
    expect(openApiToTs(doc)).toBe(built);
  });

  it('metrics - /metrics is Prometheus text with intents by status, auctions, bids by verdict, decision time and solver RTT', async () => {
    const res = await fetch(`${m.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const s = parsePrometheus(await res.text());
    expect(s.get('intentmesh_auctioneer_up')).toBe(1);
    expect(s.get('intentmesh_intents{status="cancelled"}')).toBeGreaterThanOrEqual(1);
    expect(s.get('intentmesh_auctions_total')).toBeGreaterThan(0);
    expect(s.get('intentmesh_bids_total{verdict="ACCEPTED"}')).toBeGreaterThan(0);
    expect(s.get('intentmesh_decision_seconds_count')).toBe(s.get('intentmesh_auctions_total'));
    expect(s.get('intentmesh_decision_seconds_bucket{le="+Inf"}')).toBe(s.get('intentmesh_auctions_total'));
    // all three live; one that bid late in its first (cold) auctions shows as degraded for a few seconds, by design
    expect(
      (s.get('intentmesh_solvers{state="healthy"}') ?? 0) + (s.get('intentmesh_solvers{state="degraded"}') ?? 0),
    ).toBe(3);
    expect(s.get('intentmesh_solvers{state="ejected"}') ?? 0).toBe(0);
    const solver = privateKeyToAccount(m.solverKeys[0]).address.toLowerCase();
    expect(s.get(`intentmesh_solver_rtt_ms{solver="${solver}",quantile="p50"}`)).toBeGreaterThanOrEqual(0);
    expect(s.get('intentmesh_quote_rounds_total{outcome="answered"}')).toBeGreaterThan(0);
    expect(s.get('intentmesh_api_quotes_total{outcome="no_quote"}')).toBeGreaterThan(0);
  });
});
