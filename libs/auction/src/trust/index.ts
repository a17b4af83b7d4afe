export * from './latency';
export * from './challenges';
export * from './reputation';
export * from './nodeHealth';
export * from './fanout';
export * from './random';
export * from './solverTrust';
export * from './admission';
