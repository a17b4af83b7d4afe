// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice ERC-20 transfers that accept tokens returning nothing (USDT-style), refuse tokens returning false,
///         refuse calls to addresses without code, and bubble the token's own revert data unchanged.
library SafeTransfer {
    error TokenTransferFailed(address token);
    error NativeTransferFailed(address to);

    function safeTransferFrom(address token, address from, address to, uint256 amount) internal {
        _call(token, abi.encodeWithSelector(0x23b872dd, from, to, amount));
    }

    function safeTransfer(address token, address to, uint256 amount) internal {
        _call(token, abi.encodeWithSelector(0xa9059cbb, to, amount));
    }

    function safeTransferNative(address to, uint256 amount) internal {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert NativeTransferFailed(to);
    }

    function _call(address token, bytes memory data) private {
        (bool ok, bytes memory ret) = token.call(data);
        if (!ok) {
            if (ret.length > 0) {
                assembly ("memory-safe") {
                    revert(add(ret, 0x20), mload(ret))
                }
            }
            revert TokenTransferFailed(token);
        }
        if (ret.length == 0) {
            if (token.code.length == 0) revert TokenTransferFailed(token);
        } else if (ret.length != 32 || abi.decode(ret, (uint256)) != 1) {
            revert TokenTransferFailed(token);
        }
    }
}
