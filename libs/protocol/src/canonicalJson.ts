import { keccakHex } from './crypto/keccak';
import type { Hex } from './primitives';

/** Strings JSON.stringify would escape: quotes, backslashes, control characters and lone surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(s: string): string {
  // most values are hex and decimal strings: quoting them by hand skips a call into the JSON serializer
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

function allStrings(a: unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'string') return false;
  return a.length > 0;
}

/** JSON with object keys sorted at every depth: one byte string per value, so hashes are reproducible anywhere. */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    return JSON.stringify(value);
  }
  // one string built in place (no per-level arrays of parts): this runs on every bid, record and signed bus message
  if (Array.isArray(value)) {
    // an array of strings only (a record's leaves, a bundle's): the native serializer writes exactly what quote does
    // for each (JSON.stringify's escapes), in one call
    if (allStrings(value)) return JSON.stringify(value);
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (i) out += ',';
      out += v === undefined ? 'null' : canonicalJson(v);
    }
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += (first ? '' : ',') + quote(k) + ':' + canonicalJson(v);
    first = false;
  }
  return out + '}';
}

const encoder = new TextEncoder();

export function hashCanonicalJson(value: unknown): Hex {
  return keccakHex(encoder.encode(canonicalJson(value)));
}
