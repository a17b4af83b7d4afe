// The contracts' generated ABIs and bytecode. TypeScript that talks to chains lives in libs/chain.
export * from './generated';
