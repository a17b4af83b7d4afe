import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createPublicClient, http, parseAbi } from 'viem';
import { buildOnce, ROOT, startEmbeddedApp } from './support/processes';
import { freePort } from './support/marketplace';

describe('embedded default - npm start', () => {
  it('boots with no external service and carries the README example intent to an award and an on-chain settlement', async () => {
    buildOnce();
    const dataDir = mkdtempSync(join(tmpdir(), 'im-embedded-'));
    // the same entry point `npm start` runs, with no NATS_URL and no DATABASE_URL
    const rpcPort = await freePort();
    const { app, url } = await startEmbeddedApp({ DATA_DIR: dataDir, LOCAL_CHAIN_RPC_PORT: String(rpcPort) }, 60_000);
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const example = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['examples/submit-intent.ts'], {
        cwd: ROOT,
        env: { ...process.env, INTENTMESH_URL: url },
      });
      let out = '';
      example.stdout.on('data', (d) => (out += d));
      example.stderr.on('data', (d) => (out += d));
      const code = await new Promise<number>((r) => example.on('exit', (c) => r(c ?? 1)));
      expect({ code, out }).toEqual({ code: 0, out: expect.stringMatching(/awarded to 0x[0-9a-f]{40}: \d+ USDC/) });
      expect(out).toMatch(/auction 0x[0-9a-f]{64}: \d+ bids, 1 awards/);
      // the winning solver settles on the local chains: open on chain 1, fill on chain 10
      const [, block] = out.match(/settled in tx 0x[0-9a-f]{64} on chain 10, block (\d+)/) ?? [];
      expect(block).toBeDefined();
      // the route bridges WETH and swaps on chain 10: the solver ran those legs through the chain's real pools (Uniswap
      // V2/V3 and StableSwap code) just before the fill, so their own swap events are there
      const chain10 = createPublicClient({ transport: http(`http://127.0.0.1:${rpcPort + 1}`) });
      const swaps = await chain10.getLogs({
        events: parseAbi([
          'event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)',
          'event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)',
          'event TokenExchange(address indexed buyer, int128 soldId, uint256 tokensSold, int128 boughtId, uint256 tokensBought)',
        ]),
        fromBlock: 0n,
        toBlock: BigInt(block),
      });
      expect(swaps.length).toBeGreaterThan(0);
      // API and auctioneer share a per-run intake key: the auctioneer took the API's sealed recovery, not its own
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/^intentmesh_intent_signature_checks_total\{by="sealed"\} [1-9]/m);
      expect(metrics).not.toMatch(/^intentmesh_intent_signature_checks_total\{by="recovered"\}/m);
      expect(app.output()).toContain(`POST ${url}/v1/dev/faucet`);
      expect(app.output()).toContain(`RPC        http://127.0.0.1:${rpcPort}  (chain 1, JSON-RPC)`);
    } finally {
      await app.kill('SIGTERM');
    }
  }, 90_000);
});
