// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice Sorted-pair Merkle proofs (OpenZeppelin MerkleProof's rule), as libs/protocol merkleRoot builds trees:
///         a parent is keccak256(min(a, b) ‖ max(a, b)).
library MerkleProof {
    function verifyCalldata(bytes32[] calldata proof, bytes32 root, bytes32 leaf) internal pure returns (bool) {
        bytes32 node = leaf;
        uint256 n = proof.length;
        for (uint256 i; i < n; ++i) {
            bytes32 sibling = proof[i];
            assembly ("memory-safe") {
                let lo := node
                let hi := sibling
                if gt(lo, hi) {
                    lo := sibling
                    hi := node
                }
                mstore(0x00, lo)
                mstore(0x20, hi)
                node := keccak256(0x00, 0x40)
            }
        }
        return node == root;
    }
}
