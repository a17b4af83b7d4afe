// Today's (pre-issue-23) compiled artifacts, copied verbatim from contracts/generated/index.ts at commit 2cd6365
// so the attack tests can show each exploit succeeds against the old contracts. Do not regenerate.

export const legacyIntentSettlementAbi = [
  {
    inputs: [
      {
        internalType: 'address',
        name: 'initialOwner',
        type: 'address',
      },
      {
        internalType: 'address',
        name: 'initialAuctioneer',
        type: 'address',
      },
      {
        internalType: 'address',
        name: 'initialAttester',
        type: 'address',
      },
      {
        internalType: 'uint256',
        name: 'proofWindow_',
        type: 'uint256',
      },
    ],
    stateMutability: 'nonpayable',
    type: 'constructor',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'buyAmount',
        type: 'uint256',
      },
      {
        internalType: 'uint256',
        name: 'minBuyAmount',
        type: 'uint256',
      },
    ],
    name: 'AwardBelowMinimum',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'settleBy',
        type: 'uint256',
      },
    ],
    name: 'AwardExpired',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'bytes32',
        name: 'awardIntentHash',
        type: 'bytes32',
      },
      {
        internalType: 'bytes32',
        name: 'intentHash',
        type: 'bytes32',
      },
    ],
    name: 'AwardIntentMismatch',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'destinationChainId',
        type: 'uint256',
      },
    ],
    name: 'CrossChainIntent',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256',
      },
      {
        internalType: 'uint256',
        name: 'required',
        type: 'uint256',
      },
    ],
    name: 'FillAmountTooLow',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'bytes32',
        name: 'proofOrderId',
        type: 'bytes32',
      },
      {
        internalType: 'bytes32',
        name: 'orderId',
        type: 'bytes32',
      },
    ],
    name: 'FillProofOrderMismatch',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'filledAt',
        type: 'uint256',
      },
      {
        internalType: 'uint256',
        name: 'fillDeadline',
        type: 'uint256',
      },
    ],
    name: 'FillTooLate',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'filler',
        type: 'address',
      },
      {
        internalType: 'address',
        name: 'solver',
        type: 'address',
      },
    ],
    name: 'FillerNotAwardedSolver',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'index',
        type: 'uint256',
      },
      {
        internalType: 'address',
        name: 'target',
        type: 'address',
      },
    ],
    name: 'ForbiddenInteractionTarget',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'delivered',
        type: 'uint256',
      },
      {
        internalType: 'uint256',
        name: 'required',
        type: 'uint256',
      },
    ],
    name: 'InsufficientDelivery',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'deadline',
        type: 'uint256',
      },
    ],
    name: 'IntentExpired',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'index',
        type: 'uint256',
      },
      {
        internalType: 'bytes',
        name: 'reason',
        type: 'bytes',
      },
    ],
    name: 'InteractionFailed',
    type: 'error',
  },
  {
    inputs: [],
    name: 'InvalidAttesterSignature',
    type: 'error',
  },
  {
    inputs: [],
    name: 'InvalidAuctioneerSignature',
    type: 'error',
  },
  {
    inputs: [],
    name: 'InvalidSwapperSignature',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'swapper',
        type: 'address',
      },
      {
        internalType: 'uint256',
        name: 'nonce',
        type: 'uint256',
      },
    ],
    name: 'NonceUsed',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'caller',
        type: 'address',
      },
      {
        internalType: 'address',
        name: 'solver',
        type: 'address',
      },
    ],
    name: 'NotAwardedSolver',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'caller',
        type: 'address',
      },
    ],
    name: 'NotOwner',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'caller',
        type: 'address',
      },
    ],
    name: 'NotPendingOwner',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'caller',
        type: 'address',
      },
    ],
    name: 'OnlySettlement',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'bytes32',
        name: 'orderId',
        type: 'bytes32',
      },
      {
        internalType: 'enum IntentSettlement.OrderStatus',
        name: 'status',
        type: 'uint8',
      },
    ],
    name: 'OrderClosed',
    type: 'error',
  },
  {
    inputs: [],
    name: 'Reentrancy',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'refundableAt',
        type: 'uint256',
      },
    ],
    name: 'RefundTooEarly',
    type: 'error',
  },
  {
    inputs: [],
    name: 'SameChainIntent',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'token',
        type: 'address',
      },
    ],
    name: 'TokenTransferFailed',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'chainId',
        type: 'uint256',
      },
      {
        internalType: 'address',
        name: 'settler',
        type: 'address',
      },
    ],
    name: 'UnknownDestinationSettler',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'bytes32',
        name: 'orderId',
        type: 'bytes32',
      },
    ],
    name: 'UnknownOrder',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'sourceChainId',
        type: 'uint256',
      },
    ],
    name: 'WrongSourceChain',
    type: 'error',
  },
  {
    inputs: [],
    name: 'ZeroAddress',
    type: 'error',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'address',
        name: 'previousAttester',
        type: 'address',
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'newAttester',
        type: 'address',
      },
    ],
    name: 'AttesterRotated',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'address',
        name: 'previousAuctioneer',
        type: 'address',
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'newAuctioneer',
        type: 'address',
      },
    ],
    name: 'AuctioneerRotated',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'uint256',
        name: 'chainId',
        type: 'uint256',
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'settler',
        type: 'address',
      },
    ],
    name: 'DestinationSettlerSet',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'address',
        name: 'swapper',
        type: 'address',
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'nonce',
        type: 'uint256',
      },
    ],
    name: 'NonceCancelled',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'address',
        name: 'swapper',
        type: 'address',
      },
      {
        indexed: true,
        internalType: 'uint256',
        name: 'word',
        type: 'uint256',
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'mask',
        type: 'uint256',
      },
    ],
    name: 'NoncesCancelled',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'bytes32',
        name: 'orderId',
        type: 'bytes32',
      },
      {
        indexed: true,
        internalType: 'bytes32',
        name: 'auctionId',
        type: 'bytes32',
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'solver',
        type: 'address',
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'destinationChainId',
        type: 'uint256',
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'buyAmount',
        type: 'uint256',
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'fillDeadline',
        type: 'uint256',
      },
      {
        indexed: false,
        internalType: 'bytes',
        name: 'originData',
        type: 'bytes',
      },
    ],
    name: 'Opened',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'address',
        name: 'previousOwner',
        type: 'address',
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'newOwner',
        type: 'address',
      },
    ],
    name: 'OwnershipTransferStarted',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'address',
        name: 'previousOwner',
        type: 'address',
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'newOwner',
        type: 'address',
      },
    ],
    name: 'OwnershipTransferred',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'bytes32',
        name: 'orderId',
        type: 'bytes32',
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'swapper',
        type: 'address',
      },
      {
        indexed: false,
        internalType: 'address',
        name: 'sellToken',
        type: 'address',
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256',
      },
    ],
    name: 'Refunded',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'bytes32',
        name: 'orderId',
        type: 'bytes32',
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'solver',
        type: 'address',
      },
      {
        indexed: false,
        internalType: 'address',
        name: 'sellToken',
        type: 'address',
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256',
      },
    ],
    name: 'Repaid',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'bytes32',
        name: 'intentHash',
        type: 'bytes32',
      },
      {
        indexed: true,
        internalType: 'bytes32',
        name: 'auctionId',
        type: 'bytes32',
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'solver',
        type: 'address',
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'buyAmount',
        type: 'uint256',
      },
    ],
    name: 'Settled',
    type: 'event',
  },
  {
    inputs: [],
    name: 'acceptOwnership',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [],
    name: 'attester',
    outputs: [
      {
        internalType: 'address',
        name: '',
        type: 'address',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [],
    name: 'auctioneer',
    outputs: [
      {
        internalType: 'address',
        name: '',
        type: 'address',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'nonce',
        type: 'uint256',
      },
    ],
    name: 'cancelNonce',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'word',
        type: 'uint256',
      },
      {
        internalType: 'uint256',
        name: 'mask',
        type: 'uint256',
      },
    ],
    name: 'cancelNonces',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'chainId',
        type: 'uint256',
      },
    ],
    name: 'destinationSettlers',
    outputs: [
      {
        internalType: 'address',
        name: 'settler',
        type: 'address',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [],
    name: 'domainSeparator',
    outputs: [
      {
        internalType: 'bytes32',
        name: '',
        type: 'bytes32',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [],
    name: 'eip712Domain',
    outputs: [
      {
        internalType: 'bytes1',
        name: 'fields',
        type: 'bytes1',
      },
      {
        internalType: 'string',
        name: 'name',
        type: 'string',
      },
      {
        internalType: 'string',
        name: 'version',
        type: 'string',
      },
      {
        internalType: 'uint256',
        name: 'chainId',
        type: 'uint256',
      },
      {
        internalType: 'address',
        name: 'verifyingContract',
        type: 'address',
      },
      {
        internalType: 'bytes32',
        name: 'salt',
        type: 'bytes32',
      },
      {
        internalType: 'uint256[]',
        name: 'extensions',
        type: 'uint256[]',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [],
    name: 'executor',
    outputs: [
      {
        internalType: 'contract InteractionExecutor',
        name: '',
        type: 'address',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [
      {
        components: [
          {
            internalType: 'bytes32',
            name: 'auctionId',
            type: 'bytes32',
          },
          {
            internalType: 'bytes32',
            name: 'intentHash',
            type: 'bytes32',
          },
          {
            internalType: 'address',
            name: 'solver',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'buyAmount',
            type: 'uint256',
          },
          {
            internalType: 'uint256',
            name: 'settleBy',
            type: 'uint256',
          },
        ],
        internalType: 'struct Award',
        name: 'award',
        type: 'tuple',
      },
    ],
    name: 'hashAward',
    outputs: [
      {
        internalType: 'bytes32',
        name: '',
        type: 'bytes32',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [
      {
        components: [
          {
            internalType: 'bytes32',
            name: 'orderId',
            type: 'bytes32',
          },
          {
            internalType: 'uint256',
            name: 'destinationChainId',
            type: 'uint256',
          },
          {
            internalType: 'address',
            name: 'destinationSettler',
            type: 'address',
          },
          {
            internalType: 'address',
            name: 'filler',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'amount',
            type: 'uint256',
          },
          {
            internalType: 'uint256',
            name: 'filledAt',
            type: 'uint256',
          },
        ],
        internalType: 'struct FillProof',
        name: 'proof',
        type: 'tuple',
      },
    ],
    name: 'hashFillProof',
    outputs: [
      {
        internalType: 'bytes32',
        name: '',
        type: 'bytes32',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [
      {
        components: [
          {
            internalType: 'address',
            name: 'swapper',
            type: 'address',
          },
          {
            internalType: 'address',
            name: 'sellToken',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'sellAmount',
            type: 'uint256',
          },
          {
            internalType: 'address',
            name: 'buyToken',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'minBuyAmount',
            type: 'uint256',
          },
          {
            internalType: 'address',
            name: 'recipient',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'sourceChainId',
            type: 'uint256',
          },
          {
            internalType: 'uint256',
            name: 'destinationChainId',
            type: 'uint256',
          },
          {
            internalType: 'uint256',
            name: 'nonce',
            type: 'uint256',
          },
          {
            internalType: 'uint256',
            name: 'deadline',
            type: 'uint256',
          },
        ],
        internalType: 'struct Intent',
        name: 'intent',
        type: 'tuple',
      },
    ],
    name: 'hashIntent',
    outputs: [
      {
        internalType: 'bytes32',
        name: '',
        type: 'bytes32',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'swapper',
        type: 'address',
      },
      {
        internalType: 'uint256',
        name: 'nonce',
        type: 'uint256',
      },
    ],
    name: 'isNonceUsed',
    outputs: [
      {
        internalType: 'bool',
        name: '',
        type: 'bool',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'swapper',
        type: 'address',
      },
      {
        internalType: 'uint256',
        name: 'word',
        type: 'uint256',
      },
    ],
    name: 'nonceBitmap',
    outputs: [
      {
        internalType: 'uint256',
        name: 'bits',
        type: 'uint256',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [
      {
        components: [
          {
            internalType: 'address',
            name: 'swapper',
            type: 'address',
          },
          {
            internalType: 'address',
            name: 'sellToken',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'sellAmount',
            type: 'uint256',
          },
          {
            internalType: 'address',
            name: 'buyToken',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'minBuyAmount',
            type: 'uint256',
          },
          {
            internalType: 'address',
            name: 'recipient',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'sourceChainId',
            type: 'uint256',
          },
          {
            internalType: 'uint256',
            name: 'destinationChainId',
            type: 'uint256',
          },
          {
            internalType: 'uint256',
            name: 'nonce',
            type: 'uint256',
          },
          {
            internalType: 'uint256',
            name: 'deadline',
            type: 'uint256',
          },
        ],
        internalType: 'struct Intent',
        name: 'intent',
        type: 'tuple',
      },
      {
        internalType: 'bytes',
        name: 'signature',
        type: 'bytes',
      },
      {
        components: [
          {
            internalType: 'bytes32',
            name: 'auctionId',
            type: 'bytes32',
          },
          {
            internalType: 'bytes32',
            name: 'intentHash',
            type: 'bytes32',
          },
          {
            internalType: 'address',
            name: 'solver',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'buyAmount',
            type: 'uint256',
          },
          {
            internalType: 'uint256',
            name: 'settleBy',
            type: 'uint256',
          },
        ],
        internalType: 'struct Award',
        name: 'award',
        type: 'tuple',
      },
      {
        internalType: 'bytes',
        name: 'auctioneerSignature',
        type: 'bytes',
      },
    ],
    name: 'open',
    outputs: [
      {
        internalType: 'bytes32',
        name: 'orderId',
        type: 'bytes32',
      },
    ],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'bytes32',
        name: 'orderId',
        type: 'bytes32',
      },
    ],
    name: 'orders',
    outputs: [
      {
        internalType: 'enum IntentSettlement.OrderStatus',
        name: 'status',
        type: 'uint8',
      },
      {
        internalType: 'address',
        name: 'swapper',
        type: 'address',
      },
      {
        internalType: 'address',
        name: 'solver',
        type: 'address',
      },
      {
        internalType: 'address',
        name: 'sellToken',
        type: 'address',
      },
      {
        internalType: 'uint256',
        name: 'escrowed',
        type: 'uint256',
      },
      {
        internalType: 'uint256',
        name: 'destinationChainId',
        type: 'uint256',
      },
      {
        internalType: 'uint256',
        name: 'buyAmount',
        type: 'uint256',
      },
      {
        internalType: 'uint256',
        name: 'fillDeadline',
        type: 'uint256',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [],
    name: 'owner',
    outputs: [
      {
        internalType: 'address',
        name: '',
        type: 'address',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [],
    name: 'pendingOwner',
    outputs: [
      {
        internalType: 'address',
        name: '',
        type: 'address',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [],
    name: 'proofWindow',
    outputs: [
      {
        internalType: 'uint256',
        name: '',
        type: 'uint256',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'bytes32',
        name: 'orderId',
        type: 'bytes32',
      },
    ],
    name: 'refund',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'bytes32',
        name: 'orderId',
        type: 'bytes32',
      },
      {
        components: [
          {
            internalType: 'bytes32',
            name: 'orderId',
            type: 'bytes32',
          },
          {
            internalType: 'uint256',
            name: 'destinationChainId',
            type: 'uint256',
          },
          {
            internalType: 'address',
            name: 'destinationSettler',
            type: 'address',
          },
          {
            internalType: 'address',
            name: 'filler',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'amount',
            type: 'uint256',
          },
          {
            internalType: 'uint256',
            name: 'filledAt',
            type: 'uint256',
          },
        ],
        internalType: 'struct FillProof',
        name: 'proof',
        type: 'tuple',
      },
      {
        internalType: 'bytes',
        name: 'attesterSignature',
        type: 'bytes',
      },
    ],
    name: 'repay',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'newAttester',
        type: 'address',
      },
    ],
    name: 'setAttester',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'newAuctioneer',
        type: 'address',
      },
    ],
    name: 'setAuctioneer',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'chainId',
        type: 'uint256',
      },
      {
        internalType: 'address',
        name: 'settler',
        type: 'address',
      },
    ],
    name: 'setDestinationSettler',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [
      {
        components: [
          {
            internalType: 'address',
            name: 'swapper',
            type: 'address',
          },
          {
            internalType: 'address',
            name: 'sellToken',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'sellAmount',
            type: 'uint256',
          },
          {
            internalType: 'address',
            name: 'buyToken',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'minBuyAmount',
            type: 'uint256',
          },
          {
            internalType: 'address',
            name: 'recipient',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'sourceChainId',
            type: 'uint256',
          },
          {
            internalType: 'uint256',
            name: 'destinationChainId',
            type: 'uint256',
          },
          {
            internalType: 'uint256',
            name: 'nonce',
            type: 'uint256',
          },
          {
            internalType: 'uint256',
            name: 'deadline',
            type: 'uint256',
          },
        ],
        internalType: 'struct Intent',
        name: 'intent',
        type: 'tuple',
      },
      {
        internalType: 'bytes',
        name: 'signature',
        type: 'bytes',
      },
      {
        components: [
          {
            internalType: 'bytes32',
            name: 'auctionId',
            type: 'bytes32',
          },
          {
            internalType: 'bytes32',
            name: 'intentHash',
            type: 'bytes32',
          },
          {
            internalType: 'address',
            name: 'solver',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'buyAmount',
            type: 'uint256',
          },
          {
            internalType: 'uint256',
            name: 'settleBy',
            type: 'uint256',
          },
        ],
        internalType: 'struct Award',
        name: 'award',
        type: 'tuple',
      },
      {
        internalType: 'bytes',
        name: 'auctioneerSignature',
        type: 'bytes',
      },
      {
        components: [
          {
            internalType: 'address',
            name: 'target',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'value',
            type: 'uint256',
          },
          {
            internalType: 'bytes',
            name: 'callData',
            type: 'bytes',
          },
        ],
        internalType: 'struct Interaction[]',
        name: 'interactions',
        type: 'tuple[]',
      },
    ],
    name: 'settle',
    outputs: [
      {
        internalType: 'bytes32',
        name: 'intentHash',
        type: 'bytes32',
      },
    ],
    stateMutability: 'payable',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'newOwner',
        type: 'address',
      },
    ],
    name: 'transferOwnership',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
] as const;

export const legacyIntentSettlementBytecode =
  '0x610100604052348015610010575f5ffd5b506040516134e33803806134e383398101604081905261002f91610240565b46608052836100db604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527f4de2aa40b2eb44b0f37f6a99d3ed49656f5a5ca63bc7119c8bb5eaadec1a084d918101919091527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b60a0526001600160a01b0381166101055760405163d92e233d60e01b815260040160405180910390fd5b5f80546001600160a01b0319166001600160a01b03831690811782556040519091907f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0908290a35060405161015990610218565b604051809103905ff080158015610172573d5f5f3e3d5ffd5b506001600160a01b0390811660c05260e0829052600280548583166001600160a01b031991821681179092556003805493861693909116929092179091556040515f907f2999fa36ec0de888b8c94204a9b5fcb4234e243b4bd6f2f7ade113a274e8dad0908290a36040516001600160a01b038316905f907fa5b568424c5d1f0a07a9fb8b63bb6146821063c6731d04fe7d5a33e0505be9ec908290a350505050610288565b61054380612fa083390190565b80516001600160a01b038116811461023b575f5ffd5b919050565b5f5f5f5f60808587031215610253575f5ffd5b61025c85610225565b935061026a60208601610225565b925061027860408601610225565b6060959095015193969295505050565b60805160a05160c05160e051612cd06102d05f395f818161044a0152610cde01525f818161049c015281816107ff015261088901525f61169601525f6115c20152612cd05ff3fe608060405260043610610198575f3560e01c80638da5cb5b116100dc578063cab7e8eb11610087578063e30c397811610062578063e30c39781461055d578063e94056311461057c578063f2fde38b1461059b578063f698da25146105ba575f5ffd5b8063cab7e8eb146104be578063cfdd7aea1461051f578063d3bc6e5a1461053e575f5ffd5b8063a479265d116100b7578063a479265d14610439578063aabb9bad1461046c578063c34c08e51461048b575f5ffd5b80638da5cb5b146103795780639c3f1e90146103975780639daf85ab1461041a575f5ffd5b8063552d81b5116101475780637249fbb6116101225780637249fbb6146102eb57806379ba50971461030a57806384b0196e1461031e5780638d7b222714610345575f5ffd5b8063552d81b51461028e5780635ec2c7bf146102ad578063717653a0146102cc575f5ffd5b806342d18f281161017757806342d18f281461020257806347b0c3b3146102215780634fe02b4414610258575f5ffd5b8062ede7e41461019c5780630cfed1f3146101bd5780633ffb1cbd146101ef575b5f5ffd5b3480156101a7575f5ffd5b506101bb6101b6366004612385565b6105ce565b005b3480156101c8575f5ffd5b506101dc6101d73660046123b5565b61068b565b6040519081526020015b60405180910390f35b6101dc6101fd366004612425565b6106a3565b34801561020d575f5ffd5b506101dc61021c36600461251c565b610a37565b34801561022c575f5ffd5b50600354610240906001600160a01b031681565b6040516001600160a01b0390911681526020016101e6565b348015610263575f5ffd5b506101dc6102723660046125b3565b600560209081525f928352604080842090915290825290205481565b348015610299575f5ffd5b506101dc6102a83660046125db565b610b1d565b3480156102b8575f5ffd5b50600254610240906001600160a01b031681565b3480156102d7575f5ffd5b506101bb6102e63660046125f5565b610b2a565b3480156102f6575f5ffd5b506101bb61030536600461261f565b610bdf565b348015610315575f5ffd5b506101bb610ddf565b348015610329575f5ffd5b50610332610e93565b6040516101e69796959493929190612682565b348015610350575f5ffd5b5061024061035f36600461261f565b60046020525f90815260409020546001600160a01b031681565b348015610384575f5ffd5b505f54610240906001600160a01b031681565b3480156103a2575f5ffd5b506104066103b136600461261f565b600660208190525f9182526040909120805460018201546002830154600384015460048501546005860154959096015460ff8516966101009095046001600160a01b0390811696948116959316939192919088565b6040516101e698979695949392919061279a565b348015610425575f5ffd5b506101bb610434366004612385565b610f67565b348015610444575f5ffd5b506101dc7f000000000000000000000000000000000000000000000000000000000000000081565b348015610477575f5ffd5b506101dc6104863660046127f8565b61101f565b348015610496575f5ffd5b506102407f000000000000000000000000000000000000000000000000000000000000000081565b3480156104c9575f5ffd5b5061050f6104d83660046125b3565b6001600160a01b0382165f908152600560209081526040808320600885901c8452909152902054600160ff83161b16151592915050565b60405190151581526020016101e6565b34801561052a575f5ffd5b506101bb61053936600461261f565b61102c565b348015610549575f5ffd5b506101bb610558366004612812565b611089565b348015610568575f5ffd5b50600154610240906001600160a01b031681565b348015610587575f5ffd5b506101bb610596366004612832565b6110e0565b3480156105a6575f5ffd5b506101bb6105b5366004612385565b611512565b3480156105c5575f5ffd5b506101dc6115bf565b5f546001600160a01b03163314610618576040517f245aecd30000000000000000000000000000000000000000000000000000000081523360048201526024015b60405180910390fd5b6002546040516001600160a01b038084169216907f2999fa36ec0de888b8c94204a9b5fcb4234e243b4bd6f2f7ade113a274e8dad0905f90a3600280547fffffffffffffffffffffffff0000000000000000000000000000000000000000166001600160a01b0392909216919091179055565b5f61069d610698836116b8565b611709565b92915050565b5f60ff815c16156106e0576040517fab143c0600000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b60015f805c60ff19168217905d50468960e0013514610731576040517f1f9cbd1a00000000000000000000000000000000000000000000000000000000815260e08a0135600482015260240161060f565b61073f898989898989611752565b90505f61075260808b0160608c01612385565b90505f61076560c08c0160a08d01612385565b6040517f70a082310000000000000000000000000000000000000000000000000000000081526001600160a01b0380831660048301529192505f918416906370a0823190602401602060405180830381865afa1580156107c7573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906107eb919061288a565b90506108476107fd60208e018e612385565b7f00000000000000000000000000000000000000000000000000000000000000008e604001358f60200160208101906108369190612385565b6001600160a01b0316929190611ad1565b8415158061085457503415155b156108f1576040517f3f707e6b0000000000000000000000000000000000000000000000000000000081526001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001690633f707e6b9034906108c2908a908a906004016128e8565b5f604051808303818588803b1580156108d9575f5ffd5b505af11580156108eb573d5f5f3e3d5ffd5b50505050505b6040517f70a082310000000000000000000000000000000000000000000000000000000081526001600160a01b0383811660048301525f91908516906370a0823190602401602060405180830381865afa158015610951573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610975919061288a565b90505f828211610985575f61098f565b61098f8383612a4e565b90508a606001358110156109dc576040517f0710b3e10000000000000000000000000000000000000000000000000000000081526004810182905260608c0135602482015260440161060f565b60405160608c0135815233908c359088907fe7ddf34febf549e1b39462318c39380b469024c645400bfeab0268b9247e655e9060200160405180910390a4505f93505050815c60ff19169050815d5098975050505050505050565b5f60ff815c1615610a74576040517fab143c0600000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b60015f805c60ff19168217905d50468760e0013503610abf576040517fbffa363200000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b610acd878787878787611752565b90505f610afa610ae360408a0160208b01612385565b610af060208b018b612385565b8a60400135611b4e565b9050610b0882898784611c8e565b505f60ff19815c16815d509695505050505050565b5f61069d61069883611eb8565b5f546001600160a01b03163314610b6f576040517f245aecd300000000000000000000000000000000000000000000000000000000815233600482015260240161060f565b5f8281526004602052604080822080547fffffffffffffffffffffffff0000000000000000000000000000000000000000166001600160a01b0385169081179091559051909184917f4d4dca05b597338ad990203c4b5972a826805e445a9392e434437fb6250918fb9190a35050565b60ff5f5c1615610c1b576040517fab143c0600000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b60015f805c60ff19168217905d505f8181526006602052604081208054909160ff90911690816003811115610c5257610c52612734565b03610c8c576040517f8b5566c50000000000000000000000000000000000000000000000000000000081526004810184905260240161060f565b6001816003811115610ca057610ca0612734565b14610cdb5782816040517facc8fb1e00000000000000000000000000000000000000000000000000000000815260040161060f929190612a61565b5f7f00000000000000000000000000000000000000000000000000000000000000008360060154610d0c9190612a75565b9050804211610d4a576040517fc97053b10000000000000000000000000000000000000000000000000000000081526004810182905260240161060f565b825460ff1916600390811780855590840154600285015490916001600160a01b039182169161010090910416610d81828285611eec565b604080516001600160a01b0384811682526020820186905283169189917f2e0668a62a5f556368dca9c7113e20f2852c05155548243804bf714ce72b25a6910160405180910390a3505f94505060ff19845c169250839150505d5050565b6001546001600160a01b03163314610e25576040517fa09b9a4300000000000000000000000000000000000000000000000000000000815233600482015260240161060f565b5f805460405133926001600160a01b03909216917f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e091a35f80547fffffffffffffffffffffffff00000000000000000000000000000000000000009081163317909155600180549091169055565b5f6060808280808346308380604051908082528060200260200182016040528015610ec8578160200160208202803683370190505b50604080518082018252600a81527f496e74656e744d657368000000000000000000000000000000000000000000006020808301919091528251808401909352600183527f3100000000000000000000000000000000000000000000000000000000000000908301527f0f000000000000000000000000000000000000000000000000000000000000009d909c50909a50939850919650945092509050565b5f546001600160a01b03163314610fac576040517f245aecd300000000000000000000000000000000000000000000000000000000815233600482015260240161060f565b6003546040516001600160a01b038084169216907fa5b568424c5d1f0a07a9fb8b63bb6146821063c6731d04fe7d5a33e0505be9ec905f90a3600380547fffffffffffffffffffffffff0000000000000000000000000000000000000000166001600160a01b0392909216919091179055565b5f61069d61069883611f1e565b335f818152600560209081526040808320600886901c84528252918290208054600160ff87161b17905590518381527f26ccf9904b9b2fb069d347553978928fd2fc65efb2638dcbeb8d142e974479f0910160405180910390a250565b335f81815260056020908152604080832086845282529182902080548517905590518381528492917f553fd4f76f0871ec5b324e08d165e91b3928c3154e4ff372734bd80ab59bf491910160405180910390a35050565b60ff5f5c161561111c576040517fab143c0600000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b60015f805c60ff19168217905d505f8481526006602052604081208054909160ff9091169081600381111561115357611153612734565b0361118d576040517f8b5566c50000000000000000000000000000000000000000000000000000000081526004810187905260240161060f565b60018160038111156111a1576111a1612734565b146111dc5785816040517facc8fb1e00000000000000000000000000000000000000000000000000000000815260040161060f929190612a61565b84358614611220576040517f0b912b99000000000000000000000000000000000000000000000000000000008152853560048201526024810187905260440161060f565b6004808301545f8181526020928352604090205490916001600160a01b03909116908701358214158061125a57506001600160a01b038116155b8061128657506001600160a01b03811661127a6060890160408a01612385565b6001600160a01b031614155b156112e45760208701356112a06060890160408a01612385565b6040517f1df8cf9500000000000000000000000000000000000000000000000000000000815260048101929092526001600160a01b0316602482015260440161060f565b60018401546001600160a01b03168061130360808a0160608b01612385565b6001600160a01b031614611367576113216080890160608a01612385565b6040517f2aec7fe90000000000000000000000000000000000000000000000000000000081526001600160a01b039182166004820152908216602482015260440161060f565b8460050154886080013510156113bc5760058501546040517fadd6ee9600000000000000000000000000000000000000000000000000000000815260808a01356004820152602481019190915260440161060f565b84600601548860a0013511156114115760068501546040517f72bcc5da00000000000000000000000000000000000000000000000000000000815260a08a01356004820152602481019190915260440161060f565b6003546001600160a01b03166114306114298a61101f565b8989611f52565b6001600160a01b031614158061144f57506003546001600160a01b0316155b15611486576040517f6c445f8f00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b845460ff1916600290811786556003860154908601546001600160a01b03166114b0818484611eec565b604080516001600160a01b038381168252602082018590528516918d917f41247103af08c26bb7e533cb708250fcc54dad59c6dadaf47f3edc1adac47515910160405180910390a3505f95505060ff19855c16935084925050505d5050505050565b5f546001600160a01b03163314611557576040517f245aecd300000000000000000000000000000000000000000000000000000000815233600482015260240161060f565b600180547fffffffffffffffffffffffff0000000000000000000000000000000000000000166001600160a01b038381169182179092555f8054604051929316917f38d16b8cac22d99fc7c124b9cd0de2d3fa1faef420bfe791d8c362d765e227009190a350565b5f7f000000000000000000000000000000000000000000000000000000000000000046146116935761168e604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527f4de2aa40b2eb44b0f37f6a99d3ed49656f5a5ca63bc7119c8bb5eaadec1a084d918101919091527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b905090565b507f000000000000000000000000000000000000000000000000000000000000000090565b5f7f49940f65b382350850d047b96e7fe32fb1af2ffa5c57cf319ab5b7128cfda072826040516020016116ec929190612b2f565b604051602081830303815290604052805190602001209050919050565b5f5f6117136115bf565b6040517f190100000000000000000000000000000000000000000000000000000000000081526002810191909152602281019390935250506042902090565b5f468760c0013514611796576040517f60c83c0300000000000000000000000000000000000000000000000000000000815260c0880135600482015260240161060f565b8661012001354211156117dc576040517f7d372854000000000000000000000000000000000000000000000000000000008152610120880135600482015260240161060f565b8360800135421115611820576040517fdf918c2c0000000000000000000000000000000000000000000000000000000081526080850135600482015260240161060f565b6118306060850160408601612385565b6001600160a01b0316336001600160a01b03161461189e57336118596060860160408701612385565b6040517fac8a27910000000000000000000000000000000000000000000000000000000081526001600160a01b0392831660048201529116602482015260440161060f565b6118a78761068b565b9050808460200135146118f3576040517fa00d2528000000000000000000000000000000000000000000000000000000008152602085013560048201526024810182905260440161060f565b866080013584606001351015611945576040517f3234eb1d000000000000000000000000000000000000000000000000000000008152606085013560048201526080880135602482015260440161060f565b6002546001600160a01b03168015806119825750806001600160a01b031661197661196f87610b1d565b8686611f52565b6001600160a01b031614155b156119b9576040517f070f548200000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b6119d16119c960208a018a612385565b838989612061565b611a07576040517f711cb97400000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b6101008801355f600581611a1e60208d018d612385565b6001600160a01b0316815260208082019290925260409081015f908120600886901c8252928390522054909150600160ff84161b9080821615611aad57611a6860208d018d612385565b6040517f2af71f100000000000000000000000000000000000000000000000000000000081526001600160a01b0390911660048201526024810185905260440161060f565b60089390931c5f908152602092909252604090912091179055509695505050505050565b6040516001600160a01b0380851660248301528316604482015260648101829052611b489085906323b872dd906084015b6040516020818303038152906040529060e01b6020820180517bffffffffffffffffffffffffffffffffffffffffffffffffffffffff83818316178352505050506121fa565b50505050565b6040517f70a082310000000000000000000000000000000000000000000000000000000081523060048201525f9081906001600160a01b038616906370a0823190602401602060405180830381865afa158015611bad573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190611bd1919061288a565b9050611be86001600160a01b038616853086611ad1565b6040517f70a082310000000000000000000000000000000000000000000000000000000081523060048201525f906001600160a01b038716906370a0823190602401602060405180830381865afa158015611c45573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190611c69919061288a565b9050818111611c78575f611c82565b611c828282612a4e565b925050505b9392505050565b60408051610100810190915260018152602080820190611cb090860186612385565b6001600160a01b03168152602001611cce6060850160408601612385565b6001600160a01b03168152602001846020016020810190611cef9190612385565b6001600160a01b03168152602080820184905260e0860135604080840191909152606086810135908401526101208701356080909301929092525f87815260069091522081518154829060ff19166001836003811115611d5157611d51612734565b0217905550602082015181547fffffffffffffffffffffff0000000000000000000000000000000000000000ff166101006001600160a01b03928316021782556040808401516001840180547fffffffffffffffffffffffff000000000000000000000000000000000000000090811692851692909217905560608086015160028601805490931694169390931790556080840151600384015560a0840151600484015560c0840151600584015560e090930151600690920191909155611e1d91908401908401612385565b6001600160a01b0316825f0135857fe681c00d93ad15324868e87a8b06089f8d285660bdb1857b74c455b4ef5335148660e0013586606001358861012001358930604051602001611e6f929190612b44565b604080517fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe081840301815290829052611eaa94939291612b6a565b60405180910390a450505050565b5f7fcdbdd4baf893758a86ed13c366f3fc1b4829a2de899369bfdeadbd4f7287c06a826040516020016116ec929190612b98565b6040516001600160a01b038316602482015260448101829052611f1990849063a9059cbb90606401611b02565b505050565b5f7fd9a0161ee908277f6478bdddb8d25934f60491ba8f12da3886f39f65e05ee774826040516020016116ec929190612bf0565b5f60418214611f6257505f611c87565b8235602084013560408501355f1a7f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0821180611f9c575081155b80611fa5575082155b15611fb5575f9350505050611c87565b8060ff16601b14158015611fcd57508060ff16601c14155b15611fdd575f9350505050611c87565b604080515f81526020810180835289905260ff831691810191909152606081018490526080810183905260019060a0016020604051602081039080840390855afa15801561202d573d5f5f3e3d5ffd5b50506040517fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0015198975050505050505050565b5f6001600160a01b03851661207757505f6121f2565b846001600160a01b031661208c858585611f52565b6001600160a01b0316036120a2575060016121f2565b846001600160a01b03163b5f036120ba57505f6121f2565b5f5f866001600160a01b03168686866040516024016120db93929190612c62565b604080517fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe08184030181529181526020820180517bffffffffffffffffffffffffffffffffffffffffffffffffffffffff167f1626ba7e000000000000000000000000000000000000000000000000000000001790525161215c9190612c84565b5f60405180830381855afa9150503d805f8114612194576040519150601f19603f3d011682016040523d82523d5f602084013e612199565b606091505b50915091508180156121ad57506020815110155b80156121ed575080517f1626ba7e00000000000000000000000000000000000000000000000000000000906121eb908301602090810190840161288a565b145b925050505b949350505050565b5f5f836001600160a01b0316836040516122149190612c84565b5f604051808303815f865af19150503d805f811461224d576040519150601f19603f3d011682016040523d82523d5f602084013e612252565b606091505b5091509150816122a85780511561226b57805160208201fd5b6040517f2b596cb70000000000000000000000000000000000000000000000000000000081526001600160a01b038516600482015260240161060f565b80515f0361230357836001600160a01b03163b5f036122fe576040517f2b596cb70000000000000000000000000000000000000000000000000000000081526001600160a01b038516600482015260240161060f565b611b48565b80516020141580612328575080806020019051810190612323919061288a565b600114155b15611b48576040517f2b596cb70000000000000000000000000000000000000000000000000000000081526001600160a01b038516600482015260240161060f565b80356001600160a01b0381168114612380575f5ffd5b919050565b5f60208284031215612395575f5ffd5b611c878261236a565b5f61014082840312156123af575f5ffd5b50919050565b5f61014082840312156123c6575f5ffd5b611c87838361239e565b5f5f83601f8401126123e0575f5ffd5b50813567ffffffffffffffff8111156123f7575f5ffd5b60208301915083602082850101111561240e575f5ffd5b9250929050565b5f60a082840312156123af575f5ffd5b5f5f5f5f5f5f5f5f610240898b03121561243d575f5ffd5b6124478a8a61239e565b975061014089013567ffffffffffffffff811115612463575f5ffd5b61246f8b828c016123d0565b909850965061248490508a6101608b01612415565b945061020089013567ffffffffffffffff8111156124a0575f5ffd5b6124ac8b828c016123d0565b90955093505061022089013567ffffffffffffffff8111156124cc575f5ffd5b8901601f81018b136124dc575f5ffd5b803567ffffffffffffffff8111156124f2575f5ffd5b8b60208260051b8401011115612506575f5ffd5b989b979a50959850939692959194602001935050565b5f5f5f5f5f5f6102208789031215612532575f5ffd5b61253c888861239e565b955061014087013567ffffffffffffffff811115612558575f5ffd5b61256489828a016123d0565b90965094506125799050886101608901612415565b925061020087013567ffffffffffffffff811115612595575f5ffd5b6125a189828a016123d0565b979a9699509497509295939492505050565b5f5f604083850312156125c4575f5ffd5b6125cd8361236a565b946020939093013593505050565b5f60a082840312156125eb575f5ffd5b611c878383612415565b5f5f60408385031215612606575f5ffd5b823591506126166020840161236a565b90509250929050565b5f6020828403121561262f575f5ffd5b5035919050565b5f81518084528060208401602086015e5f6020828601015260207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f83011685010191505092915050565b7fff000000000000000000000000000000000000000000000000000000000000008816815260e060208201525f6126bc60e0830189612636565b82810360408401526126ce8189612636565b606084018890526001600160a01b038716608085015260a0840186905283810360c0850152845180825260208087019350909101905f5b81811015612723578351835260209384019390920191600101612705565b50909b9a5050505050505050505050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b60048110612796577f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b9052565b61010081016127a9828b612761565b6001600160a01b0398891660208301529688166040820152949096166060850152608084019290925260a083015260c082015260e00191909152919050565b5f60c082840312156123af575f5ffd5b5f60c08284031215612808575f5ffd5b611c8783836127e8565b5f5f60408385031215612823575f5ffd5b50508035926020909101359150565b5f5f5f5f6101008587031215612846575f5ffd5b8435935061285786602087016127e8565b925060e085013567ffffffffffffffff811115612872575f5ffd5b61287e878288016123d0565b95989497509550505050565b5f6020828403121561289a575f5ffd5b5051919050565b81835281816020850137505f602082840101525f60207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f840116840101905092915050565b602080825281018290525f6040600584901b8301810190830185837fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa136839003015b87821015612a14577fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffc08786030184528235818112612966575f5ffd5b89016001600160a01b036129798261236a565b168652602081810135908701526040810135368290037fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe10181126129bb575f5ffd5b0160208101903567ffffffffffffffff8111156129d6575f5ffd5b8036038213156129e4575f5ffd5b606060408801526129f96060880182846128a1565b9650505060208301925060208401935060018201915061292a565b5092979650505050505050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b8181038181111561069d5761069d612a21565b82815260408101611c876020830184612761565b8082018082111561069d5761069d612a21565b612aa282612a958361236a565b6001600160a01b03169052565b612aae6020820161236a565b6001600160a01b0316602083015260408181013590830152612ad26060820161236a565b6001600160a01b0316606083015260808181013590830152612af660a0820161236a565b6001600160a01b031660a083015260c0818101359083015260e08082013590830152610100808201359083015261012090810135910152565b8281526101608101611c876020830184612a88565b6101608101612b538285612a88565b6001600160a01b0383166101408301529392505050565b848152836020820152826040820152608060608201525f612b8e6080830184612636565b9695505050505050565b828152813560208083019190915282013560408083019190915260c08201906001600160a01b0390612bcb90850161236a565b166060838101919091528301356080808401919091529092013560a090910152919050565b828152813560208083019190915282013560408083019190915260e08201906001600160a01b0390612c2390850161236a565b1660608301526001600160a01b03612c3d6060850161236a565b1660808381019190915283013560a0808401919091529092013560c090910152919050565b838152604060208201525f612c7b6040830184866128a1565b95945050505050565b5f82518060208501845e5f92019182525091905056fea264697066735822122050484b103937f0069ac1c9797349eeb0205015d47b4a61aac69666594e73647764736f6c6343000825003360a0604052348015600e575f5ffd5b503360805260805161050c6100375f395f8181605c0152818160bf0152610161015261050c5ff3fe60806040526004361061002b575f3560e01c80633f707e6b14610036578063511606301461004b575f5ffd5b3661003257005b5f5ffd5b6100496100443660046102f1565b6100a7565b005b348015610056575f5ffd5b5061007e7f000000000000000000000000000000000000000000000000000000000000000081565b60405173ffffffffffffffffffffffffffffffffffffffff909116815260200160405180910390f35b3373ffffffffffffffffffffffffffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000161461011d576040517fdf6848590000000000000000000000000000000000000000000000000000000081523360048201526024015b60405180910390fd5b805f5b818110156102eb573684848381811061013b5761013b610362565b905060200281019061014d919061038f565b90505f61015d60208301836103cb565b90507f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff168173ffffffffffffffffffffffffffffffffffffffff1614806101ce575073ffffffffffffffffffffffffffffffffffffffff811630145b15610224576040517f0d185c540000000000000000000000000000000000000000000000000000000081526004810184905273ffffffffffffffffffffffffffffffffffffffff82166024820152604401610114565b5f8073ffffffffffffffffffffffffffffffffffffffff8316602085013561024f6040870187610405565b60405161025d92919061046d565b5f6040518083038185875af1925050503d805f8114610297576040519150601f19603f3d011682016040523d82523d5f602084013e61029c565b606091505b5091509150816102dc5784816040517f2efbb8a400000000000000000000000000000000000000000000000000000000815260040161011492919061047c565b50505050806001019050610120565b50505050565b5f5f60208385031215610302575f5ffd5b823567ffffffffffffffff811115610318575f5ffd5b8301601f81018513610328575f5ffd5b803567ffffffffffffffff81111561033e575f5ffd5b8560208260051b8401011115610352575f5ffd5b6020919091019590945092505050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52603260045260245ffd5b5f82357fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa18336030181126103c1575f5ffd5b9190910192915050565b5f602082840312156103db575f5ffd5b813573ffffffffffffffffffffffffffffffffffffffff811681146103fe575f5ffd5b9392505050565b5f5f83357fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe1843603018112610438575f5ffd5b83018035915067ffffffffffffffff821115610452575f5ffd5b602001915036819003821315610466575f5ffd5b9250929050565b818382375f9101908152919050565b828152604060208201525f82518060408401528060208501606085015e5f6060828501015260607fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f830116840101915050939250505056fea26469706673582212204ffa052324dfb92017cd6cf78fe4f50f9fee40c5ea77850894b6bdd1e0fe045c64736f6c63430008250033' as const;

export const legacyIntentSettlementDeployedBytecode =
  '0x608060405260043610610198575f3560e01c80638da5cb5b116100dc578063cab7e8eb11610087578063e30c397811610062578063e30c39781461055d578063e94056311461057c578063f2fde38b1461059b578063f698da25146105ba575f5ffd5b8063cab7e8eb146104be578063cfdd7aea1461051f578063d3bc6e5a1461053e575f5ffd5b8063a479265d116100b7578063a479265d14610439578063aabb9bad1461046c578063c34c08e51461048b575f5ffd5b80638da5cb5b146103795780639c3f1e90146103975780639daf85ab1461041a575f5ffd5b8063552d81b5116101475780637249fbb6116101225780637249fbb6146102eb57806379ba50971461030a57806384b0196e1461031e5780638d7b222714610345575f5ffd5b8063552d81b51461028e5780635ec2c7bf146102ad578063717653a0146102cc575f5ffd5b806342d18f281161017757806342d18f281461020257806347b0c3b3146102215780634fe02b4414610258575f5ffd5b8062ede7e41461019c5780630cfed1f3146101bd5780633ffb1cbd146101ef575b5f5ffd5b3480156101a7575f5ffd5b506101bb6101b6366004612385565b6105ce565b005b3480156101c8575f5ffd5b506101dc6101d73660046123b5565b61068b565b6040519081526020015b60405180910390f35b6101dc6101fd366004612425565b6106a3565b34801561020d575f5ffd5b506101dc61021c36600461251c565b610a37565b34801561022c575f5ffd5b50600354610240906001600160a01b031681565b6040516001600160a01b0390911681526020016101e6565b348015610263575f5ffd5b506101dc6102723660046125b3565b600560209081525f928352604080842090915290825290205481565b348015610299575f5ffd5b506101dc6102a83660046125db565b610b1d565b3480156102b8575f5ffd5b50600254610240906001600160a01b031681565b3480156102d7575f5ffd5b506101bb6102e63660046125f5565b610b2a565b3480156102f6575f5ffd5b506101bb61030536600461261f565b610bdf565b348015610315575f5ffd5b506101bb610ddf565b348015610329575f5ffd5b50610332610e93565b6040516101e69796959493929190612682565b348015610350575f5ffd5b5061024061035f36600461261f565b60046020525f90815260409020546001600160a01b031681565b348015610384575f5ffd5b505f54610240906001600160a01b031681565b3480156103a2575f5ffd5b506104066103b136600461261f565b600660208190525f9182526040909120805460018201546002830154600384015460048501546005860154959096015460ff8516966101009095046001600160a01b0390811696948116959316939192919088565b6040516101e698979695949392919061279a565b348015610425575f5ffd5b506101bb610434366004612385565b610f67565b348015610444575f5ffd5b506101dc7f000000000000000000000000000000000000000000000000000000000000000081565b348015610477575f5ffd5b506101dc6104863660046127f8565b61101f565b348015610496575f5ffd5b506102407f000000000000000000000000000000000000000000000000000000000000000081565b3480156104c9575f5ffd5b5061050f6104d83660046125b3565b6001600160a01b0382165f908152600560209081526040808320600885901c8452909152902054600160ff83161b16151592915050565b60405190151581526020016101e6565b34801561052a575f5ffd5b506101bb61053936600461261f565b61102c565b348015610549575f5ffd5b506101bb610558366004612812565b611089565b348015610568575f5ffd5b50600154610240906001600160a01b031681565b348015610587575f5ffd5b506101bb610596366004612832565b6110e0565b3480156105a6575f5ffd5b506101bb6105b5366004612385565b611512565b3480156105c5575f5ffd5b506101dc6115bf565b5f546001600160a01b03163314610618576040517f245aecd30000000000000000000000000000000000000000000000000000000081523360048201526024015b60405180910390fd5b6002546040516001600160a01b038084169216907f2999fa36ec0de888b8c94204a9b5fcb4234e243b4bd6f2f7ade113a274e8dad0905f90a3600280547fffffffffffffffffffffffff0000000000000000000000000000000000000000166001600160a01b0392909216919091179055565b5f61069d610698836116b8565b611709565b92915050565b5f60ff815c16156106e0576040517fab143c0600000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b60015f805c60ff19168217905d50468960e0013514610731576040517f1f9cbd1a00000000000000000000000000000000000000000000000000000000815260e08a0135600482015260240161060f565b61073f898989898989611752565b90505f61075260808b0160608c01612385565b90505f61076560c08c0160a08d01612385565b6040517f70a082310000000000000000000000000000000000000000000000000000000081526001600160a01b0380831660048301529192505f918416906370a0823190602401602060405180830381865afa1580156107c7573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906107eb919061288a565b90506108476107fd60208e018e612385565b7f00000000000000000000000000000000000000000000000000000000000000008e604001358f60200160208101906108369190612385565b6001600160a01b0316929190611ad1565b8415158061085457503415155b156108f1576040517f3f707e6b0000000000000000000000000000000000000000000000000000000081526001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001690633f707e6b9034906108c2908a908a906004016128e8565b5f604051808303818588803b1580156108d9575f5ffd5b505af11580156108eb573d5f5f3e3d5ffd5b50505050505b6040517f70a082310000000000000000000000000000000000000000000000000000000081526001600160a01b0383811660048301525f91908516906370a0823190602401602060405180830381865afa158015610951573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610975919061288a565b90505f828211610985575f61098f565b61098f8383612a4e565b90508a606001358110156109dc576040517f0710b3e10000000000000000000000000000000000000000000000000000000081526004810182905260608c0135602482015260440161060f565b60405160608c0135815233908c359088907fe7ddf34febf549e1b39462318c39380b469024c645400bfeab0268b9247e655e9060200160405180910390a4505f93505050815c60ff19169050815d5098975050505050505050565b5f60ff815c1615610a74576040517fab143c0600000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b60015f805c60ff19168217905d50468760e0013503610abf576040517fbffa363200000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b610acd878787878787611752565b90505f610afa610ae360408a0160208b01612385565b610af060208b018b612385565b8a60400135611b4e565b9050610b0882898784611c8e565b505f60ff19815c16815d509695505050505050565b5f61069d61069883611eb8565b5f546001600160a01b03163314610b6f576040517f245aecd300000000000000000000000000000000000000000000000000000000815233600482015260240161060f565b5f8281526004602052604080822080547fffffffffffffffffffffffff0000000000000000000000000000000000000000166001600160a01b0385169081179091559051909184917f4d4dca05b597338ad990203c4b5972a826805e445a9392e434437fb6250918fb9190a35050565b60ff5f5c1615610c1b576040517fab143c0600000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b60015f805c60ff19168217905d505f8181526006602052604081208054909160ff90911690816003811115610c5257610c52612734565b03610c8c576040517f8b5566c50000000000000000000000000000000000000000000000000000000081526004810184905260240161060f565b6001816003811115610ca057610ca0612734565b14610cdb5782816040517facc8fb1e00000000000000000000000000000000000000000000000000000000815260040161060f929190612a61565b5f7f00000000000000000000000000000000000000000000000000000000000000008360060154610d0c9190612a75565b9050804211610d4a576040517fc97053b10000000000000000000000000000000000000000000000000000000081526004810182905260240161060f565b825460ff1916600390811780855590840154600285015490916001600160a01b039182169161010090910416610d81828285611eec565b604080516001600160a01b0384811682526020820186905283169189917f2e0668a62a5f556368dca9c7113e20f2852c05155548243804bf714ce72b25a6910160405180910390a3505f94505060ff19845c169250839150505d5050565b6001546001600160a01b03163314610e25576040517fa09b9a4300000000000000000000000000000000000000000000000000000000815233600482015260240161060f565b5f805460405133926001600160a01b03909216917f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e091a35f80547fffffffffffffffffffffffff00000000000000000000000000000000000000009081163317909155600180549091169055565b5f6060808280808346308380604051908082528060200260200182016040528015610ec8578160200160208202803683370190505b50604080518082018252600a81527f496e74656e744d657368000000000000000000000000000000000000000000006020808301919091528251808401909352600183527f3100000000000000000000000000000000000000000000000000000000000000908301527f0f000000000000000000000000000000000000000000000000000000000000009d909c50909a50939850919650945092509050565b5f546001600160a01b03163314610fac576040517f245aecd300000000000000000000000000000000000000000000000000000000815233600482015260240161060f565b6003546040516001600160a01b038084169216907fa5b568424c5d1f0a07a9fb8b63bb6146821063c6731d04fe7d5a33e0505be9ec905f90a3600380547fffffffffffffffffffffffff0000000000000000000000000000000000000000166001600160a01b0392909216919091179055565b5f61069d61069883611f1e565b335f818152600560209081526040808320600886901c84528252918290208054600160ff87161b17905590518381527f26ccf9904b9b2fb069d347553978928fd2fc65efb2638dcbeb8d142e974479f0910160405180910390a250565b335f81815260056020908152604080832086845282529182902080548517905590518381528492917f553fd4f76f0871ec5b324e08d165e91b3928c3154e4ff372734bd80ab59bf491910160405180910390a35050565b60ff5f5c161561111c576040517fab143c0600000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b60015f805c60ff19168217905d505f8481526006602052604081208054909160ff9091169081600381111561115357611153612734565b0361118d576040517f8b5566c50000000000000000000000000000000000000000000000000000000081526004810187905260240161060f565b60018160038111156111a1576111a1612734565b146111dc5785816040517facc8fb1e00000000000000000000000000000000000000000000000000000000815260040161060f929190612a61565b84358614611220576040517f0b912b99000000000000000000000000000000000000000000000000000000008152853560048201526024810187905260440161060f565b6004808301545f8181526020928352604090205490916001600160a01b03909116908701358214158061125a57506001600160a01b038116155b8061128657506001600160a01b03811661127a6060890160408a01612385565b6001600160a01b031614155b156112e45760208701356112a06060890160408a01612385565b6040517f1df8cf9500000000000000000000000000000000000000000000000000000000815260048101929092526001600160a01b0316602482015260440161060f565b60018401546001600160a01b03168061130360808a0160608b01612385565b6001600160a01b031614611367576113216080890160608a01612385565b6040517f2aec7fe90000000000000000000000000000000000000000000000000000000081526001600160a01b039182166004820152908216602482015260440161060f565b8460050154886080013510156113bc5760058501546040517fadd6ee9600000000000000000000000000000000000000000000000000000000815260808a01356004820152602481019190915260440161060f565b84600601548860a0013511156114115760068501546040517f72bcc5da00000000000000000000000000000000000000000000000000000000815260a08a01356004820152602481019190915260440161060f565b6003546001600160a01b03166114306114298a61101f565b8989611f52565b6001600160a01b031614158061144f57506003546001600160a01b0316155b15611486576040517f6c445f8f00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b845460ff1916600290811786556003860154908601546001600160a01b03166114b0818484611eec565b604080516001600160a01b038381168252602082018590528516918d917f41247103af08c26bb7e533cb708250fcc54dad59c6dadaf47f3edc1adac47515910160405180910390a3505f95505060ff19855c16935084925050505d5050505050565b5f546001600160a01b03163314611557576040517f245aecd300000000000000000000000000000000000000000000000000000000815233600482015260240161060f565b600180547fffffffffffffffffffffffff0000000000000000000000000000000000000000166001600160a01b038381169182179092555f8054604051929316917f38d16b8cac22d99fc7c124b9cd0de2d3fa1faef420bfe791d8c362d765e227009190a350565b5f7f000000000000000000000000000000000000000000000000000000000000000046146116935761168e604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527f4de2aa40b2eb44b0f37f6a99d3ed49656f5a5ca63bc7119c8bb5eaadec1a084d918101919091527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b905090565b507f000000000000000000000000000000000000000000000000000000000000000090565b5f7f49940f65b382350850d047b96e7fe32fb1af2ffa5c57cf319ab5b7128cfda072826040516020016116ec929190612b2f565b604051602081830303815290604052805190602001209050919050565b5f5f6117136115bf565b6040517f190100000000000000000000000000000000000000000000000000000000000081526002810191909152602281019390935250506042902090565b5f468760c0013514611796576040517f60c83c0300000000000000000000000000000000000000000000000000000000815260c0880135600482015260240161060f565b8661012001354211156117dc576040517f7d372854000000000000000000000000000000000000000000000000000000008152610120880135600482015260240161060f565b8360800135421115611820576040517fdf918c2c0000000000000000000000000000000000000000000000000000000081526080850135600482015260240161060f565b6118306060850160408601612385565b6001600160a01b0316336001600160a01b03161461189e57336118596060860160408701612385565b6040517fac8a27910000000000000000000000000000000000000000000000000000000081526001600160a01b0392831660048201529116602482015260440161060f565b6118a78761068b565b9050808460200135146118f3576040517fa00d2528000000000000000000000000000000000000000000000000000000008152602085013560048201526024810182905260440161060f565b866080013584606001351015611945576040517f3234eb1d000000000000000000000000000000000000000000000000000000008152606085013560048201526080880135602482015260440161060f565b6002546001600160a01b03168015806119825750806001600160a01b031661197661196f87610b1d565b8686611f52565b6001600160a01b031614155b156119b9576040517f070f548200000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b6119d16119c960208a018a612385565b838989612061565b611a07576040517f711cb97400000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b6101008801355f600581611a1e60208d018d612385565b6001600160a01b0316815260208082019290925260409081015f908120600886901c8252928390522054909150600160ff84161b9080821615611aad57611a6860208d018d612385565b6040517f2af71f100000000000000000000000000000000000000000000000000000000081526001600160a01b0390911660048201526024810185905260440161060f565b60089390931c5f908152602092909252604090912091179055509695505050505050565b6040516001600160a01b0380851660248301528316604482015260648101829052611b489085906323b872dd906084015b6040516020818303038152906040529060e01b6020820180517bffffffffffffffffffffffffffffffffffffffffffffffffffffffff83818316178352505050506121fa565b50505050565b6040517f70a082310000000000000000000000000000000000000000000000000000000081523060048201525f9081906001600160a01b038616906370a0823190602401602060405180830381865afa158015611bad573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190611bd1919061288a565b9050611be86001600160a01b038616853086611ad1565b6040517f70a082310000000000000000000000000000000000000000000000000000000081523060048201525f906001600160a01b038716906370a0823190602401602060405180830381865afa158015611c45573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190611c69919061288a565b9050818111611c78575f611c82565b611c828282612a4e565b925050505b9392505050565b60408051610100810190915260018152602080820190611cb090860186612385565b6001600160a01b03168152602001611cce6060850160408601612385565b6001600160a01b03168152602001846020016020810190611cef9190612385565b6001600160a01b03168152602080820184905260e0860135604080840191909152606086810135908401526101208701356080909301929092525f87815260069091522081518154829060ff19166001836003811115611d5157611d51612734565b0217905550602082015181547fffffffffffffffffffffff0000000000000000000000000000000000000000ff166101006001600160a01b03928316021782556040808401516001840180547fffffffffffffffffffffffff000000000000000000000000000000000000000090811692851692909217905560608086015160028601805490931694169390931790556080840151600384015560a0840151600484015560c0840151600584015560e090930151600690920191909155611e1d91908401908401612385565b6001600160a01b0316825f0135857fe681c00d93ad15324868e87a8b06089f8d285660bdb1857b74c455b4ef5335148660e0013586606001358861012001358930604051602001611e6f929190612b44565b604080517fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe081840301815290829052611eaa94939291612b6a565b60405180910390a450505050565b5f7fcdbdd4baf893758a86ed13c366f3fc1b4829a2de899369bfdeadbd4f7287c06a826040516020016116ec929190612b98565b6040516001600160a01b038316602482015260448101829052611f1990849063a9059cbb90606401611b02565b505050565b5f7fd9a0161ee908277f6478bdddb8d25934f60491ba8f12da3886f39f65e05ee774826040516020016116ec929190612bf0565b5f60418214611f6257505f611c87565b8235602084013560408501355f1a7f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0821180611f9c575081155b80611fa5575082155b15611fb5575f9350505050611c87565b8060ff16601b14158015611fcd57508060ff16601c14155b15611fdd575f9350505050611c87565b604080515f81526020810180835289905260ff831691810191909152606081018490526080810183905260019060a0016020604051602081039080840390855afa15801561202d573d5f5f3e3d5ffd5b50506040517fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0015198975050505050505050565b5f6001600160a01b03851661207757505f6121f2565b846001600160a01b031661208c858585611f52565b6001600160a01b0316036120a2575060016121f2565b846001600160a01b03163b5f036120ba57505f6121f2565b5f5f866001600160a01b03168686866040516024016120db93929190612c62565b604080517fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe08184030181529181526020820180517bffffffffffffffffffffffffffffffffffffffffffffffffffffffff167f1626ba7e000000000000000000000000000000000000000000000000000000001790525161215c9190612c84565b5f60405180830381855afa9150503d805f8114612194576040519150601f19603f3d011682016040523d82523d5f602084013e612199565b606091505b50915091508180156121ad57506020815110155b80156121ed575080517f1626ba7e00000000000000000000000000000000000000000000000000000000906121eb908301602090810190840161288a565b145b925050505b949350505050565b5f5f836001600160a01b0316836040516122149190612c84565b5f604051808303815f865af19150503d805f811461224d576040519150601f19603f3d011682016040523d82523d5f602084013e612252565b606091505b5091509150816122a85780511561226b57805160208201fd5b6040517f2b596cb70000000000000000000000000000000000000000000000000000000081526001600160a01b038516600482015260240161060f565b80515f0361230357836001600160a01b03163b5f036122fe576040517f2b596cb70000000000000000000000000000000000000000000000000000000081526001600160a01b038516600482015260240161060f565b611b48565b80516020141580612328575080806020019051810190612323919061288a565b600114155b15611b48576040517f2b596cb70000000000000000000000000000000000000000000000000000000081526001600160a01b038516600482015260240161060f565b80356001600160a01b0381168114612380575f5ffd5b919050565b5f60208284031215612395575f5ffd5b611c878261236a565b5f61014082840312156123af575f5ffd5b50919050565b5f61014082840312156123c6575f5ffd5b611c87838361239e565b5f5f83601f8401126123e0575f5ffd5b50813567ffffffffffffffff8111156123f7575f5ffd5b60208301915083602082850101111561240e575f5ffd5b9250929050565b5f60a082840312156123af575f5ffd5b5f5f5f5f5f5f5f5f610240898b03121561243d575f5ffd5b6124478a8a61239e565b975061014089013567ffffffffffffffff811115612463575f5ffd5b61246f8b828c016123d0565b909850965061248490508a6101608b01612415565b945061020089013567ffffffffffffffff8111156124a0575f5ffd5b6124ac8b828c016123d0565b90955093505061022089013567ffffffffffffffff8111156124cc575f5ffd5b8901601f81018b136124dc575f5ffd5b803567ffffffffffffffff8111156124f2575f5ffd5b8b60208260051b8401011115612506575f5ffd5b989b979a50959850939692959194602001935050565b5f5f5f5f5f5f6102208789031215612532575f5ffd5b61253c888861239e565b955061014087013567ffffffffffffffff811115612558575f5ffd5b61256489828a016123d0565b90965094506125799050886101608901612415565b925061020087013567ffffffffffffffff811115612595575f5ffd5b6125a189828a016123d0565b979a9699509497509295939492505050565b5f5f604083850312156125c4575f5ffd5b6125cd8361236a565b946020939093013593505050565b5f60a082840312156125eb575f5ffd5b611c878383612415565b5f5f60408385031215612606575f5ffd5b823591506126166020840161236a565b90509250929050565b5f6020828403121561262f575f5ffd5b5035919050565b5f81518084528060208401602086015e5f6020828601015260207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f83011685010191505092915050565b7fff000000000000000000000000000000000000000000000000000000000000008816815260e060208201525f6126bc60e0830189612636565b82810360408401526126ce8189612636565b606084018890526001600160a01b038716608085015260a0840186905283810360c0850152845180825260208087019350909101905f5b81811015612723578351835260209384019390920191600101612705565b50909b9a5050505050505050505050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b60048110612796577f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b9052565b61010081016127a9828b612761565b6001600160a01b0398891660208301529688166040820152949096166060850152608084019290925260a083015260c082015260e00191909152919050565b5f60c082840312156123af575f5ffd5b5f60c08284031215612808575f5ffd5b611c8783836127e8565b5f5f60408385031215612823575f5ffd5b50508035926020909101359150565b5f5f5f5f6101008587031215612846575f5ffd5b8435935061285786602087016127e8565b925060e085013567ffffffffffffffff811115612872575f5ffd5b61287e878288016123d0565b95989497509550505050565b5f6020828403121561289a575f5ffd5b5051919050565b81835281816020850137505f602082840101525f60207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f840116840101905092915050565b602080825281018290525f6040600584901b8301810190830185837fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa136839003015b87821015612a14577fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffc08786030184528235818112612966575f5ffd5b89016001600160a01b036129798261236a565b168652602081810135908701526040810135368290037fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe10181126129bb575f5ffd5b0160208101903567ffffffffffffffff8111156129d6575f5ffd5b8036038213156129e4575f5ffd5b606060408801526129f96060880182846128a1565b9650505060208301925060208401935060018201915061292a565b5092979650505050505050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b8181038181111561069d5761069d612a21565b82815260408101611c876020830184612761565b8082018082111561069d5761069d612a21565b612aa282612a958361236a565b6001600160a01b03169052565b612aae6020820161236a565b6001600160a01b0316602083015260408181013590830152612ad26060820161236a565b6001600160a01b0316606083015260808181013590830152612af660a0820161236a565b6001600160a01b031660a083015260c0818101359083015260e08082013590830152610100808201359083015261012090810135910152565b8281526101608101611c876020830184612a88565b6101608101612b538285612a88565b6001600160a01b0383166101408301529392505050565b848152836020820152826040820152608060608201525f612b8e6080830184612636565b9695505050505050565b828152813560208083019190915282013560408083019190915260c08201906001600160a01b0390612bcb90850161236a565b166060838101919091528301356080808401919091529092013560a090910152919050565b828152813560208083019190915282013560408083019190915260e08201906001600160a01b0390612c2390850161236a565b1660608301526001600160a01b03612c3d6060850161236a565b1660808381019190915283013560a0808401919091529092013560c090910152919050565b838152604060208201525f612c7b6040830184866128a1565b95945050505050565b5f82518060208501845e5f92019182525091905056fea264697066735822122050484b103937f0069ac1c9797349eeb0205015d47b4a61aac69666594e73647764736f6c63430008250033' as const;

export const legacyInteractionExecutorAbi = [
  {
    inputs: [],
    stateMutability: 'nonpayable',
    type: 'constructor',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'index',
        type: 'uint256',
      },
      {
        internalType: 'address',
        name: 'target',
        type: 'address',
      },
    ],
    name: 'ForbiddenInteractionTarget',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'index',
        type: 'uint256',
      },
      {
        internalType: 'bytes',
        name: 'reason',
        type: 'bytes',
      },
    ],
    name: 'InteractionFailed',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'caller',
        type: 'address',
      },
    ],
    name: 'OnlySettlement',
    type: 'error',
  },
  {
    inputs: [
      {
        components: [
          {
            internalType: 'address',
            name: 'target',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'value',
            type: 'uint256',
          },
          {
            internalType: 'bytes',
            name: 'callData',
            type: 'bytes',
          },
        ],
        internalType: 'struct Interaction[]',
        name: 'interactions',
        type: 'tuple[]',
      },
    ],
    name: 'execute',
    outputs: [],
    stateMutability: 'payable',
    type: 'function',
  },
  {
    inputs: [],
    name: 'settlement',
    outputs: [
      {
        internalType: 'address',
        name: '',
        type: 'address',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    stateMutability: 'payable',
    type: 'receive',
  },
] as const;

export const legacyInteractionExecutorBytecode =
  '0x60a0604052348015600e575f5ffd5b503360805260805161050c6100375f395f8181605c0152818160bf0152610161015261050c5ff3fe60806040526004361061002b575f3560e01c80633f707e6b14610036578063511606301461004b575f5ffd5b3661003257005b5f5ffd5b6100496100443660046102f1565b6100a7565b005b348015610056575f5ffd5b5061007e7f000000000000000000000000000000000000000000000000000000000000000081565b60405173ffffffffffffffffffffffffffffffffffffffff909116815260200160405180910390f35b3373ffffffffffffffffffffffffffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000161461011d576040517fdf6848590000000000000000000000000000000000000000000000000000000081523360048201526024015b60405180910390fd5b805f5b818110156102eb573684848381811061013b5761013b610362565b905060200281019061014d919061038f565b90505f61015d60208301836103cb565b90507f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff168173ffffffffffffffffffffffffffffffffffffffff1614806101ce575073ffffffffffffffffffffffffffffffffffffffff811630145b15610224576040517f0d185c540000000000000000000000000000000000000000000000000000000081526004810184905273ffffffffffffffffffffffffffffffffffffffff82166024820152604401610114565b5f8073ffffffffffffffffffffffffffffffffffffffff8316602085013561024f6040870187610405565b60405161025d92919061046d565b5f6040518083038185875af1925050503d805f8114610297576040519150601f19603f3d011682016040523d82523d5f602084013e61029c565b606091505b5091509150816102dc5784816040517f2efbb8a400000000000000000000000000000000000000000000000000000000815260040161011492919061047c565b50505050806001019050610120565b50505050565b5f5f60208385031215610302575f5ffd5b823567ffffffffffffffff811115610318575f5ffd5b8301601f81018513610328575f5ffd5b803567ffffffffffffffff81111561033e575f5ffd5b8560208260051b8401011115610352575f5ffd5b6020919091019590945092505050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52603260045260245ffd5b5f82357fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa18336030181126103c1575f5ffd5b9190910192915050565b5f602082840312156103db575f5ffd5b813573ffffffffffffffffffffffffffffffffffffffff811681146103fe575f5ffd5b9392505050565b5f5f83357fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe1843603018112610438575f5ffd5b83018035915067ffffffffffffffff821115610452575f5ffd5b602001915036819003821315610466575f5ffd5b9250929050565b818382375f9101908152919050565b828152604060208201525f82518060408401528060208501606085015e5f6060828501015260607fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f830116840101915050939250505056fea26469706673582212204ffa052324dfb92017cd6cf78fe4f50f9fee40c5ea77850894b6bdd1e0fe045c64736f6c63430008250033' as const;

export const legacyInteractionExecutorDeployedBytecode =
  '0x60806040526004361061002b575f3560e01c80633f707e6b14610036578063511606301461004b575f5ffd5b3661003257005b5f5ffd5b6100496100443660046102f1565b6100a7565b005b348015610056575f5ffd5b5061007e7f000000000000000000000000000000000000000000000000000000000000000081565b60405173ffffffffffffffffffffffffffffffffffffffff909116815260200160405180910390f35b3373ffffffffffffffffffffffffffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000161461011d576040517fdf6848590000000000000000000000000000000000000000000000000000000081523360048201526024015b60405180910390fd5b805f5b818110156102eb573684848381811061013b5761013b610362565b905060200281019061014d919061038f565b90505f61015d60208301836103cb565b90507f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff168173ffffffffffffffffffffffffffffffffffffffff1614806101ce575073ffffffffffffffffffffffffffffffffffffffff811630145b15610224576040517f0d185c540000000000000000000000000000000000000000000000000000000081526004810184905273ffffffffffffffffffffffffffffffffffffffff82166024820152604401610114565b5f8073ffffffffffffffffffffffffffffffffffffffff8316602085013561024f6040870187610405565b60405161025d92919061046d565b5f6040518083038185875af1925050503d805f8114610297576040519150601f19603f3d011682016040523d82523d5f602084013e61029c565b606091505b5091509150816102dc5784816040517f2efbb8a400000000000000000000000000000000000000000000000000000000815260040161011492919061047c565b50505050806001019050610120565b50505050565b5f5f60208385031215610302575f5ffd5b823567ffffffffffffffff811115610318575f5ffd5b8301601f81018513610328575f5ffd5b803567ffffffffffffffff81111561033e575f5ffd5b8560208260051b8401011115610352575f5ffd5b6020919091019590945092505050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52603260045260245ffd5b5f82357fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa18336030181126103c1575f5ffd5b9190910192915050565b5f602082840312156103db575f5ffd5b813573ffffffffffffffffffffffffffffffffffffffff811681146103fe575f5ffd5b9392505050565b5f5f83357fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe1843603018112610438575f5ffd5b83018035915067ffffffffffffffff821115610452575f5ffd5b602001915036819003821315610466575f5ffd5b9250929050565b818382375f9101908152919050565b828152604060208201525f82518060408401528060208501606085015e5f6060828501015260607fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f830116840101915050939250505056fea26469706673582212204ffa052324dfb92017cd6cf78fe4f50f9fee40c5ea77850894b6bdd1e0fe045c64736f6c63430008250033' as const;

export const legacyDestinationSettlerAbi = [
  {
    inputs: [
      {
        internalType: 'bytes32',
        name: 'orderId',
        type: 'bytes32',
      },
      {
        internalType: 'address',
        name: 'filler',
        type: 'address',
      },
    ],
    name: 'AlreadyFilled',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256',
      },
      {
        internalType: 'uint256',
        name: 'minBuyAmount',
        type: 'uint256',
      },
    ],
    name: 'FillBelowMinimum',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'deadline',
        type: 'uint256',
      },
    ],
    name: 'FillDeadlinePassed',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'delivered',
        type: 'uint256',
      },
      {
        internalType: 'uint256',
        name: 'required',
        type: 'uint256',
      },
    ],
    name: 'InsufficientDelivery',
    type: 'error',
  },
  {
    inputs: [],
    name: 'InvalidFillerData',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'bytes32',
        name: 'orderId',
        type: 'bytes32',
      },
      {
        internalType: 'bytes32',
        name: 'computed',
        type: 'bytes32',
      },
    ],
    name: 'OrderIdMismatch',
    type: 'error',
  },
  {
    inputs: [],
    name: 'Reentrancy',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'token',
        type: 'address',
      },
    ],
    name: 'TokenTransferFailed',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'destinationChainId',
        type: 'uint256',
      },
    ],
    name: 'WrongDestinationChain',
    type: 'error',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'bytes32',
        name: 'orderId',
        type: 'bytes32',
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'filler',
        type: 'address',
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'recipient',
        type: 'address',
      },
      {
        indexed: false,
        internalType: 'address',
        name: 'buyToken',
        type: 'address',
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256',
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'filledAt',
        type: 'uint256',
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'originChainId',
        type: 'uint256',
      },
      {
        indexed: false,
        internalType: 'address',
        name: 'originSettler',
        type: 'address',
      },
    ],
    name: 'Filled',
    type: 'event',
  },
  {
    inputs: [
      {
        internalType: 'bytes32',
        name: 'orderId',
        type: 'bytes32',
      },
      {
        internalType: 'bytes',
        name: 'originData',
        type: 'bytes',
      },
      {
        internalType: 'bytes',
        name: 'fillerData',
        type: 'bytes',
      },
    ],
    name: 'fill',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'bytes32',
        name: 'orderId',
        type: 'bytes32',
      },
    ],
    name: 'fills',
    outputs: [
      {
        internalType: 'address',
        name: 'filler',
        type: 'address',
      },
      {
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256',
      },
      {
        internalType: 'uint256',
        name: 'filledAt',
        type: 'uint256',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [
      {
        components: [
          {
            internalType: 'address',
            name: 'swapper',
            type: 'address',
          },
          {
            internalType: 'address',
            name: 'sellToken',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'sellAmount',
            type: 'uint256',
          },
          {
            internalType: 'address',
            name: 'buyToken',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'minBuyAmount',
            type: 'uint256',
          },
          {
            internalType: 'address',
            name: 'recipient',
            type: 'address',
          },
          {
            internalType: 'uint256',
            name: 'sourceChainId',
            type: 'uint256',
          },
          {
            internalType: 'uint256',
            name: 'destinationChainId',
            type: 'uint256',
          },
          {
            internalType: 'uint256',
            name: 'nonce',
            type: 'uint256',
          },
          {
            internalType: 'uint256',
            name: 'deadline',
            type: 'uint256',
          },
        ],
        internalType: 'struct Intent',
        name: 'intent',
        type: 'tuple',
      },
      {
        internalType: 'address',
        name: 'originSettler',
        type: 'address',
      },
    ],
    name: 'orderIdOf',
    outputs: [
      {
        internalType: 'bytes32',
        name: '',
        type: 'bytes32',
      },
    ],
    stateMutability: 'pure',
    type: 'function',
  },
] as const;

