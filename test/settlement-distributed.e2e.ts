// Distributed apps (real NATS, PostgreSQL, separate processes) settling on a local chain reached over JSON-RPC:
// the solvers read the chain's Uniswap V2/V3 pools and StableSwaps over that RPC (SOLVER_RPC_URLS) and settle the
// route they bid through them; the auctioneer's watcher marks the intent settled.
import {
  intentSettlementAbi,
  uniswapV2PairAbi,
  uniswapV3PoolAbi,
  type DemoChain,
  type RpcServer,
} from '@intentmesh/chain';
import { stableSwapAbi } from '@intentmesh/contracts';
import { createIntentMeshClient } from '@intentmesh/sdk';
import { parseEventLogs, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startChainMarketplace, type Marketplace } from './support/chainMarketplace';
import { demoMarket, wethForUsdc } from './support/trader';
import { STOP_TIMEOUT_MS } from './support/processes';

describe('settlement - distributed apps on a chain over JSON-RPC', () => {
  let chain: DemoChain;
  let rpc: RpcServer;
  let m: Marketplace;

  beforeAll(async () => {
    // the 'split' solver runs through the CLI (`intentmesh solver start --nats`, as a scaffold runs)
    ({ chain, rpc, m } = await startChainMarketplace('settle', demoMarket(), {}, { cliSolvers: [2] }));
  }, 90_000);
  afterAll(async () => {
    await m?.stop();
    await rpc?.close();
    await chain?.close();
  }, STOP_TIMEOUT_MS);

  type IntentView = {
    status: string;
    award: { award: { auctionId: string; buyAmount: string; solver: string } } | null;
    settlement: { txHash: Hex; chainId: number; blockNumber: number } | null;
  };
  /** One funded trader sells 1 WETH for USDC on chain 1 and follows the intent until it settles (or 40 s pass). */
  async function trade(): Promise<{ hash: Hex; view?: IntentView }> {
    const client = createIntentMeshClient({ url: m.url });
    const { trader, weth, intent } = await wethForUsdc(client);
    await chain.faucet({ token: weth.address, to: trader.address.toLowerCase() as Address, amount: intent.sellAmount });
    const { hash } = await client.submitIntent(intent, await client.signIntent(intent, trader));
    let view: IntentView | undefined;
    for (
      const until = Date.now() + 40_000;
      Date.now() < until && view?.status !== 'settled';
      await new Promise((r) => setTimeout(r, 200))
    ) {
      view = (await (await fetch(`${m.url}/v1/intents/${hash}`)).json()) as IntentView;
    }
    return { hash, view };
  }

  it('settlement - the winning solver process settles; the auctioneer process marks it settled with the confirmed tx', async () => {
    const { hash, view } = await trade();
    expect(view?.status).toBe('settled');
    const receipt = await chain.local.publicClient.getTransactionReceipt({ hash: view!.settlement!.txHash });
    const [event] = parseEventLogs({ abi: intentSettlementAbi, logs: receipt.logs, eventName: 'Settled' });
    expect(event.args).toMatchObject({
      intentHash: hash,
      auctionId: view!.award!.award.auctionId,
      delivered: BigInt(view!.award!.award.buyAmount),
    });
    // the route ran through the chain's real venues: their own swap events are in the settlement's receipt
    const venues = new Set(chain.amm!.pools.map((p) => p.address));
    const swaps = parseEventLogs({
      abi: [...uniswapV2PairAbi, ...uniswapV3PoolAbi, ...stableSwapAbi],
      logs: receipt.logs,
    })
      .filter((l) => l.eventName === 'Swap' || l.eventName === 'TokenExchange')
      .map((l) => l.address.toLowerCase() as Address);
    expect(swaps.length).toBeGreaterThan(0);
    for (const a of swaps) expect(venues.has(a)).toBe(true);
    expect(view!.settlement).toEqual({
      txHash: receipt.transactionHash,
      chainId: 1,
      blockNumber: Number(receipt.blockNumber),
    });
  }, 60_000);

  it('settlement - a solver run by `intentmesh solver start --nats` (as a scaffold runs) settles what it wins on SOLVER_RPC_URLS chains', async () => {
    // the CLI-run solver (cliSolvers above) has margin 0: it wins most auctions, not all
    const cliSolver = privateKeyToAccount(m.solverKeys[2] as Hex).address.toLowerCase();
    let won: { hash: Hex; view?: IntentView } | undefined;
    for (let i = 0; i < 6 && !won; i++) {
      const t = await trade();
      expect(t.view?.status).toBe('settled');
      if (t.view!.award!.award.solver === cliSolver) won = t;
    }
    expect(won).toBeDefined();
    const receipt = await chain.local.publicClient.getTransactionReceipt({ hash: won!.view!.settlement!.txHash });
    expect(receipt.from.toLowerCase()).toBe(cliSolver);
    const [event] = parseEventLogs({ abi: intentSettlementAbi, logs: receipt.logs, eventName: 'Settled' });
    expect(event.args).toMatchObject({ intentHash: won!.hash, delivered: BigInt(won!.view!.award!.award.buyAmount) });
  }, 300_000);
});
