import { bytesEqualHex } from '../crypto/bytesEqualHex';
import { intentDigest } from '../intent/intentDigest';
import type { Intent } from '../intent/types';

/**
 * Intents whose EIP-712 digest was recomputed and found equal to their hash, by that exact hash string: an intent
 * auctioned again (requeued, unfilled) is bound to its hash by a field-for-field comparison with the verified copy
 * instead of a second digest. Bounded (oldest out); any difference in any field recomputes the digest.
 */
export class VerifiedIntents {
  private readonly byHash = new Map<string, Readonly<Intent>>();

  constructor(private readonly max = 10_000) {
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError('VerifiedIntents holds at least one intent');
  }

  /** Whether `intent` digests to `hash` (hex in either case); throws where intentDigest does. */
  matches(intent: Intent, hash: string): boolean {
    const known = this.byHash.get(hash);
    if (known && sameFlatFields(known, intent)) return true;
    if (!bytesEqualHex(intentDigest(intent), hash)) return false;
    if (!known) {
      if (this.byHash.size >= this.max) this.byHash.delete(this.byHash.keys().next().value!);
      // a frozen copy: the caller's object goes on to quote code that could mutate it
      this.byHash.set(hash, copyOf(intent));
    }
    return true;
  }

  get size(): number {
    return this.byHash.size;
  }
}

// field by field into one fixed shape (a spread or a frozen copy made the comparisons slower than the digest they save);
// a field missing here only makes every comparison fail on the key count, never pass
function copyOf(i: Intent): Intent {
  return {
    swapper: i.swapper,
    sellToken: i.sellToken,
    sellAmount: i.sellAmount,
    buyToken: i.buyToken,
    minBuyAmount: i.minBuyAmount,
    recipient: i.recipient,
    sourceChainId: i.sourceChainId,
    destinationChainId: i.destinationChainId,
    nonce: i.nonce,
    deadline: i.deadline,
  };
}

// primitives only (strings, numbers, bigints compare by value with ===); any nested value counts as different
function sameFlatFields(known: object, other: object): boolean {
  const keys = Object.keys(known);
  if (keys.length !== Object.keys(other).length) return false;
  for (const k of keys) {
    const v = (known as Record<string, unknown>)[k];
    if (!Object.hasOwn(other, k) || (typeof v === 'object' && v !== null) || typeof v === 'function') return false;
    if ((other as Record<string, unknown>)[k] !== v) return false;
  }
  return true;
}
