// Public surface of @intentmesh/routing: pure routing engine (no I/O).
export type {
  Address,
  Bridge,
  Chain,
  ConcentratedPool,
  ConstantProductPool,
  Hex,
  Leg,
  Market,
  MarketSource,
  Pool,
  QuoteOptions,
  QuoteRequest,
  Route,
  RoutePath,
  StableSwapPool,
  TickData,
  Token,
} from './types';

export { generateMarket, type GenerateMarketOptions } from './market/generateMarket';
export { parseMarket } from './market/parseMarket';
export { serializeMarket, type MarketJSON } from './market/serializeMarket';
export { findToken } from './market/findToken';
export { StaticMarketSource } from './market/staticMarketSource';
export { tokenAddress, deterministicAddress } from './market/deterministicAddress';
export { formatUnits, parseUnits } from './market/units';
export { tokenKey } from './market/tokenKey';

export { findBestRoute, ROUTING_TUNING } from './route/findBestRoute';
export { FLOW_TUNING } from './route/flowAllocate';
export { ROUTE_ABI, hashRoute, routeAbiValues } from './route/hashRoute';
export { explainRoute } from './route/explainRoute';
export { dualUpperBound, dualPricesAfterRoute, dualBoundForRoute } from './route/dualUpperBound';
export type { BoundOptions, DualPrices } from './route/dualPrices';
export { optimizeDualPrices, type OptimizeDualOptions } from './route/optimizeDualPrices';

export { getAmountOutConstantProduct } from './pools/constantProduct';
export { swapConcentratedExactIn, type ConcentratedState, type ConcentratedSwap } from './pools/concentrated';
export { getD, getY, getDy, getDx, exchangeStableSwap, stableRate, type StableParams } from './pools/stableSwap';
export { bridgeAmountOut } from './pools/bridge';
export { computeSwapStep, type SwapStep } from './math/swapMath';
export { getSqrtRatioAtTick, getTickAtSqrtRatio } from './math/tickMath';
export {
  getAmount0Delta,
  getAmount1Delta,
  getNextSqrtPriceFromInput,
  getNextSqrtPriceFromOutput,
} from './math/sqrtPriceMath';
export { nextInitializedTickWithinOneWord } from './math/tickBitmap';
export { createQuoter, QUOTER_TUNING, type Quoter, type QuoterOptions, type QuoterStats } from './route/quoter';
