// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Intent, Award, FillProof} from "./Types.sol";

/// @notice EIP-712 type hashes and struct hashes, byte for byte those of libs/protocol.
library IntentHashing {
    bytes32 internal constant INTENT_TYPEHASH = keccak256(
        "Intent(address swapper,address sellToken,uint256 sellAmount,address buyToken,uint256 minBuyAmount,address recipient,uint256 sourceChainId,uint256 destinationChainId,uint256 nonce,uint256 deadline)"
    );
    bytes32 internal constant AWARD_TYPEHASH =
        keccak256("Award(bytes32 auctionId,bytes32 intentHash,address solver,uint256 buyAmount,uint256 settleBy)");
    bytes32 internal constant FILL_PROOF_TYPEHASH = keccak256(
        "FillProof(bytes32 orderId,uint256 destinationChainId,address destinationSettler,address filler,uint256 amount,uint256 filledAt)"
    );
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    // All members are static, so abi.encode(typehash, struct) is exactly typehash ‖ encodeData(struct).
    function hashIntentStruct(Intent calldata intent) internal pure returns (bytes32) {
        return keccak256(abi.encode(INTENT_TYPEHASH, intent));
    }

    function hashIntentStructMemory(Intent memory intent) internal pure returns (bytes32) {
        return keccak256(abi.encode(INTENT_TYPEHASH, intent));
    }

    function hashAwardStruct(Award calldata award) internal pure returns (bytes32) {
        return keccak256(abi.encode(AWARD_TYPEHASH, award));
    }

    function hashFillProofStruct(FillProof calldata proof) internal pure returns (bytes32) {
        return keccak256(abi.encode(FILL_PROOF_TYPEHASH, proof));
    }

    /// @notice The IntentMesh domain separator of another chain's settlement (used by destination settlers).
    function domainSeparatorOf(uint256 chainId, address verifyingContract) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256("IntentMesh"), keccak256("1"), chainId, verifyingContract)
        );
    }

    /// @dev The EIP-712 digest: keccak256(0x1901 ‖ domainSeparator ‖ structHash).
    function digest(bytes32 domainSeparator, bytes32 structHash) internal pure returns (bytes32 d) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, hex"1901")
            mstore(add(ptr, 0x02), domainSeparator)
            mstore(add(ptr, 0x22), structHash)
            d := keccak256(ptr, 0x42)
        }
    }
}
