import { IntentMeshError } from '@intentmesh/protocol';
import { formatUnitsExact, parseUnitsExact } from './units';

describe('cli - amounts in human units', () => {
  it('converts to base units with bigint arithmetic, beyond float precision', () => {
    expect(parseUnitsExact('1', 18)).toBe(10n ** 18n);
    expect(parseUnitsExact('1.5', 6)).toBe(1_500_000n);
    expect(parseUnitsExact('0.000000000000000001', 18)).toBe(1n);
    expect(parseUnitsExact('123456789012345678901234567890.123456789012345678', 18)).toBe(123456789012345678901234567890123456789012345678n);
    expect(parseUnitsExact('1_000', 6)).toBe(1_000_000_000n);
  });
  it('refuses more decimals than the token has, and anything that is not a plain number', () => {
    expect(() => parseUnitsExact('1.0000001', 6)).toThrow(IntentMeshError);
    for (const bad of ['', '-1', '1e18', '0x10', '1.', '.5', 'abc']) expect(() => parseUnitsExact(bad, 18)).toThrow(/not a plain decimal/);
  });
  it('formats back to the same text', () => {
    for (const [text, d] of [['1.5', 6], ['0.000001', 6], ['42', 18], ['0', 0]] as const) expect(formatUnitsExact(parseUnitsExact(text, d), d)).toBe(text);
  });
});
