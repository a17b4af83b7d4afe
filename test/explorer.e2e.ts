import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createIntentMeshClient, type AuctionRecordJSON } from '@intentmesh/sdk';
import {
  buildOnce,
  getJson,
  ROOT,
  startEmbeddedApp,
  waitFor,
  type AppProcess,
  STOP_TIMEOUT_MS,
} from './support/processes';

// Debian's chromium (apt-get install chromium; .ci/run installs it): Playwright's own browser download is unreachable here
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts', 'explorer');
const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

describe('explorer - the web app the API serves at /, driven in headless Chromium against the embedded marketplace', () => {
  let app: AppProcess;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    buildOnce();
    // the explorer reads the chains through the API: no JSON-RPC port (0: off)
    ({ app, url } = await startEmbeddedApp(
      { DATA_DIR: mkdtempSync(join(tmpdir(), 'im-explorer-')), LOCAL_CHAIN_RPC_PORT: '0' },
      120_000,
    ));
    // quotes ask only solvers out of probation (their probes answered): on a loaded host that can trail the banner
    await waitFor(
      'a demo solver out of probation',
      async () => {
        const r = await getJson(`${url}/v1/solvers`);
        return (
          r.status === 200 && (r.body as { state: string }[]).some((x) => ['healthy', 'degraded'].includes(x.state))
        );
      },
      60_000,
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 180_000);

  /** A new tab at `route`; with `pin`, that auctioneer is pinned on the home page first, as a visitor would. */
  const openPage = async (route: string, pin?: string) => {
    const page = await browser.newPage();
    if (pin) {
      await page.goto(`${url}/`);
      await page.fill('#pin', pin);
      await page.press('#pin', 'Enter');
    }
    await page.goto(`${url}/${route}`);
    return page;
  };

  afterAll(async () => {
    await browser?.close();
    await app?.kill('SIGTERM');
  }, STOP_TIMEOUT_MS);

  it('explorer - the feed shows a new auction within 3 s of a submit', async () => {
    const page = await openPage('');
    await page.waitForSelector('#live-state');
    const client = createIntentMeshClient({ url });
    const account = privateKeyToAccount(generatePrivateKey());
    const [weth, usdc] = [await client.getToken(1, 'WETH'), await client.getToken(1, 'USDC')];
    const faucet = await fetch(`${url}/v1/dev/faucet`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chainId: 1, token: weth.address, to: account.address, amount: (10n ** 18n).toString() }),
    });
    expect(faucet.status).toBe(200);
    const intent = await client.prepareIntent({
      swapper: account.address,
      sellToken: weth.address,
      sellAmount: 10n ** 18n,
      buyToken: usdc.address,
      sourceChainId: 1,
    });
    const submittedAt = Date.now();
    const { hash } = await client.submitIntent(intent, await client.signIntent(intent, account));
    const { auctionId } = await client.waitForAward(hash, { timeoutMs: 30_000 });
    await page.waitForSelector(`#feed tr[data-auction="${auctionId}"]`, {
      timeout: Math.max(1, submittedAt + 3_000 - Date.now()),
    });
    expect(Date.now() - submittedAt).toBeLessThanOrEqual(3_000);
    await shot(page, 'feed');
    await page.close();
  }, 60_000);

  it('explorer - an auction page verifies green in the browser against the pinned auctioneer', async () => {
    const { items } = await createIntentMeshClient({ url }).listAuctions({ limit: 1 });
    const record = await createIntentMeshClient({ url }).getAuction(items[0]!.auctionId);
    const page = await openPage(`#/auction/${record.auctionId}`, record.auctioneer);
    const badge = await page.waitForSelector('.badge:not([data-verdict="pending"])', { timeout: 20_000 });
    expect(await badge.getAttribute('data-verdict')).toBe('verified');
    expect(await badge.textContent()).toContain(record.auctioneer);
    // every bid of the record is listed with its verdict
    expect(await page.locator('table').nth(3).locator('tbody tr').count()).toBe(record.bids.length);
    await shot(page, 'auction-verified');

    // a different pinned auctioneer must fail the same record
    await page.fill('#pin', privateKeyToAccount(generatePrivateKey()).address);
    await page.press('#pin', 'Enter');
    const wrong = await page.waitForSelector('.badge:not([data-verdict="pending"])', { timeout: 20_000 });
    expect(await wrong.getAttribute('data-verdict')).toBe('failed');
    await page.close();
  }, 60_000);

  it('explorer - a tampered record loaded from a file shows red', async () => {
    const client = createIntentMeshClient({ url });
    const { items } = await client.listAuctions({ limit: 5 });
    const record = (await Promise.all(items.map((s) => client.getAuction(s.auctionId)))).find(
      (r) => r.winners.length,
    ) as AuctionRecordJSON;
    const tampered = structuredClone(record);
    tampered.winners[0]!.buyAmount = (BigInt(tampered.winners[0]!.buyAmount) + 1n).toString();
    const file = join(mkdtempSync(join(tmpdir(), 'im-explorer-file-')), 'tampered.json');
    writeFileSync(file, JSON.stringify(tampered));
    const page = await openPage('#/verify', record.auctioneer);
    await page.setInputFiles('#record-file', file);
    const badge = await page.waitForSelector('#file-result .badge:not([data-verdict="pending"])', { timeout: 20_000 });
    expect(await badge.getAttribute('data-verdict')).toBe('failed');
    expect(await badge.textContent()).toMatch(/RECORD_HASH_MISMATCH|WINNERS_MISMATCH/);
    await shot(page, 'tampered-red');
    await page.close();
  }, 60_000);

  it('explorer - the try-it form takes a burner key through faucet, quote, sign and submit to settled', async () => {
    const page = await openPage('#/try');
    await page.waitForSelector('#try-faucet');
    await page.click('#try-faucet');
    await page.waitForSelector('#try-log li:nth-child(1):has-text("Minted")');
    await page.click('#try-quote');
    await page.waitForSelector('#try-log li:nth-child(2):has-text("Quote")');
    await page.click('#try-submit');
    await page.waitForSelector('#try-status[data-status="settled"]', { timeout: 60_000 });
    expect(await page.textContent('#try-status')).toMatch(/settled \(tx 0x[0-9a-f]{64} on chain 1, block \d+\)/);
    await shot(page, 'try-it-settled');
    // the intent page shows the settlement too
    await page.click('#try-log a');
    await page.waitForSelector('#settlement:has-text("tx")');
    // its history names the auction and how the award ended
    await page.waitForSelector('table .chip-ok:has-text("settled")');
    await shot(page, 'intent');
    await page.close();
  }, 90_000);

  it('explorer - the solver page shows health, RTT and a wins chart', async () => {
    const page = await openPage('#/solvers');
    await page.waitForSelector('table tbody tr');
    await page.click('table tbody tr a');
    await page.waitForSelector('#wins-chart canvas', { timeout: 20_000 });
    expect(await page.textContent('main')).toMatch(/RTT p50/);
    expect(await page.locator('main .error').count()).toBe(0);
    await shot(page, 'solver');
    await page.close();
  }, 60_000);
});
