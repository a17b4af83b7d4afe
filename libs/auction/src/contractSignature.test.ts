import { createDigestSigner } from '@intentmesh/protocol';
import { checkContractSignatures, verifyAuction } from '@intentmesh/auction';
import { generatePrivateKey } from 'viem/accounts';
import { copy, honestAuction, resign } from '../test/testAuction';

describe('audit - EIP-1271 intents in a record', () => {
  const { record, auctioneer } = honestAuction({
    intents: [{ minBuyAmount: 1000n }],
    solvers: [0],
    bids: [{ solver: 0, fills: [{ intent: 0, buyAmount: 1100n }] }],
  });
  const A = auctioneer.address;
  // a smart account's signature: made by its owner's key, so it does not recover to the swapper (the account)
  const owner = createDigestSigner(generatePrivateKey());
  const wallet = copy(record);
  wallet.intents[0].signature = owner.signDigest(wallet.intents[0].hash as `0x${string}`);
  const block = { chainId: 1, blockNumber: 77, blockHash: `0x${'77'.repeat(32)}` };

  it('audit - without a cited verdict, a signature that does not recover to the swapper is BAD_INTENT', () => {
    const r = resign(copy(wallet), auctioneer);
    expect(verifyAuction(r, { auctioneer: A }).problems.map((p) => p.code)).toEqual(['BAD_INTENT']);
  });

  it('audit - with the source chain verdict and its block, the record verifies offline and the block is asked again online', async () => {
    const r = copy(wallet);
    r.intents[0].contractSignature = block;
    resign(r, auctioneer);
    expect(verifyAuction(r, { auctioneer: A })).toMatchObject({ ok: true, problems: [] });
    const asked: unknown[] = [];
    const ok = await checkContractSignatures(
      r,
      async (q) => (asked.push(q), { blockHash: block.blockHash, valid: true }),
    );
    expect(ok).toEqual([]);
    expect(asked).toEqual([
      {
        chainId: 1,
        blockNumber: 77,
        signer: r.intents[0].intent.swapper.toLowerCase(),
        digest: r.intents[0].hash,
        signature: r.intents[0].signature,
      },
    ]);
    // the chain says no at that block, or the block is another one: BAD_CONTRACT_SIGNATURE
    const refused = await checkContractSignatures(r, async () => ({ blockHash: block.blockHash, valid: false }));
    expect(refused.map((p) => p.code)).toEqual(['BAD_CONTRACT_SIGNATURE']);
    const reorged = await checkContractSignatures(r, async () => ({ blockHash: `0x${'78'.repeat(32)}`, valid: true }));
    expect(reorged.map((p) => p.code)).toEqual(['BAD_CONTRACT_SIGNATURE']);
    // an RPC that fails is no verdict: it throws
    await expect(checkContractSignatures(r, () => Promise.reject(new Error('rpc down')))).rejects.toThrow('rpc down');
  });

  it('audit - a verdict cited from another chain, or added without re-signing, does not verify', () => {
    const other = copy(wallet);
    other.intents[0].contractSignature = { ...block, chainId: 10 };
    expect(verifyAuction(resign(other, auctioneer), { auctioneer: A }).problems.map((p) => p.code)).toEqual([
      'BAD_INTENT',
    ]);
    const unsigned = copy(wallet);
    unsigned.intents[0].contractSignature = block;
    expect(verifyAuction(unsigned, { auctioneer: A }).problems.map((p) => p.code)).toEqual(['RECORD_HASH_MISMATCH']);
  });
});
