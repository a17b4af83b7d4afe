import { IntentMeshError, type ErrorCode } from './errors';
import { isBytes32, isUint256String, MAX_UINT256, type Address, type Hex } from './primitives';
import { checksumHolds } from './crypto/address';

/**
 * Zod-free parsers for what a browser bundle reads (stream events, and every message an audit rechecks): each mirrors
 * a zod schema issue for issue (same message, code and order) and gives the same output (lowercased hex, bigint
 * amounts), so a bundle without zod refuses and reads input the same way. checks.test.ts holds them to the schemas.
 */
export type CheckIssue = { path: (string | number)[]; message: string; code?: ErrorCode; keys?: string[] };
/** Pushes the issues of `value` and returns its parsed form (meaningful only when it pushed none). */
export type Check<T = unknown> = (value: unknown, path: (string | number)[], issues: CheckIssue[]) => T;
export type CheckOutput<C> = C extends Check<infer T> ? T : never;

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

/** Parses `input`, or throws the IntentMeshError of its first issue (as parseOrThrow does with a zod schema). */
export function checkOrThrow<T>(check: Check<T>, input: unknown, what: string): T {
  const issues: CheckIssue[] = [];
  const out = check(input, [], issues);
  if (issues.length) throw issueError(issues[0]!, issues.length, what);
  return out;
}

/** The parsed value, or undefined when `input` has any issue (zod's safeParse). */
export function checkSafely<T>(check: Check<T>, input: unknown): T | undefined {
  const issues: CheckIssue[] = [];
  const out = check(input, [], issues);
  return issues.length ? undefined : out;
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

/** z.strictObject: each field in order, then the unknown keys as one issue; an absent optional field stays absent. */
export function strictObject<S extends Record<string, Check>>(shape: S): Check<{ [K in keyof S]: CheckOutput<S[K]> }> {
  // indexed arrays, not entries: the loop runs for every field of every message
  const keys = Object.keys(shape);
  const checks = keys.map((k) => shape[k]!);
  const n = keys.length;
  return (v, path, issues) => {
    const out: Record<string, unknown> = {};
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      issues.push({ path: [...path], message: expected('object', v) });
      return out as { [K in keyof S]: CheckOutput<S[K]> };
    }
    const o = v as Record<string, unknown>;
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      // one path array per parse, extended in place: an issue copies it (most parses push none)
      path.push(key);
      const r = checks[i]!(o[key], path, issues);
      path.pop();
      if (r !== undefined || key in o) out[key] = r;
    }
    const own = Object.keys(o);
    // our own writers send the fields in the shape's order: then each key is known without a lookup
    let same = own.length === n;
    for (let i = 0; same && i < n; i++) same = own[i] === keys[i];
    if (!same) {
      let unknown: string[] | undefined;
      for (const k of own) if (!Object.hasOwn(shape, k)) (unknown ??= []).push(k);
      if (unknown)
        issues.push({
          path: [...path],
          message: `Unrecognized key${unknown.length > 1 ? 's' : ''}: ${unknown.map((k) => JSON.stringify(k)).join(', ')}`,
          keys: unknown,
        });
    }
    return out as { [K in keyof S]: CheckOutput<S[K]> };
  };
}

/**
 * zod's .min()/.max() length checks: they run on anything with a `length` (even after a type issue, so a string where
 * an array belongs counts twice) and measure strings in code points. Returns whether it pushed an issue.
 */
function lengthIssues(v: unknown, path: CheckIssue['path'], issues: CheckIssue[], min?: number, max?: number): boolean {
  const units = (v as { length?: unknown } | null | undefined)?.length;
  if (units === undefined) return false;
  const n = typeof v === 'string' ? [...v].length : (units as number);
  // within bounds (every valid message): no wording built
  if ((min === undefined || n >= min) && (max === undefined || n <= max)) return false;
  // zod's wording per kind of value
  const [kind, unit] = Array.isArray(v) ? ['array', ' items'] : typeof v === 'string' ? ['string', ' characters'] : [];
  const message = (size: string, op: string, bound: number) =>
    kind ? `${size}: expected ${kind} to have ${op}${bound}${unit}` : `${size}: expected unknown to be ${op}${bound}`;
  const before = issues.length;
  if (min !== undefined && !(n >= min)) issues.push({ path: [...path], message: message('Too small', '>=', min) });
  if (max !== undefined && !(n <= max)) issues.push({ path: [...path], message: message('Too big', '<=', max) });
  return issues.length > before;
}

/** z.array(item).min(min).max(max): the length is checked first, and no item of an array out of bounds is read. */
export function array<T>(item: Check<T>, { min, max }: { min?: number; max?: number } = {}): Check<T[]> {
  return (v, path, issues) => {
    if (!Array.isArray(v)) {
      issues.push({ path: [...path], message: expected('array', v) });
      lengthIssues(v, path, issues, min, max);
      return [];
    }
    if (lengthIssues(v, path, issues, min, max)) return [];
    const out: T[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      out[i] = item(v[i], path, issues);
      path.pop();
    }
    return out;
  };
}

