// The auctioneer's pre-auction funding re-check on a local EVM running the real IntentSettlement and tokens, with a
// real PostgreSQL store: one Multicall3 eth_call per cut where Multicall3 is deployed, single reads where it is not
// (or when switched off), and the same verdicts either way.
import {
  MULTICALL3_ADDRESS,
  intentSettlementAbi,
  multicall3DeployedBytecode,
  startDemoChain,
  type DemoChain,
} from '@intentmesh/chain';
import { hashIntent, serializeIntent, type Address, type Hex, type Intent } from '@intentmesh/protocol';
import { generateMarket } from '@intentmesh/routing';
import type { Storage } from '@intentmesh/storage';
import { createPublicClient, createWalletClient, custom, decodeFunctionData, parseAbi } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createTestStorage } from '../../../../test/support/postgres';
import { FundingGate } from './fundingGate';

const silent = { info: () => undefined, warn: () => undefined };
const AGGREGATE3 = '0x82ad56cb';
const aggregate3Abi = parseAbi([
  'function aggregate3((address target, bool allowFailure, bytes callData)[] calls) payable returns ((bool success, bytes returnData)[])',
]);

describe('funding - the pre-auction re-check batches its reads through Multicall3', () => {
  const market = generateMarket({ seed: 11, poolCount: 4 });
  const weth = market.tokens.find((t) => t.chainId === 1 && t.symbol === 'WETH')!.address as Address;
  const usdc = market.tokens.find((t) => t.chainId === 1 && t.symbol === 'USDC')!.address as Address;
  let chain: DemoChain;
  let store: Awaited<ReturnType<typeof createTestStorage>>;
  let storage: Storage;
  let batch: { hash: Hex; intent: Intent }[];

  beforeAll(async () => {
    chain = await startDemoChain({
      chainId: 1,
      auctioneer: privateKeyToAccount(generatePrivateKey()).address,
      attester: privateKeyToAccount(generatePrivateKey()).address,
      tokens: market.tokens.filter((t) => t.chainId === 1),
      pools: [],
    });
    store = await createTestStorage('funding_gate');
    storage = store.storage;
    const mined = async (hash: Hex) => chain.local.publicClient.waitForTransactionReceipt({ hash });
    const funded = privateKeyToAccount(generatePrivateKey()).address;
    const empty = privateKeyToAccount(generatePrivateKey()).address;
    const unapproved = privateKeyToAccount(generatePrivateKey()).address;
    const cancelled = privateKeyToAccount(generatePrivateKey());
    await chain.faucet({ token: weth, to: funded, amount: 10n ** 19n });
    await chain.faucet({ token: weth, to: cancelled.address, amount: 10n ** 19n });
    await chain.mint({ token: weth, to: unapproved, amount: 10n ** 19n });
    await chain.local.testClient.setBalance({ address: cancelled.address, value: 10n ** 19n });
    await mined(
      // its own client: walletFor caches by address, and the faucet left an impersonating (json-rpc) one there
      await createWalletClient({
        chain: chain.local.chain,
        transport: custom(chain.local.provider, { retryCount: 0 }),
        account: cancelled,
      }).writeContract({
        address: chain.settlement,
        abi: intentSettlementAbi,
        functionName: 'cancelNonce',
        args: [5n],
      }),
    );
    const deadline = Math.floor(Date.now() / 1000) + 600;
    const intentOf = (swapper: Address, nonce: bigint): Intent => ({
      swapper: swapper.toLowerCase() as Address,
      sellToken: weth,
      sellAmount: 10n ** 18n,
      buyToken: usdc,
      minBuyAmount: 1n,
      recipient: swapper.toLowerCase() as Address,
      sourceChainId: 1,
      destinationChainId: 1,
      nonce,
      deadline,
    });
    // two of the funded swapper's (one balance, allowance and bitmap word between them) and one of each shortfall
    const intents = [
      intentOf(funded, 1n),
      intentOf(funded, 2n),
      intentOf(empty, 1n),
      intentOf(unapproved, 1n),
      intentOf(cancelled.address, 5n),
    ];
    batch = intents.map((intent) => ({ hash: hashIntent(intent), intent }));
    await storage.intents.insertMany(
      batch.map((b) => ({ hash: b.hash, intent: serializeIntent(b.intent), signature: `0x${'11'.repeat(65)}` })),
    );
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await chain?.close();
  });

  /** A gate over a client that counts its eth_calls (and the Multicall3 ones among them). */
  const gate = (multicall: boolean) => {
    const calls = { ethCall: 0, aggregate3: 0, reads: 0 };
    const provider = chain.local.provider;
    const publicClient = createPublicClient({
      chain: chain.local.chain,
      transport: custom(
        {
          request: async (args: { method: string; params?: unknown }) => {
            if (args.method === 'eth_call') {
              calls.ethCall++;
              const data = (args.params as [{ data: Hex }])[0].data;
              if (data.startsWith(AGGREGATE3)) {
                calls.aggregate3++;
                const { args: inner } = decodeFunctionData({ abi: aggregate3Abi, data });
                calls.reads += (inner[0] as unknown[]).length;
              } else calls.reads++;
            }
            return provider.request(args as never);
          },
        },
        { retryCount: 0 },
      ),
    });
    const g = new FundingGate({
      chains: [{ chainId: 1, publicClient, settlement: chain.settlement }],
      storage,
      log: silent,
      multicall,
    });
    return { g, calls };
  };
  const admit = async (g: FundingGate) => {
    const held: string[] = [];
    const passed = await g.admit(batch, (h) => held.push(...h.map((p) => p.hash)));
    return { passed: passed.map((p) => p.hash), held };
  };
  const expected = () => ({ passed: [batch[0].hash, batch[1].hash], held: batch.slice(2).map((b) => b.hash) });

  it('funding - without Multicall3 on the chain the reads fall back to single eth_calls, with the right verdicts', async () => {
    // the demo chain carries Multicall3 like public chains; this one is a chain without it
    await chain.local.testClient.setCode({ address: MULTICALL3_ADDRESS, bytecode: '0x' });
    expect(await chain.local.publicClient.getCode({ address: MULTICALL3_ADDRESS })).toBeUndefined();
    const { g, calls } = gate(true);
    expect(await admit(g)).toEqual(expected());
    // 4 swappers: a balance, an allowance and a nonce word each (the funded swapper's two intents share theirs)
    expect(calls).toEqual({ ethCall: 12, aggregate3: 0, reads: 12 });
    const rows = await Promise.all(batch.map((b) => storage.intents.get(b.hash)));
    expect(rows.map((r) => [r!.status, r!.statusReason])).toEqual([
      ['pending', null],
      ['pending', null],
      ['unfunded', 'INSUFFICIENT_BALANCE'],
      ['unfunded', 'INSUFFICIENT_ALLOWANCE'],
      ['unfunded', 'NONCE_USED'],
    ]);
  });

  it('funding - with Multicall3 deployed a cut is one eth_call; switched off, single reads; the verdicts are the same', async () => {
    await chain.local.testClient.setCode({ address: MULTICALL3_ADDRESS, bytecode: multicall3DeployedBytecode });
    const batched = gate(true);
    expect(await admit(batched.g)).toEqual(expected());
    expect(batched.calls).toEqual({ ethCall: 1, aggregate3: 1, reads: 12 });
    // the probe is made once per chain: the next cut is one eth_call again
    expect(await admit(batched.g)).toEqual(expected());
    expect(batched.calls).toEqual({ ethCall: 2, aggregate3: 2, reads: 24 });
    const single = gate(false);
    expect(await admit(single.g)).toEqual(expected());
    expect(single.calls).toEqual({ ethCall: 12, aggregate3: 0, reads: 12 });
  });
});
