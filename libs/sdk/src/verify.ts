// @intentmesh/sdk/audit: auditors recheck records offline with the same pure code the auctioneer decides with.
// A subpath of its own, so a trader's bundle never carries the verifier.
export {
  verifyAuction,
  verifyChain,
  type AuditProblem,
  type AuditProblemCode,
  type VerifyAuctionReturnType,
  type VerifyChainReturnType,
} from '@intentmesh/auction';
export type { AuctionRecordJSON, SignedAwardJSON } from '@intentmesh/protocol';
