import { IntentStatuses } from '@intentmesh/protocol';

/** OpenAPI schemas of the wire types, written out so every field carries its meaning. */
const address = {
  type: 'string',
  pattern: '^0x[0-9a-fA-F]{40}$',
  example: '0x52908400098527886e0f7030069857d2e4169ee7',
};
const uint = (description: string) => ({
  type: 'string',
  pattern: '^(0|[1-9][0-9]*)$',
  description,
  example: '10000000000000000000',
});
const bytes32 = { type: 'string', pattern: '^0x[0-9a-fA-F]{64}$' };

export const IntentSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'swapper',
    'sellToken',
    'sellAmount',
    'buyToken',
    'minBuyAmount',
    'recipient',
    'sourceChainId',
    'destinationChainId',
    'nonce',
    'deadline',
  ],
  properties: {
    swapper: { ...address, description: 'The trader: signs the intent and provides the sell tokens.' },
    sellToken: { ...address, description: 'ERC-20 sold on the source chain.' },
    sellAmount: uint('Exact amount sold, in base units (wei), as a decimal string; > 0 and < 2^256.'),
    buyToken: { ...address, description: 'ERC-20 bought on the destination chain.' },
    minBuyAmount: uint('Least the recipient accepts, in base units of the buy token; > 0.'),
    recipient: { ...address, description: 'Who receives the buy tokens.' },
    sourceChainId: {
      type: 'integer',
      example: 1,
      description: 'Chain the sell tokens leave; also the EIP-712 domain chainId.',
    },
    destinationChainId: { type: 'integer', example: 10, description: 'Chain the buy tokens arrive on.' },
    nonce: uint('Per-swapper, per-chain replay guard (a bit in the settlement nonce bitmap).'),
    deadline: {
      type: 'integer',
      example: 1_900_000_000,
      description: 'Unix seconds; at most MAX_DEADLINE_AHEAD_SEC ahead.',
    },
  },
};
export const SubmitIntentSchema = {
  type: 'object',
  required: ['intent', 'signature'],
  properties: {
    intent: { $ref: '#/components/schemas/Intent' },
    signature: {
      type: 'string',
      pattern: '^0x[0-9a-fA-F]{130}$',
      description:
        "The swapper's EIP-712 signature (r‖s‖v, low s, v 27 or 28, as the settlement contract checks it), or a smart account's (EIP-1271) 65-byte signature, checked with isValidSignature on the source chain.",
    },
  },
};
export const ErrorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable code, e.g. INVALID_SIGNATURE, DUPLICATE_INTENT.' },
        message: { type: 'string', description: 'What went wrong and what to do, for a person.' },
        details: { type: 'object', description: 'Structured context, e.g. the offending field.' },
      },
    },
  },
};
export const IntentViewSchema = {
  type: 'object',
  required: ['hash', 'status', 'statusReason', 'intent', 'signature', 'auctionId', 'attempts', 'award', 'history'],
  properties: {
    hash: { ...bytes32, description: 'EIP-712 digest of the intent; its id everywhere.' },
    status: {
      type: 'string',
      enum: [...IntentStatuses],
      description:
        'unfunded: the swapper lost the balance, allowance or nonce since intake; held out of auctions, re-checked, auctioned again once funded (until its deadline).',
    },
    statusReason: {
      type: 'string',
      nullable: true,
      description:
        'Why the intent waits: for unfunded, the failed check (INSUFFICIENT_BALANCE, INSUFFICIENT_ALLOWANCE, NONCE_USED); else null.',
    },
    intent: { $ref: '#/components/schemas/Intent' },
    signature: { type: 'string', pattern: '^0x[0-9a-fA-F]{130}$' },
    auctionId: { ...bytes32, nullable: true, description: 'The last auction the intent was in.' },
    attempts: { type: 'integer', description: 'Auctions the intent has been in.' },
    award: {
      type: 'object',
      allOf: [{ $ref: '#/components/schemas/SignedAward' }],
      nullable: true,
      description: "The auctioneer's signed award, once awarded.",
    },
    createdAt: { type: 'string', description: 'When the API accepted it (ISO 8601).' },
    settlement: {
      type: 'object',
      nullable: true,
      required: ['txHash', 'chainId', 'blockNumber'],
      properties: { txHash: bytes32, chainId: { type: 'integer' }, blockNumber: { type: 'integer' } },
      description: 'The settlement transaction once the winner settled on chain (status settled), else null.',
    },
    history: {
      type: 'array',
      description:
        'Every auction the intent was in, oldest first, with its award and how that award ended (at most 100).',
      items: {
        type: 'object',
        required: ['auctionId', 'closedAt', 'outcome', 'award', 'lapse'],
        properties: {
          auctionId: bytes32,
          closedAt: { type: 'integer', description: 'Unix ms.' },
          outcome: {
            type: 'string',
            enum: ['unfilled', 'awarded', 'settled', 'lapsed', 'reported'],
            description:
              'unfilled: no valid bid; awarded: the award is running; lapsed: unsettled at settleBy; reported: its solver reported the settlement failed.',
          },
          award: { type: 'object', allOf: [{ $ref: '#/components/schemas/SignedAward' }], nullable: true },
          lapse: {
            type: 'object',
            nullable: true,
            required: ['kind', 'decidedAt'],
            properties: {
              kind: { type: 'string', enum: ['lapsed', 'reported'] },
              decidedAt: { type: 'integer', description: 'Unix ms.' },
              reason: { type: 'string', description: "The solver's decoded revert, when reported." },
            },
          },
        },
      },
    },
  },
};

