import {
  AUCTION_RECORD_VERSION,
  auctionRecordDigest,
  getChainDomain,
  hashAuctionRecord,
  hashAward,
  recordedIntentLeaf,
  serializeIntent,
  type AuctionRecordJSON,
  type ContractSignatureVerdictJSON,
  type DigestSigner,
  type ExclusionJSON,
  type LapseEvidenceJSON,
  type FanoutRecordJSON,
  type Hex,
  type Intent,
  type InvitedSolverJSON,
  type RecordedBidJSON,
  type RecordedBundleJSON,
  type SignedAwardJSON,
} from '@intentmesh/protocol';
import { auctionTerms } from './referencePrices';
import { selectWinners, type AuctionIntentTerms, type CandidateBid, type SelectWinnersResult } from './selectWinners';

export type AuctionRecordBody = Omit<AuctionRecordJSON, 'seq' | 'prevRecordHash' | 'recordHash' | 'signature'>;

export type BuildAuctionRecordParameters = {
  auctionId: Hex;
  openedAt: number;
  closedAt: number;
  bidWindowMs: number;
  seed: Hex;
  /** `contractSignature`: the source chain's EIP-1271 verdict, for a signature that does not recover to the swapper. */
  intents: readonly { hash: Hex; intent: Intent; signature: Hex; contractSignature?: ContractSignatureVerdictJSON }[];
  /** From referencePricesFor: a price for every buy token in the auction. */
  referencePrices: Record<string, string>;
  solvers: InvitedSolverJSON[];
  fanout?: FanoutRecordJSON;
  /** Every bid kept, with its verdict (AuctionBook.bids), and the counted ones (AuctionBook.candidates()). */
  bids: RecordedBidJSON[];
  /** The bid bundles the bundled bids point into (AuctionBook.bundles). */
  bundles?: RecordedBundleJSON[];
  candidates: CandidateBid[];
  duplicateBids: number;
  /** Seconds a winner has to settle, capped by the intent's own deadline. */
  settleWindowSec: number;
  /** auctionTerms(intents, referencePrices), when made at open and given to the AuctionBook (its bids come pre-scored). */
  terms?: AuctionIntentTerms[];
  /** selectWinners already run on these candidates and prices (the bench times it apart); computed here otherwise. */
  result?: SelectWinnersResult;
  /** Awards of earlier auctions that ended unsettled since the previous record (the evidence goes into this one). */
  lapses?: LapseEvidenceJSON[];
  /** Intents of this auction and the operators kept out of them after a lapse (the AuctionBook's `excluded`). */
  excluded?: ExclusionJSON[];
};

export type BuildAuctionRecordReturnType = {
  body: AuctionRecordBody;
  result: SelectWinnersResult;
  awarded: Set<string>;
  /** recordedIntentLeaf of each recorded intent, from its hash (checked at intake): sealAuctionRecord takes them. */
  intentLeaves: Hex[];
};

/**
 * The close of an auction: scores and winners (selectWinners), one signed award per won intent, and the record
 * body. Pure apart from signing; the auctioneer runs exactly this, so a test or bench built on it is faithful.
 */
export function buildAuctionRecord(
  p: BuildAuctionRecordParameters,
  signer: DigestSigner,
): BuildAuctionRecordReturnType {
  const result =
    p.result ??
    selectWinners({ intents: p.terms ?? auctionTerms(p.intents, p.referencePrices), bids: p.candidates, seed: p.seed });
  const byHash = new Map(p.intents.map((e) => [e.hash as string, e]));
  const awards: SignedAwardJSON[] = [];
  const winners: AuctionRecordJSON['winners'] = [];
  const nowSec = Math.floor(p.closedAt / 1000);
  for (const w of result.winners) {
    for (const f of w.fills) {
      const { hash, intent } = byHash.get(f.intentHash)!;
      const award = {
        auctionId: p.auctionId,
        intentHash: hash,
        solver: w.solver,
        buyAmount: f.buyAmount,
        settleBy: Math.min(intent.deadline, nowSec + p.settleWindowSec),
      };
      const signature = signer.signDigest(hashAward(award, getChainDomain(intent.sourceChainId)));
      awards.push({ award: { ...award, buyAmount: f.buyAmount.toString() }, signature });
      winners.push({ intentHash: hash, solver: w.solver, buyAmount: f.buyAmount.toString(), bidIndex: w.index });
    }
  }
  const awarded = new Set(winners.map((w) => w.intentHash));
  const intents = p.intents.map((e) => ({
    hash: e.hash,
    intent: serializeIntent(e.intent),
    signature: e.signature,
    ...(e.contractSignature ? { contractSignature: e.contractSignature } : {}),
  }));
  const intentLeaves = intents.map((e, i) => recordedIntentLeaf(e, p.intents[i].hash));
  const body: AuctionRecordBody = {
    version: AUCTION_RECORD_VERSION,
    auctionId: p.auctionId,
    auctioneer: signer.address,
    openedAt: p.openedAt,
    closedAt: p.closedAt,
    bidWindowMs: p.bidWindowMs,
    seed: p.seed,
    referencePrices: p.referencePrices,
    intents,
    solvers: p.solvers,
    ...(p.fanout ? { fanout: p.fanout } : {}),
    bids: p.bids,
    // absent when no bid came bundled (older solvers sign each bid)
    ...(p.bundles?.length ? { bundles: p.bundles } : {}),
    duplicateBids: p.duplicateBids,
    outcomes: result.outcomes.map((o) => ({ index: o.index, score: o.score.toString(), outcome: o.outcome })),
    winners,
    referenceScores: Object.fromEntries([...result.referenceScores].map(([k, v]) => [k, v.toString()])),
    awards,
    unfilled: p.intents.filter((e) => !awarded.has(e.hash)).map((e) => e.hash),
    // absent when empty, so a record without lapses is as small as before
    ...(p.lapses?.length ? { lapses: p.lapses } : {}),
    ...(p.excluded?.length ? { excluded: p.excluded } : {}),
  };
  return { body, result, awarded, intentLeaves };
}

/**
 * Chains a record body after the auctioneer's head and signs it: recordHash over the body, then the typed digest.
 * `bidLeaves`: AuctionBook.bidLeaves, the bids already hashed on arrival; `intentLeaves`: buildAuctionRecord's.
 */
export function sealAuctionRecord(
  body: AuctionRecordBody,
  head: { seq: number; recordHash: string },
  signer: DigestSigner,
  bidLeaves?: readonly string[],
  intentLeaves?: readonly string[],
): AuctionRecordJSON {
  const seq = head.seq + 1;
  const unsigned = { ...body, seq, prevRecordHash: head.recordHash };
  const recordHash = hashAuctionRecord(unsigned, bidLeaves, intentLeaves);
  const signature = signer.signDigest(
    auctionRecordDigest({ auctionId: body.auctionId, seq, recordHash, prevRecordHash: head.recordHash }),
  );
  return { ...unsigned, recordHash, signature };
}
