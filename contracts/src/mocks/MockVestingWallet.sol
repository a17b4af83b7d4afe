// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

interface IBalanceToken {
    function balanceOf(address account) external view returns (uint256);
    function transfer(address to, uint256 amount) external returns (bool);
}

/// @notice Like OpenZeppelin's VestingWallet (everything vested): anyone may call `release(token)`, which pays the
///         beneficiary its own tokens. The attack tests use it as a third party that pays a recipient. Tests only.
contract MockVestingWallet {
    address public immutable beneficiary;

    event Released(address indexed token, uint256 amount);

    constructor(address beneficiary_) {
        beneficiary = beneficiary_;
    }

    function release(address token) external {
        uint256 amount = IBalanceToken(token).balanceOf(address(this));
        require(IBalanceToken(token).transfer(beneficiary, amount), "transfer failed");
        emit Released(token, amount);
    }
}
