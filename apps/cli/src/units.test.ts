import { IntentMeshError } from '@intentmesh/protocol';
import { formatUnitsExact, parseAmount, parseUnitsExact } from './units';

describe('cli - amounts in human units', () => {
  it('converts to base units with bigint arithmetic, beyond float precision', () => {
    expect(parseUnitsExact('1', 18)).toBe(10n ** 18n);
    expect(parseUnitsExact('1.5', 6)).toBe(1_500_000n);
    expect(parseUnitsExact('0.000000000000000001', 18)).toBe(1n);
    expect(parseUnitsExact('123456789012345678901234567890.123456789012345678', 18)).toBe(
      123456789012345678901234567890123456789012345678n,
    );
    expect(parseUnitsExact('1_000', 6)).toBe(1_000_000_000n);
  });
  it('refuses more decimals than the token has, and anything that is not a plain number', () => {
    expect(() => parseUnitsExact('1.0000001', 6)).toThrow(IntentMeshError);
    for (const bad of ['', '-1', '1e18', '0x10', '1.', '.5', 'abc'])
      expect(() => parseUnitsExact(bad, 18)).toThrow(/not a plain decimal/);
  });
  it('formats back to the same text', () => {
    for (const [text, d] of [
      ['1.5', 6],
      ['0.000001', 6],
      ['42', 18],
      ['0', 0],
    ] as const)
      expect(formatUnitsExact(parseUnitsExact(text, d), d)).toBe(text);
  });
});

describe('cli - one amount convention: human units, --raw for base units', () => {
  const weth = { symbol: 'WETH', decimals: 18 };
  const usdc = { symbol: 'USDC', decimals: 6 };
  it('reads human units by default and base units with --raw', () => {
    expect(parseAmount('1.5', weth)).toBe(15n * 10n ** 17n);
    expect(parseAmount('1500000000000000000', weth, { raw: true })).toBe(15n * 10n ** 17n);
    expect(parseAmount('2500000', usdc)).toBe(2_500_000_000_000n); // 2.5 million USDC is a plausible trade
  });
  it('refuses a human amount that is a base-unit slip, zero, and non-integers with --raw', () => {
    expect(() => parseAmount('1000000000000000000', weth, { flag: '--amount' })).toThrow(
      /means 1000000000000000000 whole WETH.*--raw.*= 1 WETH/,
    );
    expect(() => parseAmount('0', weth)).toThrow(/more than zero/);
    expect(() => parseAmount('1.5', weth, { raw: true })).toThrow(/whole base units/);
    expect(() => parseAmount('0', weth, { raw: true })).toThrow(/more than zero/);
  });
});
