export * from './verifyBid';
export * from './selectWinners';
export * from './referencePrices';
export * from './auctionBook';
export * from './buildAuctionRecord';
export * from './trust/index';
export * from './verifyAuction';
