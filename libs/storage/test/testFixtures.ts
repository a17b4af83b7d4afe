import type { IntentJSON } from '@intentmesh/protocol';

/** A bytes32 from a small number: readable hashes and ids in storage tests. */
export const h = (n: number) => '0x' + n.toString(16).padStart(64, '0');

/** A well-formed intent for storage tests; the store never checks its signature, so none is needed. */
export const testIntent = (nonce: string | number, sourceChainId = 1, destinationChainId = 1): IntentJSON => ({
  swapper: '0x52908400098527886e0f7030069857d2e4169ee7',
  sellToken: '0x1111111111111111111111111111111111111111',
  sellAmount: '1000',
  buyToken: '0x2222222222222222222222222222222222222222',
  minBuyAmount: '900',
  recipient: '0x52908400098527886e0f7030069857d2e4169ee7',
  sourceChainId,
  destinationChainId,
  nonce: String(nonce),
  deadline: 2_000_000_000,
});
