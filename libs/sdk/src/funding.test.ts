import { deployLocal, startLocalChain, type LocalChain, type LocalDeployment } from '@intentmesh/chain';
import { mockErc20Abi } from '@intentmesh/contracts';
import type { Address } from '@intentmesh/protocol';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { prepareIntent, type IntentMeshTransport } from './actions';
import { checkFunding, ensureAllowance, readFunding, type FundingWarning } from './funding';

// The funding helpers against real ERC-20 bytecode on the local EVM: the settlement contract as the spender.
describe('funding helpers', () => {
  let local: LocalChain;
  let d: LocalDeployment;
  beforeAll(async () => {
    local = await startLocalChain();
    d = await deployLocal({ walletClient: local.walletFor(local.accounts[0]!), publicClient: local.publicClient });
  }, 60_000);
  afterAll(() => local?.close());

  it('ensureAllowance approves the settlement only when short, and prepareIntent warns until funded', async () => {
    const trader = privateKeyToAccount(generatePrivateKey());
    const owner = trader.address.toLowerCase() as Address;
    await local.testClient.setBalance({ address: trader.address, value: 10n ** 18n });
    const token = d.tokens.WETH;
    const amount = 2n * 10n ** 18n;
    const spender = d.settlement;
    // a transport that would fail if prepareIntent asked the API for anything (the settlement is given)
    const offline: IntentMeshTransport = {
      url: 'http://offline.invalid',
      fetch: globalThis.fetch,
      request: () => Promise.reject(new Error('no API in this test')),
    };
    const prepare = async () => {
      const warnings: FundingWarning[] = [];
      await prepareIntent(offline, {
        swapper: owner,
        sellToken: token,
        sellAmount: amount,
        buyToken: d.tokens.USDC,
        minBuyAmount: 1n,
        sourceChainId: d.chainId,
        funding: { publicClient: local.publicClient, settlement: spender },
        onWarning: (w) => warnings.push(w),
      });
      return warnings.map((w) => [w.code, w.have, w.need]);
    };

    expect(await prepare()).toEqual([
      ['INSUFFICIENT_BALANCE', 0n, amount],
      ['INSUFFICIENT_ALLOWANCE', 0n, amount],
    ]);

    const minter = local.walletFor(local.accounts[0]!);
    await local.publicClient.waitForTransactionReceipt({
      hash: await minter.writeContract({
        address: token,
        abi: mockErc20Abi,
        functionName: 'mint',
        args: [owner, amount],
      }),
    });
    expect(await prepare()).toEqual([['INSUFFICIENT_ALLOWANCE', 0n, amount]]);

    const writer = { walletClient: local.walletFor(trader), publicClient: local.publicClient };
    const first = await ensureAllowance(writer, { token, spender, amount });
    expect(first).toMatchObject({ approved: true, allowance: amount, hash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
    expect(await readFunding(local.publicClient, { token, owner, spender })).toEqual({
      balance: amount,
      allowance: amount,
    });
    // already enough: no second transaction
    expect(await ensureAllowance(writer, { token, spender, amount })).toEqual({ approved: false, allowance: amount });
    expect(await prepare()).toEqual([]);
    expect(await checkFunding(local.publicClient, { token, owner, spender, amount: amount + 1n })).toEqual([
      expect.objectContaining({ code: 'INSUFFICIENT_BALANCE', have: amount }),
      expect.objectContaining({ code: 'INSUFFICIENT_ALLOWANCE', have: amount }),
    ]);
  }, 60_000);
});
