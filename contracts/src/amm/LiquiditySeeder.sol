// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

interface IMintableToken {
    function mint(address to, uint256 amount) external;
}

interface IUniswapV2FactoryLike {
    function createPair(address tokenA, address tokenB) external returns (address pair);
}

interface IUniswapV2PairMint {
    function mint(address to) external returns (uint256 liquidity);
}

interface IUniswapV3FactoryLike {
    function createPool(address tokenA, address tokenB, uint24 fee) external returns (address pool);
}

interface IUniswapV3PoolMint {
    function initialize(uint160 sqrtPriceX96) external;
    function mint(address recipient, int24 tickLower, int24 tickUpper, uint128 amount, bytes calldata data)
        external
        returns (uint256 amount0, uint256 amount1);
    function token0() external view returns (address);
    function token1() external view returns (address);
}

/// @title LiquiditySeeder
/// @notice Local chains only: creates Uniswap V2 pairs and V3 pools through their factories and adds liquidity
///         through their own entry points (V2 `mint` after a transfer; V3 `mint` paid in `uniswapV3MintCallback`),
///         paying with freshly minted MockERC20s. One transaction per pool keeps the demo chains' start short.
contract LiquiditySeeder {
    error UnexpectedCallback(address caller);

    /// @dev The V3 pool whose mint callback is expected (transient).
    bytes32 private constant EXPECTED_POOL_SLOT = keccak256("intentmesh.LiquiditySeeder.expectedPool");

    /// @notice Creates the pair and mints `amount0`/`amount1` of liquidity to `to`; returns the pair.
    function seedV2(address factory, address token0, address token1, uint256 amount0, uint256 amount1, address to)
        external
        returns (address pair)
    {
        pair = IUniswapV2FactoryLike(factory).createPair(token0, token1);
        IMintableToken(token0).mint(pair, amount0);
        IMintableToken(token1).mint(pair, amount1);
        IUniswapV2PairMint(pair).mint(to);
    }

    /// @notice Creates and initializes the pool, then mints one position per (lower, upper, liquidity) to `to`.
    function seedV3(
        address factory,
        address token0,
        address token1,
        uint24 fee,
        uint160 sqrtPriceX96,
        int24[] calldata lowers,
        int24[] calldata uppers,
        uint128[] calldata amounts,
        address to
    ) external returns (address pool) {
        pool = IUniswapV3FactoryLike(factory).createPool(token0, token1, fee);
        IUniswapV3PoolMint(pool).initialize(sqrtPriceX96);
        bytes32 slot = EXPECTED_POOL_SLOT;
        assembly ("memory-safe") {
            tstore(slot, pool)
        }
        for (uint256 k; k < lowers.length; ++k) IUniswapV3PoolMint(pool).mint(to, lowers[k], uppers[k], amounts[k], "");
        assembly ("memory-safe") {
            tstore(slot, 0)
        }
    }

    function uniswapV3MintCallback(uint256 amount0Owed, uint256 amount1Owed, bytes calldata) external {
        bytes32 slot = EXPECTED_POOL_SLOT;
        address expected;
        assembly ("memory-safe") {
            expected := tload(slot)
        }
        if (msg.sender != expected || expected == address(0)) revert UnexpectedCallback(msg.sender);
        if (amount0Owed > 0) IMintableToken(IUniswapV3PoolMint(msg.sender).token0()).mint(msg.sender, amount0Owed);
        if (amount1Owed > 0) IMintableToken(IUniswapV3PoolMint(msg.sender).token1()).mint(msg.sender, amount1Owed);
    }
}
