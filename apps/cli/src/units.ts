import { IntentMeshError } from '@intentmesh/protocol';

/** "1.5" with 6 decimals -> 1500000n, in bigint only: a float never touches an amount. More digits than the token has is refused, not rounded. */
export function parseUnitsExact(text: string, decimals: number, what = 'amount'): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim().replace(/_/g, ''));
  if (!m)
    throw new IntentMeshError(`The ${what} "${text}" is not a plain decimal number (e.g. 1.5).`, {
      code: 'INVALID_AMOUNT',
      details: { value: text },
    });
  const frac = m[2] ?? '';
  if (frac.length > decimals)
    throw new IntentMeshError(`The ${what} "${text}" has ${frac.length} decimals; this token has only ${decimals}.`, {
      code: 'INVALID_AMOUNT',
      details: { value: text, decimals },
    });
  return BigInt(m[1]) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
}

/** 1500000n with 6 decimals -> "1.5" (for display). */
export function formatUnitsExact(value: bigint, decimals: number): string {
  const neg = value < 0n;
  const v = neg ? -value : value;
  const base = 10n ** BigInt(decimals);
  const frac = (v % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${v / base}${frac ? `.${frac}` : ''}`;
}

/** Whole tokens beyond which a human amount is taken for a base-unit slip (10^18 "WETH" is no one's balance). */
const IMPLAUSIBLE_DIGITS = 12;

/**
 * An amount flag as the CLI's one convention reads it: human units of the token (1.5) by default, base units with
 * --raw. A human amount with more whole digits than the token has decimals (and over 10^12 tokens) is refused as a
 * likely base-unit slip, instead of signing a sale of 10^18 WETH.
 */
export function parseAmount(
  text: string,
  token: { symbol: string; decimals: number },
  { raw = false, flag = 'amount' } = {},
): bigint {
  if (raw) {
    if (!/^\d+$/.test(text.trim()))
      throw new IntentMeshError(`${flag} "${text}" with --raw must be whole base units, digits only.`, {
        code: 'INVALID_AMOUNT',
        details: { value: text },
      });
    const v = BigInt(text.trim());
    if (v === 0n)
      throw new IntentMeshError(`${flag} must be more than zero.`, {
        code: 'INVALID_AMOUNT',
        details: { value: text },
      });
    return v;
  }
  const v = parseUnitsExact(text, token.decimals, flag);
  if (v === 0n)
    throw new IntentMeshError(`${flag} must be more than zero.`, { code: 'INVALID_AMOUNT', details: { value: text } });
  const whole = text.trim().replace(/_/g, '').split('.')[0]!;
  if (whole.length > Math.max(token.decimals, IMPLAUSIBLE_DIGITS)) {
    throw new IntentMeshError(
      `${flag} ${text} means ${text} whole ${token.symbol}: amounts are human units (1.5 ${token.symbol}). For base units pass --raw (${text} base units = ${formatUnitsExact(BigInt(whole), token.decimals)} ${token.symbol}).`,
      { code: 'INVALID_AMOUNT', details: { value: text, decimals: token.decimals } },
    );
  }
  return v;
}
