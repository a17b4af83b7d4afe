// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "../lib/IERC20.sol";
import {SafeTransfer} from "../lib/SafeTransfer.sol";

interface IUniswapV2PairLike {
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);
    function token0() external view returns (address);
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;
}

interface IUniswapV3PoolLike {
    function token0() external view returns (address);
    function swap(address recipient, bool zeroForOne, int256 amountSpecified, uint160 sqrtPriceLimitX96, bytes calldata data)
        external
        returns (int256 amount0, int256 amount1);
}

interface IStableSwapLike {
    function exchange(uint256 i, uint256 j, uint256 dx, uint256 minDy, address receiver) external returns (uint256);
}

/// @title RouteExecutor
/// @notice Executes a libs/routing route exactly. A route is a flow: the inputs are pulled from the caller once, then
///         the paths run in order (as libs/routing evaluates them, so a pool two paths share is seen in its updated
///         state), each drawing `amountIn` of its first token from what this contract holds for the call (the
///         inputs, or earlier paths' output; `amountIn` 0 draws all of it, so a better upstream fill flows on), hops
///         within a path chained on the previous hop's actual output. Uniswap V2 pairs: transfer then `swap` for the
///         pair's full getAmountOut (0.3%); Uniswap V3 pools: `swap` exact input with the widest price limit, paid in
///         the callback; StableSwap: `exchange`. Everything held of `tokenOut` at the end goes to `recipient`, and the
///         call reverts unless it is at least `minAmountOut` and nothing else is left: the contract holds nothing
///         between transactions, and a route that no longer yields the award fails whole (no partial fill).
contract RouteExecutor {
    using SafeTransfer for address;

    uint8 internal constant UNISWAP_V2 = 0;
    uint8 internal constant UNISWAP_V3 = 1;
    uint8 internal constant STABLE_SWAP = 2;
    uint160 internal constant MIN_SQRT_RATIO_PLUS_ONE = 4295128740;
    uint160 internal constant MAX_SQRT_RATIO_MINUS_ONE = 1461446703485210103287273052203988822378723970341;

    struct Hop {
        uint8 kind;
        address pool;
        address tokenIn;
        address tokenOut;
        /// @dev StableSwap coin indices of tokenIn and tokenOut; unused for the other kinds.
        uint8 i;
        uint8 j;
    }

    struct Path {
        address tokenIn;
        /// @dev Drawn from what the call holds of tokenIn; 0 = all of it (the encoder sets 0 on a token's last draw).
        uint256 amountIn;
        Hop[] hops;
    }

    /// @dev Pulled from the caller (who approves exactly that much first) before any path runs.
    struct Input {
        address token;
        uint256 amount;
    }

    /// @dev What the call holds per token (the call's own ledger, so tokens sent here by others are never drawn).
    struct Ledger {
        address[] tokens;
        uint256[] amounts;
        uint256 used;
    }

    error InsufficientOutput(uint256 amountOut, uint256 minAmountOut);
    error PartialFill(address pool, uint256 consumed, uint256 amountIn);
    error UnexpectedCallback(address caller);
    error UnknownHopKind(uint8 kind);
    error Reentrancy();
    error Overdraw(address token, uint256 amountIn, uint256 held);
    error Leftover(address token, uint256 amount);
    error BrokenPath(uint256 path);

    /// @dev The V3 pool whose swap callback is expected (transient), and the token it is paid in.
    bytes32 private constant EXPECTED_POOL_SLOT = keccak256("intentmesh.RouteExecutor.expectedPool");
    bytes32 private constant PAY_TOKEN_SLOT = keccak256("intentmesh.RouteExecutor.payToken");
    bytes32 private constant LOCK_SLOT = keccak256("intentmesh.RouteExecutor.lock");

    event RouteExecuted(address indexed caller, address indexed tokenOut, uint256 amountOut, address recipient);

    /// @notice Pulls the inputs from the caller, runs the paths as a flow and pays all of `tokenOut` to `recipient`.
    function execute(
        Input[] calldata inputs,
        Path[] calldata paths,
        address tokenOut,
        uint256 minAmountOut,
        address recipient
    ) external returns (uint256 amountOut) {
        bytes32 lockSlot = LOCK_SLOT;
        uint256 locked;
        assembly ("memory-safe") {
            locked := tload(lockSlot)
        }
        if (locked != 0) revert Reentrancy();
        assembly ("memory-safe") {
            tstore(lockSlot, 1)
        }
        Ledger memory ledger = _pull(inputs, paths.length);
        for (uint256 p; p < paths.length; ++p) _runPath(ledger, paths[p], p);
        amountOut = _held(ledger, tokenOut);
        if (amountOut < minAmountOut) revert InsufficientOutput(amountOut, minAmountOut);
        tokenOut.safeTransfer(recipient, amountOut);
        emit RouteExecuted(msg.sender, tokenOut, amountOut, recipient);
        assembly ("memory-safe") {
            tstore(lockSlot, 0)
        }
    }

    /// @dev Pulls the inputs from the caller into a ledger with room for every token the paths can credit.
    function _pull(Input[] calldata inputs, uint256 paths) private returns (Ledger memory ledger) {
        uint256 slots = inputs.length + paths;
        ledger = Ledger(new address[](slots), new uint256[](slots), 0);
        for (uint256 k; k < inputs.length; ++k) {
            inputs[k].token.safeTransferFrom(msg.sender, address(this), inputs[k].amount);
            _credit(ledger, inputs[k].token, inputs[k].amount);
        }
    }

    /// @dev What the call holds of `tokenOut`; reverts if it holds anything else (nothing may stay here).
    function _held(Ledger memory ledger, address tokenOut) private pure returns (uint256 amountOut) {
        for (uint256 k; k < ledger.used; ++k) {
            if (ledger.tokens[k] == tokenOut) amountOut = ledger.amounts[k];
            else if (ledger.amounts[k] != 0) revert Leftover(ledger.tokens[k], ledger.amounts[k]);
        }
    }

    /// @dev Draws the path's input from the ledger, runs its hops on each other's output, credits the last one's.
    function _runPath(Ledger memory ledger, Path calldata path, uint256 p) private {
        Hop[] calldata hops = path.hops;
        if (hops.length == 0) revert BrokenPath(p);
        address token = path.tokenIn;
        uint256 k = _slot(ledger, token);
        uint256 have = ledger.amounts[k];
        uint256 a = path.amountIn == 0 ? have : path.amountIn;
        if (a == 0 || a > have) revert Overdraw(token, path.amountIn, have);
        ledger.amounts[k] = have - a;
        for (uint256 h; h < hops.length; ++h) {
            if (hops[h].tokenIn != token) revert BrokenPath(p);
            a = _hop(hops[h], a);
            token = hops[h].tokenOut;
        }
        _credit(ledger, token, a);
    }

    /// @dev The ledger slot of `token`, a new empty one if the call holds none yet.
    function _slot(Ledger memory ledger, address token) private pure returns (uint256 k) {
        for (; k < ledger.used; ++k) if (ledger.tokens[k] == token) return k;
        ledger.tokens[k] = token;
        ledger.used = k + 1;
    }

    function _credit(Ledger memory ledger, address token, uint256 amount) private pure {
        uint256 k = _slot(ledger, token);
        ledger.amounts[k] += amount;
    }

    function _hop(Hop calldata hop, uint256 amountIn) private returns (uint256) {
        if (hop.kind == UNISWAP_V2) return _swapV2(hop, amountIn);
        if (hop.kind == UNISWAP_V3) return _swapV3(hop, amountIn);
        if (hop.kind == STABLE_SWAP) {
            _approve(hop.tokenIn, hop.pool, amountIn);
            return IStableSwapLike(hop.pool).exchange(hop.i, hop.j, amountIn, 0, address(this));
        }
        revert UnknownHopKind(hop.kind);
    }

    /// @dev UniswapV2Library.getAmountOut on the pair's current reserves: the most the pair's K check allows.
    function _swapV2(Hop calldata hop, uint256 amountIn) private returns (uint256 amountOut) {
        IUniswapV2PairLike pair = IUniswapV2PairLike(hop.pool);
        (uint112 r0, uint112 r1,) = pair.getReserves();
        bool zeroForOne = hop.tokenIn < hop.tokenOut;
        (uint256 reserveIn, uint256 reserveOut) = zeroForOne ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
        uint256 amountInWithFee = amountIn * 997;
        amountOut = (amountInWithFee * reserveOut) / (reserveIn * 1000 + amountInWithFee);
        hop.tokenIn.safeTransfer(hop.pool, amountIn);
        (uint256 out0, uint256 out1) = zeroForOne ? (uint256(0), amountOut) : (amountOut, uint256(0));
        pair.swap(out0, out1, address(this), "");
    }

    function _swapV3(Hop calldata hop, uint256 amountIn) private returns (uint256) {
        bool zeroForOne = hop.tokenIn < hop.tokenOut;
        bytes32 poolSlot = EXPECTED_POOL_SLOT;
        bytes32 tokenSlot = PAY_TOKEN_SLOT;
        address pool = hop.pool;
        address tokenIn = hop.tokenIn;
        assembly ("memory-safe") {
            tstore(poolSlot, pool)
            tstore(tokenSlot, tokenIn)
        }
        (int256 amount0, int256 amount1) = IUniswapV3PoolLike(pool).swap(
            address(this),
            zeroForOne,
            int256(amountIn),
            zeroForOne ? MIN_SQRT_RATIO_PLUS_ONE : MAX_SQRT_RATIO_MINUS_ONE,
            ""
        );
        assembly ("memory-safe") {
            tstore(poolSlot, 0)
        }
        (int256 paid, int256 received) = zeroForOne ? (amount0, amount1) : (amount1, amount0);
        // a pool that runs out of liquidity stops at the price limit having taken less: refuse, never fill partly
        if (uint256(paid) != amountIn) revert PartialFill(pool, uint256(paid), amountIn);
        return uint256(-received);
    }

    /// @notice Uniswap V3 swap callback: pays only the pool this contract is swapping with, only what it owes.
    function uniswapV3SwapCallback(int256 amount0Delta, int256 amount1Delta, bytes calldata) external {
        bytes32 poolSlot = EXPECTED_POOL_SLOT;
        bytes32 tokenSlot = PAY_TOKEN_SLOT;
        address expected;
        address token;
        assembly ("memory-safe") {
            expected := tload(poolSlot)
            token := tload(tokenSlot)
        }
        if (msg.sender != expected || expected == address(0)) revert UnexpectedCallback(msg.sender);
        uint256 owed = uint256(amount0Delta > 0 ? amount0Delta : amount1Delta);
        token.safeTransfer(msg.sender, owed);
    }

    function _approve(address token, address spender, uint256 amount) private {
        (bool ok, bytes memory ret) = token.call(abi.encodeWithSelector(IERC20.approve.selector, spender, amount));
        if (!ok || (ret.length != 0 && abi.decode(ret, (uint256)) != 1)) revert SafeTransfer.TokenTransferFailed(token);
    }

    /// @notice Balance helper for off-chain checks (nothing should ever stay here).
    function held(address token) external view returns (uint256) {
        return IERC20(token).balanceOf(address(this));
    }
}
