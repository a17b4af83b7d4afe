import { keccak } from '../crypto/keccak';
import { bytesToHex, hexToBytes, type Hex } from '../primitives';

/**
 * Merkle tree over 32-byte leaves, kept in order, with sorted-pair hashing (OpenZeppelin MerkleProof's rule: a parent is
 * keccak256(min(a,b) ‖ max(a,b))), so a proof needs no left/right flags and Solidity checks it with the library as is.
 * An odd node at the end of a level moves up unchanged. Leaves are EIP-712 digests (66-byte preimages), so a leaf can
 * never be read as an inner node (64-byte preimage).
 */
// hashing is synchronous and copies its input: one 64-byte buffer serves every pair
const pair = new Uint8Array(64);
function parent(a: Uint8Array, b: Uint8Array): Uint8Array {
  const buf = pair;
  const aFirst = compare(a, b) <= 0;
  buf.set(aFirst ? a : b, 0);
  buf.set(aFirst ? b : a, 32);
  return keccak(buf);
}

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function levelUp(level: Uint8Array[]): Uint8Array[] {
  const up: Uint8Array[] = [];
  for (let i = 0; i < level.length; i += 2) up.push(i + 1 < level.length ? parent(level[i], level[i + 1]) : level[i]);
  return up;
}

/** The root of `leaves` (at least one), as hex or as 32 bytes each. */
export function merkleRoot(leaves: readonly (string | Uint8Array)[]): Hex {
  if (!leaves.length) throw new RangeError('a Merkle tree needs at least one leaf');
  let level = leaves.map((l) => (typeof l === 'string' ? hexToBytes(l) : l));
  while (level.length > 1) level = levelUp(level);
  return bytesToHex(level[0]);
}

/** The sibling path from leaf `index` to the root. */
export function merkleProof(leaves: readonly string[], index: number): Hex[] {
  if (index < 0 || index >= leaves.length) throw new RangeError(`no leaf #${index}`);
  const proof: Hex[] = [];
  let level = leaves.map((l) => hexToBytes(l));
  let i = index;
  while (level.length > 1) {
    const sibling = i ^ 1;
    if (sibling < level.length) proof.push(bytesToHex(level[sibling]));
    level = levelUp(level);
    i >>= 1;
  }
  return proof;
}

/** Whether `proof` leads from `leaf` to `root` (what OpenZeppelin's MerkleProof.verify computes). */
export function verifyMerkleProof(leaf: string, proof: readonly string[], root: string): boolean {
  let node = hexToBytes(leaf);
  for (const p of proof) node = parent(node, hexToBytes(p));
  return bytesToHex(node) === root.toLowerCase();
}
