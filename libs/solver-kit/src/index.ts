export * from './createSolver';
export * from './health';
export * from './register';
export { renderSolverMetrics, serveMetrics, QuoteTimer, type SolverCounters } from './metrics';
