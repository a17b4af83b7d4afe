export { AuctionHouse, type AuctionHouseConfig } from './auctionHouse';
export { startAuctioneer, type RunningAuctioneer, type StartAuctioneerOptions } from './main';
export { loadAuctioneerConfig, auctioneerEnvSchema, type AuctioneerEnv } from './config';
