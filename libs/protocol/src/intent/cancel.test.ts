import { hashTypedData } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { getChainDomain } from '../typedData';
import { cancelTypes, hashCancel, recoverCancelSigner, signCancel } from './cancel';

describe('cancel - Cancel(bytes32 intentHash) in the source-chain domain', () => {
  const intentHash = `0x${'5a'.repeat(32)}` as const;

  it('hashes exactly as viem (and so as a wallet) does, and recovers the signer', async () => {
    const domain = getChainDomain(1);
    expect(hashCancel(intentHash, domain)).toBe(
      hashTypedData({ domain, types: cancelTypes, primaryType: 'Cancel', message: { intentHash } }),
    );
    const account = privateKeyToAccount(generatePrivateKey());
    const signature = await signCancel(intentHash, 1, account);
    expect(recoverCancelSigner(intentHash, 1, signature)).toBe(account.address.toLowerCase());
    // bound to its chain and its intent
    expect(recoverCancelSigner(intentHash, 10, signature)).not.toBe(account.address.toLowerCase());
    expect(recoverCancelSigner(`0x${'5b'.repeat(32)}`, 1, signature)).not.toBe(account.address.toLowerCase());
  });
});
