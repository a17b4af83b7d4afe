import { randomBytes } from 'node:crypto';
import type { Address, Hex } from '@intentmesh/protocol';
import { openIntakeSeal, sealIntake } from './intakeSeal';

const key = new Uint8Array(randomBytes(32));
const hash = `0x${'ab'.repeat(32)}` as Hex;
const signer = `0x${'12'.repeat(20)}` as Address;
const data = new TextEncoder().encode('{"intent":{"swapper":"0x1212"},"signature":"0x00"}');

describe('messaging - intake seal', () => {
  it('opens to the hash it sealed, under the same key, signer and bytes', () => {
    expect(openIntakeSeal(key, sealIntake(key, hash, signer, data), signer, data)).toBe(hash);
  });

  it('refuses another key, another signer, one changed payload byte, a swapped hash, and malformed or missing seals', () => {
    const seal = sealIntake(key, hash, signer, data);
    expect(openIntakeSeal(new Uint8Array(randomBytes(32)), seal, signer, data)).toBeUndefined();
    expect(openIntakeSeal(key, seal, `0x${'13'.repeat(20)}` as Address, data)).toBeUndefined();
    const changed = data.slice();
    changed[5] ^= 1;
    expect(openIntakeSeal(key, seal, signer, changed)).toBeUndefined();
    expect(openIntakeSeal(key, `0x${'cd'.repeat(32)}${seal.slice(66)}`, signer, data)).toBeUndefined();
    for (const bad of [
      undefined,
      '',
      seal.slice(1),
      `${seal.slice(0, 66)}:${seal.slice(67)}`,
      `${seal.slice(0, -2)}zz`,
    ])
      expect(openIntakeSeal(key, bad, signer, data)).toBeUndefined();
  });
});
