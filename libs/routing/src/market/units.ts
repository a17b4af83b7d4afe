/** Parses a plain decimal string ("3000.25") into an integer scaled by 10^decimals; extra digits are rejected. */
export function parseUnits(value: string, decimals: number): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(value);
  if (!m) throw new Error(`not a decimal number: ${JSON.stringify(value)}`);
  const frac = m[2] ?? '';
  if (frac.length > decimals) throw new Error(`more than ${decimals} decimals: ${value}`);
  return BigInt(m[1] + frac.padEnd(decimals, '0'));
}

/** Formats an integer amount with the given decimals, trimming trailing zeros ("1.5", "42"). */
export function formatUnits(value: bigint, decimals: number): string {
  const neg = value < 0n;
  const s = (neg ? -value : value).toString().padStart(decimals + 1, '0');
  const int = s.slice(0, s.length - decimals);
  const frac = s.slice(s.length - decimals).replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}
