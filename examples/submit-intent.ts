/**
 * Trader: sign an intent, submit it, and follow it to its award; exits non-zero if the outcome is wrong.
 * Run the marketplace first (`npm start`), then: `npm run example` (or `npx tsx examples/submit-intent.ts`).
 */
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createIntentMeshClient } from '@intentmesh/sdk';

async function main() {
  const url = process.env.INTENTMESH_URL ?? 'http://127.0.0.1:3000';
  const client = createIntentMeshClient({ url });
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
  // dev only (`npm start`'s local chains): 1 WETH for this fresh key, and the settlement approved to pull it
  const faucet = await fetch(`${url}/v1/dev/faucet`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      chainId: 1,
      token: weth.address,
      to: account.address,
      amount: intent.sellAmount.toString(),
    }),
  });
  if (!faucet.ok)
    console.log(
      'no dev faucet here (distributed mode?): the award cannot settle unless the swapper holds and approved WETH',
    );
  const signature = await client.signIntent(intent, account);
  const { hash } = await client.submitIntent(intent, signature);
  console.log('submitted', hash);

  const view = await client.waitForAward(hash, { timeoutMs: 15_000, onStatus: (s) => console.log('status', s) });
  const award = view.award!.award;
  // what the trader signed is what the award must honour
  if (award.intentHash !== hash) throw new Error(`the award is for ${award.intentHash}, not ${hash}`);
  if (BigInt(award.buyAmount) < intent.minBuyAmount)
    throw new Error(`awarded ${award.buyAmount}, below the signed minimum ${intent.minBuyAmount}`);
  console.log(
    `awarded to ${award.solver}: ${award.buyAmount} USDC base units (min ${intent.minBuyAmount}), settle by ${new Date(award.settleBy * 1000).toISOString()}`,
  );
  const auction = await client.getAuction(view.auctionId!);
  console.log(
    `auction ${auction.auctionId}: ${auction.bids.length} bids, ${auction.awards.length} awards, record ${auction.recordHash}`,
  );

  // the winning solver settles on chain: open on Ethereum, fill on OP Mainnet; the status turns `settled`
  if (faucet.ok) {
    for (const until = Date.now() + 15_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
      const { status, settlement } = (await (await fetch(`${url}/v1/intents/${hash}`)).json()) as {
        status: string;
        settlement: { txHash: string; chainId: number; blockNumber: number } | null;
      };
      if (status === 'settled' && settlement) {
        console.log(
          `settled in tx ${settlement.txHash} on chain ${settlement.chainId}, block ${settlement.blockNumber}`,
        );
        return;
      }
    }
    throw new Error('the award did not settle within 15 s');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
