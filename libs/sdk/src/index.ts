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
export {
  approve,
  checkFunding,
  ensureAllowance,
  readFunding,
  type EnsureAllowanceParameters,
  type FundingPublicClient,
  type FundingQuery,
  type FundingReader,
  type FundingWarning,
  type FundingWriter,
} from './funding';
// also at @intentmesh/sdk/audit, the subpath a browser bundle should import them from
export * from './verify';
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
