import { IntentStatuses } from '@intentmesh/protocol';

/** OpenAPI schemas of the wire types, written out so every field carries its meaning. */
const address = { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$', example: '0x52908400098527886e0f7030069857d2e4169ee7' };
const uint = (description: string) => ({ type: 'string', pattern: '^(0|[1-9][0-9]*)$', description, example: '10000000000000000000' });
const bytes32 = { type: 'string', pattern: '^0x[0-9a-fA-F]{64}$' };

export const IntentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['swapper', 'sellToken', 'sellAmount', 'buyToken', 'minBuyAmount', 'recipient', 'sourceChainId', 'destinationChainId', 'nonce', 'deadline'],
  properties: {
    swapper: { ...address, description: 'The trader: signs the intent and provides the sell tokens.' },
    sellToken: { ...address, description: 'ERC-20 sold on the source chain.' },
    sellAmount: uint('Exact amount sold, in base units (wei), as a decimal string; > 0 and < 2^256.'),
    buyToken: { ...address, description: 'ERC-20 bought on the destination chain.' },
    minBuyAmount: uint('Least the recipient accepts, in base units of the buy token; > 0.'),
    recipient: { ...address, description: 'Who receives the buy tokens.' },
    sourceChainId: { type: 'integer', example: 1, description: 'Chain the sell tokens leave; also the EIP-712 domain chainId.' },
    destinationChainId: { type: 'integer', example: 10, description: 'Chain the buy tokens arrive on.' },
    nonce: uint('Per-swapper, per-chain replay guard (a bit in the settlement nonce bitmap).'),
    deadline: { type: 'integer', example: 1_900_000_000, description: 'Unix seconds; at most MAX_DEADLINE_AHEAD_SEC ahead.' },
  },
};
export const SubmitIntentSchema = {
  type: 'object',
  required: ['intent', 'signature'],
  properties: {
    intent: { $ref: '#/components/schemas/Intent' },
    signature: { type: 'string', pattern: '^0x[0-9a-fA-F]{130}$', description: "The swapper's EIP-712 signature (r‖s‖v, low s)." },
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
  required: ['hash', 'status', 'intent', 'signature', 'auctionId', 'attempts', 'award'],
  properties: {
    hash: { ...bytes32, description: 'EIP-712 digest of the intent; its id everywhere.' },
    status: { type: 'string', enum: [...IntentStatuses] },
    intent: { $ref: '#/components/schemas/Intent' },
    signature: { type: 'string', pattern: '^0x[0-9a-fA-F]{130}$' },
    auctionId: { ...bytes32, nullable: true, description: 'The last auction the intent was in.' },
    attempts: { type: 'integer', description: 'Auctions the intent has been in.' },
    award: { allOf: [{ $ref: '#/components/schemas/SignedAward' }], nullable: true, description: "The auctioneer's signed award, once awarded." },
    createdAt: { type: 'string', description: 'When the API accepted it (ISO 8601).' },
    settlement: {
      type: 'object',
      nullable: true,
      required: ['txHash', 'chainId', 'blockNumber'],
      properties: { txHash: bytes32, chainId: { type: 'integer' }, blockNumber: { type: 'integer' } },
      description: 'The settlement transaction once the winner settled on chain (status settled), else null.',
    },
  },
};

/** A reference to a named schema below (components.schemas), so generated clients get named types. */
export const ref = (name: keyof typeof componentSchemas) => ({ $ref: `#/components/schemas/${name}` });

const obj = (required: string[], properties: Record<string, unknown>, description?: string) => ({ type: 'object', required, properties, ...(description ? { description } : {}) });

export const AwardSchema = obj(['auctionId', 'intentHash', 'solver', 'buyAmount', 'settleBy'], {
  auctionId: bytes32,
  intentHash: bytes32,
  solver: { ...address, description: 'The winning solver key.' },
  buyAmount: uint('Amount the solver must deliver to the recipient.'),
  settleBy: { type: 'integer', description: 'Unix seconds by which the winner settles.' },
});
export const SignedAwardSchema = obj(['award', 'signature'], { award: { $ref: '#/components/schemas/Award' }, signature: { type: 'string', pattern: '^0x[0-9a-fA-F]{130}$', description: "The auctioneer's EIP-712 signature (source-chain domain)." } });

export const QuoteSchema = obj(
  ['quoteId', 'sellToken', 'buyToken', 'sellAmount', 'sourceChainId', 'destinationChainId', 'buyAmount', 'minBuyAmount', 'slippageBps', 'spread', 'solvers', 'asked', 'elapsedMs', 'binding'],
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
    spread: obj(['min', 'median', 'max', 'count'], { min: uint('Lowest answer.'), median: uint('Median answer.'), max: uint('Highest answer.'), count: { type: 'integer', description: 'Answers counted.' } }),
    solvers: { type: 'array', items: { $ref: '#/components/schemas/QuoteAnswer' }, description: 'Who answered, best first.' },
    asked: { type: 'integer', description: 'Healthy solvers asked.' },
    elapsedMs: { type: 'integer', description: 'Time the API spent on the round.' },
    binding: { type: 'boolean', enum: [false], description: 'Always false: the auction sets the real price.' },
  },
  'An indicative, non-binding quote.',
);

