// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "../lib/IERC20.sol";
import {SafeTransfer} from "../lib/SafeTransfer.sol";

/// @title StableSwap
/// @notice A Curve-style (3pool) stableswap of 2..8 coins, written by us because no stableswap bytecode installs
///         from npm. Its integer math is exactly libs/routing's `pools/stableSwap.ts` (get_D, get_y, exchange with
///         the admin fee leaving the pool), so a quote from libs/routing equals what `exchange` pays, to the wei.
///         Liquidity has no LP shares: the owner seeds the balances once (`seed`); a demo and test venue.
contract StableSwap {
    using SafeTransfer for address;

    uint256 private constant FEE_DENOMINATOR = 1e10;
    uint256 private constant PRECISION = 1e18;

    address public immutable owner;
    uint256 public immutable A;
    uint256 public immutable fee;
    uint256 public immutable adminFee;
    address[] public coins;
    uint256[] public balances;
    uint256[] private rates;
    bool private seeded;
    uint256 private locked = 1;

    /// @dev Named and shaped as Curve's event, so indexers that know Curve read it.
    event TokenExchange(address indexed buyer, int128 soldId, uint256 tokensSold, int128 boughtId, uint256 tokensBought);
    /// @dev Once, when the pool opens: everything a market reader needs to find and price it from this log alone.
    event Seeded(address[] coins, uint256[] balances, uint256 A, uint256 fee, uint256 adminFee);

    error NotOwner();
    error AlreadySeeded();
    error BadCoin();
    error Slippage(uint256 dy, uint256 minDy);
    error NoConvergence();
    error Reentrancy();

    constructor(address[] memory coins_, uint8[] memory decimals_, uint256 a, uint256 fee_, uint256 adminFee_) {
        uint256 n = coins_.length;
        if (n < 2 || n > 8 || decimals_.length != n || a == 0 || fee_ >= FEE_DENOMINATOR || adminFee_ > FEE_DENOMINATOR) revert BadCoin();
        owner = msg.sender;
        A = a;
        fee = fee_;
        adminFee = adminFee_;
        coins = coins_;
        for (uint256 k; k < n; ++k) {
            rates.push(10 ** (36 - uint256(decimals_[k])));
            balances.push(0);
        }
    }

    function coinCount() external view returns (uint256) {
        return coins.length;
    }

    function getBalances() external view returns (uint256[] memory) {
        return balances;
    }

    /// @notice One-time seeding by the owner: the coins already transferred to the pool become its balances.
    function seed() external {
        if (msg.sender != owner) revert NotOwner();
        if (seeded) revert AlreadySeeded();
        seeded = true;
        for (uint256 k; k < coins.length; ++k) balances[k] = IERC20(coins[k]).balanceOf(address(this));
        emit Seeded(coins, balances, A, fee, adminFee);
    }

    /// @notice Curve's get_dy: output for `dx` of coin i, fee deducted.
    function getDy(uint256 i, uint256 j, uint256 dx) external view returns (uint256) {
        uint256[] memory xp = _xp();
        uint256 x = xp[i] + (dx * rates[i]) / PRECISION;
        uint256 y = _getY(i, j, x, xp);
        uint256 dy = ((xp[j] - y - 1) * PRECISION) / rates[j];
        return dy - (fee * dy) / FEE_DENOMINATOR;
    }

    /// @notice Curve's exchange: pulls `dx` of coin i from the caller and pays coin j to `receiver`.
    function exchange(uint256 i, uint256 j, uint256 dx, uint256 minDy, address receiver) external returns (uint256 dy) {
        if (locked != 1) revert Reentrancy();
        locked = 2;
        uint256 n = coins.length;
        if (i == j || i >= n || j >= n) revert BadCoin();
        uint256 dyAdmin;
        (dy, dyAdmin) = _exchangeAmounts(i, j, dx);
        if (dy < minDy) revert Slippage(dy, minDy);
        balances[i] += dx;
        balances[j] -= dy + dyAdmin;
        coins[i].safeTransferFrom(msg.sender, address(this), dx);
        coins[j].safeTransfer(receiver, dy);
        emit TokenExchange(msg.sender, int128(int256(i)), dx, int128(int256(j)), dy);
        locked = 1;
    }

    /// @dev Curve's exchange arithmetic: what the trader gets and the admin's share of the fee (leaves the pool).
    function _exchangeAmounts(uint256 i, uint256 j, uint256 dx) private view returns (uint256 dy, uint256 dyAdmin) {
        uint256[] memory xp = _xp();
        uint256 x = xp[i] + (dx * rates[i]) / PRECISION;
        uint256 y = _getY(i, j, x, xp);
        uint256 dyRaw = xp[j] - y - 1;
        uint256 dyFee = (dyRaw * fee) / FEE_DENOMINATOR;
        dy = ((dyRaw - dyFee) * PRECISION) / rates[j];
        dyAdmin = (((dyFee * adminFee) / FEE_DENOMINATOR) * PRECISION) / rates[j];
    }

    function _xp() private view returns (uint256[] memory xp) {
        uint256 n = balances.length;
        xp = new uint256[](n);
        for (uint256 k; k < n; ++k) xp[k] = (balances[k] * rates[k]) / PRECISION;
    }

    function _getD(uint256[] memory xp) private view returns (uint256) {
        uint256 n = xp.length;
        uint256 s;
        for (uint256 k; k < n; ++k) s += xp[k];
        if (s == 0) return 0;
        uint256 d = s;
        uint256 ann = A * n;
        for (uint256 it; it < 255; ++it) {
            uint256 dP = d;
            for (uint256 k; k < n; ++k) dP = (dP * d) / (xp[k] * n);
            uint256 prev = d;
            d = ((ann * s + dP * n) * d) / ((ann - 1) * d + (n + 1) * dP);
            if (d > prev ? d - prev <= 1 : prev - d <= 1) return d;
        }
        revert NoConvergence();
    }

    function _getY(uint256 i, uint256 j, uint256 x, uint256[] memory xp) private view returns (uint256) {
        uint256 n = xp.length;
        uint256 d = _getD(xp);
        uint256 ann = A * n;
        uint256 c = d;
        uint256 s;
        for (uint256 k; k < n; ++k) {
            if (k == j) continue;
            uint256 xk = k == i ? x : xp[k];
            s += xk;
            c = (c * d) / (xk * n);
        }
        c = (c * d) / (ann * n);
        uint256 b = s + d / ann;
        uint256 y = d;
        for (uint256 it; it < 255; ++it) {
            uint256 prev = y;
            y = (y * y + c) / (2 * y + b - d);
            if (y > prev ? y - prev <= 1 : prev - y <= 1) return y;
        }
        revert NoConvergence();
    }
}
