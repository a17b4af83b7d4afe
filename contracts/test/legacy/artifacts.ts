// Today's (pre-issue-23) compiled artifacts, copied verbatim from contracts/generated/index.ts at commit 2cd6365
// so the attack tests can show each exploit succeeds against the old contracts. Do not regenerate.
// Frozen compiler output is data: it sits in artifacts.json, read here as plain ABIs and bytecode.
import type { Abi, Hex } from 'viem';
import artifacts from './artifacts.json';

type Artifact = { abi: Abi; bytecode: Hex; deployedBytecode: Hex };
const legacy = artifacts as Record<'IntentSettlement' | 'DestinationSettler' | 'SolverRegistry', Artifact>;

export const legacyIntentSettlementAbi = legacy.IntentSettlement.abi;
export const legacyIntentSettlementBytecode = legacy.IntentSettlement.bytecode;
export const legacyDestinationSettlerAbi = legacy.DestinationSettler.abi;
export const legacyDestinationSettlerBytecode = legacy.DestinationSettler.bytecode;
export const legacySolverRegistryAbi = legacy.SolverRegistry.abi;
export const legacySolverRegistryBytecode = legacy.SolverRegistry.bytecode;