export const componentSchemas = {
  Error: ErrorSchema,
  Intent: IntentSchema,
  SubmitIntentRequest: SubmitIntentSchema,
  SubmittedIntent: obj(['hash', 'status'], { hash: { ...bytes32, description: 'The intent hash.' }, status: { type: 'string', enum: ['pending'] } }),
  IntentView: IntentViewSchema,
  Award: AwardSchema,
  SignedAward: SignedAwardSchema,
  CancelIntentRequest: obj(['signature'], { signature: { type: 'string', pattern: '^0x[0-9a-fA-F]{130}$', description: "The swapper's EIP-712 signature of Cancel(bytes32 intentHash), source-chain domain." } }),
  CancelledIntent: obj(['hash', 'status'], { hash: bytes32, status: { type: 'string', enum: ['cancelled'] } }),
  QuoteAnswer: obj(['solver', 'buyAmount', 'latencyMs'], { solver: address, buyAmount: uint('This solver\'s indicative buyAmount.'), latencyMs: { type: 'integer', description: 'From the round start to this answer.' } }),
  Quote: QuoteSchema,
  AuctionSummary: obj(['auctionId', 'auctioneer', 'seq', 'openedAt', 'closedAt', 'recordHash', 'intents', 'awards'], {
    auctionId: bytes32,
    auctioneer: address,
    seq: { type: 'integer', description: "Position in this auctioneer's hash chain." },
    openedAt: { type: 'integer', description: 'Unix ms.' },
    closedAt: { type: 'integer', description: 'Unix ms.' },
    recordHash: bytes32,
    intents: { type: 'integer' },
    awards: { type: 'integer' },
  }),
  AuctionList: obj(['items', 'next'], { items: { type: 'array', items: { $ref: '#/components/schemas/AuctionSummary' } }, next: { type: 'string', nullable: true, description: 'Cursor of the next page, or null.' } }),
  Chain: obj(['chainId', 'name', 'settlement', 'domain', 'primaryType', 'types', 'encodedType', 'awardTypes'], {
    chainId: { type: 'integer' },
    name: { type: 'string' },
    settlement: address,
    domain: obj(['name', 'version', 'chainId', 'verifyingContract'], { name: { type: 'string' }, version: { type: 'string' }, chainId: { type: 'integer' }, verifyingContract: address }, 'EIP-712 domain for intents on this chain.'),
    primaryType: { type: 'string', enum: ['Intent'] },
    types: { type: 'object', description: 'EIP-712 types of Intent.' },
    encodedType: { type: 'string' },
    awardTypes: { type: 'object', description: 'EIP-712 types of Award.' },
  }),
  Token: obj(['chainId', 'address', 'symbol', 'decimals'], { chainId: { type: 'integer' }, address, symbol: { type: 'string' }, decimals: { type: 'integer' } }),
};
