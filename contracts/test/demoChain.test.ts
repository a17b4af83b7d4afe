// startDemoChain: the contracts run at libs/protocol's fixed addresses, so what the SDK signs verifies on chain.
import {
  chainDomainSeparator,
  bytesToHex,
  chains,
  getChainDomain,
  hashIntent,
  type Intent,
} from '@intentmesh/protocol';
import { encodeFunctionData, parseEventLogs, type Address, type Hex } from 'viem';
import {
  executorAddress,
  interactionExecutorAbi,
  intentSettlementAbi,
  mockErc20Abi,
  mockPoolAbi,
  startDemoChain,
  type DemoChain,
} from '@intentmesh/chain';
import { mockPoolBytecode } from '@intentmesh/contracts';
import { settleOnDemoChain } from './fixtures/settlement';

const WETH = '0x00000000000000000000000000000000000e7e01' as Address;
const USDC = '0x0000000000000000000000000000000000005dc1' as Address;

describe('demo chain - contracts at the protocol addresses', () => {
  let c: DemoChain;
  let pool: Address; // a fixed-rate MockPool: this test is about the placed contracts, not about routing
  beforeAll(async () => {
    c = await startDemoChain({
      chainId: 10,
      auctioneer: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
      attester: '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc',
      tokens: [
        { address: WETH, symbol: 'WETH', decimals: 18 },
        { address: USDC, symbol: 'USDC', decimals: 6 },
      ],
      peers: [1],
    });
    const hash = await c.local
      .walletFor(c.local.accounts[0])
      .deployContract({ abi: mockPoolAbi, bytecode: mockPoolBytecode, args: [] });
    pool = (await c.local.publicClient.waitForTransactionReceipt({ hash })).contractAddress!;
  });
  afterAll(() => c?.close());

  it('places IntentSettlement (domain separator, EIP-5267) and DestinationSettler at chains.ts addresses, peers registered', async () => {
    const read = c.local.publicClient.readContract;
    expect(c.settlement).toBe(chains[10].settlement);
    expect(await read({ address: c.settlement, abi: intentSettlementAbi, functionName: 'domainSeparator' })).toBe(
      bytesToHex(chainDomainSeparator(getChainDomain(10))),
    );
    expect(
      (await read({ address: c.settlement, abi: intentSettlementAbi, functionName: 'eip712Domain' }))[4].toLowerCase(),
    ).toBe(chains[10].settlement);
    expect(
      (
        await read({ address: c.settlement, abi: intentSettlementAbi, functionName: 'destinationSettlers', args: [1n] })
      ).toLowerCase(),
    ).toBe(chains[1].destinationSettler);
    expect(await c.local.publicClient.getCode({ address: chains[10].destinationSettler })).toMatch(/^0x[0-9a-f]{100,}/);
    expect(await read({ address: USDC, abi: mockErc20Abi, functionName: 'decimals' })).toBe(6);
    expect(await read({ address: USDC, abi: mockErc20Abi, functionName: 'symbol' })).toBe('USDC');
  });

  it('settles an intent signed under getChainDomain(10) with the default placeholder address', async () => {
    const [, auctioneer, solver, swapper] = c.local.accounts;
    await c.faucet({ token: WETH, to: swapper.address.toLowerCase() as Address, amount: 10n ** 18n });
    const now = Number(await c.local.now());
    const intent: Intent = {
      swapper: swapper.address.toLowerCase() as Address,
      sellToken: WETH,
      sellAmount: 10n ** 18n,
      buyToken: USDC,
      minBuyAmount: 2_900n * 10n ** 6n,
      recipient: swapper.address.toLowerCase() as Address,
      sourceChainId: 10,
      destinationChainId: 10,
      nonce: 7n,
      deadline: now + 600,
    };
    const domain = getChainDomain(10); // no address given: the placeholder every signer uses
    const award = {
      auctionId: ('0x' + 'ab'.repeat(32)) as Hex,
      intentHash: hashIntent(intent, domain),
      solver: solver.address.toLowerCase() as Address,
      buyAmount: 3_000n * 10n ** 6n,
      settleBy: now + 300,
    };
    const swap = (fn: 'setRate' | 'swap', args: readonly unknown[]) => ({
      target: pool,
      value: 0n,
      callData: encodeFunctionData({ abi: mockPoolAbi, functionName: fn, args } as never),
    });
    const interactions = [
      swap('setRate', [WETH, USDC, award.buyAmount, intent.sellAmount]),
      {
        target: WETH,
        value: 0n,
        callData: encodeFunctionData({
          abi: mockErc20Abi,
          functionName: 'approve',
          args: [pool, intent.sellAmount],
        }),
      },
      swap('swap', [
        WETH,
        USDC,
        intent.sellAmount,
        executorAddress({ settlement: c.settlement, solver: award.solver }),
      ]),
    ];
    const hash = await settleOnDemoChain(c, { intent, award, domain, swapper, auctioneer, solver, interactions });
    const receipt = await c.local.publicClient.waitForTransactionReceipt({ hash });
    const [settled] = parseEventLogs({ abi: intentSettlementAbi, logs: receipt.logs, eventName: 'Settled' });
    expect(settled.args).toMatchObject({
      intentHash: award.intentHash,
      auctionId: award.auctionId,
      delivered: award.buyAmount,
    });
    // the solver's executor was created by the placed code, so it is bound to the placeholder settlement
    const executor = executorAddress({ settlement: c.settlement, solver: award.solver });
    expect(
      (
        await c.local.publicClient.readContract({
          address: executor,
          abi: interactionExecutorAbi,
          functionName: 'settlement',
        })
      ).toLowerCase(),
    ).toBe(c.settlement);
  });
});
