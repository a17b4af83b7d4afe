import { z } from 'zod';
import {
  IntentMeshError,
  addressSchema,
  bytes32Schema,
  getChain,
  parseOrThrow,
  type ErrorCode,
} from '@intentmesh/protocol';
import type { AuctionCursor, AuctionFilter } from '@intentmesh/storage';

/** Query strings of the audit routes: one schema each; unknown parameters are refused, never ignored. */
const issue = (ctx: z.RefinementCtx, code: ErrorCode, message: string) =>
  ctx.addIssue({ code: 'custom', message, params: { code } });

const once = z.string({ error: 'must be given once, as text' });
const wholeNumber = once
  .regex(/^\d{1,16}$/, 'must be a whole number (digits only)')
  .transform(Number)
  .refine(Number.isSafeInteger, 'is too large');
const unixMs = wholeNumber.describe('unix ms');

const limit = wholeNumber.refine((n) => n >= 1 && n <= 200, 'must be from 1 to 200');
const cursor = once.transform((v, ctx) => {
  const decoded = decodeCursor(v);
  if (!decoded)
    issue(ctx, 'INVALID_CURSOR', 'is not one this API issued: pass the `next` of the previous page unchanged');
  return decoded as AuctionCursor;
});
const chainId = wholeNumber.superRefine((n, ctx) => {
  if (!getChain(n)) issue(ctx, 'UNKNOWN_CHAIN', `names no supported chain (GET /v1/chains lists them)`);
});

function range<T extends { from?: number; to?: number; fromSeq?: number; toSeq?: number }>(
  q: T,
  ctx: z.RefinementCtx,
): void {
  if (q.from !== undefined && q.to !== undefined && q.from >= q.to)
    issue(ctx, 'INVALID_RANGE', `from (${q.from}) must be before to (${q.to}); to is exclusive`);
  if (q.fromSeq !== undefined && q.toSeq !== undefined && q.fromSeq > q.toSeq)
    issue(ctx, 'INVALID_RANGE', `fromSeq (${q.fromSeq}) must not be after toSeq (${q.toSeq})`);
}

export const auctionListQuerySchema = z
  .object({
    limit: limit.optional(),
    cursor: cursor.optional(),
    solver: addressSchema.optional(),
    intent: bytes32Schema.optional(),
    chainId: chainId.optional(),
    from: unixMs.optional(),
    to: unixMs.optional(),
    auctioneer: addressSchema.optional(),
    fromSeq: wholeNumber.optional(),
    toSeq: wholeNumber.optional(),
  })
  .superRefine(range);

export const competitionQuerySchema = z
  .object({ limit: limit.optional(), cursor: cursor.optional(), from: unixMs.optional(), to: unixMs.optional() })
  .superRefine(range);

/** Parses a query string against `schema`, refusing parameters it does not name (UNKNOWN_FILTER lists the known ones). */
export function parseQuery<T extends z.ZodType>(
  schema: T,
  known: readonly string[],
  query: Record<string, unknown>,
  what: string,
): z.output<T> {
  const unknown = Object.keys(query).filter((k) => !known.includes(k));
  if (unknown.length) {
    throw new IntentMeshError(
      `${what} does not take ${unknown.map((k) => `"${k}"`).join(', ')}; it takes ${known.join(', ')}.`,
      { code: 'UNKNOWN_FILTER', details: { unknown, known } },
    );
  }
  const repeated = Object.keys(query).find((k) => Array.isArray(query[k]));
  if (repeated)
    throw new IntentMeshError(`query.${repeated} is given more than once; give it once.`, {
      code: 'SCHEMA_INVALID',
      details: { field: repeated },
    });
  return parseOrThrow(schema, query, 'query');
}
export const AUCTION_LIST_PARAMS = [
  'limit',
  'cursor',
  'solver',
  'intent',
  'chainId',
  'from',
  'to',
  'auctioneer',
  'fromSeq',
  'toSeq',
] as const;
export const COMPETITION_PARAMS = ['limit', 'cursor', 'from', 'to'] as const;

export function toAuctionFilter(q: z.output<typeof auctionListQuerySchema>): AuctionFilter {
  const { limit: _limit, cursor: _cursor, ...filter } = q;
  return filter;
}

/** Opaque to clients; the same format the first list route issued, so old cursors keep working. */
function encodeCursor(c: AuctionCursor): string {
  return Buffer.from(`${c.closedAt}:${c.auctionId}`).toString('base64url');
}
function decodeCursor(v: string): AuctionCursor | undefined {
  const [closedAt, auctionId, extra] = Buffer.from(v, 'base64url').toString().split(':');
  if (extra !== undefined || !/^\d{1,16}$/.test(closedAt ?? '') || !/^0x[0-9a-f]{64}$/.test(auctionId ?? ''))
    return undefined;
  return { closedAt: Number(closedAt), auctionId };
}

/** The cursor of the page after `items`, or null when this page was the last. */
export function nextCursor(items: { closedAt: number; auctionId: string }[], limit: number): string | null {
  const last = items[items.length - 1];
  return items.length === limit && last ? encodeCursor(last) : null;
}
