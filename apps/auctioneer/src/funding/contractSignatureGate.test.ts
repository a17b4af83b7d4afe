// The auctioneer's own EIP-1271 check before an auction, on a local EVM running a real contract wallet and a real
// PostgreSQL store: ECDSA intents pass unasked, a wallet's approval is cited at the block it was asked at, a refusal
// waits as unfunded (INVALID_SIGNATURE), and a chain without an RPC keeps its intents out, unmarked.
import { mockErc1271WalletAbi, mockErc1271WalletBytecode, startDemoChain, type DemoChain } from '@intentmesh/chain';
import {
  createDigestSigner,
  hashIntent,
  serializeIntent,
  type Address,
  type ContractSignatureVerdictJSON,
  type Hex,
  type Intent,
} from '@intentmesh/protocol';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { usePostgresStorage } from '../../../../test/support/usePostgresStorage';
import { ContractSignatureGate } from './contractSignatureGate';

const silent = { info: () => undefined, warn: () => undefined };
type Item = {
  hash: Hex;
  intent: Intent;
  signature: Hex;
  ecdsa: boolean;
  contractSignature?: ContractSignatureVerdictJSON;
};

describe('signatures - the auctioneer asks the source chain about EIP-1271 signatures itself', () => {
  let chain: DemoChain;
  const storage = usePostgresStorage('signature_gate');
  let wallet: Address;
  const owner = createDigestSigner(generatePrivateKey());

  beforeAll(async () => {
    const nobody = privateKeyToAccount(generatePrivateKey()).address;
    chain = await startDemoChain({ chainId: 1, auctioneer: nobody, attester: nobody, tokens: [], pools: [] });
    const deployer = chain.local.walletFor(chain.local.accounts[0]);
    const receipt = await chain.local.publicClient.waitForTransactionReceipt({
      hash: await deployer.deployContract({
        abi: mockErc1271WalletAbi,
        bytecode: mockErc1271WalletBytecode,
        args: [owner.address],
      }),
    });
    wallet = receipt.contractAddress!.toLowerCase() as Address;
  }, 60_000);
  afterAll(() => chain?.close());

  let nonce = 0n;
  const item = async (swapper: Address, sign: (hash: Hex) => Hex, ecdsa: boolean, sourceChainId = 1) => {
    const intent: Intent = {
      swapper,
      sellToken: '0x1111111111111111111111111111111111111111',
      sellAmount: 1n,
      buyToken: '0x2222222222222222222222222222222222222222',
      minBuyAmount: 1n,
      recipient: swapper,
      sourceChainId,
      destinationChainId: sourceChainId,
      nonce: ++nonce,
      deadline: Math.floor(Date.now() / 1000) + 600,
    };
    const hash = hashIntent(intent);
    const signature = sign(hash);
    await storage.intents.insertMany([{ hash, intent: serializeIntent(intent), signature }]);
    return { hash, intent, signature, ecdsa } as Item;
  };

  it('signatures - ECDSA passes unasked, the wallet approval carries its block, a refusal waits as unfunded, a chain without RPC waits', async () => {
    const eoa = createDigestSigner(generatePrivateKey());
    const stranger = createDigestSigner(generatePrivateKey());
    const plain = await item(eoa.address, (h) => eoa.signDigest(h), true);
    const approved = await item(wallet, (h) => owner.signDigest(h), false);
    const refused = await item(wallet, (h) => stranger.signDigest(h), false);
    const elsewhere = await item(wallet, (h) => owner.signDigest(h), false, 10);
    const gate = new ContractSignatureGate({
      chains: [{ chainId: 1, publicClient: chain.local.publicClient }],
      storage,
      log: silent,
    });
    const held: Item[] = [];
    const head = await chain.local.publicClient.getBlock({ blockTag: 'latest' });
    const passed = await gate.admit([plain, approved, refused, elsewhere], (h) => held.push(...h));

    expect(passed.map((p) => p.hash)).toEqual([plain.hash, approved.hash]);
    expect(plain.contractSignature).toBeUndefined();
    expect(approved.contractSignature).toEqual({ chainId: 1, blockNumber: Number(head.number), blockHash: head.hash });
    expect(held.map((p) => p.hash).sort()).toEqual([refused.hash, elsewhere.hash].sort());
    const [r, e] = await Promise.all([storage.intents.get(refused.hash), storage.intents.get(elsewhere.hash)]);
    expect([r!.status, r!.statusReason]).toEqual(['unfunded', 'INVALID_SIGNATURE']);
    // no RPC for chain 10 is no verdict about the signature: it waits without a status change
    expect([e!.status, e!.statusReason]).toEqual(['pending', null]);
  });
});
