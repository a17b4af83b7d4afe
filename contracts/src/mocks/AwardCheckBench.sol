// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Award} from "../lib/Types.sol";
import {EIP712} from "../lib/EIP712.sol";
import {IntentHashing} from "../lib/IntentHashing.sol";
import {MerkleProof} from "../lib/MerkleProof.sol";
import {SignatureChecker} from "../lib/SignatureChecker.sol";

/// @title AwardCheckBench
/// @notice Gas study only (contracts/test/awardGas.test.ts): the three ways a settlement could check that the
///         auctioneer awarded an intent, each alone, so their receipts compare like for like.
///         A: one auctioneer signature per award (what IntentSettlement.settle checks today).
///         B: one signature over the Merkle root of an auction's awards, sent with every settlement plus the award's proof.
///         C: that root posted on chain once per auction (one signature check), then each settlement checks a proof.
contract AwardCheckBench is EIP712 {
    bytes32 internal constant AWARD_ROOT_TYPEHASH = keccak256("AwardRoot(bytes32 auctionId,bytes32 root)");

    address public immutable auctioneer;
    mapping(bytes32 auctionId => bytes32 root) public awardRoots;

    error BadAward();

    constructor(address auctioneer_) {
        auctioneer = auctioneer_;
    }

    function awardDigest(Award calldata award) public view returns (bytes32) {
        return IntentHashing.digest(domainSeparator(), IntentHashing.hashAwardStruct(award));
    }

    function awardRootDigest(bytes32 auctionId, bytes32 root) public view returns (bytes32) {
        return IntentHashing.digest(domainSeparator(), keccak256(abi.encode(AWARD_ROOT_TYPEHASH, auctionId, root)));
    }

    /// @notice A: the award's own signature.
    function checkSigned(Award calldata award, bytes calldata signature) external view {
        if (SignatureChecker.recover(awardDigest(award), signature) != auctioneer) revert BadAward();
    }

    /// @notice B: the award is a leaf of a signed root, both sent with the settlement.
    function checkRootSigned(Award calldata award, bytes32 root, bytes calldata rootSignature, bytes32[] calldata proof)
        external
        view
    {
        if (!MerkleProof.verifyCalldata(proof, root, awardDigest(award))) revert BadAward();
        if (SignatureChecker.recover(awardRootDigest(award.auctionId, root), rootSignature) != auctioneer) {
            revert BadAward();
        }
    }

    /// @notice C, once per auction: the signed root is stored.
    function postRoot(bytes32 auctionId, bytes32 root, bytes calldata signature) external {
        if (SignatureChecker.recover(awardRootDigest(auctionId, root), signature) != auctioneer) revert BadAward();
        awardRoots[auctionId] = root;
    }

    /// @notice C, per settlement: the award is a leaf of the stored root.
    function checkPosted(Award calldata award, bytes32[] calldata proof) external view {
        bytes32 root = awardRoots[award.auctionId];
        if (root == bytes32(0) || !MerkleProof.verifyCalldata(proof, root, awardDigest(award))) revert BadAward();
    }
}
