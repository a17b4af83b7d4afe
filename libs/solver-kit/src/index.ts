export * from './createSolver';
export * from './health';
export * from './settle';
export * from './quotes';
export * from './register';
export { renderSolverMetrics, serveMetrics, QuoteTimer, type SolverCounters } from './metrics';
export { decodeRevert, decodeRevertData } from './decodeRevert';
export { recheckAward, type AwardVerdict } from './recheckAward';
export { reportSettlementFailure } from './reportFailure';
