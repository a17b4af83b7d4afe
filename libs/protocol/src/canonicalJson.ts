import { keccakHex } from './crypto/keccak';
import type { Hex } from './primitives';

/** JSON with object keys sorted at every depth: one byte string per value, so hashes are reproducible anywhere. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value as object)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export function hashCanonicalJson(value: unknown): Hex {
  return keccakHex(new TextEncoder().encode(canonicalJson(value)));
}
