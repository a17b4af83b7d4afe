export { AuctionHouse, type AuctionHouseConfig } from './auctionHouse';
export { startAuctioneer, type RunningAuctioneer, type StartAuctioneerOptions } from './main';
export { loadAuctioneerConfig, auctioneerEnvSchema, type AuctioneerEnv } from './config';
export { SettlementWatcher, type WatchedChain } from './settlement/settlementWatcher';
export { configBondSource, registryBondSource, type BondSource, type OperatorBonds } from './trust/bondSource';
