import { lowerAddress, toAddress } from './address';
import { IntentMeshError } from './errors';

describe('address', () => {
  it('toAddress - lowercases a lowercase, uppercase-hex or correctly checksummed address', () => {
    expect(toAddress('0x52908400098527886e0f7030069857d2e4169ee7')).toBe('0x52908400098527886e0f7030069857d2e4169ee7');
    expect(toAddress('0x52908400098527886E0F7030069857D2E4169EE7')).toBe('0x52908400098527886e0f7030069857d2e4169ee7');
  });

  it.each([
    ['0x1234', 'must be a 20-byte address'],
    ['52908400098527886e0f7030069857d2e4169ee7', 'must be a 20-byte address'],
    ['0x52908400098527886e0f7030069857d2e4169eeZ', 'must be a 20-byte address'],
    ['0x52908400098527886E0F7030069857d2e4169ee7', 'wrong EIP-55 checksum'],
  ])('toAddress - refuses %s with INVALID_ADDRESS naming what it parsed', (value, message) => {
    const err = (() => {
      try {
        toAddress(value, '--solver');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(IntentMeshError);
    expect(err).toMatchObject({ code: 'INVALID_ADDRESS', details: { what: '--solver', value } });
    expect((err as Error).message).toContain(message);
    expect((err as Error).message).toMatch(/^--solver /);
  });

  it('lowerAddress - lowercases without a check', () => {
    expect(lowerAddress('0xAbC0000000000000000000000000000000000001')).toBe(
      '0xabc0000000000000000000000000000000000001',
    );
  });
});
