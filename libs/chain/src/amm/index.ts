export * from './uniswapArtifacts';
export * from './deployAmm';
export * from './encodeRoute';
export * from './localMarket';
