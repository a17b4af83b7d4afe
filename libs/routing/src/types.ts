export type Address = `0x${string}`;
export type Hex = `0x${string}`;

export type Chain = {
  chainId: number;
  name: string;
  /** Default gas price on this chain, in wei of the native coin. */
  gasPriceWei: bigint;
  /** Wrapped native token (WETH on all three default chains); gas is valued through its reference price. */
  nativeToken: Address;
};

export type Token = {
  chainId: number;
  address: Address;
  symbol: string;
  decimals: number;
  /** Reference USD price of one whole token, fixed point with 18 decimals. */
  priceUsdE18: bigint;
};

export type ConstantProductPool = {
  kind: 'constantProduct';
  id: Address;
  chainId: number;
  token0: Address;
  token1: Address;
  reserve0: bigint;
  reserve1: bigint;
  /** Swap fee in basis points, taken from the input (30 = Uniswap V2). */
  feeBps: number;
};

export type TickData = { index: number; liquidityNet: bigint; liquidityGross: bigint };

export type ConcentratedPool = {
  kind: 'concentrated';
  id: Address;
  chainId: number;
  token0: Address;
  token1: Address;
  /** Fee in hundredths of a bip (500 = 0.05%). */
  fee: number;
  tickSpacing: number;
  sqrtPriceX96: bigint;
  tick: number;
  liquidity: bigint;
  /** Initialized ticks, sorted by index. */
  ticks: TickData[];
};

export type StableSwapPool = {
  kind: 'stableSwap';
  id: Address;
  chainId: number;
  tokens: Address[];
  balances: bigint[];
  /** Amplification A as stored by Curve (Ann = A * N). */
  amplification: bigint;
  /** Fee over 1e10 (4_000_000 = 0.04%). */
  fee: bigint;
  /** Share of the fee removed from the pool, over 1e10. */
  adminFee: bigint;
};

export type Pool = ConstantProductPool | ConcentratedPool | StableSwapPool;

export type Bridge = {
  kind: 'bridge';
  id: Address;
  fromChainId: number;
  toChainId: number;
  tokenIn: Address;
  tokenOut: Address;
  /** Flat fee charged in tokenIn units. */
  fixedFee: bigint;
  feeBps: number;
  /** Largest amountIn accepted; undefined = unlimited. */
  capacity?: bigint;
  delaySeconds: number;
};

export type Market = {
  chains: Chain[];
  tokens: Token[];
  pools: Pool[];
  bridges: Bridge[];
};

export interface MarketSource {
  getMarket(): Promise<Market>;
}

export type QuoteRequest = {
  sellToken: Address;
  buyToken: Address;
  sourceChainId: number;
  destinationChainId: number;
  sellAmount: bigint;
};

export type QuoteOptions = {
  /** Pool swaps per path (bridge legs are not counted, see maxBridges). Default 4. */
  maxHops?: number;
  /**
   * Paths in the route; 1 = single best path. Default 128. In a flow each step (a path drawing from what the
   * route holds, e.g. one swap in a pool several paths share) counts as a path.
   */
  maxSplits?: number;
  /**
   * Default: true for a cross-chain request, false for a same-chain one (a same-chain route that leaves the chain
   * over a bridge cannot settle: libs/chain's encodeRoute runs on one chain). true allows such detours (analysis).
   */
  allowBridges?: boolean;
  /** Bridge legs per path. Default 2: a detour through a third chain can beat the direct bridge. */
  maxBridges?: number;
  /** Gas price per chain id in wei; defaults to each chain's gasPriceWei. */
  gasPriceWei?: Record<number, bigint>;
};

export type Leg = {
  kind: 'constantProduct' | 'concentrated' | 'stableSwap' | 'bridge';
  /** Pool or bridge id. */
  poolId: Address;
  chainIdIn: number;
  chainIdOut: number;
  tokenIn: Address;
  tokenOut: Address;
  amountIn: bigint;
  amountOut: bigint;
  gas: bigint;
};

/** Legs chained on each other's output; the first draws `amountIn` of its tokenIn from what the route holds. */
export type RoutePath = { amountIn: bigint; amountOut: bigint; legs: Leg[] };

/**
 * A route is a flow: its paths run in order, starting from `amountIn` of the sell token. A path takes its input
 * from what the route holds of its first token (the sell amount, or what earlier paths produced), so several paths'
 * output can feed one swap. Each path's output adds to what the route holds of its last token; the last path that
 * draws a token takes all of it, and `amountOut` is what is held of the buy token at the end (no other token is
 * left over). A route whose every path runs sell token -> buy token is the plain split, read the same way.
 */
export type Route = {
  request: QuoteRequest;
  amountIn: bigint;
  /** What the recipient receives, after pool and bridge fees. */
  amountOut: bigint;
  gasCostInSellToken: bigint;
  paths: RoutePath[];
};