/** A reference to a named schema below (components.schemas), so generated clients get named types. */
export const ref = (name: keyof typeof componentSchemas) => ({ $ref: `#/components/schemas/${name}` });

const obj = (required: string[], properties: Record<string, unknown>, description?: string) => ({
  type: 'object',
  required,
  properties,
  ...(description ? { description } : {}),
});

export const AwardSchema = obj(['auctionId', 'intentHash', 'solver', 'buyAmount', 'settleBy'], {
  auctionId: bytes32,
  intentHash: bytes32,
  solver: { ...address, description: 'The winning solver key.' },
  buyAmount: uint('Amount the solver must deliver to the recipient.'),
  settleBy: { type: 'integer', description: 'Unix seconds by which the winner settles.' },
});
export const SignedAwardSchema = obj(['award', 'signature'], {
  award: { $ref: '#/components/schemas/Award' },
  signature: {
    type: 'string',
    pattern: '^0x[0-9a-fA-F]{130}$',
    description: "The auctioneer's EIP-712 signature (source-chain domain).",
  },
});

export const QuoteSchema = obj(
  [
    'quoteId',
    'sellToken',
    'buyToken',
    'sellAmount',
    'sourceChainId',
    'destinationChainId',
    'buyAmount',
    'minBuyAmount',
    'slippageBps',
    'spread',
    'solvers',
    'asked',
    'elapsedMs',
    'binding',
  ],
  {
    quoteId: { ...bytes32, description: 'Random id of this round (solvers sign their answers over it).' },
    sellToken: address,
    buyToken: address,
    sellAmount: uint('Amount sold, as asked.'),
    sourceChainId: { type: 'integer' },
    destinationChainId: { type: 'integer' },
    buyAmount: uint('Best indicative buyAmount among the answers.'),
    minBuyAmount: uint('Suggested minBuyAmount: buyAmount less slippageBps, rounded down.'),
    slippageBps: { type: 'integer', description: 'Slippage applied, in basis points.' },
    spread: obj(['min', 'median', 'max', 'count'], {
      min: uint('Lowest answer.'),
      median: uint('Median answer.'),
      max: uint('Highest answer.'),
      count: { type: 'integer', description: 'Answers counted.' },
    }),
    solvers: {
      type: 'array',
      items: { $ref: '#/components/schemas/QuoteAnswer' },
      description: 'Who answered, best first.',
    },
    asked: { type: 'integer', description: 'Healthy solvers asked.' },
    elapsedMs: { type: 'integer', description: 'Time the API spent on the round.' },
    binding: { type: 'boolean', enum: [false], description: 'Always false: the auction sets the real price.' },
  },
  'An indicative, non-binding quote.',
);

/* Audit: records, filters, solver competition, the live stream. */
export const AddressParam = { ...address, description: '20-byte address, 0x + 40 hex (any case).' };
export const Bytes32Param = { ...bytes32, example: '0x' + 'ab'.repeat(32) };
const unixMs = (description: string) => ({
  type: 'integer',
  example: 1_900_000_000_000,
  description: `${description} (unix ms, auctioneer's clock).`,
});
const verdicts = [
  'ACCEPTED',
  'MALFORMED',
  'WRONG_AUCTION',
  'UNREGISTERED_SOLVER',
  'BAD_SIGNATURE',
  'LATE',
  'EXPIRED',
  'UNKNOWN_INTENT',
  'DUPLICATE_INTENT_IN_BID',
  'DUPLICATE_BID',
  'BELOW_MIN_BUY',
  'SUPERSEDED',
  'AUCTION_CLOSED',
  'NOT_INVITED',
];
const countsByVerdict = {
  type: 'object',
  additionalProperties: { type: 'integer' },
  description: `Bids per verdict (${verdicts.join(', ')}); absent verdicts are 0.`,
  example: { ACCEPTED: 12, LATE: 1 },
};
const outcomeCounts = {
  type: 'object',
  description: 'Counted (ACCEPTED) bids by outcome.',
  properties: {
    WON: { type: 'integer' },
    LOST: { type: 'integer' },
    UNFAIR: {
      type: 'integer',
      description: 'Dropped by the fairness filter: a batch that gave some intent less than its best single bid.',
    },
  },
};

