// The SDK signs intents with a viem LocalAccount, a WalletClient (local or node-held key) and for an EIP-1271 smart account.
import { createWalletClient, custom, type Address } from 'viem';
import { hashIntent, verifyIntentSignature, type Intent } from '@intentmesh/protocol';
import { createIntentMeshClient, isValidIntentSignature } from '@intentmesh/sdk';
import { startLocalChain, type LocalChain } from '@intentmesh/chain';
import { mockErc1271WalletAbi, mockErc1271WalletBytecode } from '@intentmesh/chain';

describe('sdk - signIntent with every kind of signer viem offers', () => {
  let chain: LocalChain;
  // signing needs no API; the URL is never contacted here
  const sdk = createIntentMeshClient({ url: 'http://127.0.0.1:9' });
  const intentFor = (swapper: Address): Intent =>
    sdk.buildIntent({
      swapper,
      sellToken: '0x1111111111111111111111111111111111111111',
      buyToken: '0x2222222222222222222222222222222222222222',
      sellAmount: 10n ** 18n,
      minBuyAmount: 3000n * 10n ** 6n,
      sourceChainId: 31337,
      nonce: 7n,
      deadline: 2_000_000_000,
    });

  beforeAll(async () => {
    chain = await startLocalChain();
  }, 60_000);
  afterAll(async () => chain && (await chain.close()));

  it('a LocalAccount, a WalletClient holding it, and a WalletClient whose node holds the key all give the same valid signature', async () => {
    const account = chain.accounts[3];
    const intent = intentFor(account.address);
    const byAccount = await sdk.signIntent(intent, account);
    const byWallet = await sdk.signIntent(intent, chain.walletFor(account));
    // a json-rpc account: the node (EDR) signs with eth_signTypedData_v4, as a browser wallet would
    const nodeWallet = createWalletClient({
      chain: chain.chain,
      transport: custom(chain.provider, { retryCount: 0 }),
      account: account.address,
    });
    const byNode = await sdk.signIntent(intent, nodeWallet);
    expect(byWallet).toBe(byAccount);
    expect(byNode).toBe(byAccount);
    expect(verifyIntentSignature(intent, byNode)).toBe(hashIntent(intent));
    expect(await isValidIntentSignature({ intent, signature: byNode })).toBe(true);
    expect(await isValidIntentSignature({ intent: { ...intent, nonce: 8n }, signature: byNode })).toBe(false);
  });

  it('an EIP-1271 smart account: the owner key signs, the wallet contract approves, any other key is refused', async () => {
    const owner = chain.accounts[5];
    const deployer = chain.walletFor(chain.accounts[0]);
    const tx = await deployer.deployContract({
      abi: mockErc1271WalletAbi,
      bytecode: mockErc1271WalletBytecode,
      args: [owner.address],
    });
    const wallet = (
      await chain.publicClient.waitForTransactionReceipt({ hash: tx })
    ).contractAddress!.toLowerCase() as Address;
    const intent = intentFor(wallet);
    const signature = await sdk.signIntent(intent, owner);

    // the API's EOA check cannot accept it (it needs the chain); the wallet contract, asked through a PublicClient, does
    expect(() => verifyIntentSignature(intent, signature)).toThrow(
      expect.objectContaining({ code: 'INVALID_SIGNATURE' }),
    );
    expect(await isValidIntentSignature({ intent, signature })).toBe(false);
    expect(await isValidIntentSignature({ intent, signature, publicClient: chain.publicClient })).toBe(true);

    const stranger = await sdk.signIntent(intent, chain.accounts[6]);
    expect(await isValidIntentSignature({ intent, signature: stranger, publicClient: chain.publicClient })).toBe(false);
    // an address with no contract behind it is no smart account
    const eoaIntent = intentFor(chain.accounts[7].address.toLowerCase() as Address);
    expect(await isValidIntentSignature({ intent: eoaIntent, signature, publicClient: chain.publicClient })).toBe(
      false,
    );
  });
});
