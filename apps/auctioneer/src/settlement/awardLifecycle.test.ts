// The cross-chain nonce rule of the award lifecycle, on a real PostgreSQL store and a local EVM running the real
// IntentSettlement: an award honoured by `open` on the source chain (its Filled would come later, on the destination)
// is not lapsed and not auctioned again; an award nobody acted on lapses and goes back to auction.
import {
  intentSettlementAbi,
  startDemoChain,
  toSolidityAward,
  toSolidityIntent,
  type DemoChain,
} from '@intentmesh/chain';
import { createInProcessMessaging } from '@intentmesh/messaging';
import {
  createDigestSigner,
  getChainDomain,
  hashAward,
  hashIntent,
  serializeAward,
  serializeIntent,
  signIntent,
  type Address,
  type AuctionRecordJSON,
  type Award,
  type Hex,
  type Intent,
  type LapseEvidenceJSON,
} from '@intentmesh/protocol';
import { generateMarket } from '@intentmesh/routing';
import type { DueAward } from '@intentmesh/storage';
import { createWalletClient, custom } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { usePostgresStorage } from '../../../../test/support/usePostgresStorage';
import { AwardLifecycle } from './awardLifecycle';
import { SettlementWatcher } from './settlementWatcher';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

describe('lifecycle - cross-chain awards and the source chain nonce', () => {
  const market = generateMarket({ seed: 7, poolCount: 4 });
  const weth = market.tokens.find((t) => t.chainId === 1 && t.symbol === 'WETH')!.address as Address;
  const usdcOn10 = market.tokens.find((t) => t.chainId === 10)!.address as Address;
  const auctioneer = createDigestSigner(generatePrivateKey());
  const solver = privateKeyToAccount(generatePrivateKey());
  let chain: DemoChain;
  const storage = usePostgresStorage('lifecycle_xchain');

  beforeAll(async () => {
    chain = await startDemoChain({
      chainId: 1,
      auctioneer: auctioneer.address,
      attester: auctioneer.address,
      tokens: market.tokens.filter((t) => t.chainId === 1),
      pools: [],
      peers: [10],
    });
    await chain.local.testClient.setBalance({ address: solver.address, value: 10n ** 20n });
  }, 60_000);
  afterAll(() => chain?.close());

  /** A funded swapper's cross-chain intent (1 -> 10), awarded to `solver` in a stored auction, settleBy in `sec`. */
  const awarded = async (seq: number, sec: number) => {
    const trader = privateKeyToAccount(generatePrivateKey());
    await chain.faucet({ token: weth, to: trader.address, amount: 10n ** 18n });
    const now = Math.floor(Date.now() / 1000);
    const intent: Intent = {
      swapper: trader.address.toLowerCase() as Address,
      sellToken: weth,
      sellAmount: 10n ** 18n,
      buyToken: usdcOn10,
      minBuyAmount: 1000n,
      recipient: trader.address.toLowerCase() as Address,
      sourceChainId: 1,
      destinationChainId: 10,
      nonce: BigInt(seq),
      deadline: now + 600,
    };
    const hash = hashIntent(intent);
    const signature = await signIntent(intent, trader);
    const auctionId = `0x${seq.toString(16).padStart(64, '0')}` as Hex;
    const award: Award = {
      auctionId,
      intentHash: hash,
      solver: solver.address.toLowerCase() as Address,
      buyAmount: 2000n,
      settleBy: now + sec,
    };
    const awardSignature = auctioneer.signDigest(hashAward(award, getChainDomain(1)));
    await storage.intents.insertMany([{ hash, intent: serializeIntent(intent), signature }]);
    await storage.intents.markAuctioning([hash]);
    // the store's view of a closed auction that awarded the intent (what RecordChain appends)
    const record = {
      version: 4,
      auctionId,
      auctioneer: auctioneer.address,
      seq,
      openedAt: Date.now(),
      closedAt: Date.now(),
      bidWindowMs: 0,
      seed: auctionId,
      prevRecordHash: `0x${'00'.repeat(32)}`,
      recordHash: `0x${seq.toString(16).padStart(64, 'f')}`,
      signature: '0x',
      referencePrices: {},
      intents: [{ hash, intent: serializeIntent(intent), signature }],
      solvers: [],
      bids: [],
      awards: [{ award: serializeAward(award), signature: awardSignature }],
      unfilled: [],
      outcomes: [],
      winners: [],
      referenceScores: [],
    } as unknown as AuctionRecordJSON;
    await storage.auctions.append(record, [{ hash, status: 'awarded', auctionId }]);
    return { intent, signature, award, awardSignature, hash };
  };

  it('lifecycle - an order already opened on the source chain (nonce used at the checked block) is not lapsed or re-auctioned; an untouched award lapses', async () => {
    const opened = await awarded(1, 3);
    const idle = await awarded(2, 3);
    // the awarded solver honours the first award cross-chain: open escrows the sell tokens and uses the nonce
    const wallet = createWalletClient({
      chain: chain.local.chain,
      transport: custom(chain.local.provider, { retryCount: 0 }),
      account: solver,
    });
    const tx = await wallet.writeContract({
      address: chain.settlement,
      abi: intentSettlementAbi,
      functionName: 'open',
      args: [toSolidityIntent(opened.intent), opened.signature, toSolidityAward(opened.award), opened.awardSignature],
    });
    expect((await chain.local.publicClient.waitForTransactionReceipt({ hash: tx })).status).toBe('success');

    const watcher = new SettlementWatcher(
      storage,
      [
        {
          chainId: 1,
          publicClient: chain.local.publicClient,
          settlement: chain.settlement,
          destinationSettler: chain.destinationSettler,
        },
      ],
      silent,
      { pollMs: 60_000, lookbackBlocks: 5000n },
    );
    const penalized: Address[] = [];
    const recorded: LapseEvidenceJSON[] = [];
    const requeued: DueAward[] = [];
    const lifecycle = new AwardLifecycle({
      messaging: createInProcessMessaging(),
      storage,
      watcher,
      operatorOf: (s) => s,
      penalize: (op) => penalized.push(op),
      recordLapse: (e) => recorded.push(e),
      requeue: async (row) => void requeued.push(row),
      log: silent,
      pollMs: 60_000,
      minRemainingSec: 5,
      graceSec: 0,
    });
    // both awards are due once settleBy has passed (a block is mined after it, so the chain has moved past it too)
    await new Promise((r) => setTimeout(r, 4500));
    await chain.local.testClient.mine({ blocks: 1 });
    await lifecycle.sweep();

    // the opened order: no lapse, no requeue, no penalty; the nonce is used at the block the sweep read
    const head = await chain.local.publicClient.getBlockNumber();
    expect(
      await chain.local.publicClient.readContract({
        address: chain.settlement,
        abi: intentSettlementAbi,
        functionName: 'isNonceUsed',
        args: [opened.intent.swapper, opened.intent.nonce],
        blockNumber: head,
      }),
    ).toBe(true);
    const [openedRow, idleRow] = await Promise.all([storage.intents.get(opened.hash), storage.intents.get(idle.hash)]);
    expect(openedRow).toMatchObject({ status: 'awarded' });
    // the untouched award lapsed with evidence naming a block past settleBy, and went back to auction
    expect(idleRow).toMatchObject({ status: 'unfilled' });
    expect(recorded.map((e) => [e.award.award.intentHash, e.kind])).toEqual([[idle.hash, 'lapsed']]);
    expect(recorded[0].checkedBlock!.number).toBeGreaterThanOrEqual(Number(head));
    expect(requeued.map((r) => r.hash)).toEqual([idle.hash]);
    expect(penalized).toEqual([solver.address.toLowerCase()]);
    // a second sweep still leaves the opened order alone
    await lifecycle.sweep();
    expect(await storage.intents.get(opened.hash)).toMatchObject({ status: 'awarded' });
    expect(recorded).toHaveLength(1);
  }, 60_000);
});