export const legacyDestinationSettlerBytecode =
  '0x6080604052348015600e575f5ffd5b50610fe48061001c5f395ff3fe608060405234801561000f575f5ffd5b506004361061003f575f3560e01c806320158c441461004357806382e2c43f146100bf578063869e258a146100d4575b5f5ffd5b610088610051366004610b16565b5f6020819052908152604090208054600182015460029092015473ffffffffffffffffffffffffffffffffffffffff909116919083565b6040805173ffffffffffffffffffffffffffffffffffffffff90941684526020840192909252908201526060015b60405180910390f35b6100d26100cd366004610b72565b6100f5565b005b6100e76100e2366004610c1f565b6105c7565b6040519081526020016100b6565b60ff5f5c1615610131576040517fab143c0600000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b60015f805c7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00168217905d505f8061016b85870187610cad565b9092509050602083146101aa576040517f7f2b60ac00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b5f6101b784860186610b16565b90505f6102c76102848560c0015185604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527f4de2aa40b2eb44b0f37f6a99d3ed49656f5a5ca63bc7119c8bb5eaadec1a084d918101919091527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201526080810183905273ffffffffffffffffffffffffffffffffffffffff821660a08201525f9060c00160405160208183030381529060405280519060200120905092915050565b61028d86610697565b6040517f19010000000000000000000000000000000000000000000000000000000000008152600281019290925260228201526042902090565b9050888114610311576040517f0517adf9000000000000000000000000000000000000000000000000000000008152600481018a9052602481018290526044015b60405180910390fd5b468460e0015114610356578360e001516040517f3dc8f0b700000000000000000000000000000000000000000000000000000000815260040161030891815260200190565b83610120015142111561039e578361012001516040517f30377d4300000000000000000000000000000000000000000000000000000000815260040161030891815260200190565b5f8981526020819052604090205473ffffffffffffffffffffffffffffffffffffffff168015610419576040517ff752dde2000000000000000000000000000000000000000000000000000000008152600481018b905273ffffffffffffffffffffffffffffffffffffffff82166024820152604401610308565b84608001518310156104675760808501516040517f27b15f0a000000000000000000000000000000000000000000000000000000008152610308918591600401918252602082015260400190565b60405180606001604052803373ffffffffffffffffffffffffffffffffffffffff168152602001848152602001428152505f5f8c81526020019081526020015f205f820151815f015f6101000a81548173ffffffffffffffffffffffffffffffffffffffff021916908373ffffffffffffffffffffffffffffffffffffffff160217905550602082015181600101556040820151816002015590505061051685606001518660a00151856106e8565b60a08581015160608088015160c08901516040805173ffffffffffffffffffffffffffffffffffffffff9384168152602081018a905242818301529384019190915288821660808401525192169233928e927f5bd7e4fcd5c3994b4073cd26591728aeb4e1dcd46a4baa74bce0e50075a63a9792908290030190a4505f93505050815c7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00169050815d505050505050565b604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f6020808301919091527f4de2aa40b2eb44b0f37f6a99d3ed49656f5a5ca63bc7119c8bb5eaadec1a084d828401527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc6606083015260c080860135608084015273ffffffffffffffffffffffffffffffffffffffff851660a08085019190915284518085039091018152920190925280519101205f9061068e9061028d85610896565b90505b92915050565b5f7f49940f65b382350850d047b96e7fe32fb1af2ffa5c57cf319ab5b7128cfda072826040516020016106cb929190610d6b565b604051602081830303815290604052805190602001209050919050565b6040517f70a0823100000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff83811660048301525f91908516906370a0823190602401602060405180830381865afa158015610755573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906107799190610e4a565b905061079d73ffffffffffffffffffffffffffffffffffffffff85163385856108ca565b6040517f70a0823100000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff84811660048301525f91908616906370a0823190602401602060405180830381865afa15801561080a573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061082e9190610e4a565b90505f82821161083e575f610848565b6108488383610e61565b90508381101561088e576040517f0710b3e10000000000000000000000000000000000000000000000000000000081526004810182905260248101859052604401610308565b505050505050565b5f7f49940f65b382350850d047b96e7fe32fb1af2ffa5c57cf319ab5b7128cfda072826040516020016106cb929190610e99565b6040805173ffffffffffffffffffffffffffffffffffffffff85811660248301528416604482015260648082018490528251808303909101815260849091019091526020810180517bffffffffffffffffffffffffffffffffffffffffffffffffffffffff167f23b872dd0000000000000000000000000000000000000000000000000000000017905261095f908590610965565b50505050565b5f5f8373ffffffffffffffffffffffffffffffffffffffff168360405161098c9190610f98565b5f604051808303815f865af19150503d805f81146109c5576040519150601f19603f3d011682016040523d82523d5f602084013e6109ca565b606091505b509150915081610a2d578051156109e357805160208201fd5b6040517f2b596cb700000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff85166004820152602401610308565b80515f03610aa2578373ffffffffffffffffffffffffffffffffffffffff163b5f03610a9d576040517f2b596cb700000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff85166004820152602401610308565b61095f565b80516020141580610ac7575080806020019051810190610ac29190610e4a565b600114155b1561095f576040517f2b596cb700000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff85166004820152602401610308565b5f60208284031215610b26575f5ffd5b5035919050565b5f5f83601f840112610b3d575f5ffd5b50813567ffffffffffffffff811115610b54575f5ffd5b602083019150836020828501011115610b6b575f5ffd5b9250929050565b5f5f5f5f5f60608688031215610b86575f5ffd5b85359450602086013567ffffffffffffffff811115610ba3575f5ffd5b610baf88828901610b2d565b909550935050604086013567ffffffffffffffff811115610bce575f5ffd5b610bda88828901610b2d565b969995985093965092949392505050565b73ffffffffffffffffffffffffffffffffffffffff81168114610c0c575f5ffd5b50565b8035610c1a81610beb565b919050565b5f5f828403610160811215610c32575f5ffd5b610140811215610c40575f5ffd5b50829150610140830135610c5381610beb565b809150509250929050565b604051610140810167ffffffffffffffff81118282101715610ca7577f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b60405290565b5f5f828403610160811215610cc0575f5ffd5b610140811215610cce575f5ffd5b50610cd7610c5e565b610ce084610c0f565b8152610cee60208501610c0f565b602082015260408481013590820152610d0960608501610c0f565b606082015260808481013590820152610d2460a08501610c0f565b60a082015260c0848101359082015260e08085013590820152610100808501359082015261012080850135908201529150610d626101408401610c0f565b90509250929050565b828152815173ffffffffffffffffffffffffffffffffffffffff1660208201526101608101602083015173ffffffffffffffffffffffffffffffffffffffff8116604084015250604083015160608301526060830151610de3608084018273ffffffffffffffffffffffffffffffffffffffff169052565b50608083015160a083015260a0830151610e1560c084018273ffffffffffffffffffffffffffffffffffffffff169052565b5060c083015160e083015260e08301516101008301526101008301516101208301526101208301516101408301529392505050565b5f60208284031215610e5a575f5ffd5b5051919050565b81810381811115610691577f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b8281526101608101610ecb60208301610eb185610c0f565b73ffffffffffffffffffffffffffffffffffffffff169052565b610ed760208401610c0f565b73ffffffffffffffffffffffffffffffffffffffff81166040840152506040830135606083810191909152610f0d908401610c0f565b73ffffffffffffffffffffffffffffffffffffffff8116608084015250608083013560a083810191909152610f43908401610c0f565b73ffffffffffffffffffffffffffffffffffffffff811660c08401525060c083013560e08381019190915283013561010080840191909152830135610120808401919091529092013561014090910152919050565b5f82518060208501845e5f92019182525091905056fea264697066735822122056cca41d3db8c195343b9333505312850f5edc23355570cbb025a6c3fecca2b964736f6c63430008250033' as const;

