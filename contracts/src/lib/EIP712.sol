// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice EIP-712 domain `EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)`
///         with name "IntentMesh" and version "1", as `getChainDomain` of libs/protocol builds it. Digests under it
///         are `IntentHashing.digest(domainSeparator(), structHash)`.
abstract contract EIP712 {
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant NAME_HASH = keccak256("IntentMesh");
    bytes32 internal constant VERSION_HASH = keccak256("1");

    uint256 private immutable _cachedChainId;
    bytes32 private immutable _cachedDomainSeparator;

    constructor() {
        _cachedChainId = block.chainid;
        _cachedDomainSeparator = _buildDomainSeparator();
    }

    /// @notice The domain separator for this chain (recomputed if the chain forked since deployment).
    function domainSeparator() public view returns (bytes32) {
        return block.chainid == _cachedChainId ? _cachedDomainSeparator : _buildDomainSeparator();
    }

    /// @notice EIP-5267 description of the domain.
    function eip712Domain()
        external
        view
        returns (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        )
    {
        return (hex"0f", "IntentMesh", "1", block.chainid, address(this), bytes32(0), new uint256[](0));
    }

    function _buildDomainSeparator() private view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }
}
