import { lowerAddress, type Address } from '@intentmesh/protocol';
import type { Chain, PublicClient, Transport } from 'viem';

/** Operators with their bonds, and which operator runs each solver key. */
export type OperatorBonds = {
  /** `region` pins every key of the operator to a region (configuration; the registry contract has none yet). */
  operators: { operator: Address; bond: bigint; region?: string }[];
  solvers: { solver: Address; operator: Address }[];
};

/** Where the auctioneer's stake weights come from: configuration, or the SolverRegistry contract. */
export type BondSource = { kind: 'config' | 'registry'; read(): Promise<OperatorBonds> };

/** OPERATOR_BONDS: operators and bonds from configuration; keys are bound by vouchers or SOLVER_ADDRESSES. */
export function configBondSource(bonds: { operator: Address; bond: bigint }[]): BondSource {
  return { kind: 'config', read: async () => ({ operators: bonds, solvers: [] }) };
}

// loaded on first use: an auctioneer without chains never pays for @intentmesh/chain (and viem) at start
// eslint-disable-next-line @typescript-eslint/no-require-imports
const chainLib = () => require('@intentmesh/chain') as typeof import('@intentmesh/chain');

/**
 * SolverRegistry: operators are whoever emitted `Bonded`, solver keys whoever was vouched and not revoked since;
 * bonds and bindings are then read from the contract's state (bondOf, operatorOf), so slashes and unbonds count.
 */
export function registryBondSource({
  publicClient,
  registry,
  fromBlock = 0n,
}: {
  publicClient: PublicClient<Transport, Chain>;
  registry: Address;
  fromBlock?: bigint;
}): BondSource {
  return {
    kind: 'registry',
    read: async () => {
      const contract = { address: registry, abi: chainLib().solverRegistryAbi } as const;
      const [bonded, vouched] = await Promise.all([
        publicClient.getContractEvents({ ...contract, eventName: 'Bonded', fromBlock }),
        publicClient.getContractEvents({ ...contract, eventName: 'SolverVouched', fromBlock }),
      ]);
      const operators = [...new Set(bonded.map((l) => lowerAddress(l.args.operator!)))];
      const keys = [...new Set(vouched.map((l) => lowerAddress(l.args.solver!)))];
      const [bonds, owners] = await Promise.all([
        Promise.all(
          operators.map((operator) =>
            publicClient.readContract({ ...contract, functionName: 'bondOf', args: [operator] }),
          ),
        ),
        Promise.all(
          keys.map((solver) => publicClient.readContract({ ...contract, functionName: 'operatorOf', args: [solver] })),
        ),
      ]);
      const zero = '0x0000000000000000000000000000000000000000';
      return {
        operators: operators.map((operator, i) => ({ operator, bond: bonds[i] })),
        solvers: keys
          .map((solver, i) => ({ solver, operator: lowerAddress(owners[i]) }))
          .filter((s) => s.operator !== zero),
      };
    },
  };
}
