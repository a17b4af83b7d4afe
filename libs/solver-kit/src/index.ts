export * from './createSolver';
export * from './health';
export * from './quotes';
