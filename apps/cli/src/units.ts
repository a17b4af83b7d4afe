import { IntentMeshError } from '@intentmesh/protocol';

/** "1.5" with 6 decimals -> 1500000n, in bigint only: a float never touches an amount. More digits than the token has is refused, not rounded. */
export function parseUnitsExact(text: string, decimals: number, what = 'amount'): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim().replace(/_/g, ''));
  if (!m) throw new IntentMeshError(`The ${what} "${text}" is not a plain decimal number (e.g. 1.5).`, { code: 'INVALID_AMOUNT', details: { value: text } });
  const frac = m[2] ?? '';
  if (frac.length > decimals) throw new IntentMeshError(`The ${what} "${text}" has ${frac.length} decimals; this token has only ${decimals}.`, { code: 'INVALID_AMOUNT', details: { value: text, decimals } });
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
