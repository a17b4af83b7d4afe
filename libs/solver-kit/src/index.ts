export * from './types';
export * from './createSolver';
export * from './health';
// settling loads @intentmesh/chain and viem when first used (settleOnUse.ts); package.ts exports the modules themselves
export * from './settleOnUse';
export * from './quotes';
export * from './register';
export { renderSolverMetrics, serveMetrics, QuoteTimer, type SolverCounters } from './metrics';
export { reportSettlementFailure } from './reportFailure';
