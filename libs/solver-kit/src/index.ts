export * from './createSolver';
export * from './health';
