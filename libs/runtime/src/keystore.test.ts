import { Wallet, encryptKeystoreJsonSync } from 'ethers';
import { generatePrivateKey } from 'viem/accounts';
import { decryptKeystore, encryptKeystore } from './keystore';
import { loadOrCreateKey } from './keys';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('runtime - encrypted keystores (Web3 Secret Storage v3)', () => {
  const key = generatePrivateKey();

  it('round-trips, and ethers reads what we write', async () => {
    const ks = encryptKeystore(key, 'correct horse', { n: 1 << 12 });
    expect(decryptKeystore(ks, 'correct horse')).toBe(key);
    const wallet = await Wallet.fromEncryptedJson(JSON.stringify(ks), 'correct horse');
    expect(wallet.privateKey).toBe(key);
  });

  it('reads what ethers writes, and refuses a wrong password', async () => {
    const json = encryptKeystoreJsonSync({ address: new Wallet(key).address, privateKey: key }, 'pw', {
      scrypt: { N: 1 << 12 },
    });
    expect(decryptKeystore(json, 'pw')).toBe(key);
    expect(() => decryptKeystore(json, 'not it')).toThrow('Wrong keystore password.');
  });

  it('apps load a key from a keystore file with its password from the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-'));
    writeFileSync(join(dir, 'k.json'), JSON.stringify(encryptKeystore(key, 'pw', { n: 1 << 12 })));
    expect(loadOrCreateKey(undefined, join(dir, 'unused.key'), { keystore: join(dir, 'k.json'), password: 'pw' })).toBe(
      key,
    );
    expect(() => loadOrCreateKey(undefined, join(dir, 'unused.key'), { keystore: join(dir, 'k.json') })).toThrow(
      /password/,
    );
  });
});
