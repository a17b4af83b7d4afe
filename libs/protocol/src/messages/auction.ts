import { z } from 'zod';
import type { SignedAwardJSON } from '../award/award';
import { signedAwardSchema } from '../award/awardSchema';
import type { BidJSON } from '../bid/bid';
import type { BidVerdict } from '../errors';
import { intentSchema } from '../intent/schema';
import type { IntentJSON, IntentStatus } from '../intent/types';
import type { HealthAttestationJSON } from '../trust/attestation';
import type { SignedSettlementFailureJSON } from '../award/settlementFailure';
import { addressSchema, bytes32Schema, safeIntSchema, signatureSchema } from '../schema';
import { address, array, bytes32, checkOrThrow, optional, safeInt, signature, strictObject } from '../check';
import { intentCheck } from '../intent/parseIntent';

/** auction.<id>.open: what a solver needs to bid. Times are the auctioneer's (unix ms). */
export type AuctionOpenJSON = {
  auctionId: string;
  auctioneer: string;
  openedAt: number;
  /** Bids received after openedAt + bidWindowMs on the auctioneer's clock are LATE. */
  bidWindowMs: number;
  intents: { hash: string; intent: IntentJSON; signature: string }[];
  /** The auctioneer's signature over the rest (signBusMessage 'auction.open'): a solver bids only on what its pinned auctioneer opened. */
  signature?: string;
};

export const auctionOpenSchema = z.strictObject({
  auctionId: bytes32Schema,
  auctioneer: addressSchema,
  openedAt: safeIntSchema,
  bidWindowMs: safeIntSchema,
  intents: z
    .array(z.strictObject({ hash: bytes32Schema, intent: intentSchema, signature: signatureSchema }))
    .max(10_000),
  signature: signatureSchema.optional(),
});
export type AuctionOpen = z.output<typeof auctionOpenSchema>;
// plain checks: every solver reads every open, and zod was a tenth of a solver's CPU; checks.test.ts holds the two equal
const auctionOpenCheck = strictObject({
  auctionId: bytes32,
  auctioneer: address,
  openedAt: safeInt,
  bidWindowMs: safeInt,
  intents: array(strictObject({ hash: bytes32, intent: intentCheck, signature }), { max: 10_000 }),
  signature: optional(signature),
});
export function parseAuctionOpen(json: unknown): AuctionOpen {
  return checkOrThrow(auctionOpenCheck, json, 'auction');
}

/** The auctioneer's reply to every bid it receives: accepted for now, or refused with a verdict. */
export type BidReceiptJSON = { auctionId: string; bidHash?: string; verdict: BidVerdict; message: string };

/**
 * auction.<id>.bid carries one signed bid, or a batch `{ bids: [...] }` (up to MAX_BIDS_PER_MESSAGE) so a
 * solver answering hundreds of intents pays one round trip; the reply is one receipt, or `{ receipts }` in order.
 */
export const MAX_BIDS_PER_MESSAGE = 1000;
export type BidBatchJSON = { bids: unknown[] };
export type BidReceiptsJSON = { receipts: BidReceiptJSON[] };

/** auction.<id>.result: the awards, and which intents found no valid bid. */
export type AuctionResultJSON = {
  auctionId: string;
  closedAt: number;
  recordHash: string;
  awards: SignedAwardJSON[];
  unfilled: string[];
  /** The auctioneer's signature over the rest (signBusMessage 'auction.result'): consumers check it against the address they pin. */
  signature?: string;
};
export const auctionResultSchema = z.strictObject({
  auctionId: bytes32Schema,
  closedAt: safeIntSchema,
  recordHash: bytes32Schema,
  awards: z.array(signedAwardSchema),
  unfilled: z.array(bytes32Schema),
  signature: signatureSchema.optional(),
});

/** One bid as the record keeps it: what arrived, when, and the verdict. */
export type RecordedBidJSON = {
  receivedAt: number;
  solver: string | null;
  bidHash: string | null;
  bid: BidJSON | unknown;
  signature: string | null;
  verdict: BidVerdict;
  reason: string;
  /** Version 4, a bundled bid: `signature` is null, the bid is leaf `leaf` of the record's `bundles[bundle]`. */
  bundle?: number;
  leaf?: number;
};

/**
 * Version 4: one signed bid bundle as received. `leaves` are the hashBid digests of its bids in order (their Merkle root
 * is `root`), so each bundled bid is checked by its leaf and the one bundle signature; a bid repeated identically is
 * a leaf with no entry of its own in `bids`.
 */
export type RecordedBundleJSON = {
  auctionId: string;
  solver: string;
  root: string;
  count: number;
  signature: string;
  leaves: string[];
};

/** A solver's signed health attestation the auctioneer relied on when it invited that solver, with the RTT it measured. */
export type RecordedAttestationJSON = {
  attestation: HealthAttestationJSON;
  signature: string;
  /** Round trip of the challenge on the auctioneer's clock (ms); the solver's own issuedAt is never used. */
  rttMs: number;
  /** When the auctioneer received it (its clock, unix ms); before the auction opened. */
  receivedAt: number;
};

/**
 * Why a registered solver was or was not invited. With solver trust the record also names the key's operator
 * (counted bids and seats belong to operators), the chains the key was invited for, and the latest attestation
 * the auctioneer held for an invited key (version 2).
 */
export type InvitedSolverJSON = {
  solver: string;
  invited: boolean;
  reason: string;
  weight?: string;
  operator?: string;
  chains?: number[];
  attestation?: RecordedAttestationJSON;
};

