export * from './verifyBid';
export * from './selectWinners';
export * from './trust/index';
export * from './verifyAuction';
