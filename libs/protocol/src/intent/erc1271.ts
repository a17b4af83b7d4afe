/** EIP-1271: what a contract wallet's `isValidSignature(hash, signature)` returns for a signature it accepts. */
export const ERC1271_MAGIC_VALUE = '0x1626ba7e';

/** The one function of EIP-1271, for the readers that ask a contract swapper whether it signed an intent. */
export const erc1271Abi = [
  {
    type: 'function',
    name: 'isValidSignature',
    stateMutability: 'view',
    inputs: [
      { name: 'hash', type: 'bytes32' },
      { name: 'signature', type: 'bytes' },
    ],
    outputs: [{ name: '', type: 'bytes4' }],
  },
] as const;