/** One shard's seat draw, enough to recompute the invited operators from the seed and the weights. */
export type ShardDrawJSON = {
  key: string;
  /** Source chain of the shard's intents. */
  chainId: number;
  /** Destination chain: a key is eligible only if it declared both chains (absent in older records: source only). */
  destinationChainId?: number;
  region?: string;
  /** Set when the shard's own region had no eligible solver and the draw was made among all regions instead. */
  fallback?: string;
  maxRttMs?: number;
  /** 'all': at most `inviteAllMax` eligible operators, all invited; 'sampled': `seats` drawn by PPS. */
  mode: 'all' | 'sampled';
  seats: number;
  seed: string;
  /** Eligible operator -> weight (bond x reputation x health, integer) at the draw. */
  weights: Record<string, string>;
  invited: string[];
};
export type FanoutRecordJSON = { inviteAllMax: number; seats: number; panic: boolean; shards: ShardDrawJSON[] };

/**
 * Why an award ended without a settlement, as the audit trail keeps it: the signed award itself, and either the
 * source chain read up to a named block with no Settled event for the intent (`lapsed`), or the solver's own signed
 * report that its settlement failed (`reported`). Anyone can recheck it offline; the block against any RPC.
 */
export type LapseEvidenceJSON = {
  award: SignedAwardJSON;
  /** The intent's source chain: the award is signed under its domain, and a Settled event would be there. */
  sourceChainId: number;
  /** The operator of the award's solver key, whom the lapse counts against. */
  operator: string;
  kind: 'lapsed' | 'reported';
  /** Auctioneer clock (unix ms) when the lapse was decided. */
  decidedAt: number;
  /**
   * lapsed: no Settled event for award.intentHash on the source chain up to and including this block, and the intent's
   * nonce still unused there (so no cross-chain `open` either; `intentmesh admin slash --source-rpc` rechecks it). Either its
   * timestamp is past settleBy (no later block can carry the award), or it was the chain head at decidedAt, which is.
   */
  checkedBlock?: { number: number; hash: string; timestamp: number };
  /** reported: the solver's signed failure report for this award. */
  report?: SignedSettlementFailureJSON;
};

/**
 * A smart account's (EIP-1271) verdict on a signature, which no one can recompute offline: the source chain's
 * `isValidSignature(intentHash, signature)` on the swapper returned the magic value at this block. Anyone can ask
 * the same question of that block again (verifyAuction's `checkContractSignatures`).
 */
export type ContractSignatureVerdictJSON = { chainId: number; blockNumber: number; blockHash: string };

/** One auctioned intent as the record keeps it. */
export type RecordedIntentJSON = {
  hash: string;
  intent: IntentJSON;
  signature: string;
  /** Present when the signature is a smart account's (EIP-1271), not the swapper's ECDSA signature. */
  contractSignature?: ContractSignatureVerdictJSON;
};

/** An intent auctioned again after a lapse, and the operators its earlier awards lapsed with: their bids on it are EXCLUDED. */
export type ExclusionJSON = { intentHash: string; operators: string[] };

/**
 * Record layout written now; verifyAuction also accepts version 1 (no attestations, operators or invited chains),
 * version 2 (no lapses or exclusions), version 3 (no bid bundles) and version 4 (bids and intents hashed into the
 * record hash as canonical JSON; version 5 hashes them as binary leaves, recordedBidLeaf and recordedIntentLeaf).
 */
export const AUCTION_RECORD_VERSION = 5;

/**
 * The stored, hash-chained record of one auction: everything needed to re-check it offline.
 * Scores: a fill's score is (buyAmount - minBuyAmount) x price / 1e18, floored, where price is the record's
 * reference price of the intent's buy token (numeraire units per 1e18 base units, keyed "destinationChainId:token");
 * a bid's score is the sum over its fills. Version 2 lists a price for every buy token in the auction.
 */
export type AuctionRecordJSON = {
  version: 1 | 2 | 3 | 4 | 5;
  auctionId: string;
  seq: number;
  auctioneer: string;
  openedAt: number;
  closedAt: number;
  bidWindowMs: number;
  intents: RecordedIntentJSON[];
  /** keccak256(auctionId ‖ the chain head when the auction opened): breaks ties and (later) draws seats. */
  seed: string;
  /** Numeraire units per 1e18 base units of each buy token, keyed "chainId:token"; absent means 1e18. */
  referencePrices: Record<string, string>;
  solvers: InvitedSolverJSON[];
  /** The seeded seat draw per shard (solver trust on). */
  fanout?: FanoutRecordJSON;
  bids: RecordedBidJSON[];
  /** Version 4: the signed bid bundles the bundled bids in `bids` point into; absent when no bid came bundled. */
  bundles?: RecordedBundleJSON[];
  /** Identical repeats of bids already in `bids`, answered DUPLICATE_BID and counted here instead of kept. */
  duplicateBids?: number;
  /** Score and outcome of each ACCEPTED bid, by its index in `bids`. */
  outcomes: { index: number; score: string; outcome: 'WON' | 'LOST' | 'UNFAIR' }[];
  winners: { intentHash: string; solver: string; buyAmount: string; bidIndex: number }[];
  referenceScores: Record<string, string>;
  awards: SignedAwardJSON[];
  unfilled: string[];
  /** Version 3: awards of earlier auctions that ended unsettled since the previous record. */
  lapses?: LapseEvidenceJSON[];
  /** Version 3: intents of this auction whose earlier awards lapsed, with the operators kept out of them. */
  excluded?: ExclusionJSON[];
  prevRecordHash: string;
  recordHash: string;
  /** The auctioneer's EIP-712 signature over (auctionId, seq, recordHash, prevRecordHash). */
  signature: string;
};

/** auctioneer.events: status changes the API relays to live views. */
export type IntentEventJSON = { intentHash: string; status: IntentStatus; auctionId?: string; at: number };
