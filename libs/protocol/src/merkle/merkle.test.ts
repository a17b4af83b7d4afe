import { keccakHex, merkleProof, merkleRoot, verifyMerkleProof, type Hex } from '@intentmesh/protocol';

const leaf = (i: number) => keccakHex(Uint8Array.of(i));
const pair = (a: string, b: string): Hex => {
  const [x, y] = a < b ? [a, b] : [b, a];
  return keccakHex(Uint8Array.from(Buffer.from(x.slice(2) + y.slice(2), 'hex')));
};

describe('protocol - Merkle tree with sorted pairs (OpenZeppelin MerkleProof rule)', () => {
  it('protocol - one leaf is its own root; three leaves hash pairwise with the odd one carried up', () => {
    expect(merkleRoot([leaf(1)])).toBe(leaf(1));
    expect(merkleRoot([leaf(1), leaf(2), leaf(3)])).toBe(pair(pair(leaf(1), leaf(2)), leaf(3)));
    expect(() => merkleRoot([])).toThrow(RangeError);
  });

  it('protocol - every leaf of trees of 1 to 33 leaves proves against the root, and a changed leaf or proof does not', () => {
    for (let n = 1; n <= 33; n++) {
      const leaves = Array.from({ length: n }, (_, i) => leaf(i));
      const root = merkleRoot(leaves);
      for (let i = 0; i < n; i++) {
        const proof = merkleProof(leaves, i);
        expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
        expect(verifyMerkleProof(leaves[i], proof, root)).toBe(true);
        expect(verifyMerkleProof(leaf(100 + i), proof, root)).toBe(false);
        if (proof.length) expect(verifyMerkleProof(leaves[i], [leaf(200), ...proof.slice(1)], root)).toBe(false);
      }
    }
  });
});
