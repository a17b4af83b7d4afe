import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';
import {
  BID_VERDICTS,
  IntentStatuses,
  auctionPageSchema,
  auctionSummarySchema,
  solverCompetitionSchema,
  intentSchema,
  jsonAddress,
  jsonBytes32,
  jsonDecimal,
  quoteAnswerSchema,
  quoteSchema,
  safeIntSchema,
  signatureSchema,
  signedAwardSchema,
  signedIntentSchema,
  awardSchema,
} from '@intentmesh/protocol';

/**
 * The wire types of the API as zod schemas: the request schemas are the ones the API parses with (from
 * @intentmesh/protocol), the answers are described here, and the OpenAPI components are generated from both
 * (z.toJSONSchema), so a field is written once.
 */
const d = (description: string) => ({ description });
const int = (description?: string) => safeIntSchema.meta(description ? d(description) : {});
const address = (description?: string) => jsonAddress.meta(description ? d(description) : {});
const bytes32 = (description?: string) => jsonBytes32.meta(description ? d(description) : {});
const unixMs = (description: string) =>
  int(`${description} (unix ms, auctioneer's clock).`).meta({ example: 1_900_000_000_000 });
const hexSignature = (description?: string) =>
  z
    .string()
    .regex(/^0x[0-9a-fA-F]{130}$/)
    .meta(description ? d(description) : {});
/** An object that may hold anything; described rather than typed. */
const looseObject = (description: string) => z.record(z.string(), z.unknown()).meta({ type: 'object', description });

const errorSchema = z.object({
  error: z.object({
    code: z.string().meta(d('Stable code, e.g. INVALID_SIGNATURE, DUPLICATE_INTENT.')),
    message: z.string().meta(d('What went wrong and what to do, for a person.')),
    details: looseObject('Structured context, e.g. the offending field.').optional(),
  }),
});

const lapseKind = z.enum(['lapsed', 'reported']);
const intentViewSchema = z.object({
  hash: bytes32('EIP-712 digest of the intent; its id everywhere.'),
  status: z
    .enum(IntentStatuses)
    .meta(
      d(
        'unfunded: the swapper lost the balance, allowance or nonce since intake; held out of auctions, re-checked, auctioned again once funded (until its deadline).',
      ),
    ),
  statusReason: z
    .string()
    .nullable()
    .meta(
      d(
        'Why the intent waits: for unfunded, the failed check (INSUFFICIENT_BALANCE, INSUFFICIENT_ALLOWANCE, NONCE_USED, or INVALID_SIGNATURE when a smart account refuses the signature); else null.',
      ),
    ),
  intent: intentSchema,
  signature: hexSignature(),
  auctionId: jsonBytes32.nullable().meta(d('The last auction the intent was in.')),
  attempts: int('Auctions the intent has been in.'),
  award: signedAwardSchema.nullable().meta({ type: 'object', ...d("The auctioneer's signed award, once awarded.") }),
  createdAt: z.string().optional().meta(d('When the API accepted it (ISO 8601).')),
  settlement: z
    .object({ txHash: bytes32(), chainId: int(), blockNumber: int() })
    .nullable()
    .optional()
    .meta(d('The settlement transaction once the winner settled on chain (status settled), else null.')),
  history: z
    .array(
      z.object({
        auctionId: bytes32(),
        closedAt: int('Unix ms.'),
        outcome: z
          .enum(['unfilled', 'awarded', 'settled', 'lapsed', 'reported'])
          .meta(
            d(
              'unfilled: no valid bid; awarded: the award is running; lapsed: unsettled at settleBy; reported: its solver reported the settlement failed.',
            ),
          ),
        award: signedAwardSchema.nullable().meta({ type: 'object' }),
        lapse: z
          .object({
            kind: lapseKind,
            decidedAt: int('Unix ms.'),
            reason: z.string().optional().meta(d("The solver's decoded revert, when reported.")),
          })
          .nullable(),
      }),
    )
    .meta(d('Every auction the intent was in, oldest first, with its award and how that award ended (at most 100).')),
});

/* Audit: the record (fields without `required` are version-dependent); list and competition come from protocol. */
const summaryFields = auctionSummarySchema.omit({ intents: true, awards: true }).shape;

