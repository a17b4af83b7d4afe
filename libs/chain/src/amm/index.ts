export * from './uniswapArtifacts';
export * from './deployAmm';
export * from './readAmmMarket';
export * from './encodeRoute';
export * from './ammMarketSource';
