// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice Reentrancy lock in transient storage (EIP-1153, Cancun): ~200 gas instead of two SSTOREs.
abstract contract ReentrancyGuard {
    bool private transient _locked;

    error Reentrancy();

    modifier nonReentrant() {
        if (_locked) revert Reentrancy();
        _locked = true;
        _;
        _locked = false;
    }
}
