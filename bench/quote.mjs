// bench:quote: GET /v1/quote latency on the embedded marketplace (one process: API, auctioneer, three reference solvers),
// beside GET /v1/chains on the same server as the baseline (HTTP + NestJS cost with no bus round). Prints one JSON object.
//   npm run bench:quote -- [--requests 200]
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
require('reflect-metadata');
const { startEmbedded } = require(join(root, 'apps/embedded/dist/index.js'));

const { values: opt } = parseArgs({ options: { requests: { type: 'string', default: '200' } } });
const n = Number(opt.requests);

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const stats = (xs) => ({
  p50ms: +pct(xs, 50).toFixed(1),
  p99ms: +pct(xs, 99).toFixed(1),
  maxMs: +Math.max(...xs).toFixed(1),
});

async function timed(url) {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.json();
  return { ms: performance.now() - t0, status: res.status, body };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'im-benchquote-'));
  const m = await startEmbedded({
    env: { DATA_DIR: dataDir, PORT: '0', PROBE_INTERVAL_MS: '200', LOG_LEVEL: 'silent' },
    quiet: true,
  });
  try {
    for (let i = 0; i < 100; i++) {
      const solvers = await (await fetch(`${m.url}/v1/solvers`)).json();
      if (solvers.filter((s) => s.state === 'healthy').length === 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const tokens = await (await fetch(`${m.url}/v1/tokens?chainId=1`)).json();
    const weth = tokens.find((t) => t.symbol === 'WETH');
    const usdc = tokens.find((t) => t.symbol === 'USDC');
    const quoteUrl = (i) =>
      `${m.url}/v1/quote?sellToken=${weth.address}&buyToken=${usdc.address}&sourceChainId=1&sellAmount=${10n ** 18n + BigInt(i)}`;
    for (let i = 0; i < 20; i++) await timed(quoteUrl(i)); // warm-up: JIT and route caches
    const baseline = [];
    const quote = [];
    const serverMs = [];
    let answered = 0;
    let full = 0;
    // interleaved, so both series see the same machine noise
    for (let i = 0; i < n; i++) {
      baseline.push((await timed(`${m.url}/v1/chains`)).ms);
      const q = await timed(quoteUrl(1000 + i));
      quote.push(q.ms);
      if (q.status === 200) {
        answered++;
        serverMs.push(q.body.elapsedMs);
        if (q.body.spread.count === 3) full++;
      }
    }
    const result = {
      bench: 'quote',
      requests: n,
      baselineChains: stats(baseline),
      quote: stats(quote),
      quoteServerElapsed: stats(serverMs),
      answeredShare: +(answered / n).toFixed(3),
      allThreeSolversShare: +(full / n).toFixed(3),
      within300msShare: +(quote.filter((x) => x < 300).length / n).toFixed(3),
      quoteP50OverBaselineP50: +(pct(quote, 50) / pct(baseline, 50)).toFixed(1),
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    await m.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
