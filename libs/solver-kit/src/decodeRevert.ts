import {
  destinationSettlerAbi,
  interactionExecutorAbi,
  intentSettlementAbi,
  mockErc20Abi,
  solverRegistryAbi,
} from '@intentmesh/chain';
import { BaseError, ContractFunctionRevertedError, decodeErrorResult, parseAbi, type Abi, type Hex } from 'viem';

// every custom error a settlement can revert with: the contracts' own, and the tokens' they bubble unchanged
const ERRORS: Abi = [
  ...intentSettlementAbi,
  ...interactionExecutorAbi,
  ...destinationSettlerAbi,
  ...solverRegistryAbi,
  ...mockErc20Abi,
].filter((x) => x.type === 'error');
// the errors OpenZeppelin's ERC-20 (draft-IERC6093) reverts with, which real tokens on a public chain use
const ERC20_ERRORS = parseAbi([
  'error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)',
  'error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)',
]);
const ALL: Abi = [...ERRORS, ...ERC20_ERRORS];

/**
 * Revert data as `Name(arg, …)` against the contracts' ABIs (and standard ERC-20 errors), nesting the reason an
 * executor interaction failed with (`InteractionFailed(0, InsufficientAllowance(…))`); the raw data if unknown.
 */
export function decodeRevertData(data: Hex, depth = 0): string {
  if (data === '0x') return 'reverted without data';
  try {
    const { errorName, args } = decodeErrorResult({ abi: ALL, data });
    const shown = (args ?? []).map((a) =>
      typeof a === 'string' && a.startsWith('0x') && a.length > 42 && depth < 3
        ? decodeRevertData(a as Hex, depth + 1)
        : String(a),
    );
    return `${errorName}(${shown.join(', ')})`;
  } catch {
    try {
      // Error(string) and Panic(uint256) are decoded by viem without an ABI entry
      const { errorName, args } = decodeErrorResult({ abi: [], data });
      return `${errorName}(${(args ?? []).map(String).join(', ')})`;
    } catch {
      return data;
    }
  }
}

/** The revert data a viem error carries, wherever in its cause chain it sits. */
function revertDataOf(err: unknown): Hex | undefined {
  if (!(err instanceof BaseError)) return undefined;
  const found = err.walk((e) => {
    if (e instanceof ContractFunctionRevertedError && e.raw) return true;
    const data = (e as { data?: unknown }).data;
    return typeof data === 'string' && data.startsWith('0x');
  });
  if (found instanceof ContractFunctionRevertedError) return found.raw;
  const data = (found as { data?: unknown } | null)?.data;
  return typeof data === 'string' ? (data as Hex) : undefined;
}

/** Why a contract call failed, for people: the decoded custom error and its arguments, else viem's short message. */
export function decodeRevert(err: unknown): string {
  const data = revertDataOf(err);
  if (data) return decodeRevertData(data);
  return (err as { shortMessage?: string }).shortMessage ?? String(err);
}
