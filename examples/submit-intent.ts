/**
 * Trader: sign an intent, submit it, and follow it to its award; exits non-zero if the outcome is wrong.
 * Run the marketplace first (`npm start`), then: `npm run example` (or `npx tsx examples/submit-intent.ts`).
 */
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createIntentMeshClient } from '@intentmesh/sdk';

async function main() {
  const client = createIntentMeshClient({ url: process.env.INTENTMESH_URL ?? 'http://127.0.0.1:3000' });
  const account = privateKeyToAccount((process.env.TRADER_PRIVATE_KEY as `0x${string}`) ?? generatePrivateKey());

  // sell 1 WETH on Ethereum for USDC on OP Mainnet: the solvers route it through a bridge
  const weth = await client.getToken(1, 'WETH');
  const usdc = await client.getToken(10, 'USDC');
  const intent = client.buildIntent({
    swapper: account.address,
    sellToken: weth.address,
    sellAmount: 10n ** 18n,
    buyToken: usdc.address,
    minBuyAmount: 1_000n * 10n ** 6n, // at least 1,000 USDC
    sourceChainId: 1,
    destinationChainId: 10,
  });
  const signature = await client.signIntent(intent, account);
  const { hash } = await client.submitIntent(intent, signature);
  console.log('submitted', hash);

  const view = await client.waitForAward(hash, { timeoutMs: 15_000, onStatus: (s) => console.log('status', s) });
  const award = view.award!.award;
  // what the trader signed is what the award must honour
  if (award.intentHash !== hash) throw new Error(`the award is for ${award.intentHash}, not ${hash}`);
  if (BigInt(award.buyAmount) < intent.minBuyAmount) throw new Error(`awarded ${award.buyAmount}, below the signed minimum ${intent.minBuyAmount}`);
  console.log(`awarded to ${award.solver}: ${award.buyAmount} USDC base units (min ${intent.minBuyAmount}), settle by ${new Date(award.settleBy * 1000).toISOString()}`);
  const auction = await client.getAuction(view.auctionId!);
  console.log(`auction ${auction.auctionId}: ${auction.bids.length} bids, ${auction.awards.length} awards, record ${auction.recordHash}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