export const AuctionSummarySchema = {
  type: 'object',
  properties: {
    auctionId: {
      ...bytes32,
      description: 'Derived from (auctioneer, seq, openedAt), so it cannot be ground for a seed.',
    },
    auctioneer: { ...address, description: 'Who ran and signed the auction.' },
    seq: { type: 'integer', description: "Position in this auctioneer's hash chain, from 1." },
    openedAt: unixMs('When bids opened'),
    closedAt: unixMs('When the auction was decided'),
    recordHash: { ...bytes32, description: 'keccak256 of the canonical record without recordHash and signature.' },
    intents: { type: 'integer', description: 'Intents offered.' },
    awards: { type: 'integer', description: 'Intents awarded.' },
  },
};
export const AuctionPageSchema = {
  type: 'object',
  properties: {
    items: { type: 'array', items: AuctionSummarySchema, description: 'Newest first.' },
    next: { type: 'string', nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' },
  },
};

export const AuctionRecordSchema = {
  type: 'object',
  description:
    'The signed, hash-chained record of one closed auction: everything needed to re-check it offline (SDK verifyAuction, `intentmesh audit`).',
  properties: {
    version: {
      type: 'integer',
      enum: [1, 2, 3, 4],
      description:
        '2 adds operators, invited chains, attestations and explicit reference prices; 3 adds lapses and excluded; 4 adds bid bundles.',
    },
    auctionId: AuctionSummarySchema.properties.auctionId,
    seq: AuctionSummarySchema.properties.seq,
    auctioneer: AuctionSummarySchema.properties.auctioneer,
    openedAt: AuctionSummarySchema.properties.openedAt,
    closedAt: AuctionSummarySchema.properties.closedAt,
    bidWindowMs: { type: 'integer', description: 'Bids received after openedAt + bidWindowMs are LATE.' },
    intents: {
      type: 'array',
      description: 'The intents offered, each with its hash and the swapper signature.',
      items: {
        type: 'object',
        properties: {
          hash: { ...bytes32, description: 'EIP-712 digest of the intent.' },
          intent: IntentSchema,
          signature: { type: 'string', description: "The swapper's signature." },
        },
      },
    },
    seed: {
      ...bytes32,
      description: 'keccak256(auctionId ‖ the chain head when the auction opened): breaks score ties and draws seats.',
    },
    referencePrices: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description:
        'Numeraire units per 1e18 base units of each buy token, keyed "chainId:token"; absent means 1e18. Scores are surplus (buyAmount - minBuyAmount) valued at these prices.',
    },
    solvers: {
      type: 'array',
      description: 'Registered solvers and whether each was invited, with why.',
      items: {
        type: 'object',
        properties: {
          solver: address,
          invited: { type: 'boolean' },
          reason: {
            type: 'string',
            description: 'Why it was or was not invited (e.g. registered, seat drawn, ejected).',
          },
          weight: { type: 'string', description: 'Seat weight (stake x reputation x health) when seats are drawn.' },
          operator: {
            ...address,
            description: 'The operator the solver key belongs to; seats and counted bids are per operator.',
          },
        },
      },
    },
    fanout: {
      type: 'object',
      description:
        'The seat draw (per shard), present when the auctioneer runs solver trust; re-computable from `seed`.',
    },
    bids: {
      type: 'array',
      description:
        'Every bid received, in arrival order, with its verdict. Sealed: stored (and so readable) only once the auction closed.',
      items: {
        type: 'object',
        properties: {
          receivedAt: unixMs('Arrival'),
          solver: {
            ...address,
            nullable: true,
            description: 'The signing solver (the claimed one when the signature failed); null when unreadable.',
          },
          bidHash: { ...bytes32, nullable: true, description: 'EIP-712 digest of the bid.' },
          bid: {
            type: 'object',
            nullable: true,
            description:
              'The bid as signed: auctionId, solver, fills [{ intentHash, buyAmount (decimal string) }], routeHash, validUntil (unix s).',
          },
          signature: { type: 'string', nullable: true, description: 'Null for a bundled bid (its bundle is signed).' },
          verdict: { type: 'string', enum: verdicts },
          reason: { type: 'string', description: 'Why, for a person.' },
          bundle: { type: 'integer', description: 'Version 4, a bundled bid: its bundle, by index in `bundles`.' },
          leaf: { type: 'integer', description: 'Version 4, a bundled bid: its position among the bundle leaves.' },
        },
      },
    },
    bundles: {
      type: 'array',
      description:
        "Version 4: signed bid bundles as received. `leaves` are the bids' EIP-712 digests in order, `root` their sorted-pair Merkle root; the solver signed BidBundle(auctionId, solver, root, count).",
      items: {
        type: 'object',
        properties: {
          auctionId: bytes32,
          solver: address,
          root: bytes32,
          count: { type: 'integer' },
          signature: { type: 'string' },
          leaves: { type: 'array', items: bytes32 },
        },
      },
    },
    duplicateBids: {
      type: 'integer',
      description: 'Identical repeats of recorded bids, answered DUPLICATE_BID and only counted.',
    },
    outcomes: {
      type: 'array',
      description: 'Score and outcome of each counted (ACCEPTED) bid.',
      items: {
        type: 'object',
        properties: {
          index: { type: 'integer', description: 'Index in `bids`.' },
          score: uint('Surplus in numeraire units.'),
          outcome: { type: 'string', enum: ['WON', 'LOST', 'UNFAIR'] },
        },
      },
    },
    winners: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          intentHash: bytes32,
          solver: address,
          buyAmount: uint('Amount the winning bid promised.'),
          bidIndex: { type: 'integer', description: 'Index in `bids`.' },
        },
      },
    },
    referenceScores: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: "Per winning solver: the auction's total score recomputed without its bids (the basis for rewards).",
    },
    awards: { type: 'array', items: SignedAwardSchema },
    unfilled: {
      type: 'array',
      items: bytes32,
      description: 'Intents with no valid bid; they return to a later auction until their deadline.',
    },
    lapses: {
      type: 'array',
      description:
        'Version 3: awards of earlier auctions that ended unsettled since the previous record, with their evidence.',
      items: {
        type: 'object',
        required: ['award', 'sourceChainId', 'operator', 'kind', 'decidedAt'],
        properties: {
          award: SignedAwardSchema,
          sourceChainId: { type: 'integer' },
          operator: address,
          kind: { type: 'string', enum: ['lapsed', 'reported'] },
          decidedAt: { type: 'integer', description: 'Auctioneer clock, unix ms.' },
          checkedBlock: {
            type: 'object',
            required: ['number', 'hash', 'timestamp'],
            properties: { number: { type: 'integer' }, hash: bytes32, timestamp: { type: 'integer' } },
            description: 'lapsed: no Settled event for the intent on the source chain up to and including this block.',
          },
          report: {
            type: 'object',
            description: "reported: the solver's signed SettlementFailure { failure, signature }.",
          },
        },
      },
    },
    excluded: {
      type: 'array',
      description:
        'Version 3: intents of this auction whose earlier awards lapsed, and the operators kept out of them (their bids are EXCLUDED).',
      items: {
        type: 'object',
        required: ['intentHash', 'operators'],
        properties: { intentHash: bytes32, operators: { type: 'array', items: address } },
      },
    },
    prevRecordHash: {
      ...bytes32,
      description: "recordHash of this auctioneer's previous record (zero hash before seq 1).",
    },
    recordHash: AuctionSummarySchema.properties.recordHash,
    signature: {
      type: 'string',
      description: "The auctioneer's EIP-712 signature over (auctionId, seq, recordHash, prevRecordHash).",
    },
  },
};

