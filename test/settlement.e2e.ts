// The embedded stack with its local chains (real EDR, real signatures): an intent is awarded, the winning solver
// settles it on chain, and the API reports `settled` with a transaction the chain confirms.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { intentSettlementAbi, mockErc20Abi } from '@intentmesh/chain';
import { startEmbedded } from '@intentmesh/embedded';
import { createIntentMeshClient } from '@intentmesh/sdk';
import { createPublicClient, http, parseEventLogs, type Hex } from 'viem';
import { freePort } from './support/marketplace';
import { wethForUsdc } from './support/trader';
import { STOP_TIMEOUT_MS } from './support/processes';

type Embedded = Awaited<ReturnType<typeof startEmbedded>>;
type View = {
  status: string;
  award: { award: { auctionId: string; solver: string; buyAmount: string } } | null;
  settlement: { txHash: Hex; chainId: number; blockNumber: number } | null;
};

describe('settlement - embedded local chains', () => {
  let m: Embedded;
  const post = (path: string, body: unknown) =>
    fetch(`${m.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const view = async (hash: string): Promise<View> =>
    (await fetch(`${m.url}/v1/intents/${hash}`)).json() as Promise<View>;
  const waitSettled = async (hash: string): Promise<View> => {
    for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      const v = await view(hash);
      if (v.status === 'settled') return v;
    }
    throw new Error(`intent ${hash} did not settle: ${JSON.stringify(await view(hash))}`);
  };

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'im-settle-'));
    m = await startEmbedded({
      env: {
        PORT: '0',
        DATA_DIR: dataDir,
        LOCAL_CHAIN_RPC_PORT: String(await freePort()),
        AUCTION_INTERVAL_MS: '100',
        BID_WINDOW_MS: '400',
        LOG_LEVEL: 'warn',
      },
      quiet: true,
    });
  }, 90_000);
  afterAll(async () => {
    await m?.stop();
  }, STOP_TIMEOUT_MS);

  it('settlement - a same-chain award is settled by the winning solver and the API reports the tx the chain confirms', async () => {
    const client = createIntentMeshClient({ url: m.url });
    const { trader, weth, usdc, intent } = await wethForUsdc(client);
    const faucet = await post('/v1/dev/faucet', {
      chainId: 1,
      token: weth.address,
      to: trader.address,
      amount: String(intent.sellAmount),
    });
    expect(faucet.status).toBe(200);
    const { hash } = await client.submitIntent(intent, await client.signIntent(intent, trader));

    const settled = await waitSettled(hash);
    expect(settled.settlement).toEqual({
      txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      chainId: 1,
      blockNumber: expect.any(Number),
    });
    const chain1 = m.local!.chains.find((c) => c.chainId === 1)!;
    const receipt = await chain1.local.publicClient.getTransactionReceipt({ hash: settled.settlement!.txHash });
    expect(receipt.status).toBe('success');
    expect(Number(receipt.blockNumber)).toBe(settled.settlement!.blockNumber);
    const [event] = parseEventLogs({ abi: intentSettlementAbi, logs: receipt.logs, eventName: 'Settled' });
    const award = settled.award!.award;
    expect(event.address.toLowerCase()).toBe('0x5e77000000000000000000000000000000000001'); // libs/protocol's settlement address
    expect(event.args).toEqual({
      intentHash: hash,
      auctionId: award.auctionId,
      solver: expect.any(String),
      recipient: expect.any(String),
      buyToken: expect.any(String),
      delivered: BigInt(award.buyAmount),
    });
    expect([event.args.recipient.toLowerCase(), event.args.buyToken.toLowerCase()]).toEqual([
      trader.address.toLowerCase(),
      usdc.address.toLowerCase(),
    ]);
    expect(event.args.solver.toLowerCase()).toBe(award.solver);
    const received = await chain1.local.publicClient.readContract({
      address: usdc.address,
      abi: mockErc20Abi,
      functionName: 'balanceOf',
      args: [trader.address],
    });
    expect(received).toBe(BigInt(award.buyAmount)); // the settlement pays exactly the award; the surplus is the solver's
    // the route ran through real pools: their swap events are in the settlement's receipt
    const venues = new Set(chain1.amm!.pools.map((p) => p.address));
    expect(receipt.logs.filter((l) => venues.has(l.address.toLowerCase() as Hex)).length).toBeGreaterThan(0);
  }, 60_000);

  it('settlement - a cross-chain award is opened on the source, filled on the destination, and repaid on the attester proof', async () => {
    const client = createIntentMeshClient({ url: m.url });
    const { trader, weth, usdc, intent } = await wethForUsdc(client, 10);
    expect(
      (
        await post('/v1/dev/faucet', {
          chainId: 1,
          token: weth.address,
          to: trader.address,
          amount: String(intent.sellAmount),
        })
      ).status,
    ).toBe(200);
    const { hash } = await client.submitIntent(intent, await client.signIntent(intent, trader));

    const settled = await waitSettled(hash);
    expect(settled.settlement!.chainId).toBe(10); // the fill on the destination is what the trader waits for
    const chain10 = m.local!.chains.find((c) => c.chainId === 10)!;
    const received = await chain10.local.publicClient.readContract({
      address: usdc.address,
      abi: mockErc20Abi,
      functionName: 'balanceOf',
      args: [trader.address],
    });
    expect(received).toBeGreaterThanOrEqual(BigInt(settled.award!.award.buyAmount));
    // the attester's proof releases the escrow on the origin to the awarded solver
    const chain1 = m.local!.chains.find((c) => c.chainId === 1)!;
    for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      const order = await chain1.local.publicClient.readContract({
        address: chain1.settlement,
        abi: intentSettlementAbi,
        functionName: 'orders',
        args: [hash as Hex],
      });
      if (order[0] === 2) break; // OrderStatus.Repaid
    }
    const repaid = await chain1.local.publicClient.getContractEvents({
      address: chain1.settlement,
      abi: intentSettlementAbi,
      eventName: 'Repaid',
      args: { orderId: hash as Hex },
      fromBlock: 0n,
    });
    expect(repaid.map((l) => [l.args.solver!.toLowerCase(), l.args.amount])).toEqual([
      [settled.award!.award.solver, intent.sellAmount],
    ]);
  }, 60_000);

  it('trust - the auctioneer reads operator bonds and solver keys from the SolverRegistry on chain', async () => {
    for (const { operator, solver, bond } of m.local!.operators) {
      expect(m.auctioneer.trust.operatorOf(solver)).toBe(operator);
      expect(m.auctioneer.trust.status().find((n) => n.address === solver)).toMatchObject({
        operator,
        registered: true,
        bond: bond.toString(),
      });
    }
  });

  it('local chain - served as JSON-RPC over HTTP: a plain viem http client reads the placed settlement', async () => {
    const rpc = m.rpcs.find((r) => r.chainId === 1)!;
    const client = createPublicClient({ transport: http(rpc.url) });
    expect(await client.getChainId()).toBe(1);
    expect(
      await client.readContract({
        address: m.local!.chains[0].settlement,
        abi: intentSettlementAbi,
        functionName: 'auctioneer',
      }),
    ).toMatch(/^0x[0-9a-fA-F]{40}$/);
  });

  it('dev faucet - refuses a token that is not a demo token of that chain', async () => {
    const res = await post('/v1/dev/faucet', {
      chainId: 1,
      token: '0x0000000000000000000000000000000000000001',
      to: '0x0000000000000000000000000000000000000002',
      amount: '1',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNKNOWN_TOKEN');
  });
});
