// The few Uniswap V2/V3 and ERC-20 entry points the market reader calls, as viem `parseAbi` fragments.
// Human-readable ABI signatures stay whole (over 120 columns): parseAbi types them only as string literals.
import { parseAbi } from 'viem';

export const v2FactoryEvents = parseAbi([
  'event PairCreated(address indexed token0, address indexed token1, address pair, uint256)',
]);
export const v3FactoryEvents = parseAbi([
  'event PoolCreated(address indexed token0, address indexed token1, uint24 indexed fee, int24 tickSpacing, address pool)',
]);

export const v2PairAbi = parseAbi([
  'function token0() view returns (address)',
  'function token1() view returns (address)',
  'function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)',
  'event Sync(uint112 reserve0, uint112 reserve1)',
]);

export const v3PoolAbi = parseAbi([
  'function token0() view returns (address)',
  'function token1() view returns (address)',
  'function fee() view returns (uint24)',
  'function tickSpacing() view returns (int24)',
  'function slot0() view returns (uint160 sqrtPriceX96, int24 tick, uint16, uint16, uint16, uint8, bool)',
  'function liquidity() view returns (uint128)',
  'function tickBitmap(int16) view returns (uint256)',
  'function ticks(int24) view returns (uint128 liquidityGross, int128 liquidityNet, uint256, uint256, int56, uint160, uint32, bool)',
  'event Initialize(uint160 sqrtPriceX96, int24 tick)',
  'event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)',
  'event Mint(address sender, address indexed owner, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount, uint256 amount0, uint256 amount1)',
  'event Burn(address indexed owner, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount, uint256 amount0, uint256 amount1)',
]);

/** Our StableSwap (contracts/src/amm): it has no factory; its one-time `Seeded` event announces it. */
export const stableSwapPoolAbi = parseAbi([
  'function coinCount() view returns (uint256)',
  'function coins(uint256) view returns (address)',
  'function A() view returns (uint256)',
  'function fee() view returns (uint256)',
  'function adminFee() view returns (uint256)',
  'function getBalances() view returns (uint256[])',
  'event Seeded(address[] coins, uint256[] balances, uint256 A, uint256 fee, uint256 adminFee)',
  'event TokenExchange(address indexed buyer, int128 soldId, uint256 tokensSold, int128 boughtId, uint256 tokensBought)',
]);

export const erc20MetaAbi = parseAbi([
  'function decimals() view returns (uint8)',
  'function symbol() view returns (string)',
]);

/** Multicall3 is at this address on most EVM chains (and on the local chains, where it is deployed there). */
export { MULTICALL3_ADDRESS } from '../amm/uniswapArtifacts';
