import fc from 'fast-check';
import { z } from 'zod';
import { signedAwardSchema } from '../award/awardSchema';
import { IntentMeshError } from '../errors';
import { addressSchema, bytes32Schema, parseOrThrow, safeIntSchema } from '../schema';
import { ODD_VALUES } from '../../test/oddValues';
import { parseStreamEvent, type AuctionStreamEventType } from './stream';

// The zod schemas the stream's plain checks replace (award: the server's own signedAwardSchema): the oracle.
const zodSchemas: Record<AuctionStreamEventType, z.ZodType> = {
  'auction.opened': z.strictObject({
    auctionId: bytes32Schema,
    auctioneer: addressSchema,
    openedAt: safeIntSchema,
    bidWindowMs: safeIntSchema,
    closesAt: safeIntSchema,
    intents: z.array(bytes32Schema),
  }),
  'auction.closed': z.strictObject({
    auctionId: bytes32Schema,
    closedAt: safeIntSchema,
    recordHash: bytes32Schema,
    awards: safeIntSchema,
    unfilled: z.array(bytes32Schema),
  }),
  award: signedAwardSchema,
  gap: z.strictObject({ lastEventId: z.string(), message: z.string() }),
};

const H = `0x${'ab'.repeat(32)}`;
const valid: Record<AuctionStreamEventType, Record<string, unknown>> = {
  'auction.opened': {
    auctionId: H,
    auctioneer: '0x52908400098527886E0F7030069857D2E4169EE7',
    openedAt: 1,
    bidWindowMs: 200,
    closesAt: 201,
    intents: [H, H],
  },
  'auction.closed': { auctionId: H, closedAt: 5, recordHash: H, awards: 1, unfilled: [] },
  award: {
    award: {
      auctionId: H,
      intentHash: H,
      solver: '0x52908400098527886e0f7030069857d2e4169ee7',
      buyAmount: '1000',
      settleBy: 1_700_000_000,
    },
    signature: `0x${'1b'.repeat(65)}`,
  },
  gap: { lastEventId: 'x-1', message: 'missed' },
};

function outcome(run: () => unknown) {
  try {
    run();
    return 'ok';
  } catch (e) {
    if (!(e instanceof IntentMeshError)) throw e;
    return { message: e.message, code: e.code, details: e.details };
  }
}
const same = (type: AuctionStreamEventType, data: unknown) =>
  expect(outcome(() => parseStreamEvent(type, data))).toEqual(
    outcome(() => parseOrThrow(zodSchemas[type], data, type)),
  );

const odd = ODD_VALUES;

describe('stream events: plain checks match the zod schemas', () => {
  const types = Object.keys(valid) as AuctionStreamEventType[];

  it('accepts the valid events and refuses an unknown type', () => {
    for (const type of types)
      expect(parseStreamEvent(type, valid[type], '7')).toEqual({ type, id: '7', data: valid[type] });
    expect(outcome(() => parseStreamEvent('toString', {}))).toMatchObject({ code: 'SCHEMA_INVALID' });
  });

  it('refuses every odd field value, missing field, unknown field and non-object alike', () => {
    for (const type of types) {
      for (const v of odd) same(type, v);
      const fields = Object.keys(valid[type]);
      for (const f of fields) {
        const { [f]: _dropped, ...rest } = valid[type];
        same(type, rest);
        for (const v of odd) same(type, { ...valid[type], [f]: v });
      }
      same(type, { ...valid[type], extra: 1, more: 2 });
      same(type, { ...valid[type], extra: 1, [fields[0]!]: 'bad' });
    }
    const inner = valid.award.award as Record<string, unknown>;
    for (const f of Object.keys(inner))
      for (const v of odd) same('award', { ...valid.award, award: { ...inner, [f]: v } });
    same('award', { ...valid.award, award: { ...inner, x: 1 } });
  });

  it('agrees on random JSON-shaped events', () => {
    const value = fc.oneof(fc.constantFrom(...odd), fc.jsonValue());
    fc.assert(
      fc.property(
        fc.constantFrom(...types),
        fc.dictionary(fc.constantFrom('auctionId', 'closedAt', 'award', 'signature', 'message', 'intents', 'z'), value),
        fc.boolean(),
        (type, patch, base) => same(type, base ? { ...valid[type], ...patch } : patch),
      ),
      { numRuns: 2000 },
    );
  });
});
