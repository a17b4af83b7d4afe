// Local chain benchmark: what the embedded default's chains cost at start, beside a plain deployment in the same run.
// baseline: startLocalChain + deployLocal (contracts at fresh addresses, 2 tokens) per demo chain;
// demo: startDemoChain (contracts placed at libs/protocol's addresses, every demo market token) per demo chain.
// Prints ONE JSON object. Run: npm run bench:chain (builds first).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { deployLocal, startDemoChain, startLocalChain } = require('@intentmesh/chain');
const { generateMarket } = require('@intentmesh/routing');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const market = generateMarket({ seed: 1, poolCount: 300 });
const ids = market.chains.map((c) => c.chainId);
const someone = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';

async function baseline() {
  const t0 = performance.now();
  const chains = await Promise.all(ids.map((chainId) => startLocalChain({ chainId })));
  await Promise.all(
    chains.map((c) =>
      deployLocal(
        { walletClient: c.walletFor(c.accounts[0]), publicClient: c.publicClient },
        { auctioneer: someone, attester: someone },
      ),
    ),
  );
  const ms = performance.now() - t0;
  await Promise.all(chains.map((c) => c.close()));
  return ms;
}

async function demo() {
  const t0 = performance.now();
  const chains = await Promise.all(
    ids.map((chainId) =>
      startDemoChain({
        chainId,
        auctioneer: someone,
        attester: someone,
        tokens: market.tokens.filter((t) => t.chainId === chainId),
        peers: ids.filter((p) => p !== chainId),
        registry: chainId === ids[0] ? {} : undefined,
      }),
    ),
  );
  const ms = performance.now() - t0;
  await Promise.all(chains.map((c) => c.close()));
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const t0 = performance.now();
await startLocalChain({ chainId: 999 }).then((c) => c.close()); // Hardhat's runtime is created once per process
const hardhatInitMs = performance.now() - t0;
const base = [];
const placed = [];
// interleaved, so machine noise hits both alike
for (let i = 0; i < ROUNDS; i++) {
  base.push(await baseline());
  placed.push(await demo());
}
console.log(
  JSON.stringify({
    chains: ids,
    tokens: market.tokens.length,
    rounds: ROUNDS,
    hardhatInitMs: Math.round(hardhatInitMs),
    baselineDeployLocalMs: { median: Math.round(median(base)), all: base.map(Math.round) },
    demoChainsMs: { median: Math.round(median(placed)), all: placed.map(Math.round) },
    ratio: Number((median(placed) / median(base)).toFixed(2)),
  }),
);
