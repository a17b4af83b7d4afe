import { z } from 'zod';
import { issueError } from './check';
import type { ErrorCode } from './errors';
import { isBytes32, isUint256String, MAX_UINT256, type Address, type Hex } from './primitives';
import { lowerAddress } from './address';
import { isStrictAddress } from './crypto/address';

/**
 * Field schemas shared by every message. Each refusal names its stable code in the issue params,
 * so a bad address is INVALID_ADDRESS and a bad amount INVALID_AMOUNT wherever it arrives.
 */
type Ctx = z.RefinementCtx;
function fail(ctx: Ctx, code: ErrorCode, message: string): void {
  ctx.addIssue({ code: 'custom', message, params: { code } });
}
function required(value: unknown, ctx: Ctx): boolean {
  if (value === undefined || value === null) {
    fail(ctx, 'SCHEMA_INVALID', 'is required');
    return false;
  }
  return true;
}
/** A required wire field: `check` reports what is wrong with a value that is there. */
function requiredField(check: (value: unknown, ctx: Ctx) => void) {
  return z.unknown().superRefine((v, ctx) => {
    if (required(v, ctx)) check(v, ctx);
  });
}

/** 0x + 40 hex; mixed case must carry a valid EIP-55 checksum. Lowercased on the way in. */
export const addressSchema = requiredField((v, ctx) => {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(v)) {
    return fail(ctx, 'INVALID_ADDRESS', 'must be a 20-byte address: 0x followed by 40 hex digits');
  }
  if (!isStrictAddress(v)) fail(ctx, 'INVALID_ADDRESS', 'has mixed case but a wrong EIP-55 checksum');
})
  .transform((v) => lowerAddress(v as Address))
  .meta({ type: 'string', pattern: '^0x[0-9a-fA-F]{40}$', example: '0x52908400098527886e0f7030069857d2e4169ee7' });

// JSON Schema of what these accept on the wire (the OpenAPI document is generated from them)
const decimalMeta = { type: 'string', pattern: '^(0|[1-9][0-9]*)$', example: '10000000000000000000' };

/** A uint256 amount in wei as a decimal string; `positive` refuses zero. */
export function amountSchema({ positive }: { positive: boolean }) {
  return requiredField((v, ctx) => {
    if (typeof v !== 'string') {
      return fail(ctx, 'INVALID_AMOUNT', 'must be a decimal string of base units (wei), not a JSON number');
    }
    if (!/^(0|[1-9][0-9]*)$/.test(v)) {
      return fail(ctx, 'INVALID_AMOUNT', 'must be a non-negative whole number in base units, digits only');
    }
    if (BigInt(v) > MAX_UINT256) return fail(ctx, 'INVALID_AMOUNT', 'must be below 2^256');
    if (positive && v === '0') fail(ctx, 'INVALID_AMOUNT', 'must be greater than zero');
  })
    .transform((v) => BigInt(v as string))
    .meta(decimalMeta);
}

export const uint256Schema = requiredField((v, ctx) => {
  if (typeof v !== 'string' || !isUint256String(v)) {
    fail(ctx, 'SCHEMA_INVALID', 'must be a decimal string of an unsigned 256-bit integer');
  }
})
  .transform((v) => BigInt(v as string))
  .meta(decimalMeta);

export const bytes32Schema = requiredField((v, ctx) => {
  if (typeof v !== 'string' || !isBytes32(v)) fail(ctx, 'INVALID_HEX', 'must be 32 bytes as 0x + 64 hex digits');
})
  .transform((v) => (v as string).toLowerCase() as Hex)
  .meta({ type: 'string', pattern: '^0x[0-9a-fA-F]{64}$' });

export const signatureSchema = requiredField((v, ctx) => {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{130}$/.test(v)) {
    fail(ctx, 'INVALID_SIGNATURE', 'must be a 65-byte signature as 0x + 130 hex digits');
  }
})
  .transform((v) => (v as string).toLowerCase() as Hex)
  .meta({ type: 'string', pattern: '^0x[0-9a-fA-F]{130}$' });

/** Chain ids and unix-second timestamps: JSON integers within the safe range. */
export const safeIntSchema = z
  .number({ error: 'must be a whole number' })
  .int()
  .nonnegative()
  .max(Number.MAX_SAFE_INTEGER);

/**
 * JSON shapes of what the API answers: plain strings with the same patterns, so `z.infer` gives the wire types
 * and the OpenAPI document is generated from them.
 */
export const jsonAddress = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .meta({ example: '0x52908400098527886e0f7030069857d2e4169ee7' }) as unknown as z.ZodType<Hex>;
export const jsonBytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/) as unknown as z.ZodType<Hex>;
export const jsonDecimal = (description: string) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]*)$/)
    .meta({ description, example: '10000000000000000000' });

/** Parses `input` with `schema`, or throws the IntentMeshError of the first issue (naming the field). */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const params = (issue as { params?: { code?: ErrorCode } }).params;
  const keys = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : undefined;
  throw issueError(
    { path: issue.path as (string | number)[], message: issue.message, code: params?.code, keys },
    result.error.issues.length,
    what,
  );
}
