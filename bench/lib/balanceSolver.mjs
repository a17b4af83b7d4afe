// One reference solver as its own OS process for bench:balance: the reference quote, declared chains and region
// (SOLVER_CHAINS, SOLVER_REGION), an optional voucher, and a delay before bidding switched by signals so the bench
// can make a key slow at auctions only (probes are answered at once): SIGUSR1 slow, SIGUSR2 fast. While slow it also quotes
// BENCH_SLOW_MARGIN_BPS (100) worse, so it wins nothing beside a direct solver: the fan-out keeps slow keys that win.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('../..', import.meta.url).pathname;
const { createSolver } = require(join(root, 'libs/solver-kit/dist/index.js'));
const { createReferenceQuote } = require(join(root, 'apps/solver/dist/index.js'));
const { generateMarket } = require(join(root, 'libs/routing/dist/index.js'));

const env = process.env;
let delayMs = 0;
const slowMs = Number(env.BENCH_SLOW_MS ?? 150);
const slowMarginBps = Number(env.BENCH_SLOW_MARGIN_BPS ?? 100);
process.on('SIGUSR1', () => (delayMs = slowMs));
process.on('SIGUSR2', () => (delayMs = 0));

const market = generateMarket({ seed: Number(env.MARKET_SEED), poolCount: Number(env.MARKET_POOLS) });
const reference = createReferenceQuote({ market, profile: 'direct', marginBps: 0 });
const losing = createReferenceQuote({ market, profile: 'direct', marginBps: slowMarginBps });
const quote = async (auction, ctx) => {
  if (!delayMs) return reference(auction, ctx);
  await new Promise((r) => setTimeout(r, delayMs));
  return losing(auction, ctx);
};
const chains = (env.SOLVER_CHAINS ?? '').split(',').filter(Boolean).map(Number);
const solver = await createSolver({
  privateKey: env.SOLVER_PRIVATE_KEY,
  natsUrl: env.NATS_URL,
  natsPrefix: env.NATS_PREFIX,
  name: env.SOLVER_NAME,
  quote,
  chains: chains.length ? chains : undefined,
  region: env.SOLVER_REGION || undefined,
  operatorVoucher: env.OPERATOR_VOUCHER ? JSON.parse(env.OPERATOR_VOUCHER) : undefined,
});
process.on('SIGTERM', () => void solver.close().finally(() => process.exit(0)));
