import { IntentMeshError } from '../errors';
import { SECP256K1_HALF_N, bytesToHex, hexToBytes, type Address, type Hex } from '../primitives';
import { keccak } from './keccak';
import { secpBackend } from './secp256k1';

const SIG_RE = /^0x[0-9a-fA-F]{130}$/;

export type SignatureParts = { r: bigint; s: bigint; recovery: 0 | 1; sig64: Uint8Array };

/**
 * Parses a 65-byte r‖s‖v signature with the contracts' rules (SignatureChecker.recover): v 27 or 28 only (0/1 is
 * refused, as ecrecover refuses it), s in the lower half of the order, r and s non-zero; one verdict on and off chain.
 */
export function parseSignature(signature: string): SignatureParts {
  if (typeof signature !== 'string' || !SIG_RE.test(signature)) {
    throw new IntentMeshError('The signature must be 65 bytes as 0x-prefixed hex (r, s, v).', {
      code: 'INVALID_SIGNATURE',
      details: { reason: 'format' },
    });
  }
  const r = BigInt('0x' + signature.slice(2, 66));
  const s = BigInt('0x' + signature.slice(66, 130));
  const v = parseInt(signature.slice(130, 132), 16);
  if (s > SECP256K1_HALF_N) {
    throw new IntentMeshError('The signature has a high s value (malleable form); sign again with a standard signer.', {
      code: 'INVALID_SIGNATURE',
      details: { reason: 'high-s' },
    });
  }
  if (r === 0n || s === 0n) {
    throw new IntentMeshError('The signature has a zero r or s.', {
      code: 'INVALID_SIGNATURE',
      details: { reason: 'zero' },
    });
  }
  const recovery = v === 27 ? 0 : v === 28 ? 1 : -1;
  if (recovery < 0) {
    const hint =
      v === 0 || v === 1 ? ' (a bare recovery id: add 27, as the settlement contract accepts only 27/28)' : '';
    throw new IntentMeshError(`The signature's v byte must be 27 or 28, got ${v}${hint}.`, {
      code: 'INVALID_SIGNATURE',
      details: { reason: 'v', v },
    });
  }
  return { r, s, recovery: recovery as 0 | 1, sig64: hexToBytes(signature.slice(0, 130)) };
}

/** Ethereum address of the key that signed `digest`. */
export function recoverDigestSigner(digest: Uint8Array | Hex, signature: string): Address {
  const { recovery, sig64 } = parseSignature(signature);
  const hash = typeof digest === 'string' ? hexToBytes(digest) : digest;
  try {
    const pub = secpBackend().recover(hash, sig64, recovery);
    return bytesToHex(keccak(pub.subarray(1)).subarray(12));
  } catch (cause) {
    // our own fault (a missing function, a wrong library version) is never reported as the signer's
    if (isInternalFailure(cause))
      throw cause instanceof IntentMeshError
        ? cause
        : new IntentMeshError('The signature backend failed internally.', { code: 'INTERNAL', cause });
    throw new IntentMeshError('The signature does not recover to any key.', {
      code: 'INVALID_SIGNATURE',
      details: { reason: 'unrecoverable' },
      cause,
    });
  }
}

/**
 * True for a failure of the verifying code itself rather than of the data: an INTERNAL IntentMeshError, or the
 * TypeError/ReferenceError of a missing function. Verifiers rethrow these instead of turning them into verdicts.
 */
export function isInternalFailure(err: unknown): boolean {
  if (err instanceof IntentMeshError) return err.code === 'INTERNAL';
  return err instanceof TypeError || err instanceof ReferenceError;
}
