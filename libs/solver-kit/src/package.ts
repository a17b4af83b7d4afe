// The entry of the published @intentmesh/solver-kit: the kit plus the router a scaffolded solver quotes with, so
// a solver project depends on one package of ours.
export * from './index';
export { createQuoter, generateMarket, hashRoute, type Market } from '@intentmesh/routing';
