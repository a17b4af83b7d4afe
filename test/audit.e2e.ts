import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDigestSigner, hashBid, keccakHex, type AuctionRecordJSON, type Hex } from '@intentmesh/protocol';
import { createIntentMeshClient, type AuctionStreamEvent } from '@intentmesh/sdk';
import { main as cli } from '@intentmesh/cli';
import { ROOT, waitFor } from './support/processes';
import { sendBid, watchAuctionOpens } from './support/nats';
import { useMarketplace } from './support/marketplace';
import { demoMarket, planIntents, submitAll } from './support/trader';

/** Runs the real CLI as its own process, as an auditor would. */
function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'apps/cli/bin/intentmesh.js'), ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
/** The CLI through its main(), capturing what it prints. */
async function runMain(args: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('audit - 100 auctions on real NATS and PostgreSQL, audited through the API and the CLI', () => {
  let client: ReturnType<typeof createIntentMeshClient>;
  const events: { at: number; event: AuctionStreamEvent }[] = [];
  let unwatch: (() => void) | undefined;
  // one intent per auction, so 100 intents make at least 100 auctions; the window leaves time to probe a live one
  // (early close off: the sealed-bid probe bids from the test while the auction is open)
  // one-intent auctions with 1 s windows, many open at once, so 100 auctions take seconds, not minutes
  const m = useMarketplace(
    'audit',
    {
      AUCTION_MAX_INTENTS: '1',
      AUCTION_MAX_OPEN: '1000',
      AUCTION_INTERVAL_MS: '50',
      BID_WINDOW_MS: '1000',
      BID_WINDOW_EARLY_CLOSE: 'off',
    },
    { beforeStop: () => unwatch?.() },
  );
  beforeAll(() => {
    client = createIntentMeshClient({ url: m.url });
    unwatch = client.watchAuctions({ onEvent: (event) => events.push({ at: Date.now(), event }) });
  });

  it('sealed bids - no route, the stream included, shows any bid content before its auction closes', async () => {
    const { nats, opened, sub } = await watchAuctionOpens(m.prefix, 'sealed-bid-test');
    try {
      const doc = (await (await fetch(`${m.url}/docs/openapi.json`)).json()) as {
        paths: Record<string, { get?: unknown }>;
      };
      const [planned] = planIntents(demoMarket(), 1, { unfillableEvery: 1000 });
      planned.intent.nonce = 777_000n;
      const [hash] = await submitAll(m.url, [planned]);
      const auction = await waitFor(
        'its auction to open',
        async () => opened.find((a) => a.intents.some((i) => i.hash === hash)),
        10_000,
        10,
      );
      sub.unsubscribe();

      // a registered solver's bid with values found nowhere else: a random route hash and an odd amount
      const solver = createDigestSigner(m.solverKeys[0]);
      const routeHash = keccakHex(new TextEncoder().encode(`sealed-${Math.random()}`));
      const buyAmount = planned.intent.minBuyAmount * 3n + 7n;
      const bid = {
        auctionId: auction.auctionId,
        solver: solver.address,
        fills: [{ intentHash: hash, buyAmount }],
        routeHash,
        validUntil: Math.floor(Date.now() / 1000) + 60,
      };
      const bidHash = hashBid(bid);
      expect((await sendBid(nats, solver, bid)).verdict).toBe('ACCEPTED');
      const markers = [routeHash.slice(2), bidHash.slice(2), buyAmount.toString()];
      const leaks = (text: string) => markers.filter((x) => text.toLowerCase().includes(x));

      // every GET route the API documents, with this auction's, intent's and solver's values in its path
      const paths = Object.keys(doc.paths).filter((p) => doc.paths[p].get && p !== '/v1/stream');
      expect(paths).toEqual(
        expect.arrayContaining([
          '/v1/auctions',
          '/v1/auctions/{id}',
          '/v1/intents/{hash}/auction',
          '/v1/solvers/{address}/competition',
        ]),
      );
      const urls = [
        ...paths.map((p) =>
          p.replace('{id}', auction.auctionId).replace('{hash}', hash).replace('{address}', solver.address),
        ),
        `/v1/auctions?solver=${solver.address}`,
        `/v1/auctions?intent=${hash}`,
        `/v1/solvers/${solver.address}/competition?from=0`,
      ];
      const bodies = await Promise.all(
        urls.map(async (url) => ({ url, leaks: leaks(await (await fetch(`${m.url}${url}`)).text()) })),
      );
      // every body above was read while the auction was still open: its record is not stored yet, the intent is live in it
      expect((await fetch(`${m.url}/v1/auctions/${auction.auctionId}`)).status).toBe(404);
      const live = await (await fetch(`${m.url}/v1/intents/${hash}/auction`)).json();
      expect(live.error).toMatchObject({ code: 'AUCTION_NOT_FOUND', details: { liveAuctionId: auction.auctionId } });
      expect(bodies).toEqual(urls.map((url) => ({ url, leaks: [] })));

      // once closed, the same bid is in the record: the probe above could have seen it had it leaked
      const record = await waitFor(
        'the record',
        () => client.getAuction(auction.auctionId).catch(() => undefined),
        10_000,
      );
      expect(leaks(JSON.stringify(record))).toEqual(expect.arrayContaining([routeHash.slice(2), bidHash.slice(2)]));
      // the stream said nothing about the bid before the auction.closed event of this auction
      await waitFor('the closed event', async () =>
        events.some((e) => e.event.type === 'auction.closed' && e.event.data.auctionId === auction.auctionId),
      );
      const closedAt = events.findIndex(
        (e) => e.event.type === 'auction.closed' && e.event.data.auctionId === auction.auctionId,
      );
      expect(
        events.findIndex((e) => e.event.type === 'auction.opened' && e.event.data.auctionId === auction.auctionId),
      ).toBeLessThan(closedAt);
      expect(leaks(JSON.stringify(events.slice(0, closedAt)))).toEqual([]);
    } finally {
      await nats.close();
    }
  }, 30_000);

  let records: AuctionRecordJSON[] = [];

  it('runs 100 auctions; the filters, intent history and solver competition agree with the records', async () => {
    // in waves of twenty, so a shared 2-core machine runs twenty auctions at a time rather than a hundred
    const planned = planIntents(demoMarket(), 100, { unfillableEvery: 50 });
    const hashes: Hex[] = [];
    let statuses: string[] = [];
    for (let i = 0; i < planned.length; i += 20) {
      const wave = await submitAll(m.url, planned.slice(i, i + 20), 10);
      hashes.push(...wave);
      await waitFor(
        `intents ${i}-${i + 19} awarded or unfilled`,
        async () => {
          statuses = (await Promise.all(wave.map((h) => client.getIntent(h)))).map((v) => v.status);
          return statuses.every((s) => s === 'awarded' || s === 'unfilled');
        },
        20_000,
        100,
      ).catch((err) => {
        throw new Error(
          `${err.message}: ${JSON.stringify(statuses)}\n${Object.values(m.apps)
            .map((a) => `--- ${a.name}\n${a.output().slice(-1500)}`)
            .join('\n')}`,
        );
      });
    }
    await waitFor(
      '100 stored auctions',
      async () => (await client.listAuctions({ limit: 200 })).items.length >= 101,
      20_000,
      250,
    );

    const ids: Hex[] = [];
    for (let cursor: string | undefined; ;) {
      const page = await client.listAuctions({ limit: 50, cursor });
      ids.push(...page.items.map((i) => i.auctionId));
      if (!page.next) break;
      cursor = page.next;
    }
    expect(new Set(ids).size).toBe(ids.length);
    records = (await Promise.all(ids.map((id) => client.getAuction(id)))).sort((a, b) => a.seq - b.seq);
    expect(records.length).toBeGreaterThanOrEqual(101);
    // unfilled intents keep returning to new auctions: compare within the snapshot's sequence range
    const upTo = { auctioneer: m.auctioneerAddress, toSeq: records[records.length - 1].seq };
    const all = async (p: Parameters<typeof client.listAuctions>[0]) => {
      const out: string[] = [];
      for (let cursor: string | undefined; ;) {
        const page = await client.listAuctions({ ...p, ...upTo, limit: 7, cursor });
        out.push(...page.items.map((i) => i.auctionId));
        if (!page.next) return out.sort();
        cursor = page.next;
      }
    };
    const where = (f: (r: AuctionRecordJSON) => boolean) =>
      records
        .filter(f)
        .map((r) => r.auctionId)
        .sort();

    const solverAddress = createDigestSigner(m.solverKeys[1]).address;
    expect(await all({ solver: solverAddress })).toEqual(where((r) => r.bids.some((b) => b.solver === solverAddress)));
    expect(await all({ chainId: 10 })).toEqual(
      where((r) => r.intents.some((i) => i.intent.sourceChainId === 10 || i.intent.destinationChainId === 10)),
    );
    const unfilled = hashes[49];
    expect(await all({ intent: unfilled })).toEqual(where((r) => r.intents.some((i) => i.hash === unfilled)));
    const mid = records[50].closedAt;
    expect(await all({ from: mid, to: mid + 500, chainId: 1 })).toEqual(
      where(
        (r) =>
          r.closedAt >= mid &&
          r.closedAt < mid + 500 &&
          r.intents.some((i) => i.intent.sourceChainId === 1 || i.intent.destinationChainId === 1),
      ),
    );

    // an intent's auctions: the latest record in full and the ids of the earlier attempts
    const awarded = hashes[0];
    const once = records.filter((r) => r.intents.some((i) => i.hash === awarded)).reverse();
    const view = await client.getIntentAuction(awarded);
    expect(view).toMatchObject({
      intentHash: awarded,
      status: 'awarded',
      attempts: once.length,
      earlier: once.slice(1).map((r) => r.auctionId),
      liveAuctionId: null,
    });
    expect(view.latest).toEqual(once[0]);
    // an unfillable intent keeps being retried: every attempt is named, newest first
    const retried = await client.getIntentAuction(hashes[49]);
    const listed = new Set(
      (await client.listAuctions({ intent: hashes[49], limit: 200 })).items.map((i) => i.auctionId),
    );
    expect(retried.latest.intents.map((i) => i.hash)).toContain(hashes[49]);
    expect(retried.attempts).toBe(retried.earlier.length + 1);
    for (const id of [retried.latest.auctionId, ...retried.earlier]) expect(listed.has(id as Hex)).toBe(true);

    // a solver's competition: totals recomputed from the records themselves
    const comp = await client.getSolverCompetition(solverAddress, {
      limit: 200,
      to: records[records.length - 1].closedAt + 1,
    });
    const upToClose = await Promise.all(
      (await client.listAuctions({ to: records[records.length - 1].closedAt + 1, limit: 200 })).items.map((i) =>
        client.getAuction(i.auctionId),
      ),
    );
    const mine = upToClose.filter((r) => r.bids.some((b) => b.solver === solverAddress));
    const wonScores = mine.flatMap((r) =>
      r.outcomes
        .filter((o) => o.outcome === 'WON' && r.bids[o.index].solver === solverAddress)
        .map((o) => BigInt(o.score)),
    );
    expect(comp.totals).toMatchObject({
      auctions: mine.length,
      intentsWon: mine.reduce((n, r) => n + r.winners.filter((w) => w.solver === solverAddress).length, 0),
      bids: mine.reduce((n, r) => n + r.bids.filter((b) => b.solver === solverAddress).length, 0),
      score: wonScores.reduce((a, b) => a + b, 0n).toString(),
    });
    expect(comp.series.map((p) => p.auctionId).sort()).toEqual(mine.map((r) => r.auctionId).sort());
    expect(comp.totals.auctionsWon + comp.totals.auctionsLost).toBeLessThanOrEqual(comp.totals.auctions);
  }, 90_000);

  it('CLI - `intentmesh audit --from --to` passes; after one row is altered in the database it fails naming that auction', async () => {
    const [first, last] = [records[0], records[records.length - 1]];
    const env = { INTENTMESH_URL: m.url, INTENTMESH_AUCTIONEER: m.auctioneerAddress };
    const pass = await runCli(['audit', '--from', first.auctionId, '--to', last.auctionId, '--json'], env);
    expect(pass.stderr).toBe('');
    const report = JSON.parse(pass.stdout);
    expect(pass.code).toBe(0);
    expect(report).toMatchObject({
      ok: true,
      auctioneer: m.auctioneerAddress,
      auctioneerSource: 'env',
      checked: records.length,
      chain: { ok: true, problems: [] },
    });

    // a superuser rewrites one record in place, bypassing the append-only trigger
    const victim = records.find((r, i) => i > 20 && r.winners.length > 0)!;
    const db = new Client({ connectionString: m.db.url });
    await db.connect();
    try {
      await db.query('BEGIN');
      await db.query('ALTER TABLE auctions DISABLE TRIGGER auctions_append_only');
      const { rowCount } = await db.query(
        `UPDATE auctions SET record = jsonb_set(record::jsonb, '{winners,0,buyAmount}', '"1"')::json WHERE auction_id = $1`,
        [victim.auctionId],
      );
      expect(rowCount).toBe(1);
      await db.query('ALTER TABLE auctions ENABLE TRIGGER auctions_append_only');
      await db.query('COMMIT');
    } finally {
      await db.end();
    }

    // the running API still serves the record it cached before the rewrite; any API that reads the store sees it
    await m.restartApi();
    const fail = await runCli(['audit', '--from', first.auctionId, '--to', last.auctionId, '--json'], env);
    expect(fail.code).toBe(1);
    const bad = JSON.parse(fail.stdout);
    expect(bad.ok).toBe(false);
    expect(bad.auctions.filter((a: { ok: boolean }) => !a.ok).map((a: { auctionId: string }) => a.auctionId)).toEqual([
      victim.auctionId,
    ]);
    expect(
      bad.auctions
        .find((a: { auctionId: string }) => a.auctionId === victim.auctionId)
        .problems.map((p: { code: string }) => p.code),
    ).toEqual(expect.arrayContaining(['RECORD_HASH_MISMATCH', 'WINNERS_MISMATCH']));
    // the person-readable form names it too
    const text = await runMain(['audit', '--from', first.auctionId, '--to', last.auctionId], env);
    expect(text.code).toBe(1);
    expect(text.out).toContain(`FAIL  seq ${victim.seq}  ${victim.auctionId}`);
    expect(text.out).toMatch(new RegExp(`FAILED: 1 of ${records.length} auction\\(s\\) failed: ${victim.auctionId}`));
  }, 60_000);

  it('CLI - one auction, and a saved record offline with the auctioneer pinned or not', async () => {
    const [one] = records;
    const unpinned = await runMain(['audit', one.auctionId, '--url', m.url]);
    expect(unpinned).toMatchObject({ code: 0 });
    expect(unpinned.out).toContain('taken from the record, not pinned');
    const dir = mkdtempSync(join(tmpdir(), 'im-audit-'));
    const file = join(dir, 'record.json');
    writeFileSync(file, JSON.stringify(one));
    expect(await runMain(['audit', '--file', file, '--auctioneer', m.auctioneerAddress])).toMatchObject({ code: 0 });
    const forged = await runMain([
      'audit',
      '--file',
      file,
      '--auctioneer',
      '0x52908400098527886e0f7030069857d2e4169ee7',
      '--json',
    ]);
    expect(forged.code).toBe(1);
    expect(JSON.parse(forged.out).auctions[0].problems.map((p: { code: string }) => p.code)).toEqual(
      expect.arrayContaining(['WRONG_AUCTIONEER', 'BAD_RECORD_SIGNATURE']),
    );
    const chainFile = join(dir, 'chain.json');
    writeFileSync(chainFile, JSON.stringify([records[0], records[2]]));
    const gap = await runMain(['audit', '--file', chainFile, '--auctioneer', m.auctioneerAddress, '--json']);
    expect(gap.code).toBe(1);
    const problems = JSON.parse(gap.out).chain.problems as { code: string; seq: number }[];
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p).toMatchObject({ code: 'CHAIN_BROKEN', seq: records[2].seq });
    expect(await runMain(['audit', '--file', file])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--auctioneer'),
    });
    expect((await runMain(['audit', '--help'])).out).toContain('intentmesh audit --from <auctionId> --to <auctionId>');
  }, 30_000);
});
