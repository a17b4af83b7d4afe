// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice A swapper's signed wish, field for field the `Intent` of libs/protocol (EIP-712 primary type `Intent`).
struct Intent {
    address swapper;
    address sellToken;
    uint256 sellAmount;
    address buyToken;
    uint256 minBuyAmount;
    address recipient;
    uint256 sourceChainId;
    uint256 destinationChainId;
    uint256 nonce;
    uint256 deadline;
}

/// @notice The auctioneer's signed decision, field for field the `Award` of libs/protocol.
struct Award {
    bytes32 auctionId;
    bytes32 intentHash;
    address solver;
    uint256 buyAmount;
    uint256 settleBy;
}

/// @notice One call made by the settlement's interaction executor on behalf of the awarded solver.
struct Interaction {
    address target;
    uint256 value;
    bytes callData;
}

/// @notice What the attester signs after seeing a `Filled` event on a destination settler.
struct FillProof {
    bytes32 orderId;
    uint256 destinationChainId;
    address destinationSettler;
    address filler;
    uint256 amount;
    uint256 filledAt;
}