const auctionRecordSchema = z
  .object({
    version: z
      .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])
      .meta(
        d(
          '2 adds operators, invited chains, attestations and explicit reference prices; 3 adds lapses and excluded; 4 adds bid bundles.',
        ),
      ),
    ...summaryFields,
    bidWindowMs: int('Bids received after openedAt + bidWindowMs are LATE.'),
    intents: z
      .array(
        z
          .object({
            hash: bytes32('EIP-712 digest of the intent.'),
            intent: intentSchema,
            signature: z.string().meta(d("The swapper's signature.")),
            contractSignature: z
              .object({
                chainId: z.number().int(),
                blockNumber: z.number().int(),
                blockHash: bytes32('That block on the source chain.'),
              })
              .meta(
                d(
                  "Present for a smart account's (EIP-1271) signature: the source chain block at which the auctioneer's isValidSignature check approved it (checkContractSignatures asks that block again).",
                ),
              ),
          })
          .partial(),
      )
      .meta(d('The intents offered, each with its hash and the swapper signature.')),
    seed: bytes32('keccak256(auctionId ‖ the chain head when the auction opened): breaks score ties and draws seats.'),
    referencePrices: z
      .record(z.string(), z.string())
      .meta(
        d(
          'Numeraire units per 1e18 base units of each buy token, keyed "chainId:token"; absent means 1e18. Scores are surplus (buyAmount - minBuyAmount) valued at these prices.',
        ),
      ),
    solvers: z
      .array(
        z
          .object({
            solver: address(),
            invited: z.boolean(),
            reason: z.string().meta(d('Why it was or was not invited (e.g. registered, seat drawn, ejected).')),
            weight: z.string().meta(d('Seat weight (stake x reputation x health) when seats are drawn.')),
            operator: address('The operator the solver key belongs to; seats and counted bids are per operator.'),
          })
          .partial(),
      )
      .meta(d('Registered solvers and whether each was invited, with why.')),
    fanout: looseObject(
      'The seat draw (per shard), present when the auctioneer runs solver trust; re-computable from `seed`.',
    ),
    bids: z
      .array(
        z
          .object({
            receivedAt: unixMs('Arrival'),
            solver: jsonAddress
              .nullable()
              .meta(d('The signing solver (the claimed one when the signature failed); null when unreadable.')),
            bidHash: jsonBytes32.nullable().meta(d('EIP-712 digest of the bid.')),
            bid: looseObject(
              'The bid as signed: auctionId, solver, fills [{ intentHash, buyAmount (decimal string) }], routeHash, validUntil (unix s).',
            ).nullable(),
            signature: z.string().nullable().meta(d('Null for a bundled bid (its bundle is signed).')),
            verdict: z.enum(BID_VERDICTS),
            reason: z.string().meta(d('Why, for a person.')),
            bundle: int('Version 4, a bundled bid: its bundle, by index in `bundles`.'),
            leaf: int('Version 4, a bundled bid: its position among the bundle leaves.'),
          })
          .partial(),
      )
      .meta(
        d(
          'Every bid received, in arrival order, with its verdict. Sealed: stored (and so readable) only once the auction closed.',
        ),
      ),
    bundles: z
      .array(
        z.object({
          auctionId: bytes32(),
          solver: address(),
          root: bytes32(),
          count: int(),
          signature: z.string(),
          leaves: z.array(jsonBytes32),
        }),
      )
      .meta(
        d(
          "Version 4: signed bid bundles as received. `leaves` are the bids' EIP-712 digests in order, `root` their sorted-pair Merkle root; the solver signed BidBundle(auctionId, solver, root, count).",
        ),
      ),
    duplicateBids: int('Identical repeats of recorded bids, answered DUPLICATE_BID and only counted.'),
    outcomes: z
      .array(
        z
          .object({
            index: int('Index in `bids`.'),
            score: jsonDecimal('Surplus in numeraire units.'),
            outcome: z.enum(['WON', 'LOST', 'UNFAIR']),
          })
          .partial(),
      )
      .meta(d('Score and outcome of each counted (ACCEPTED) bid.')),
    winners: z.array(
      z
        .object({
          intentHash: bytes32(),
          solver: address(),
          buyAmount: jsonDecimal('Amount the winning bid promised.'),
          bidIndex: int('Index in `bids`.'),
        })
        .partial(),
    ),
    referenceScores: z
      .record(z.string(), z.string())
      .meta(d("Per winning solver: the auction's total score recomputed without its bids (the basis for rewards).")),
    awards: z.array(signedAwardSchema),
    unfilled: z
      .array(bytes32())
      .meta(d('Intents with no valid bid; they return to a later auction until their deadline.')),
    lapses: z
      .array(
        z.object({
          award: signedAwardSchema,
          sourceChainId: int(),
          operator: address(),
          kind: lapseKind,
          decidedAt: int('Auctioneer clock, unix ms.'),
          checkedBlock: z
            .object({ number: int(), hash: bytes32(), timestamp: int() })
            .optional()
            .meta(d('lapsed: no Settled event for the intent on the source chain up to and including this block.')),
          report: looseObject("reported: the solver's signed SettlementFailure { failure, signature }.").optional(),
        }),
      )
      .meta(
        d('Version 3: awards of earlier auctions that ended unsettled since the previous record, with their evidence.'),
      ),
    excluded: z
      .array(z.object({ intentHash: bytes32(), operators: z.array(address()) }))
      .meta(
        d(
          'Version 3: intents of this auction whose earlier awards lapsed, and the operators kept out of them (their bids are EXCLUDED).',
        ),
      ),
    prevRecordHash: bytes32("recordHash of this auctioneer's previous record (zero hash before seq 1)."),
    signature: z
      .string()
      .meta(d("The auctioneer's EIP-712 signature over (auctionId, seq, recordHash, prevRecordHash).")),
  })
  .partial()
  .meta(
    d(
      'The signed, hash-chained record of one closed auction: everything needed to re-check it offline (SDK verifyAuction, `intentmesh audit`).',
    ),
  );

