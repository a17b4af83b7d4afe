import { generatePrivateKey } from 'viem/accounts';
import { startMarketplace } from './support/marketplace';
import { getJson } from './support/processes';
import { demoMarket, planIntents, submitAll } from './support/trader';

describe('secrets - no private key ever appears in logs or error bodies', () => {
  it('keeps the auctioneer and solver keys out of every log line and every API answer, even at debug level', async () => {
    const m = await startMarketplace('secrets', { LOG_LEVEL: 'debug' });
    try {
      await submitAll(m.url, planIntents(demoMarket(), 20));
      const bodies: string[] = [];
      for (const path of [
        '/v1/intents',
        '/v1/intents/0x12',
        '/v1/auctions/zz',
        '/health',
        '/v1/solvers',
        '/nope',
        '/metrics',
        '/v1/quote?sellToken=0x12',
        `/v1/quote?sellToken=0x${'ab'.repeat(20)}&buyToken=0x${'cd'.repeat(20)}&sellAmount=1&sourceChainId=1`,
      ]) {
        const res = await fetch(`${m.url}${path}`, {
          method: path === '/v1/intents' ? 'POST' : 'GET',
          body: path === '/v1/intents' ? '{"x":' : undefined,
          headers: { 'content-type': 'application/json' },
        });
        bodies.push(await res.text());
      }
      bodies.push(JSON.stringify((await getJson(`${m.url}/v1/auctions?limit=5`)).body));
      await new Promise((r) => setTimeout(r, 1500));
      const keys = [m.auctioneerEnv.AUCTIONEER_PRIVATE_KEY, m.auctioneerEnv.INTAKE_KEY, ...m.solverKeys].map((k) =>
        k.replace(/^0x/, '').toLowerCase(),
      );
      const everything = (
        Object.values(m.apps)
          .map((a) => a.output())
          .join('\n') + bodies.join('\n')
      ).toLowerCase();
      expect(everything.length).toBeGreaterThan(1000); // debug logging really produced output
      for (const k of keys) expect(everything.includes(k)).toBe(false);
      expect(everything.includes(generatePrivateKey().slice(2))).toBe(false); // sanity: the search is for real strings
    } finally {
      await m.stop();
    }
  }, 90_000);
});
