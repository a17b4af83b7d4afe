export * from './client';
export type {
  AuctionPage,
  AuctionSummary,
  IntentAuction,
  ListAuctionsParameters,
  SolverCompetition,
  WatchAuctionsParameters,
} from './audit';
export { createSseParser, type SseMessage } from './sse';
export * from './types';
export { isValidIntentSignature, type IsValidIntentSignatureParameters } from './isValidIntentSignature';
// auditors recheck records offline with the same pure code the auctioneer decides with
export {
  verifyAuction,
  verifyChain,
  type AuditProblem,
  type AuditProblemCode,
  type VerifyAuctionReturnType,
  type VerifyChainReturnType,
} from '@intentmesh/auction';
export {
  IntentMeshError,
  ErrorCodes,
  hashIntent,
  verifyIntentSignature,
  recoverAwardSigner,
  getChainDomain,
  signCancel,
  hashCancel,
  applySlippage,
  type ErrorCode,
  type Intent,
  type IntentJSON,
  type IntentStatus,
  type Hex,
  type Address,
  type AuctionRecordJSON,
  type SignedAwardJSON,
  type AuctionStreamEvent,
  type TypedDataSigner,
} from '@intentmesh/protocol';
