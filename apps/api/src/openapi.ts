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
    intent: IntentSchema,
    signature: { type: 'string', pattern: '^0x[0-9a-fA-F]{130}$', description: "The swapper's EIP-712 signature (r‖s‖v, low s)." },
  },
};
export const ErrorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
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
  properties: {
    hash: { ...bytes32, description: 'EIP-712 digest of the intent; its id everywhere.' },
    status: { type: 'string', enum: ['pending', 'auctioning', 'awarded', 'unfilled', 'expired', 'settled'] },
    intent: IntentSchema,
    signature: { type: 'string' },
    auctionId: { ...bytes32, nullable: true, description: 'The last auction the intent was in.' },
    attempts: { type: 'integer', description: 'Auctions the intent has been in.' },
    award: { type: 'object', nullable: true, description: "The auctioneer's signed award, once awarded." },
    settlement: {
      type: 'object',
      nullable: true,
      description: 'The on-chain settlement, once seen: `Settled` on the source chain, or `Filled` on the destination chain of a cross-chain intent.',
      properties: { txHash: bytes32, chainId: { type: 'integer' }, blockNumber: { type: 'integer' } },
    },
  },
};
