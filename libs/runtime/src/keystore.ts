import { createCipheriv, createDecipheriv, randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { createDigestSigner, type Hex } from '@intentmesh/protocol';

/** Web3 Secret Storage v3 (scrypt + aes-128-ctr + keccak MAC): the keystore format wallets and geth use. */
export type KeystoreV3 = {
  version: 3;
  id: string;
  address: string;
  crypto: {
    cipher: 'aes-128-ctr';
    ciphertext: string;
    cipherparams: { iv: string };
    kdf: 'scrypt';
    kdfparams: { dklen: number; n: number; p: number; r: number; salt: string };
    mac: string;
  };
};

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const mac = (derived: Buffer, ciphertext: Buffer) =>
  Buffer.from(keccak_256(Buffer.concat([derived.subarray(16, 32), ciphertext])));

function derive(password: string, p: KeystoreV3['crypto']['kdfparams']): Buffer {
  // scrypt needs 128 * N * r bytes; allow that much and no more
  return scryptSync(password.normalize('NFKC'), Buffer.from(p.salt, 'hex'), p.dklen, {
    N: p.n,
    r: p.r,
    p: p.p,
    maxmem: 256 * p.n * p.r,
  });
}

export function encryptKeystore(privateKey: Hex, password: string, { n = 1 << 17 }: { n?: number } = {}): KeystoreV3 {
  const kdfparams = { dklen: 32, n, p: 1, r: 8, salt: hex(randomBytes(32)) };
  const derived = derive(password, kdfparams);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-ctr', derived.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(privateKey.slice(2), 'hex')), cipher.final()]);
  return {
    version: 3,
    id: randomUUID(),
    address: createDigestSigner(privateKey).address.slice(2),
    crypto: {
      cipher: 'aes-128-ctr',
      ciphertext: hex(ciphertext),
      cipherparams: { iv: hex(iv) },
      kdf: 'scrypt',
      kdfparams,
      mac: hex(mac(derived, ciphertext)),
    },
  };
}

/** Decrypts a v3 keystore; a wrong password is reported as such, never as a garbled key. */
export function decryptKeystore(keystore: KeystoreV3 | string, password: string): Hex {
  const ks: KeystoreV3 = typeof keystore === 'string' ? JSON.parse(keystore) : keystore;
  const c =
    (ks as { crypto?: KeystoreV3['crypto']; Crypto?: KeystoreV3['crypto'] }).crypto ??
    (ks as { Crypto?: KeystoreV3['crypto'] }).Crypto;
  if (ks.version !== 3 || !c || c.kdf !== 'scrypt' || c.cipher !== 'aes-128-ctr') {
    throw new Error('Unsupported keystore: only version 3 with scrypt and aes-128-ctr is read.');
  }
  const derived = derive(password, c.kdfparams);
  const ciphertext = Buffer.from(c.ciphertext, 'hex');
  if (!timingSafeEqual(mac(derived, ciphertext), Buffer.from(c.mac, 'hex')))
    throw new Error('Wrong keystore password.');
  const decipher = createDecipheriv('aes-128-ctr', derived.subarray(0, 16), Buffer.from(c.cipherparams.iv, 'hex'));
  const key = ('0x' + Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('hex')) as Hex;
  if (ks.address && createDigestSigner(key).address.slice(2) !== ks.address.toLowerCase().replace(/^0x/, '')) {
    throw new Error('The keystore decrypts to a key that does not match its address.');
  }
  return key;
}

export function readKeystoreFile(path: string, password: string): Hex {
  return decryptKeystore(readFileSync(path, 'utf8'), password);
}