const auditProblemSchema = z
  .object({
    code: z.enum([
      'RECORD_HASH_MISMATCH',
      'WRONG_AUCTIONEER',
      'BAD_RECORD_SIGNATURE',
      'BAD_INTENT',
      'BAD_BID',
      'OUTCOMES_MISMATCH',
      'WINNERS_MISMATCH',
      'REFERENCE_SCORES_MISMATCH',
      'BAD_AWARD',
      'CHAIN_BROKEN',
      'CHAIN_ORDER',
    ]),
    message: z.string(),
    auctionId: bytes32(),
    seq: int(),
  })
  .partial();
const verificationSchema = z
  .object({
    ok: z.boolean().meta(d('True when no problem was found.')),
    auctionId: bytes32(),
    seq: int(),
    auctioneer: address('The auctioneer the record names (the one checked against).'),
    recordHash: bytes32(),
    problems: z.array(auditProblemSchema),
  })
  .partial();

const intentAuctionSchema = z
  .object({
    intentHash: bytes32(),
    status: intentViewSchema.shape.status,
    attempts: int('Closed auctions the intent was in.'),
    latest: auctionRecordSchema.meta(d('The full record of the latest closed auction that offered the intent.')),
    earlier: z.array(bytes32()).meta(d('Ids of the earlier closed auctions, newest first (at most 500).')),
    liveAuctionId: jsonBytes32
      .nullable()
      .meta(d('The auction the intent is in right now, if any; its bids stay sealed until it closes.')),
  })
  .partial();

const chainSchema = z.object({
  chainId: int(),
  name: z.string(),
  settlement: address(),
  domain: z
    .object({ name: z.string(), version: z.string(), chainId: int(), verifyingContract: address() })
    .meta(d('EIP-712 domain for intents on this chain.')),
  primaryType: z.enum(['Intent']),
  types: looseObject('EIP-712 types of Intent.'),
  encodedType: z.string(),
  awardTypes: looseObject('EIP-712 types of Award.'),
});
const tokenSchema = z.object({ chainId: int(), address: address(), symbol: z.string(), decimals: int() });

