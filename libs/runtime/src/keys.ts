import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SECP256K1_N, type Hex } from '@intentmesh/protocol';
import { readKeystoreFile } from './keystore';

/**
 * A private key, in order: an encrypted keystore (path and password from the environment), a raw key from the
 * environment, else one generated once and kept (mode 600) under the data directory for local use.
 */
export function loadOrCreateKey(
  fromEnv: string | undefined,
  file: string,
  keystore?: { keystore?: string; password?: string },
): Hex {
  if (keystore?.keystore) {
    if (keystore.password === undefined)
      throw new Error(`The keystore ${keystore.keystore} needs its password in the environment (…_KEYSTORE_PASSWORD).`);
    return readKeystoreFile(keystore.keystore, keystore.password);
  }
  if (fromEnv) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(fromEnv))
      throw new Error(`The private key for ${file} must be 0x + 64 hex digits.`);
    return fromEnv as Hex;
  }
  if (existsSync(file)) return readFileSync(file, 'utf8').trim() as Hex;
  const key = generatePrivateKey();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, key + '\n', { mode: 0o600 });
  return key;
}

/** A uniformly random secp256k1 private key (1 <= k < n), without loading viem/accounts at start. */
function generatePrivateKey(): Hex {
  for (;;) {
    const k = randomBytes(32);
    const n = BigInt('0x' + k.toString('hex'));
    if (n > 0n && n < SECP256K1_N) return `0x${k.toString('hex')}`;
  }
}
