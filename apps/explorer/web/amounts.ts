// Amounts shown with their token's symbol and decimals when the token is known, else as base units.
import type { TokenInfo } from '@intentmesh/sdk';
import { formatUnits, short } from './dom';

export function amount(tokens: Map<string, TokenInfo>, chainId: number, token: string, value: string | bigint): string {
  const t = tokens.get(`${chainId}:${token.toLowerCase()}`);
  return t ? `${formatUnits(value, t.decimals)} ${t.symbol}` : `${value.toString()} (base units of ${short(token)})`;
}

export function tokenLabel(tokens: Map<string, TokenInfo>, chainId: number, token: string): string {
  return tokens.get(`${chainId}:${token.toLowerCase()}`)?.symbol ?? short(token);
}
