// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {MockERC20} from "./MockERC20.sol";

/// @notice A malicious ERC-20: once armed, every transfer/transferFrom first calls `target` with `payload`
///         (e.g. a second `settle`, `open` or `fill`). With `bubble` it reverts with the reentered call's revert
///         data; otherwise it swallows it and records it in `lastRevertData`. Tests only.
contract ReentrantToken is MockERC20 {
    address public target;
    bytes public payload;
    bool public bubble;
    bool public reentered;
    bytes public lastRevertData;

    constructor() MockERC20("Reentrant", "REENT", 18) {}

    function arm(address target_, bytes calldata payload_, bool bubble_) external {
        target = target_;
        payload = payload_;
        bubble = bubble_;
    }

    function transfer(address to, uint256 amount) external override returns (bool) {
        _attack();
        _transfer(msg.sender, to, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external override returns (bool) {
        _attack();
        _spendAllowance(from, amount);
        _transfer(from, to, amount);
        return true;
    }

    function _attack() private {
        address t = target;
        if (t == address(0)) return;
        target = address(0); // one attempt per arming
        reentered = true;
        (bool ok, bytes memory ret) = t.call(payload);
        if (!ok) {
            lastRevertData = ret;
            if (bubble) {
                assembly ("memory-safe") {
                    revert(add(ret, 0x20), mload(ret))
                }
            }
        }
    }
}