/** z.unknown(): anything, read as it is. */
export const unknown: Check<unknown> = (v) => v;

/** z.string(), with .max(maxLength) and .regex(pattern, message) when given (both issues when both fail, as zod). */
export function string({ maxLength, pattern }: { maxLength?: number; pattern?: [RegExp, string] } = {}): Check<string> {
  return (v, path, issues) => {
    if (typeof v !== 'string') issues.push({ path: [...path], message: expected('string', v) });
    lengthIssues(v, path, issues, undefined, maxLength);
    if (typeof v !== 'string') return '';
    if (pattern && !pattern[0].test(v)) issues.push({ path: [...path], message: pattern[1] });
    return v;
  };
}

/** .optional(): an absent value passes as undefined. */
export function optional<T>(check: Check<T>): Check<T | undefined> {
  return (v, path, issues) => (v === undefined ? undefined : check(v, path, issues));
}

/** safeIntSchema: one issue for a non-integer, one per broken bound (zod's int() also bounds the safe range). */
export const safeInt: Check<number> = (v, path, issues) => {
  const message = 'must be a whole number';
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    issues.push({ path: [...path], message });
    return 0;
  }
  const out = (v < 0 ? 1 : 0) + (v < Number.MIN_SAFE_INTEGER ? 1 : 0) + (v > Number.MAX_SAFE_INTEGER ? 2 : 0);
  for (let i = 0; i < out; i++) issues.push({ path: [...path], message });
  return v;
};

// the superRefine schemas: a missing value is SCHEMA_INVALID, anything else wrong one issue with the field's code;
// `read` is the schema's transform, run only on a value that passed
function refined<T>(test: (v: unknown) => [ErrorCode, string] | undefined, read: (v: string) => T): Check<T> {
  return (v, path, issues) => {
    const bad: [ErrorCode, string] | undefined =
      v === undefined || v === null ? ['SCHEMA_INVALID', 'is required'] : test(v);
    if (!bad) return read(v as string);
    issues.push({ path: [...path], code: bad[0], message: bad[1] });
    return undefined as T;
  };
}
const lower = <T extends string>(v: string) => v.toLowerCase() as T;

/**
 * A refined check that remembers the strings it read (as sent, to their output): a value seen before is one lookup
 * instead of its tests. Only what passed is kept, so a refusal is always tested again; bounded, cleared when full.
 */
function remembered<T>(check: Check<T>, max = 4096): Check<T> {
  const read = new Map<string, T>();
  return (v, path, issues) => {
    if (typeof v !== 'string') return check(v, path, issues);
    const hit = read.get(v);
    if (hit !== undefined) return hit;
    const before = issues.length;
    const out = check(v, path, issues);
    if (issues.length === before) {
      if (read.size >= max) read.clear();
      read.set(v, out);
    }
    return out;
  };
}

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
// tokens, swappers and solvers recur in every message: most are one lookup, not a regex, a checksum and a lowercasing
export const address = remembered(
  refined(
    (v) => {
      if (typeof v !== 'string' || !ADDRESS_RE.test(v))
        return ['INVALID_ADDRESS', 'must be a 20-byte address: 0x followed by 40 hex digits'];
      // the form is tested just above: only the case is left to check
      if (!checksumHolds(v)) return ['INVALID_ADDRESS', 'has mixed case but a wrong EIP-55 checksum'];
    },
    lower<Address>,
  ),
);

// a bid names its auction and an intent the auctioneer read in its intake group: most are one lookup
export const bytes32 = remembered(
  refined(
    (v) =>
      typeof v !== 'string' || !isBytes32(v) ? ['INVALID_HEX', 'must be 32 bytes as 0x + 64 hex digits'] : undefined,
    lower<Hex>,
  ),
);

export const signature = refined(
  (v) =>
    typeof v !== 'string' || !/^0x[0-9a-fA-F]{130}$/.test(v)
      ? ['INVALID_SIGNATURE', 'must be a 65-byte signature as 0x + 130 hex digits']
      : undefined,
  lower<Hex>,
);

export const uint256 = refined(
  (v) =>
    typeof v !== 'string' || !isUint256String(v)
      ? ['SCHEMA_INVALID', 'must be a decimal string of an unsigned 256-bit integer']
      : undefined,
  BigInt,
);

const DIGITS_RE = /^(0|[1-9][0-9]*)$/;
export function amount({ positive }: { positive: boolean }): Check<bigint> {
  return refined((v) => {
    if (typeof v !== 'string')
      return ['INVALID_AMOUNT', 'must be a decimal string of base units (wei), not a JSON number'];
    if (!DIGITS_RE.test(v)) return ['INVALID_AMOUNT', 'must be a non-negative whole number in base units, digits only'];
    // 77 digits or fewer is below 10^77 < 2^256: only a longer one is parsed here (the read parses every one once)
    if (v.length > 77 && BigInt(v) > MAX_UINT256) return ['INVALID_AMOUNT', 'must be below 2^256'];
    if (positive && v === '0') return ['INVALID_AMOUNT', 'must be greater than zero'];
  }, BigInt);
}
