import { IntentMeshError, type ErrorCode } from './errors';
import { isBytes32, MAX_UINT256 } from './primitives';
import { isStrictAddress } from './crypto/address';

/**
 * Zod-free checks for what a browser bundle parses (the SDK's stream events): each mirrors a schema in schema.ts
 * issue for issue (same message, code and order), so a bundle without zod refuses malformed input the same way.
 */
export type CheckIssue = { path: (string | number)[]; message: string; code?: ErrorCode; keys?: string[] };
export type Check = (value: unknown, path: (string | number)[], issues: CheckIssue[]) => void;

/** The IntentMeshError of a failed parse: the first issue names the field and the code; `count` is how many there were. */
export function issueError(issue: CheckIssue, count: number, what: string): IntentMeshError {
  const field = issue.path.map(String).join('.');
  const message = issue.keys
    ? `${what} has unknown field(s): ${issue.keys.join(', ')}`
    : `${what}${field ? `.${field}` : ''} ${issue.message}`;
  return new IntentMeshError(message, {
    code: issue.code ?? 'SCHEMA_INVALID',
    details: { field: field || undefined, issues: count },
  });
}

/** Checks `input`, or throws the IntentMeshError of its first issue (as parseOrThrow does). */
export function checkOrThrow(check: Check, input: unknown, what: string): void {
  const issues: CheckIssue[] = [];
  check(input, [], issues);
  if (issues.length) throw issueError(issues[0]!, issues.length, what);
}

// zod's name for what it received (JSON values only: JSON.parse gives Infinity for 1e400, never NaN)
const typeOf = (v: unknown) =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'number' && !Number.isFinite(v)
        ? String(v)
        : typeof v;
const expected = (type: string, v: unknown) => `Invalid input: expected ${type}, received ${typeOf(v)}`;

/** z.strictObject: each field in order, then the unknown keys as one issue. */
export function strictObject(shape: Record<string, Check>): Check {
  return (v, path, issues) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      issues.push({ path, message: expected('object', v) });
      return;
    }
    const o = v as Record<string, unknown>;
    for (const [key, check] of Object.entries(shape)) check(o[key], [...path, key], issues);
    const unknown = Object.keys(o).filter((k) => !(k in shape));
    if (unknown.length)
      issues.push({
        path,
        message: `Unrecognized key${unknown.length > 1 ? 's' : ''}: ${unknown.map((k) => JSON.stringify(k)).join(', ')}`,
        keys: unknown,
      });
  };
}

export function array(item: Check): Check {
  return (v, path, issues) => {
    if (!Array.isArray(v)) issues.push({ path, message: expected('array', v) });
    else v.forEach((x, i) => item(x, [...path, i], issues));
  };
}

export const string: Check = (v, path, issues) => {
  if (typeof v !== 'string') issues.push({ path, message: expected('string', v) });
};

/** safeIntSchema: one issue for a non-integer, one per broken bound (zod's int() also bounds the safe range). */
export const safeInt: Check = (v, path, issues) => {
  const message = 'must be a whole number';
  if (typeof v !== 'number' || !Number.isInteger(v)) return void issues.push({ path, message });
  const out = (v < 0 ? 1 : 0) + (v < Number.MIN_SAFE_INTEGER ? 1 : 0) + (v > Number.MAX_SAFE_INTEGER ? 2 : 0);
  for (let i = 0; i < out; i++) issues.push({ path, message });
};

// the superRefine schemas: a missing value is SCHEMA_INVALID, anything else wrong one issue with the field's code
function refined(test: (v: unknown) => [ErrorCode, string] | undefined): Check {
  return (v, path, issues) => {
    const bad: [ErrorCode, string] | undefined =
      v === undefined || v === null ? ['SCHEMA_INVALID', 'is required'] : test(v);
    if (bad) issues.push({ path, code: bad[0], message: bad[1] });
  };
}

export const address = refined((v) => {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(v))
    return ['INVALID_ADDRESS', 'must be a 20-byte address: 0x followed by 40 hex digits'];
  if (!isStrictAddress(v)) return ['INVALID_ADDRESS', 'has mixed case but a wrong EIP-55 checksum'];
});

export const bytes32 = refined((v) =>
  typeof v !== 'string' || !isBytes32(v) ? ['INVALID_HEX', 'must be 32 bytes as 0x + 64 hex digits'] : undefined,
);

export const signature = refined((v) =>
  typeof v !== 'string' || !/^0x[0-9a-fA-F]{130}$/.test(v)
    ? ['INVALID_SIGNATURE', 'must be a 65-byte signature as 0x + 130 hex digits']
    : undefined,
);

export function amount({ positive }: { positive: boolean }): Check {
  return refined((v) => {
    if (typeof v !== 'string')
      return ['INVALID_AMOUNT', 'must be a decimal string of base units (wei), not a JSON number'];
    if (!/^(0|[1-9][0-9]*)$/.test(v))
      return ['INVALID_AMOUNT', 'must be a non-negative whole number in base units, digits only'];
    if (BigInt(v) > MAX_UINT256) return ['INVALID_AMOUNT', 'must be below 2^256'];
    if (positive && v === '0') return ['INVALID_AMOUNT', 'must be greater than zero'];
  });
}