export const legacyDestinationSettlerDeployedBytecode =
  '0x608060405234801561000f575f5ffd5b506004361061003f575f3560e01c806320158c441461004357806382e2c43f146100bf578063869e258a146100d4575b5f5ffd5b610088610051366004610b16565b5f6020819052908152604090208054600182015460029092015473ffffffffffffffffffffffffffffffffffffffff909116919083565b6040805173ffffffffffffffffffffffffffffffffffffffff90941684526020840192909252908201526060015b60405180910390f35b6100d26100cd366004610b72565b6100f5565b005b6100e76100e2366004610c1f565b6105c7565b6040519081526020016100b6565b60ff5f5c1615610131576040517fab143c0600000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b60015f805c7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00168217905d505f8061016b85870187610cad565b9092509050602083146101aa576040517f7f2b60ac00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b5f6101b784860186610b16565b90505f6102c76102848560c0015185604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527f4de2aa40b2eb44b0f37f6a99d3ed49656f5a5ca63bc7119c8bb5eaadec1a084d918101919091527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201526080810183905273ffffffffffffffffffffffffffffffffffffffff821660a08201525f9060c00160405160208183030381529060405280519060200120905092915050565b61028d86610697565b6040517f19010000000000000000000000000000000000000000000000000000000000008152600281019290925260228201526042902090565b9050888114610311576040517f0517adf9000000000000000000000000000000000000000000000000000000008152600481018a9052602481018290526044015b60405180910390fd5b468460e0015114610356578360e001516040517f3dc8f0b700000000000000000000000000000000000000000000000000000000815260040161030891815260200190565b83610120015142111561039e578361012001516040517f30377d4300000000000000000000000000000000000000000000000000000000815260040161030891815260200190565b5f8981526020819052604090205473ffffffffffffffffffffffffffffffffffffffff168015610419576040517ff752dde2000000000000000000000000000000000000000000000000000000008152600481018b905273ffffffffffffffffffffffffffffffffffffffff82166024820152604401610308565b84608001518310156104675760808501516040517f27b15f0a000000000000000000000000000000000000000000000000000000008152610308918591600401918252602082015260400190565b60405180606001604052803373ffffffffffffffffffffffffffffffffffffffff168152602001848152602001428152505f5f8c81526020019081526020015f205f820151815f015f6101000a81548173ffffffffffffffffffffffffffffffffffffffff021916908373ffffffffffffffffffffffffffffffffffffffff160217905550602082015181600101556040820151816002015590505061051685606001518660a00151856106e8565b60a08581015160608088015160c08901516040805173ffffffffffffffffffffffffffffffffffffffff9384168152602081018a905242818301529384019190915288821660808401525192169233928e927f5bd7e4fcd5c3994b4073cd26591728aeb4e1dcd46a4baa74bce0e50075a63a9792908290030190a4505f93505050815c7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00169050815d505050505050565b604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f6020808301919091527f4de2aa40b2eb44b0f37f6a99d3ed49656f5a5ca63bc7119c8bb5eaadec1a084d828401527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc6606083015260c080860135608084015273ffffffffffffffffffffffffffffffffffffffff851660a08085019190915284518085039091018152920190925280519101205f9061068e9061028d85610896565b90505b92915050565b5f7f49940f65b382350850d047b96e7fe32fb1af2ffa5c57cf319ab5b7128cfda072826040516020016106cb929190610d6b565b604051602081830303815290604052805190602001209050919050565b6040517f70a0823100000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff83811660048301525f91908516906370a0823190602401602060405180830381865afa158015610755573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906107799190610e4a565b905061079d73ffffffffffffffffffffffffffffffffffffffff85163385856108ca565b6040517f70a0823100000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff84811660048301525f91908616906370a0823190602401602060405180830381865afa15801561080a573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061082e9190610e4a565b90505f82821161083e575f610848565b6108488383610e61565b90508381101561088e576040517f0710b3e10000000000000000000000000000000000000000000000000000000081526004810182905260248101859052604401610308565b505050505050565b5f7f49940f65b382350850d047b96e7fe32fb1af2ffa5c57cf319ab5b7128cfda072826040516020016106cb929190610e99565b6040805173ffffffffffffffffffffffffffffffffffffffff85811660248301528416604482015260648082018490528251808303909101815260849091019091526020810180517bffffffffffffffffffffffffffffffffffffffffffffffffffffffff167f23b872dd0000000000000000000000000000000000000000000000000000000017905261095f908590610965565b50505050565b5f5f8373ffffffffffffffffffffffffffffffffffffffff168360405161098c9190610f98565b5f604051808303815f865af19150503d805f81146109c5576040519150601f19603f3d011682016040523d82523d5f602084013e6109ca565b606091505b509150915081610a2d578051156109e357805160208201fd5b6040517f2b596cb700000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff85166004820152602401610308565b80515f03610aa2578373ffffffffffffffffffffffffffffffffffffffff163b5f03610a9d576040517f2b596cb700000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff85166004820152602401610308565b61095f565b80516020141580610ac7575080806020019051810190610ac29190610e4a565b600114155b1561095f576040517f2b596cb700000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff85166004820152602401610308565b5f60208284031215610b26575f5ffd5b5035919050565b5f5f83601f840112610b3d575f5ffd5b50813567ffffffffffffffff811115610b54575f5ffd5b602083019150836020828501011115610b6b575f5ffd5b9250929050565b5f5f5f5f5f60608688031215610b86575f5ffd5b85359450602086013567ffffffffffffffff811115610ba3575f5ffd5b610baf88828901610b2d565b909550935050604086013567ffffffffffffffff811115610bce575f5ffd5b610bda88828901610b2d565b969995985093965092949392505050565b73ffffffffffffffffffffffffffffffffffffffff81168114610c0c575f5ffd5b50565b8035610c1a81610beb565b919050565b5f5f828403610160811215610c32575f5ffd5b610140811215610c40575f5ffd5b50829150610140830135610c5381610beb565b809150509250929050565b604051610140810167ffffffffffffffff81118282101715610ca7577f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b60405290565b5f5f828403610160811215610cc0575f5ffd5b610140811215610cce575f5ffd5b50610cd7610c5e565b610ce084610c0f565b8152610cee60208501610c0f565b602082015260408481013590820152610d0960608501610c0f565b606082015260808481013590820152610d2460a08501610c0f565b60a082015260c0848101359082015260e08085013590820152610100808501359082015261012080850135908201529150610d626101408401610c0f565b90509250929050565b828152815173ffffffffffffffffffffffffffffffffffffffff1660208201526101608101602083015173ffffffffffffffffffffffffffffffffffffffff8116604084015250604083015160608301526060830151610de3608084018273ffffffffffffffffffffffffffffffffffffffff169052565b50608083015160a083015260a0830151610e1560c084018273ffffffffffffffffffffffffffffffffffffffff169052565b5060c083015160e083015260e08301516101008301526101008301516101208301526101208301516101408301529392505050565b5f60208284031215610e5a575f5ffd5b5051919050565b81810381811115610691577f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b8281526101608101610ecb60208301610eb185610c0f565b73ffffffffffffffffffffffffffffffffffffffff169052565b610ed760208401610c0f565b73ffffffffffffffffffffffffffffffffffffffff81166040840152506040830135606083810191909152610f0d908401610c0f565b73ffffffffffffffffffffffffffffffffffffffff8116608084015250608083013560a083810191909152610f43908401610c0f565b73ffffffffffffffffffffffffffffffffffffffff811660c08401525060c083013560e08381019190915283013561010080840191909152830135610120808401919091529092013561014090910152919050565b5f82518060208501845e5f92019182525091905056fea264697066735822122056cca41d3db8c195343b9333505312850f5edc23355570cbb025a6c3fecca2b964736f6c63430008250033' as const;