export const AuditProblemSchema = {
  type: 'object',
  properties: {
    code: {
      type: 'string',
      enum: [
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
      ],
    },
    message: { type: 'string' },
    auctionId: bytes32,
    seq: { type: 'integer' },
  },
};
export const VerificationSchema = {
  type: 'object',
  properties: {
    ok: { type: 'boolean', description: 'True when no problem was found.' },
    auctionId: bytes32,
    seq: { type: 'integer' },
    auctioneer: { ...address, description: 'The auctioneer the record names (the one checked against).' },
    recordHash: bytes32,
    problems: { type: 'array', items: AuditProblemSchema },
  },
};

export const IntentAuctionSchema = {
  type: 'object',
  properties: {
    intentHash: bytes32,
    status: IntentViewSchema.properties.status,
    attempts: { type: 'integer', description: 'Closed auctions the intent was in.' },
    latest: {
      allOf: [{ $ref: '#/components/schemas/AuctionRecord' }],
      description: 'The full record of the latest closed auction that offered the intent.',
    },
    earlier: {
      type: 'array',
      items: bytes32,
      description: 'Ids of the earlier closed auctions, newest first (at most 500).',
    },
    liveAuctionId: {
      ...bytes32,
      nullable: true,
      description: 'The auction the intent is in right now, if any; its bids stay sealed until it closes.',
    },
  },
};

