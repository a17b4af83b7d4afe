// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

interface IMintable {
    function mint(address to, uint256 amount) external;
    function balanceOf(address account) external view returns (uint256);
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// @notice An interaction target that swaps at a fixed rate: it pulls `amountIn` of `tokenIn` from the caller
///         and pays `amountIn * num / den` of `tokenOut` to `to`, from its own balance, minting what it lacks
///         (so `tokenOut` must be a MockERC20 unless the pool is pre-funded). Tests and the local demo only.
contract MockPool {
    struct Rate {
        uint256 num;
        uint256 den;
    }

    mapping(address tokenIn => mapping(address tokenOut => Rate)) public rates;

    event RateSet(address indexed tokenIn, address indexed tokenOut, uint256 num, uint256 den);
    event Swapped(address indexed tokenIn, address indexed tokenOut, uint256 amountIn, uint256 amountOut, address to);

    error NoRate(address tokenIn, address tokenOut);
    error TransferFailed();

    function setRate(address tokenIn, address tokenOut, uint256 num, uint256 den) external {
        rates[tokenIn][tokenOut] = Rate(num, den);
        emit RateSet(tokenIn, tokenOut, num, den);
    }

    function quote(address tokenIn, address tokenOut, uint256 amountIn) public view returns (uint256) {
        Rate memory r = rates[tokenIn][tokenOut];
        if (r.den == 0) revert NoRate(tokenIn, tokenOut);
        return amountIn * r.num / r.den;
    }

    function swap(address tokenIn, address tokenOut, uint256 amountIn, address to) external returns (uint256 amountOut) {
        amountOut = quote(tokenIn, tokenOut, amountIn);
        if (!IMintable(tokenIn).transferFrom(msg.sender, address(this), amountIn)) revert TransferFailed();
        uint256 have = IMintable(tokenOut).balanceOf(address(this));
        if (have < amountOut) IMintable(tokenOut).mint(address(this), amountOut - have);
        if (!IMintable(tokenOut).transfer(to, amountOut)) revert TransferFailed();
        emit Swapped(tokenIn, tokenOut, amountIn, amountOut, to);
    }
}
