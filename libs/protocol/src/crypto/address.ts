import { keccak } from './keccak';

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
const encoder = new TextEncoder();
/** Mixed-case addresses whose checksum held (bounded: cleared when full, so a flood of valid ones costs only re-hashing). */
const checksummed = new Set<string>();
const MAX_CHECKSUMMED = 4096;

/**
 * viem's `isAddress(v, { strict: true })` without loading viem's root (0.3-0.65 s of a cold start): 0x + 40 hex,
 * and mixed or upper case must be the EIP-55 checksum of the address.
 */
export function isStrictAddress(v: string): boolean {
  return ADDRESS_RE.test(v) && checksumHolds(v);
}

/** isStrictAddress for a string already known to be 0x + 40 hex digits (a parser that tested the form itself). */
export function checksumHolds(v: string): boolean {
  const lower = v.slice(2).toLowerCase();
  if (v.slice(2) === lower) return true;
  // swappers, recipients and solvers recur: a checksum is hashed once, not on every intent and bid that names it
  if (checksummed.has(v)) return true;
  const hash = keccak(encoder.encode(lower));
  for (let i = 0; i < 40; i++) {
    const nibble = i % 2 ? hash[i >> 1]! & 0x0f : hash[i >> 1]! >> 4;
    const c = lower.charCodeAt(i);
    // a letter (a-f) is upper case exactly where its nibble of the hash is 8 or more; a digit has no case
    const want = c >= 0x61 && nibble >= 8 ? c - 0x20 : c;
    if (v.charCodeAt(i + 2) !== want) return false;
  }
  if (checksummed.size >= MAX_CHECKSUMMED) checksummed.clear();
  checksummed.add(v);
  return true;
}
