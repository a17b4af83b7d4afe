// Chain access for TypeScript: the contracts' artifacts (from @intentmesh/contracts), local in-process chains with
// the contracts deployed, JSON-RPC serving, and the encodings the settlement and cross-chain paths need.
export * from '@intentmesh/contracts';
export * from './contracts';
export * from './chain';
export * from './demoChain';
export * from './rpcServer';
export * from './rpcChain';
export * from './amm';
export * from './market';
export * from './funding';