/** One named component per wire type; a schema used inside another becomes a $ref to it. */
const components = z.registry<{ id: string }>();
const named: [string, z.ZodType][] = [
  ['Error', errorSchema],
  ['Intent', intentSchema],
  ['SubmitIntentRequest', signedIntentSchema],
  ['SubmittedIntent', z.object({ hash: bytes32('The intent hash.'), status: z.enum(['pending']) })],
  ['IntentView', intentViewSchema],
  ['Award', awardSchema],
  ['SignedAward', signedAwardSchema],
  [
    'CancelIntentRequest',
    z.strictObject({
      signature: signatureSchema.meta(
        d("The swapper's EIP-712 signature of Cancel(bytes32 intentHash), source-chain domain."),
      ),
    }),
  ],
  ['CancelledIntent', z.object({ hash: bytes32(), status: z.enum(['cancelled']) })],
  ['QuoteAnswer', quoteAnswerSchema],
  ['Quote', quoteSchema],
  ['AuctionSummary', auctionSummarySchema],
  ['AuctionList', auctionPageSchema],
  ['AuctionRecord', auctionRecordSchema],
  ['Verification', verificationSchema],
  ['IntentAuction', intentAuctionSchema],
  ['SolverCompetition', solverCompetitionSchema],
  ['Chain', chainSchema],
  ['Token', tokenSchema],
];
for (const [id, schema] of named) components.add(schema, { id });

type JsonSchema = Record<string, unknown>;
const generated = z.toJSONSchema(components, {
  target: 'openapi-3.0',
  io: 'input',
  uri: (id) => `#/components/schemas/${id}`,
}).schemas as Record<string, JsonSchema>;

/** OpenAPI 3.0 wants a `type` beside `nullable`: a nullable reference is a nullable object. */
function typeNullableRefs(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  const s = node as JsonSchema;
  if (s.nullable && s.allOf && !s.type) s.type = 'object';
  for (const v of Object.values(s)) typeNullableRefs(v);
}

/** The OpenAPI components, generated from the schemas above. */
export const componentSchemas: Record<string, JsonSchema> = Object.fromEntries(
  Object.entries(generated).map(([id, { $id: _id, ...schema }]) => [id, schema]),
);
typeNullableRefs(componentSchemas);
type ComponentName = (typeof named)[number][0];

/** A reference to a named schema (components.schemas), so generated clients get named types. */
export const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });

/** The error body, inline: openapiDocument narrows `code` to each response's codes. */
export const ErrorSchema = componentSchemas.Error as {
  type: 'object';
  required: string[];
  properties: { error: { type: 'object'; required: string[]; properties: Record<string, JsonSchema> } };
};

export const AddressParam = {
  type: 'string',
  pattern: '^0x[0-9a-fA-F]{40}$',
  example: '0x52908400098527886e0f7030069857d2e4169ee7',
  description: '20-byte address, 0x + 40 hex (any case).',
};
export const Bytes32Param = { type: 'string', pattern: '^0x[0-9a-fA-F]{64}$', example: '0x' + 'ab'.repeat(32) };

export const StreamEventsDescription = [
  'Server-Sent Events (`text/event-stream`). Each event has `event:` (its type), `data:` (one JSON object) and `id:`; reconnect with the `Last-Event-ID` header to receive what you missed.',
  '',
  '- `auction.opened` `{ auctionId, auctioneer, openedAt, bidWindowMs, closesAt, intents: [intentHash] }`: sent only when the auctioneer publishes its public feed (AUCTION_PUBLIC_FEED=on, the default); with it off, only invited solvers hear of an auction before it closes and watchers get `auction.closed` and `award` alone. Carries no bid.',
  '- `auction.closed` `{ auctionId, closedAt, recordHash, awards (count), unfilled: [intentHash] }`: the record is stored; GET /v1/auctions/{auctionId} returns it.',
  '- `award` `{ award: { auctionId, intentHash, solver, buyAmount, settleBy }, signature }`: one per awarded intent, after its auction closed.',
  '- `gap` `{ lastEventId, message }`: the server no longer holds the events after your Last-Event-ID (they aged out, or this server restarted): catch up with GET /v1/auctions?from=...',
  '',
  'A comment line (`: ping`) is sent every STREAM_HEARTBEAT_MS (default 15 s) so proxies keep the connection open and clients notice a dead one. A client that falls more than 1 MiB behind is disconnected (reconnect with Last-Event-ID).',
].join('\n');

/** Optional query parameters of a route, each as [name, schema, description]. */
export const ApiOptionalQueries = (...params: [name: string, schema: object, description: string][]) =>
  applyDecorators(
    ...params.map(([name, schema, description]) => ApiQuery({ name, required: false, schema, description })),
  );
