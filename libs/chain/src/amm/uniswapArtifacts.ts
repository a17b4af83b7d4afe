// Uniswap's own compiled contracts, as @uniswap/v2-core and @uniswap/v3-core publish them on npm: deployed as they
// are, never recompiled, so the local chains run the bytecode that runs on mainnet.
import { parseAbi, type Abi, type Hex } from 'viem';
import v2FactoryJson from '@uniswap/v2-core/build/UniswapV2Factory.json';
import v2PairJson from '@uniswap/v2-core/build/UniswapV2Pair.json';
import v3FactoryJson from '@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json';
import v3PoolJson from '@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json';

export type NpmArtifact = { abi: Abi; bytecode: Hex; deployedBytecode: Hex };

const hex = (s: string): Hex => (s.startsWith('0x') ? s : `0x${s}`) as Hex;

/** @uniswap/v2-core 1.0.1 (solc 0.5.16 output: `evm.bytecode.object`, no immutables). */
export const uniswapV2FactoryArtifact: NpmArtifact = {
  abi: v2FactoryJson.abi as Abi,
  bytecode: hex(v2FactoryJson.evm.bytecode.object),
  deployedBytecode: hex(v2FactoryJson.evm.deployedBytecode.object),
};
export const uniswapV2PairArtifact: NpmArtifact = {
  abi: v2PairJson.abi as Abi,
  bytecode: hex(v2PairJson.evm.bytecode.object),
  deployedBytecode: hex(v2PairJson.evm.deployedBytecode.object),
};
/** @uniswap/v3-core 1.0.1 (hardhat artifacts; pool code carries immutables, so its code hash varies per pool). */
export const uniswapV3FactoryArtifact: NpmArtifact = {
  abi: v3FactoryJson.abi as Abi,
  bytecode: hex(v3FactoryJson.bytecode),
  deployedBytecode: hex(v3FactoryJson.deployedBytecode),
};
export const uniswapV3PoolArtifact: NpmArtifact = {
  abi: v3PoolJson.abi as Abi,
  bytecode: hex(v3PoolJson.bytecode),
  deployedBytecode: hex(v3PoolJson.deployedBytecode),
};

/** The parts of the Uniswap ABIs this repo calls, typed for viem. */
export const uniswapV2FactoryAbi = parseAbi([
  'function getPair(address tokenA, address tokenB) view returns (address pair)',
  'function allPairsLength() view returns (uint256)',
  'event PairCreated(address indexed token0, address indexed token1, address pair, uint256)',
]);
export const uniswapV2PairAbi = parseAbi([
  'function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)',
  'function token0() view returns (address)',
  'function token1() view returns (address)',
  'function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes data)',
  'event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)',
  'event Sync(uint112 reserve0, uint112 reserve1)',
]);
export const uniswapV3FactoryAbi = parseAbi([
  'function getPool(address tokenA, address tokenB, uint24 fee) view returns (address pool)',
  'function enableFeeAmount(uint24 fee, int24 tickSpacing)',
  'function feeAmountTickSpacing(uint24 fee) view returns (int24)',
  'event PoolCreated(address indexed token0, address indexed token1, uint24 indexed fee, int24 tickSpacing, address pool)',
]);
export const uniswapV3PoolAbi = parseAbi([
  'function slot0() view returns (uint160 sqrtPriceX96, int24 tick, uint16 observationIndex, uint16 observationCardinality, uint16 observationCardinalityNext, uint8 feeProtocol, bool unlocked)',
  'function liquidity() view returns (uint128)',
  'function ticks(int24 tick) view returns (uint128 liquidityGross, int128 liquidityNet, uint256 feeGrowthOutside0X128, uint256 feeGrowthOutside1X128, int56 tickCumulativeOutside, uint160 secondsPerLiquidityOutsideX128, uint32 secondsOutside, bool initialized)',
  'function tickBitmap(int16 wordPosition) view returns (uint256)',
  'function fee() view returns (uint24)',
  'function tickSpacing() view returns (int24)',
  'function swap(address recipient, bool zeroForOne, int256 amountSpecified, uint160 sqrtPriceLimitX96, bytes data) returns (int256 amount0, int256 amount1)',
  'event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)',
]);

/** Multicall3's canonical address on every chain (and on the local chains, where it is placed). */
export const MULTICALL3_ADDRESS = '0xca11bde05977b3631167028862be2a173976ca11' as const;