export const legacySolverRegistryAbi = [
  {
    inputs: [
      {
        internalType: 'address',
        name: 'bondToken_',
        type: 'address',
      },
      {
        internalType: 'uint256',
        name: 'unbondDelay_',
        type: 'uint256',
      },
      {
        internalType: 'address',
        name: 'governance_',
        type: 'address',
      },
    ],
    stateMutability: 'nonpayable',
    type: 'constructor',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'deadline',
        type: 'uint256',
      },
    ],
    name: 'ConsentExpired',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'bond',
        type: 'uint256',
      },
      {
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256',
      },
    ],
    name: 'InsufficientBond',
    type: 'error',
  },
  {
    inputs: [],
    name: 'InvalidSolverConsent',
    type: 'error',
  },
  {
    inputs: [],
    name: 'NativeNotAccepted',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'to',
        type: 'address',
      },
    ],
    name: 'NativeTransferFailed',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'caller',
        type: 'address',
      },
    ],
    name: 'NotGovernance',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'caller',
        type: 'address',
      },
    ],
    name: 'NotPendingGovernance',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'caller',
        type: 'address',
      },
      {
        internalType: 'address',
        name: 'solver',
        type: 'address',
      },
    ],
    name: 'NotSolverOperator',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'operator',
        type: 'address',
      },
    ],
    name: 'NothingToSlash',
    type: 'error',
  },
  {
    inputs: [],
    name: 'NothingToWithdraw',
    type: 'error',
  },
  {
    inputs: [],
    name: 'Reentrancy',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'solver',
        type: 'address',
      },
      {
        internalType: 'address',
        name: 'operator',
        type: 'address',
      },
    ],
    name: 'SolverAlreadyVouched',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'token',
        type: 'address',
      },
    ],
    name: 'TokenTransferFailed',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'unlockAt',
        type: 'uint256',
      },
    ],
    name: 'UnbondNotReady',
    type: 'error',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'sent',
        type: 'uint256',
      },
      {
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256',
      },
    ],
    name: 'WrongNativeAmount',
    type: 'error',
  },
  {
    inputs: [],
    name: 'ZeroAddress',
    type: 'error',
  },
  {
    inputs: [],
    name: 'ZeroAmount',
    type: 'error',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'address',
        name: 'operator',
        type: 'address',
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256',
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'totalBond',
        type: 'uint256',
      },
    ],
    name: 'Bonded',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'address',
        name: 'previousGovernance',
        type: 'address',
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'newGovernance',
        type: 'address',
      },
    ],
    name: 'GovernanceTransferStarted',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'address',
        name: 'previousGovernance',
        type: 'address',
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'newGovernance',
        type: 'address',
      },
    ],
    name: 'GovernanceTransferred',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'address',
        name: 'operator',
        type: 'address',
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256',
      },
      {
        indexed: true,
        internalType: 'bytes32',
        name: 'evidenceHash',
        type: 'bytes32',
      },
      {
        indexed: false,
        internalType: 'address',
        name: 'recipient',
        type: 'address',
      },
    ],
    name: 'Slashed',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'address',
        name: 'operator',
        type: 'address',
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'solver',
        type: 'address',
      },
    ],
    name: 'SolverRevoked',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'address',
        name: 'operator',
        type: 'address',
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'solver',
        type: 'address',
      },
    ],
    name: 'SolverVouched',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'address',
        name: 'operator',
        type: 'address',
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256',
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'unlockAt',
        type: 'uint256',
      },
    ],
    name: 'UnbondRequested',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'address',
        name: 'operator',
        type: 'address',
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256',
      },
    ],
    name: 'Withdrawn',
    type: 'event',
  },
  {
    inputs: [],
    name: 'SOLVER_CONSENT_TYPEHASH',
    outputs: [
      {
        internalType: 'bytes32',
        name: '',
        type: 'bytes32',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [],
    name: 'acceptGovernance',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256',
      },
    ],
    name: 'bond',
    outputs: [],
    stateMutability: 'payable',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'operator',
        type: 'address',
      },
    ],
    name: 'bondOf',
    outputs: [
      {
        internalType: 'uint256',
        name: '',
        type: 'uint256',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [],
    name: 'bondToken',
    outputs: [
      {
        internalType: 'address',
        name: '',
        type: 'address',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [],
    name: 'domainSeparator',
    outputs: [
      {
        internalType: 'bytes32',
        name: '',
        type: 'bytes32',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [],
    name: 'eip712Domain',
    outputs: [
      {
        internalType: 'bytes1',
        name: 'fields',
        type: 'bytes1',
      },
      {
        internalType: 'string',
        name: 'name',
        type: 'string',
      },
      {
        internalType: 'string',
        name: 'version',
        type: 'string',
      },
      {
        internalType: 'uint256',
        name: 'chainId',
        type: 'uint256',
      },
      {
        internalType: 'address',
        name: 'verifyingContract',
        type: 'address',
      },
      {
        internalType: 'bytes32',
        name: 'salt',
        type: 'bytes32',
      },
      {
        internalType: 'uint256[]',
        name: 'extensions',
        type: 'uint256[]',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [],
    name: 'governance',
    outputs: [
      {
        internalType: 'address',
        name: '',
        type: 'address',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'solver',
        type: 'address',
      },
      {
        internalType: 'address',
        name: 'operator',
        type: 'address',
      },
      {
        internalType: 'uint256',
        name: 'deadline',
        type: 'uint256',
      },
    ],
    name: 'hashSolverConsent',
    outputs: [
      {
        internalType: 'bytes32',
        name: '',
        type: 'bytes32',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'solver',
        type: 'address',
      },
    ],
    name: 'operatorOf',
    outputs: [
      {
        internalType: 'address',
        name: '',
        type: 'address',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [],
    name: 'pendingGovernance',
    outputs: [
      {
        internalType: 'address',
        name: '',
        type: 'address',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256',
      },
    ],
    name: 'requestUnbond',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'solver',
        type: 'address',
      },
    ],
    name: 'revoke',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'operator',
        type: 'address',
      },
      {
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256',
      },
      {
        internalType: 'bytes32',
        name: 'evidenceHash',
        type: 'bytes32',
      },
      {
        internalType: 'address',
        name: 'recipient',
        type: 'address',
      },
    ],
    name: 'slash',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'newGovernance',
        type: 'address',
      },
    ],
    name: 'transferGovernance',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [],
    name: 'unbondDelay',
    outputs: [
      {
        internalType: 'uint256',
        name: '',
        type: 'uint256',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'operator',
        type: 'address',
      },
    ],
    name: 'unbondingOf',
    outputs: [
      {
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256',
      },
      {
        internalType: 'uint256',
        name: 'unlockAt',
        type: 'uint256',
      },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'solver',
        type: 'address',
      },
      {
        internalType: 'uint256',
        name: 'deadline',
        type: 'uint256',
      },
      {
        internalType: 'bytes',
        name: 'solverSignature',
        type: 'bytes',
      },
    ],
    name: 'vouch',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [],
    name: 'withdraw',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
] as const;

export const legacySolverRegistryBytecode =
  '0x610100604052348015610010575f5ffd5b50604051611dd6380380611dd683398101604081905261002f91610177565b466080526100da604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527f4de2aa40b2eb44b0f37f6a99d3ed49656f5a5ca63bc7119c8bb5eaadec1a084d918101919091527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b60a0526001600160a01b0381166101045760405163d92e233d60e01b815260040160405180910390fd5b6001600160a01b0383811660c05260e08390525f80546001600160a01b03191691831691821781556040517f5f56bee8cffbe9a78652a74a60705edede02af10b0bbb888ca44b79a0d42ce80908290a35050506101b0565b80516001600160a01b0381168114610172575f5ffd5b919050565b5f5f5f60608486031215610189575f5ffd5b6101928461015c565b9250602084015191506101a76040850161015c565b90509250925092565b60805160a05160c05160e051611bc26102145f395f81816101e1015261085701525f818161039d01528181610b9201528181610c6f01528181610cef01528181610d470152818161124f015261129f01525f610fc401525f610ef00152611bc25ff3fe60806040526004361061013d575f3560e01c806374a8f103116100bb578063c28f439211610071578063f39c38a011610057578063f39c38a0146103de578063f698da25146103fd578063f86f92d614610411575f5ffd5b8063c28f43921461038c578063d38bfff4146103bf575f5ffd5b80639392732c116100a15780639392732c146103095780639940686e14610328578063acf099121461033b575f5ffd5b806374a8f103146102c357806384b0196e146102e2575f5ffd5b806351127fca116101105780635aa6e675116100f65780635aa6e67514610222578063636f35d31461025857806372d2b6c01461028f575f5ffd5b806351127fca146101d057806354f63b1414610203575f5ffd5b8063238efcbc146101415780633ccfd60b146101575780633cd256141461016b5780634eaf221b146101b1575b5f5ffd5b34801561014c575f5ffd5b50610155610430565b005b348015610162575f5ffd5b506101556104e9565b348015610176575f5ffd5b5061019e7f1307d563dbae3a03e6686c09c8c455e8bfa8225ea32b1b479b31eb10aacfdc7981565b6040519081526020015b60405180910390f35b3480156101bc575f5ffd5b506101556101cb366004611885565b610627565b3480156101db575f5ffd5b5061019e7f000000000000000000000000000000000000000000000000000000000000000081565b34801561020e575f5ffd5b5061015561021d366004611908565b610786565b34801561022d575f5ffd5b505f54610240906001600160a01b031681565b6040516001600160a01b0390911681526020016101a8565b348015610263575f5ffd5b5061024061027236600461191f565b6001600160a01b039081165f908152600460205260409020541690565b34801561029a575f5ffd5b5061019e6102a936600461191f565b6001600160a01b03165f9081526002602052604090205490565b3480156102ce575f5ffd5b506101556102dd36600461191f565b6108c6565b3480156102ed575f5ffd5b506102f66109bf565b6040516101a89796959493929190611984565b348015610314575f5ffd5b5061019e610323366004611a36565b610a93565b610155610336366004611908565b610b0c565b348015610346575f5ffd5b5061037761035536600461191f565b6001600160a01b03165f90815260036020526040902080546001909101549091565b604080519283526020830191909152016101a8565b348015610397575f5ffd5b506102407f000000000000000000000000000000000000000000000000000000000000000081565b3480156103ca575f5ffd5b506101556103d936600461191f565b610e40565b3480156103e9575f5ffd5b50600154610240906001600160a01b031681565b348015610408575f5ffd5b5061019e610eed565b34801561041c575f5ffd5b5061015561042b366004611a70565b610fe6565b6001546001600160a01b0316331461047b576040517f8396ca090000000000000000000000000000000000000000000000000000000081523360048201526024015b60405180910390fd5b5f805460405133926001600160a01b03909216917f5f56bee8cffbe9a78652a74a60705edede02af10b0bbb888ca44b79a0d42ce8091a35f80547fffffffffffffffffffffffff00000000000000000000000000000000000000009081163317909155600180549091169055565b60ff5f5c1615610525576040517fab143c0600000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b60015f805c60ff19168217905d50335f9081526003602052604081208054909181900361057e576040517fd0d04f6000000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b81600101544210156105c45781600101546040517ff19b80c700000000000000000000000000000000000000000000000000000000815260040161047291815260200190565b335f818152600360205260408120818155600101556105e3908261124d565b60405181815233907f7084f5476618d8e60b11ef0d7d3f06914655adb8793e28ff7f018d4c76d505d59060200160405180910390a2505f905060ff19815c16815d50565b82421115610664576040517f992b530800000000000000000000000000000000000000000000000000000000815260048101849052602401610472565b6001600160a01b038085165f908152600460205260409020541680156106c9576040517f812d62170000000000000000000000000000000000000000000000000000000081526001600160a01b03808716600483015282166024820152604401610472565b6106df856106d8873388610a93565b85856112c6565b610715576040517f8455958700000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b6001600160a01b0385165f8181526004602052604080822080547fffffffffffffffffffffffff00000000000000000000000000000000000000001633908117909155905190917faad9f8445a001f76ce7924ae10140be562e680cccebb2742c45a5d8c923c83b691a35050505050565b805f036107bf576040517f1f2a200500000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b335f9081526002602052604090205480821115610812576040517f44d4caf70000000000000000000000000000000000000000000000000000000081526004810182905260248101839052604401610472565b61081c8282611ae0565b335f908152600260209081526040808320939093556003905290812080549091849183919061084c908490611af9565b9091555061087c90507f000000000000000000000000000000000000000000000000000000000000000042611af9565b60018201819055815460408051918252602082019290925233917f6d3667c1f315297763391f067e0e6360ee88a7abdfff34ab037c5c72b2a3dd4b910160405180910390a2505050565b6001600160a01b038082165f908152600460205260409020541680158061090a5750336001600160a01b0382161480159061090a5750336001600160a01b03831614155b15610952576040517f47a6fa3c0000000000000000000000000000000000000000000000000000000081523360048201526001600160a01b0383166024820152604401610472565b6001600160a01b038083165f8181526004602052604080822080547fffffffffffffffffffffffff00000000000000000000000000000000000000001690555191928416917f31dd2aaf6e48f9e5a9564df2ab9f40375fa8ab06af6911f50e80bc6d409a78939190a35050565b5f60608082808083463083806040519080825280602002602001820160405280156109f4578160200160208202803683370190505b50604080518082018252600a81527f496e74656e744d657368000000000000000000000000000000000000000000006020808301919091528251808401909352600183527f3100000000000000000000000000000000000000000000000000000000000000908301527f0f000000000000000000000000000000000000000000000000000000000000009d909c50909a50939850919650945092509050565b604080517f1307d563dbae3a03e6686c09c8c455e8bfa8225ea32b1b479b31eb10aacfdc7960208201526001600160a01b03808616928201929092529083166060820152608081018290525f90610b029060a0016040516020818303038152906040528051906020012061145f565b90505b9392505050565b60ff5f5c1615610b48576040517fab143c0600000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b60015f805c60ff19168217905d50805f03610b8f576040517f1f2a200500000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b5f7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316610c0757813414610c00576040517f572cd44200000000000000000000000000000000000000000000000000000000815234600482015260248101839052604401610472565b5080610dc6565b3415610c3f576040517f1a9fe9f600000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b6040517f70a082310000000000000000000000000000000000000000000000000000000081523060048201525f907f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316906370a0823190602401602060405180830381865afa158015610cbc573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610ce09190611b0c565b9050610d176001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000163330866114a8565b6040517f70a0823100000000000000000000000000000000000000000000000000000000815230600482015281907f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316906370a0823190602401602060405180830381865afa158015610d94573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610db89190611b0c565b610dc29190611ae0565b9150505b335f90815260026020526040812054610de0908390611af9565b335f81815260026020908152604091829020849055815186815290810184905292935090917f524384adee0b2f52827eebf00ddd616aa286978612393216724d61cdb43dc835910160405180910390a2505f905060ff19815c16815d5050565b5f546001600160a01b03163314610e85576040517f988d1f03000000000000000000000000000000000000000000000000000000008152336004820152602401610472565b600180547fffffffffffffffffffffffff0000000000000000000000000000000000000000166001600160a01b038381169182179092555f8054604051929316917f1c4bb4e3cab7b72da7eb9f0ae62554dda85dc7fb907c946ad2776095b95ac1ad9190a350565b5f7f00000000000000000000000000000000000000000000000000000000000000004614610fc157610fbc604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527f4de2aa40b2eb44b0f37f6a99d3ed49656f5a5ca63bc7119c8bb5eaadec1a084d918101919091527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b905090565b507f000000000000000000000000000000000000000000000000000000000000000090565b5f546001600160a01b0316331461102b576040517f988d1f03000000000000000000000000000000000000000000000000000000008152336004820152602401610472565b60ff5f5c1615611067576040517fab143c0600000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b60015f805c60ff19168217905d506001600160a01b0381166110b5576040517fd92e233d00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b825f036110ee576040517f1f2a200500000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b6001600160a01b0384165f90815260026020526040812054908185106111145781611116565b845b90506111228183611ae0565b6001600160a01b0387165f908152600260205260408120919091556111478287611ae0565b90505f8115611193576001600160a01b0388165f90815260036020526040902080548310611176578054611178565b825b915081815f015f82825461118c9190611ae0565b9091555050505b5f61119e8285611af9565b9050805f036111e4576040517fea5329600000000000000000000000000000000000000000000000000000000081526001600160a01b038a166004820152602401610472565b6111ee868261124d565b604080518281526001600160a01b0388811660208301528992908c16917fb86ee5381e75df753c857528f8b86463a470a632f03ff2b6af2ad462f2a210ee910160405180910390a3505f93505050815c60ff19169050815d5050505050565b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03166112925761128e6001600160a01b03831682611525565b5050565b61128e6001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001683836115be565b5f6001600160a01b0385166112dc57505f611457565b846001600160a01b03166112f18585856115eb565b6001600160a01b03160361130757506001611457565b846001600160a01b03163b5f0361131f57505f611457565b5f5f866001600160a01b031686868660405160240161134093929190611b23565b604080517fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe08184030181529181526020820180517bffffffffffffffffffffffffffffffffffffffffffffffffffffffff167f1626ba7e00000000000000000000000000000000000000000000000000000000179052516113c19190611b76565b5f60405180830381855afa9150503d805f81146113f9576040519150601f19603f3d011682016040523d82523d5f602084013e6113fe565b606091505b509150915081801561141257506020815110155b8015611452575080517f1626ba7e00000000000000000000000000000000000000000000000000000000906114509083016020908101908401611b0c565b145b925050505b949350505050565b5f5f611469610eed565b6040517f190100000000000000000000000000000000000000000000000000000000000081526002810191909152602281019390935250506042902090565b6040516001600160a01b038085166024830152831660448201526064810182905261151f9085906323b872dd906084015b6040516020818303038152906040529060e01b6020820180517bffffffffffffffffffffffffffffffffffffffffffffffffffffffff83818316178352505050506116fa565b50505050565b5f826001600160a01b0316826040515f6040518083038185875af1925050503d805f811461156e576040519150601f19603f3d011682016040523d82523d5f602084013e611573565b606091505b50509050806115b9576040517fbf7e35a30000000000000000000000000000000000000000000000000000000081526001600160a01b0384166004820152602401610472565b505050565b6040516001600160a01b0383166024820152604481018290526115b990849063a9059cbb906064016114d9565b5f604182146115fb57505f610b05565b8235602084013560408501355f1a7f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0821180611635575081155b8061163e575082155b1561164e575f9350505050610b05565b8060ff16601b1415801561166657508060ff16601c14155b15611676575f9350505050610b05565b604080515f81526020810180835289905260ff831691810191909152606081018490526080810183905260019060a0016020604051602081039080840390855afa1580156116c6573d5f5f3e3d5ffd5b50506040517fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0015198975050505050505050565b5f5f836001600160a01b0316836040516117149190611b76565b5f604051808303815f865af19150503d805f811461174d576040519150601f19603f3d011682016040523d82523d5f602084013e611752565b606091505b5091509150816117a85780511561176b57805160208201fd5b6040517f2b596cb70000000000000000000000000000000000000000000000000000000081526001600160a01b0385166004820152602401610472565b80515f0361180357836001600160a01b03163b5f036117fe576040517f2b596cb70000000000000000000000000000000000000000000000000000000081526001600160a01b0385166004820152602401610472565b61151f565b805160201415806118285750808060200190518101906118239190611b0c565b600114155b1561151f576040517f2b596cb70000000000000000000000000000000000000000000000000000000081526001600160a01b0385166004820152602401610472565b80356001600160a01b0381168114611880575f5ffd5b919050565b5f5f5f5f60608587031215611898575f5ffd5b6118a18561186a565b935060208501359250604085013567ffffffffffffffff8111156118c3575f5ffd5b8501601f810187136118d3575f5ffd5b803567ffffffffffffffff8111156118e9575f5ffd5b8760208284010111156118fa575f5ffd5b949793965060200194505050565b5f60208284031215611918575f5ffd5b5035919050565b5f6020828403121561192f575f5ffd5b610b058261186a565b5f81518084528060208401602086015e5f6020828601015260207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f83011685010191505092915050565b7fff000000000000000000000000000000000000000000000000000000000000008816815260e060208201525f6119be60e0830189611938565b82810360408401526119d08189611938565b606084018890526001600160a01b038716608085015260a0840186905283810360c0850152845180825260208087019350909101905f5b81811015611a25578351835260209384019390920191600101611a07565b50909b9a5050505050505050505050565b5f5f5f60608486031215611a48575f5ffd5b611a518461186a565b9250611a5f6020850161186a565b929592945050506040919091013590565b5f5f5f5f60808587031215611a83575f5ffd5b611a8c8561186a565b93506020850135925060408501359150611aa86060860161186a565b905092959194509250565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b81810381811115611af357611af3611ab3565b92915050565b80820180821115611af357611af3611ab3565b5f60208284031215611b1c575f5ffd5b5051919050565b83815260406020820152816040820152818360608301375f818301606090810191909152601f9092017fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe016010192915050565b5f82518060208501845e5f92019182525091905056fea264697066735822122052909b47564f2b09f36454dd465495465f454f99efa20b5f77a44dee9f1418c164736f6c63430008250033' as const;

export const legacySolverRegistryDeployedBytecode =
  '0x60806040526004361061013d575f3560e01c806374a8f103116100bb578063c28f439211610071578063f39c38a011610057578063f39c38a0146103de578063f698da25146103fd578063f86f92d614610411575f5ffd5b8063c28f43921461038c578063d38bfff4146103bf575f5ffd5b80639392732c116100a15780639392732c146103095780639940686e14610328578063acf099121461033b575f5ffd5b806374a8f103146102c357806384b0196e146102e2575f5ffd5b806351127fca116101105780635aa6e675116100f65780635aa6e67514610222578063636f35d31461025857806372d2b6c01461028f575f5ffd5b806351127fca146101d057806354f63b1414610203575f5ffd5b8063238efcbc146101415780633ccfd60b146101575780633cd256141461016b5780634eaf221b146101b1575b5f5ffd5b34801561014c575f5ffd5b50610155610430565b005b348015610162575f5ffd5b506101556104e9565b348015610176575f5ffd5b5061019e7f1307d563dbae3a03e6686c09c8c455e8bfa8225ea32b1b479b31eb10aacfdc7981565b6040519081526020015b60405180910390f35b3480156101bc575f5ffd5b506101556101cb366004611885565b610627565b3480156101db575f5ffd5b5061019e7f000000000000000000000000000000000000000000000000000000000000000081565b34801561020e575f5ffd5b5061015561021d366004611908565b610786565b34801561022d575f5ffd5b505f54610240906001600160a01b031681565b6040516001600160a01b0390911681526020016101a8565b348015610263575f5ffd5b5061024061027236600461191f565b6001600160a01b039081165f908152600460205260409020541690565b34801561029a575f5ffd5b5061019e6102a936600461191f565b6001600160a01b03165f9081526002602052604090205490565b3480156102ce575f5ffd5b506101556102dd36600461191f565b6108c6565b3480156102ed575f5ffd5b506102f66109bf565b6040516101a89796959493929190611984565b348015610314575f5ffd5b5061019e610323366004611a36565b610a93565b610155610336366004611908565b610b0c565b348015610346575f5ffd5b5061037761035536600461191f565b6001600160a01b03165f90815260036020526040902080546001909101549091565b604080519283526020830191909152016101a8565b348015610397575f5ffd5b506102407f000000000000000000000000000000000000000000000000000000000000000081565b3480156103ca575f5ffd5b506101556103d936600461191f565b610e40565b3480156103e9575f5ffd5b50600154610240906001600160a01b031681565b348015610408575f5ffd5b5061019e610eed565b34801561041c575f5ffd5b5061015561042b366004611a70565b610fe6565b6001546001600160a01b0316331461047b576040517f8396ca090000000000000000000000000000000000000000000000000000000081523360048201526024015b60405180910390fd5b5f805460405133926001600160a01b03909216917f5f56bee8cffbe9a78652a74a60705edede02af10b0bbb888ca44b79a0d42ce8091a35f80547fffffffffffffffffffffffff00000000000000000000000000000000000000009081163317909155600180549091169055565b60ff5f5c1615610525576040517fab143c0600000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b60015f805c60ff19168217905d50335f9081526003602052604081208054909181900361057e576040517fd0d04f6000000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b81600101544210156105c45781600101546040517ff19b80c700000000000000000000000000000000000000000000000000000000815260040161047291815260200190565b335f818152600360205260408120818155600101556105e3908261124d565b60405181815233907f7084f5476618d8e60b11ef0d7d3f06914655adb8793e28ff7f018d4c76d505d59060200160405180910390a2505f905060ff19815c16815d50565b82421115610664576040517f992b530800000000000000000000000000000000000000000000000000000000815260048101849052602401610472565b6001600160a01b038085165f908152600460205260409020541680156106c9576040517f812d62170000000000000000000000000000000000000000000000000000000081526001600160a01b03808716600483015282166024820152604401610472565b6106df856106d8873388610a93565b85856112c6565b610715576040517f8455958700000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b6001600160a01b0385165f8181526004602052604080822080547fffffffffffffffffffffffff00000000000000000000000000000000000000001633908117909155905190917faad9f8445a001f76ce7924ae10140be562e680cccebb2742c45a5d8c923c83b691a35050505050565b805f036107bf576040517f1f2a200500000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b335f9081526002602052604090205480821115610812576040517f44d4caf70000000000000000000000000000000000000000000000000000000081526004810182905260248101839052604401610472565b61081c8282611ae0565b335f908152600260209081526040808320939093556003905290812080549091849183919061084c908490611af9565b9091555061087c90507f000000000000000000000000000000000000000000000000000000000000000042611af9565b60018201819055815460408051918252602082019290925233917f6d3667c1f315297763391f067e0e6360ee88a7abdfff34ab037c5c72b2a3dd4b910160405180910390a2505050565b6001600160a01b038082165f908152600460205260409020541680158061090a5750336001600160a01b0382161480159061090a5750336001600160a01b03831614155b15610952576040517f47a6fa3c0000000000000000000000000000000000000000000000000000000081523360048201526001600160a01b0383166024820152604401610472565b6001600160a01b038083165f8181526004602052604080822080547fffffffffffffffffffffffff00000000000000000000000000000000000000001690555191928416917f31dd2aaf6e48f9e5a9564df2ab9f40375fa8ab06af6911f50e80bc6d409a78939190a35050565b5f60608082808083463083806040519080825280602002602001820160405280156109f4578160200160208202803683370190505b50604080518082018252600a81527f496e74656e744d657368000000000000000000000000000000000000000000006020808301919091528251808401909352600183527f3100000000000000000000000000000000000000000000000000000000000000908301527f0f000000000000000000000000000000000000000000000000000000000000009d909c50909a50939850919650945092509050565b604080517f1307d563dbae3a03e6686c09c8c455e8bfa8225ea32b1b479b31eb10aacfdc7960208201526001600160a01b03808616928201929092529083166060820152608081018290525f90610b029060a0016040516020818303038152906040528051906020012061145f565b90505b9392505050565b60ff5f5c1615610b48576040517fab143c0600000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b60015f805c60ff19168217905d50805f03610b8f576040517f1f2a200500000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b5f7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316610c0757813414610c00576040517f572cd44200000000000000000000000000000000000000000000000000000000815234600482015260248101839052604401610472565b5080610dc6565b3415610c3f576040517f1a9fe9f600000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b6040517f70a082310000000000000000000000000000000000000000000000000000000081523060048201525f907f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316906370a0823190602401602060405180830381865afa158015610cbc573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610ce09190611b0c565b9050610d176001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000163330866114a8565b6040517f70a0823100000000000000000000000000000000000000000000000000000000815230600482015281907f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316906370a0823190602401602060405180830381865afa158015610d94573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610db89190611b0c565b610dc29190611ae0565b9150505b335f90815260026020526040812054610de0908390611af9565b335f81815260026020908152604091829020849055815186815290810184905292935090917f524384adee0b2f52827eebf00ddd616aa286978612393216724d61cdb43dc835910160405180910390a2505f905060ff19815c16815d5050565b5f546001600160a01b03163314610e85576040517f988d1f03000000000000000000000000000000000000000000000000000000008152336004820152602401610472565b600180547fffffffffffffffffffffffff0000000000000000000000000000000000000000166001600160a01b038381169182179092555f8054604051929316917f1c4bb4e3cab7b72da7eb9f0ae62554dda85dc7fb907c946ad2776095b95ac1ad9190a350565b5f7f00000000000000000000000000000000000000000000000000000000000000004614610fc157610fbc604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527f4de2aa40b2eb44b0f37f6a99d3ed49656f5a5ca63bc7119c8bb5eaadec1a084d918101919091527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b905090565b507f000000000000000000000000000000000000000000000000000000000000000090565b5f546001600160a01b0316331461102b576040517f988d1f03000000000000000000000000000000000000000000000000000000008152336004820152602401610472565b60ff5f5c1615611067576040517fab143c0600000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b60015f805c60ff19168217905d506001600160a01b0381166110b5576040517fd92e233d00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b825f036110ee576040517f1f2a200500000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b6001600160a01b0384165f90815260026020526040812054908185106111145781611116565b845b90506111228183611ae0565b6001600160a01b0387165f908152600260205260408120919091556111478287611ae0565b90505f8115611193576001600160a01b0388165f90815260036020526040902080548310611176578054611178565b825b915081815f015f82825461118c9190611ae0565b9091555050505b5f61119e8285611af9565b9050805f036111e4576040517fea5329600000000000000000000000000000000000000000000000000000000081526001600160a01b038a166004820152602401610472565b6111ee868261124d565b604080518281526001600160a01b0388811660208301528992908c16917fb86ee5381e75df753c857528f8b86463a470a632f03ff2b6af2ad462f2a210ee910160405180910390a3505f93505050815c60ff19169050815d5050505050565b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03166112925761128e6001600160a01b03831682611525565b5050565b61128e6001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001683836115be565b5f6001600160a01b0385166112dc57505f611457565b846001600160a01b03166112f18585856115eb565b6001600160a01b03160361130757506001611457565b846001600160a01b03163b5f0361131f57505f611457565b5f5f866001600160a01b031686868660405160240161134093929190611b23565b604080517fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe08184030181529181526020820180517bffffffffffffffffffffffffffffffffffffffffffffffffffffffff167f1626ba7e00000000000000000000000000000000000000000000000000000000179052516113c19190611b76565b5f60405180830381855afa9150503d805f81146113f9576040519150601f19603f3d011682016040523d82523d5f602084013e6113fe565b606091505b509150915081801561141257506020815110155b8015611452575080517f1626ba7e00000000000000000000000000000000000000000000000000000000906114509083016020908101908401611b0c565b145b925050505b949350505050565b5f5f611469610eed565b6040517f190100000000000000000000000000000000000000000000000000000000000081526002810191909152602281019390935250506042902090565b6040516001600160a01b038085166024830152831660448201526064810182905261151f9085906323b872dd906084015b6040516020818303038152906040529060e01b6020820180517bffffffffffffffffffffffffffffffffffffffffffffffffffffffff83818316178352505050506116fa565b50505050565b5f826001600160a01b0316826040515f6040518083038185875af1925050503d805f811461156e576040519150601f19603f3d011682016040523d82523d5f602084013e611573565b606091505b50509050806115b9576040517fbf7e35a30000000000000000000000000000000000000000000000000000000081526001600160a01b0384166004820152602401610472565b505050565b6040516001600160a01b0383166024820152604481018290526115b990849063a9059cbb906064016114d9565b5f604182146115fb57505f610b05565b8235602084013560408501355f1a7f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0821180611635575081155b8061163e575082155b1561164e575f9350505050610b05565b8060ff16601b1415801561166657508060ff16601c14155b15611676575f9350505050610b05565b604080515f81526020810180835289905260ff831691810191909152606081018490526080810183905260019060a0016020604051602081039080840390855afa1580156116c6573d5f5f3e3d5ffd5b50506040517fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0015198975050505050505050565b5f5f836001600160a01b0316836040516117149190611b76565b5f604051808303815f865af19150503d805f811461174d576040519150601f19603f3d011682016040523d82523d5f602084013e611752565b606091505b5091509150816117a85780511561176b57805160208201fd5b6040517f2b596cb70000000000000000000000000000000000000000000000000000000081526001600160a01b0385166004820152602401610472565b80515f0361180357836001600160a01b03163b5f036117fe576040517f2b596cb70000000000000000000000000000000000000000000000000000000081526001600160a01b0385166004820152602401610472565b61151f565b805160201415806118285750808060200190518101906118239190611b0c565b600114155b1561151f576040517f2b596cb70000000000000000000000000000000000000000000000000000000081526001600160a01b0385166004820152602401610472565b80356001600160a01b0381168114611880575f5ffd5b919050565b5f5f5f5f60608587031215611898575f5ffd5b6118a18561186a565b935060208501359250604085013567ffffffffffffffff8111156118c3575f5ffd5b8501601f810187136118d3575f5ffd5b803567ffffffffffffffff8111156118e9575f5ffd5b8760208284010111156118fa575f5ffd5b949793965060200194505050565b5f60208284031215611918575f5ffd5b5035919050565b5f6020828403121561192f575f5ffd5b610b058261186a565b5f81518084528060208401602086015e5f6020828601015260207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f83011685010191505092915050565b7fff000000000000000000000000000000000000000000000000000000000000008816815260e060208201525f6119be60e0830189611938565b82810360408401526119d08189611938565b606084018890526001600160a01b038716608085015260a0840186905283810360c0850152845180825260208087019350909101905f5b81811015611a25578351835260209384019390920191600101611a07565b50909b9a5050505050505050505050565b5f5f5f60608486031215611a48575f5ffd5b611a518461186a565b9250611a5f6020850161186a565b929592945050506040919091013590565b5f5f5f5f60808587031215611a83575f5ffd5b611a8c8561186a565b93506020850135925060408501359150611aa86060860161186a565b905092959194509250565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b81810381811115611af357611af3611ab3565b92915050565b80820180821115611af357611af3611ab3565b5f60208284031215611b1c575f5ffd5b5051919050565b83815260406020820152816040820152818360608301375f818301606090810191909152601f9092017fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe016010192915050565b5f82518060208501845e5f92019182525091905056fea264697066735822122052909b47564f2b09f36454dd465495465f454f99efa20b5f77a44dee9f1418c164736f6c63430008250033' as const;
