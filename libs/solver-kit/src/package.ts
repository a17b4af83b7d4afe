// The entry of the published @intentmesh/solver-kit: the kit plus the router a scaffolded solver quotes with, so
// a solver project depends on one package of ours. The same names as index.ts, with the settlement modules exported
// as they are (index.ts requires them on first use, which would keep the bundler from shaking @intentmesh/chain).
export * from './types';
export * from './createSolver';
export * from './health';
export * from './settle';
export * from './quotes';
export * from './register';
export { renderSolverMetrics, serveMetrics, QuoteTimer, type SolverCounters } from './metrics';
export { decodeRevert, decodeRevertData } from './decodeRevert';
export { recheckAward, type AwardVerdict } from './recheckAward';
export { reportSettlementFailure } from './reportFailure';
export { createQuoter, generateMarket, hashRoute, type Market } from '@intentmesh/routing';
