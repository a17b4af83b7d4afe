import type { ErrorCode } from '@intentmesh/protocol';

/** Exit codes of every command; scripts branch on these (documented in --help and the README). */
export const ExitCodes = {
  OK: 0,
  /** Something failed on the way: a server error, a failed audit, an internal error. */
  FAILURE: 1,
  /** The command line cannot be used: unknown command, missing or bad flag, no key. */
  USAGE: 2,
  /** The API understood and refused: a 4xx code such as INVALID_SIGNATURE, NO_QUOTE, INSUFFICIENT_BALANCE. */
  REFUSED: 3,
  /** The API (or chain RPC) could not be reached at all. */
  UNREACHABLE: 4,
  /** Waited and gave up: a request, an award or a settlement did not come in time. */
  TIMEOUT: 5,
} as const;

const USAGE_CODES = new Set<string>(['INVALID_ARGUMENT', 'KEY_UNAVAILABLE']);
const FAILURE_CODES = new Set<string>([
  'INTERNAL',
  'BUS_UNAVAILABLE',
  'STORE_UNAVAILABLE',
  'CHAIN_UNAVAILABLE',
  'CHAIN_TX_FAILED',
]);

/** The exit code for an error the command raised or the API answered. */
export function exitCodeOf(code: ErrorCode | string): number {
  if (code === 'UNREACHABLE') return ExitCodes.UNREACHABLE;
  if (code === 'TIMEOUT') return ExitCodes.TIMEOUT;
  if (USAGE_CODES.has(code)) return ExitCodes.USAGE;
  if (FAILURE_CODES.has(code)) return ExitCodes.FAILURE;
  return ExitCodes.REFUSED;
}

export const EXIT_CODES_HELP = `Exit codes: 0 ok, 1 failure (server error, failed audit), 2 usage, 3 refused by the API,
4 unreachable, 5 timed out.`;
