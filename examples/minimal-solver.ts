/**
 * Solver: a custom strategy in a dozen lines on @intentmesh/solver-kit. It starts the embedded marketplace in this
 * process (the in-process bus is not reachable from outside), lets its dev operator vouch for a fresh key, competes
 * with the three demo solvers on one intent, and exits non-zero unless it won.
 * Run: `npm run build && npx tsx --tsconfig examples/tsconfig.json examples/minimal-solver.ts` (no other service needed).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { startEmbedded } from '@intentmesh/embedded';
import { createQuoter, hashRoute } from '@intentmesh/routing';
import { createSolver, type QuoteFn } from '@intentmesh/solver-kit';
import { createIntentMeshClient } from '@intentmesh/sdk';

async function main() {
  // this example is about winning auctions, so the local chains stay off (the trader example shows settlement);
  // under tsx, hardhat's runtime would also load twice
  const m = await startEmbedded({
    env: {
      ...process.env,
      PORT: '0',
      LOCAL_CHAIN: 'off',
      LOCAL_CHAIN_RPC_PORT: '0',
      DATA_DIR: process.env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'im-example-')),
    },
    quiet: true,
  });
  try {
    // the strategy: the best route through the demo market, bid in full (the demo solvers keep a margin)
    const quoter = createQuoter(m.market, { maxHops: 4, maxSplits: 8 });
    const quote: QuoteFn = (auction) =>
      auction.intents.flatMap(({ hash, intent }) => {
        const route = quoter.quote(
          intent,
          intent.sourceChainId === intent.destinationChainId ? { allowBridges: false } : { maxBridges: 1 },
        );
        return route && route.amountOut >= intent.minBuyAmount
          ? [{ fills: [{ intentHash: hash, buyAmount: route.amountOut }], routeHash: hashRoute(route) }]
          : [];
      });

    const key = generatePrivateKey();
    const solver = await createSolver({
      privateKey: key,
      operatorVoucher: m.devOperator!.vouch(privateKeyToAccount(key).address),
      messaging: m.messaging,
      quote,
    });
    console.log(`solver ${solver.address} registered under operator ${solver.operator}`);

    // a trader sells 1 WETH on Ethereum for USDC on OP Mainnet
    const client = createIntentMeshClient({ url: m.url });
    const trader = privateKeyToAccount(generatePrivateKey());
    const [weth, usdc] = await Promise.all([client.getToken(1, 'WETH'), client.getToken(10, 'USDC')]);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const intent = client.buildIntent({
        swapper: trader.address,
        sellToken: weth.address,
        sellAmount: 10n ** 18n,
        buyToken: usdc.address,
        minBuyAmount: 1_000n * 10n ** 6n,
        sourceChainId: 1,
        destinationChainId: 10,
      });
      const { hash } = await client.submitIntent(intent, await client.signIntent(intent, trader));
      const { award } = await client.waitForAward(hash, { timeoutMs: 15_000 });
      console.log(`attempt ${attempt}: awarded to ${award!.award.solver} for ${award!.award.buyAmount}`);
      if (award!.award.solver === solver.address) {
        await solver.close();
        console.log(
          `won; counters ${JSON.stringify({ auctions: solver.stats.auctions, accepted: solver.stats.accepted, wins: solver.stats.wins })}`,
        );
        return;
      }
    }
    throw new Error('the minimal solver never won');
  } finally {
    await m.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