export const SolverCompetitionSchema = {
  type: 'object',
  properties: {
    solver: address,
    from: { ...unixMs('Range start'), nullable: true },
    to: { ...unixMs('Range end (exclusive)'), nullable: true },
    totals: {
      type: 'object',
      description: 'Over the whole range (not just this page).',
      properties: {
        auctions: { type: 'integer', description: 'Auctions the solver bid in.' },
        auctionsWon: { type: 'integer', description: 'Auctions where it won at least one intent.' },
        auctionsLost: { type: 'integer', description: 'Auctions where it had counted bids and won nothing.' },
        intentsWon: { type: 'integer' },
        bids: { type: 'integer', description: 'Recorded bids naming it, any verdict.' },
        bidsByVerdict: countsByVerdict,
        outcomes: outcomeCounts,
        score: uint('Sum of the scores of its winning bids (numeraire units).'),
        referenceScore: uint('Sum of its reference scores.'),
      },
    },
    series: {
      type: 'array',
      description: 'One point per auction it bid in, newest first: its scores over time.',
      items: {
        type: 'object',
        properties: {
          auctionId: bytes32,
          seq: { type: 'integer' },
          closedAt: unixMs('Closed'),
          bids: { type: 'integer' },
          bidsByVerdict: countsByVerdict,
          outcomes: outcomeCounts,
          intentsWon: { type: 'integer' },
          score: uint('Sum of its winning bids’ scores in this auction.'),
          bestScore: { ...uint('Best score among its counted bids.'), nullable: true },
          referenceScore: { ...uint('Auction total without its bids; set when it won.'), nullable: true },
        },
      },
    },
    next: { type: 'string', nullable: true, description: 'Cursor of the next page of `series`.' },
  },
};

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

export const componentSchemas = {
  Error: ErrorSchema,
  Intent: IntentSchema,
  SubmitIntentRequest: SubmitIntentSchema,
  SubmittedIntent: obj(['hash', 'status'], {
    hash: { ...bytes32, description: 'The intent hash.' },
    status: { type: 'string', enum: ['pending'] },
  }),
  IntentView: IntentViewSchema,
  Award: AwardSchema,
  SignedAward: SignedAwardSchema,
  CancelIntentRequest: obj(['signature'], {
    signature: {
      type: 'string',
      pattern: '^0x[0-9a-fA-F]{130}$',
      description: "The swapper's EIP-712 signature of Cancel(bytes32 intentHash), source-chain domain.",
    },
  }),
  CancelledIntent: obj(['hash', 'status'], { hash: bytes32, status: { type: 'string', enum: ['cancelled'] } }),
  QuoteAnswer: obj(['solver', 'buyAmount', 'latencyMs'], {
    solver: address,
    buyAmount: uint("This solver's indicative buyAmount."),
    latencyMs: { type: 'integer', description: 'From the round start to this answer.' },
  }),
  Quote: QuoteSchema,
  AuctionSummary: { ...AuctionSummarySchema, required: Object.keys(AuctionSummarySchema.properties) },
  AuctionList: { ...AuctionPageSchema, required: ['items', 'next'] },
  AuctionRecord: AuctionRecordSchema,
  Verification: VerificationSchema,
  IntentAuction: IntentAuctionSchema,
  SolverCompetition: SolverCompetitionSchema,
  Chain: obj(['chainId', 'name', 'settlement', 'domain', 'primaryType', 'types', 'encodedType', 'awardTypes'], {
    chainId: { type: 'integer' },
    name: { type: 'string' },
    settlement: address,
    domain: obj(
      ['name', 'version', 'chainId', 'verifyingContract'],
      {
        name: { type: 'string' },
        version: { type: 'string' },
        chainId: { type: 'integer' },
        verifyingContract: address,
      },
      'EIP-712 domain for intents on this chain.',
    ),
    primaryType: { type: 'string', enum: ['Intent'] },
    types: { type: 'object', description: 'EIP-712 types of Intent.' },
    encodedType: { type: 'string' },
    awardTypes: { type: 'object', description: 'EIP-712 types of Award.' },
  }),
  Token: obj(['chainId', 'address', 'symbol', 'decimals'], {
    chainId: { type: 'integer' },
    address,
    symbol: { type: 'string' },
    decimals: { type: 'integer' },
  }),
};
