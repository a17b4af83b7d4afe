export * from './createSolver';
export * from './health';
export * from './settle';
export * from './quotes';
