export { chainSettler, startReferenceSolver, startLiveMarket, type StartSolverOptions } from './main';
export { createReferenceQuote } from './referenceQuote';
export {
  loadSolverConfig,
  solverMarketConfig,
  solverEnvSchema,
  solverProfiles,
  type SolverEnv,
  type SolverProfile,
} from './config';
export { routeSettlement, routeFor, RouteShortfallError, type RouteSettlementParameters } from './routeSettlement';
