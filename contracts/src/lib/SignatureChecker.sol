// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC1271} from "./IERC20.sol";

/// @notice secp256k1 signatures exactly as libs/protocol accepts them: 65 bytes r ‖ s ‖ v, v in {27, 28},
///         s in the lower half of the curve order (no malleable high-s form), r and s non-zero.
library SignatureChecker {
    uint256 private constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;
    bytes4 private constant ERC1271_MAGIC = 0x1626ba7e;

    /// @return signer the recovered address, or address(0) for any malformed, malleable or unrecoverable signature.
    function recover(bytes32 digest, bytes calldata signature) internal pure returns (address signer) {
        if (signature.length != 65) return address(0);
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := calldataload(signature.offset)
            s := calldataload(add(signature.offset, 32))
            v := byte(0, calldataload(add(signature.offset, 64)))
        }
        if (uint256(s) > HALF_N || uint256(s) == 0 || uint256(r) == 0) return address(0);
        if (v != 27 && v != 28) return address(0);
        signer = ecrecover(digest, v, r, s);
    }

    /// @notice True if `signer` signed `digest`: an ECDSA signature by the key, or else, when `signer` has code
    ///         (a contract wallet, or an EIP-7702 delegated account), its EIP-1271 `isValidSignature` approval.
    function isValidSignatureNow(address signer, bytes32 digest, bytes calldata signature)
        internal
        view
        returns (bool)
    {
        if (signer == address(0)) return false;
        if (recover(digest, signature) == signer) return true;
        if (signer.code.length == 0) return false;
        (bool ok, bytes memory ret) =
            signer.staticcall(abi.encodeCall(IERC1271.isValidSignature, (digest, signature)));
        return ok && ret.length >= 32 && abi.decode(ret, (bytes32)) == bytes32(ERC1271_MAGIC);
    }
}
