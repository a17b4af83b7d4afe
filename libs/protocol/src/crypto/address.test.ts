import { getAddress, isAddress } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { isStrictAddress } from './address';
import { createDigestSigner } from './signDigest';

describe('address - our checks agree with viem', () => {
  it('isStrictAddress matches isAddress(v, { strict: true }) on checksummed, lower, upper and corrupted addresses', () => {
    for (let i = 0; i < 200; i++) {
      const checksummed = privateKeyToAccount(generatePrivateKey()).address;
      const flipped = checksummed.replace(/[a-f]/, (c) => c.toUpperCase());
      const cases = [checksummed, checksummed.toLowerCase(), '0x' + checksummed.slice(2).toUpperCase(), flipped];
      for (const v of cases) expect([v, isStrictAddress(v)]).toEqual([v, isAddress(v, { strict: true })]);
      // asked again (a checksum that held is remembered): the same answers, and the corrupted one still refused
      for (const v of cases) expect([v, isStrictAddress(v)]).toEqual([v, isAddress(v, { strict: true })]);
    }
    expect(isStrictAddress(getAddress('0x52908400098527886e0f7030069857d2e4169ee7'))).toBe(true);
    for (const bad of [
      '0x1234',
      '52908400098527886E0F7030069857D2E4169EE7',
      '0xzz908400098527886e0f7030069857d2e4169ee7',
    ])
      expect(isStrictAddress(bad)).toBe(false);
  });

  it('createDigestSigner derives the same address as viem', () => {
    for (let i = 0; i < 50; i++) {
      const key = generatePrivateKey();
      expect(createDigestSigner(key).address).toBe(privateKeyToAccount(key).address.toLowerCase());
    }
  });
});
