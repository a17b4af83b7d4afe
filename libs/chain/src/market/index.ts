export { BatchReader, type BatchReaderOptions, type Call, type CallResult } from './batchReader';
export { discoverPools, resolvePoolSpecs } from './discoverPools';
export { readPoolState, closeWindow, type PoolState } from './readPoolState';
export { readTokens } from './readTokens';
export { ChainMarketSource, type ChainMarketSourceOptions, type BlockRef, type SyncResult } from './chainMarketSource';
export { LiveMarket, type LiveMarketOptions } from './liveMarket';
export { fileStateStore, memoryStateStore, type MarketStateStore } from './stateStore';
export {
  parseMarketConfig,
  createLiveMarket,
  rpcTransport,
  marketConfigSchema,
  type MarketConfig,
  type MarketConfigInput,
  type CreateLiveMarketOptions,
} from './marketConfig';
export type { FactorySpec, PoolRef, PoolSpec, TokenSpec, TickWindow } from './types';
