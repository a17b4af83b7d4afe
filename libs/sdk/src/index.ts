export * from './client';
export {
  IntentMeshError,
  hashIntent,
  verifyIntentSignature,
  recoverAwardSigner,
  getChainDomain,
  type Intent,
  type IntentJSON,
  type IntentStatus,
  type Hex,
  type Address,
  type AuctionRecordJSON,
  type SignedAwardJSON,
} from '@intentmesh/protocol';
