import {
  GENESIS_RECORD_HASH,
  auctionRecordDigest,
  canonicalJson,
  getChainDomain,
  hashAuctionRecord,
  hashIntent,
  isInternalFailure,
  parseSignedAward,
  parseSignedHealthAttestation,
  parseSignedIntent,
  parseSignedSettlementFailure,
  recoverAwardSigner,
  recoverSettlementFailureSigner,
  recoverHealthAttestationSigner,
  recoverDigestSigner,
  recoverIntentSigner,
  type Address,
  type AuctionRecordJSON,
  type Hex,
  type Intent,
  type LapseEvidenceJSON,
} from '@intentmesh/protocol';
import { AuctionBook } from './auctionBook';
import { auctionTerms, priceKey } from './referencePrices';
import { selectWinners, type CandidateBid } from './selectWinners';
import { verifyFanout } from './trust/fanout';
import { verifyBid } from './verifyBid';

/** One thing an auditor found wrong with a record, with a stable code. */
export type AuditProblem = { code: AuditProblemCode; message: string; auctionId?: string; seq?: number };
export type AuditProblemCode =
  | 'UNSUPPORTED_VERSION'
  | 'RECORD_HASH_MISMATCH'
  | 'WRONG_AUCTIONEER'
  | 'BAD_RECORD_SIGNATURE'
  | 'BAD_INTENT'
  /** An invited key's recorded attestation is unreadable, not its own, addressed elsewhere or taken after the auction opened. */
  | 'BAD_ATTESTATION'
  /** The seat draw does not follow from the seed and weights, or an invited key's operator holds no seat. */
  | 'BAD_FANOUT'
  /** A version 2 record lacks the price of a buy token it scores. */
  | 'BAD_REFERENCE_PRICES'
  | 'BAD_BID'
  /** Replaying the bids through the auction's rules gives another verdict than the recorded one. */
  | 'BID_VERDICT_MISMATCH'
  /** A counted bid has no score in the record (a bid was added, or its score removed). */
  | 'UNSCORED_BID'
  /** A score names a bid that is not counted in the record (a bid was dropped, or its verdict changed). */
  | 'SCORED_BID_MISSING'
  | 'SCORE_MISMATCH'
  | 'OUTCOMES_MISMATCH'
  | 'WINNERS_MISMATCH'
  | 'REFERENCE_SCORES_MISMATCH'
  | 'BAD_AWARD'
  | 'CHAIN_BROKEN'
  | 'CHAIN_ORDER'
  /** Lapse evidence does not hold: the award is not the auctioneer's, the report not the solver's, or settleBy had not passed. */
  | 'BAD_LAPSE'
  /** An intent auctioned again after a lapse does not keep the lapsed operator out of it. */
  | 'LAPSE_NOT_EXCLUDED'
  /** A smart account's signature the record cites as approved: its chain says otherwise at the named block. */
  | 'BAD_CONTRACT_SIGNATURE';

export type VerifyAuctionParameters = { auctioneer: Address | string };
export type VerifyAuctionReturnType = { ok: boolean; auctionId: string; seq: number; problems: AuditProblem[] };

const lc = (s: string) => s.toLowerCase();
// key order is not data: the store (JSONB) may hand fields back in another order
const canon = (x: unknown) => canonicalJson(x);
// both mean "this key held no seat here"; which one depends on registration at arrival, which the record cannot show
const NOT_SEATED = new Set(['UNREGISTERED_SOLVER', 'NOT_INVITED']);

/**
 * Re-checks one auction record offline, trusting nothing the server said about it: the record hash and the
 * auctioneer's signature, every intent's signature, the invited set (seat draw and attestations), every bid's
 * verdict (replayed through the same AuctionBook the auctioneer runs), the scores, the fairness filter, the
 * winners and reference scores (the same pure `selectWinners`), and every award.
 * Version 1 records (no operators, invited chains or attestations) get the checks their content allows.
 */
export function verifyAuction(
  record: AuctionRecordJSON,
  { auctioneer }: VerifyAuctionParameters,
): VerifyAuctionReturnType {
  const problems: AuditProblem[] = [];
  const say = (code: AuditProblemCode, message: string) =>
    problems.push({ code, message, auctionId: record.auctionId, seq: record.seq });
  const done = () => ({ ok: problems.length === 0, auctionId: record.auctionId, seq: record.seq, problems });
  if (![1, 2, 3, 4, 5].includes(record.version)) {
    say('UNSUPPORTED_VERSION', `record version ${String(record.version)} is not known to this verifier (1 to 5 are)`);
    return done();
  }
  // version 3 is version 2 plus lapse evidence and exclusions; version 4 adds bid bundles; version 5 hashes bids and
  // intents into the record hash as binary leaves (hashAuctionRecord)
  const v2 = record.version >= 2;
  if (record.version < 3 && (record.lapses || record.excluded))
    say('UNSUPPORTED_VERSION', `a version ${record.version} record carries lapses or exclusions`);
  if (record.version < 4 && (record.bundles || record.bids.some((b) => b.bundle !== undefined)))
    say('UNSUPPORTED_VERSION', `a version ${record.version} record carries bid bundles`);

  if (hashAuctionRecord(record) !== record.recordHash)
    say('RECORD_HASH_MISMATCH', 'the record does not hash to its recordHash: some field was changed after signing');
  if (lc(record.auctioneer) !== lc(auctioneer))
    say('WRONG_AUCTIONEER', `the record names auctioneer ${record.auctioneer}, not ${auctioneer}`);
  try {
    const signer = recoverDigestSigner(auctionRecordDigest(record), record.signature);
    if (lc(signer) !== lc(auctioneer))
      say('BAD_RECORD_SIGNATURE', `the record is signed by ${signer}, not by the auctioneer ${auctioneer}`);
  } catch (err) {
    rethrowInternal(err);
    say('BAD_RECORD_SIGNATURE', 'the record signature is unreadable');
  }

  const intents = new Map<string, Intent>();
  for (const [i, e] of record.intents.entries()) {
    try {
      const { intent, signature } = parseSignedIntent({ intent: e.intent, signature: e.signature });
      if (hashIntent(intent) !== e.hash) say('BAD_INTENT', `intent #${i} does not hash to ${e.hash}`);
      else if (e.contractSignature) {
        // a smart account's signature cannot be recovered offline: the record names the block its verdict came from
        // (checkContractSignatures asks that block again)
        if (e.contractSignature.chainId !== intent.sourceChainId)
          say(
            'BAD_INTENT',
            `intent #${i} (${e.hash}) cites an EIP-1271 verdict from chain ${e.contractSignature.chainId}, not its source chain ${intent.sourceChainId}`,
          );
      } else if (recoverIntentSigner(intent, signature) !== intent.swapper)
        say('BAD_INTENT', `intent #${i} (${e.hash}) is not signed by its swapper`);
      intents.set(e.hash, intent);
    } catch (err) {
      rethrowInternal(err);
      say('BAD_INTENT', `intent #${i} is unreadable: ${(err as Error).message}`);
    }
  }

  // Seats and counted bids belong to operators; the record names each key's operator when trust is on.
  const operatorOf = new Map(record.solvers.map((s) => [lc(s.solver), lc(s.operator ?? s.solver) as Address]));
  if (record.fanout) for (const p of verifyFanout(record.seed, record.fanout).problems) say('BAD_FANOUT', p);
  if (v2) checkInvited(record, say);

  const minBuyAmounts = new Map([...intents].map(([h, it]) => [h, it.minBuyAmount]));
  const bidAudit = { record, minBuyAmounts, operatorOf, say };
  const candidates = v2 ? replayBids(bidAudit) : checkAcceptedBids(bidAudit);

  const entries = record.intents.flatMap((e) =>
    intents.has(e.hash) ? [{ hash: e.hash, intent: intents.get(e.hash)! }] : [],
  );
  if (v2) {
    for (const { hash, intent } of entries) {
      const key = priceKey(intent.destinationChainId, intent.buyToken);
      if (record.referencePrices[key] === undefined)
        say('BAD_REFERENCE_PRICES', `no reference price for ${key}, the buy token of intent ${hash}`);
    }
  }
  checkLapses(record, auctioneer, say);
  const result = selectWinners({
    intents: auctionTerms(entries, record.referencePrices),
    bids: candidates,
    seed: record.seed,
    referenceFairness: v2 ? 'rerun' : 'full-auction',
  });

  const recorded = new Map(record.outcomes.map((o) => [o.index, o]));
  const recomputed = new Map(result.outcomes.map((o) => [o.index, o]));
  for (const o of result.outcomes) {
    const r = recorded.get(o.index);
    if (!r) say('UNSCORED_BID', `counted bid #${o.index} has no score in the record`);
    else if (r.score !== o.score.toString())
      say('SCORE_MISMATCH', `bid #${o.index} is recorded with score ${r.score}, recomputed ${o.score}`);
    else if (r.outcome !== o.outcome)
      say('OUTCOMES_MISMATCH', `bid #${o.index} is recorded ${r.outcome}, recomputed ${o.outcome}`);
  }
  for (const r of record.outcomes)
    if (!recomputed.has(r.index))
      say('SCORED_BID_MISSING', `the record scores bid #${r.index}, which is not a counted bid of this record`);

  const winners = result.winners.flatMap((w) =>
    w.fills.map((f) => ({
      intentHash: f.intentHash,
      solver: w.solver,
      buyAmount: f.buyAmount.toString(),
      bidIndex: w.index,
    })),
  );
  const byIntent = (a: { intentHash: string }, b: { intentHash: string }) =>
    a.intentHash < b.intentHash ? -1 : a.intentHash > b.intentHash ? 1 : 0;
  if (canon([...winners].sort(byIntent)) !== canon([...record.winners].sort(byIntent)))
    say('WINNERS_MISMATCH', 'the recorded winners differ from the ones recomputed from the bids');
  const refs = Object.fromEntries([...result.referenceScores].map(([k, v]) => [lc(k), v.toString()]));
  const recordedRefs = Object.fromEntries(Object.entries(record.referenceScores).map(([k, v]) => [lc(k), v]));
  if (canon(Object.entries(refs).sort()) !== canon(Object.entries(recordedRefs).sort()))
    say('REFERENCE_SCORES_MISMATCH', 'the recorded reference scores differ from the recomputed ones');

  const won = new Map(record.winners.map((w) => [w.intentHash, w]));
  if (record.awards.length !== record.winners.length)
    say('BAD_AWARD', `${record.awards.length} awards for ${record.winners.length} winners`);
  for (const [i, a] of record.awards.entries()) {
    try {
      const { award, signature } = parseSignedAward(a);
      const w = won.get(award.intentHash);
      const intent = intents.get(award.intentHash);
      if (
        !w ||
        !intent ||
        lc(w.solver) !== lc(award.solver) ||
        w.buyAmount !== award.buyAmount.toString() ||
        award.auctionId !== record.auctionId
      ) {
        say('BAD_AWARD', `award #${i} does not match a winner of this auction`);
      } else if (recoverAwardSigner(award, getChainDomain(intent.sourceChainId), signature) !== lc(auctioneer)) {
        say('BAD_AWARD', `award #${i} is not signed by the auctioneer`);
      }
    } catch (err) {
      rethrowInternal(err);
      say('BAD_AWARD', `award #${i} is unreadable: ${(err as Error).message}`);
    }
  }
  return done();
}

type Say = (code: AuditProblemCode, message: string) => void;

/** What either version's bid check reads: the record, each intent's minimum, each key's operator; `say` reports. */
type BidAudit = {
  record: AuctionRecordJSON;
  minBuyAmounts: Map<string, bigint>;
  operatorOf: Map<string, Address>;
  say: Say;
};

/** A verifier that cannot run throws; only failures of the record's own data become problems. */
function rethrowInternal(err: unknown): void {
  if (isInternalFailure(err)) throw err;
}

/**
 * Version 3: each lapse's award is signed by the auctioneer; a `lapsed` one was decided after settleBy (on the named
 * block's clock or the auctioneer's); a `reported` one carries the awarded solver's own signed report of that award;
 * and an intent auctioned again here keeps every operator that lapsed on it out.
 */
function checkLapses(record: AuctionRecordJSON, auctioneer: string, say: Say): void {
  const excluded = new Map((record.excluded ?? []).map((x) => [x.intentHash, new Set(x.operators.map(lc))]));
  const inAuction = new Set(record.intents.map((e) => e.hash));
  for (const [i, l] of (record.lapses ?? []).entries()) {
    const problem = lapseProblem(l, auctioneer, record.closedAt);
    if (problem) say('BAD_LAPSE', `lapse #${i}: ${problem}`);
    const hash = l.award.award.intentHash;
    if (inAuction.has(hash) && !excluded.get(hash)?.has(lc(l.operator)))
      say(
        'LAPSE_NOT_EXCLUDED',
        `intent ${hash} is auctioned again without keeping out ${l.operator}, whose award of it lapsed`,
      );
  }
}

/** One EIP-1271 question to a chain: `signer.isValidSignature(digest, signature)` at a block. */
export type ContractSignatureQuery = {
  chainId: number;
  blockNumber: number;
  signer: Address;
  digest: Hex;
  signature: Hex;
};
/** The chain's answer: that block's hash (to match the record's) and whether it returned the magic value. */
export type ContractSignatureAnswer = { blockHash: string; valid: boolean };

/**
 * The online half of checking EIP-1271 intents: asks each cited block again through `isValidSignature` (the caller's
 * RPC). A failing RPC throws (no verdict); a different block hash or a refusal is BAD_CONTRACT_SIGNATURE.
 */
export async function checkContractSignatures(
  record: AuctionRecordJSON,
  isValidSignature: (q: ContractSignatureQuery) => Promise<ContractSignatureAnswer>,
): Promise<AuditProblem[]> {
  const problems: AuditProblem[] = [];
  for (const [i, e] of record.intents.entries()) {
    const cited = e.contractSignature;
    if (!cited) continue;
    const say = (message: string) =>
      problems.push({ code: 'BAD_CONTRACT_SIGNATURE', message, auctionId: record.auctionId, seq: record.seq });
    const answer = await isValidSignature({
      chainId: cited.chainId,
      blockNumber: cited.blockNumber,
      signer: lc(e.intent.swapper) as Address,
      digest: e.hash as Hex,
      signature: e.signature as Hex,
    });
    if (lc(answer.blockHash) !== lc(cited.blockHash))
      say(
        `intent #${i}: block ${cited.blockNumber} of chain ${cited.chainId} is ${answer.blockHash}, not ${cited.blockHash}`,
      );
    else if (!answer.valid)
      say(`intent #${i}: the swapper's isValidSignature refuses the signature at block ${cited.blockNumber}`);
  }
  return problems;
}

/** What is wrong with one piece of lapse evidence, or undefined when it holds. */
export function lapseProblem(l: LapseEvidenceJSON, auctioneer: string, closedAt: number): string | undefined {
  let award;
  try {
    award = parseSignedAward(l.award);
    if (recoverAwardSigner(award.award, getChainDomain(l.sourceChainId), award.signature) !== lc(auctioneer))
      return 'the award is not signed by the auctioneer';
  } catch (err) {
    rethrowInternal(err);
    return `the award is unreadable: ${(err as Error).message}`;
  }
  if (l.decidedAt > closedAt) return 'decided after the record closed';
  if (l.kind === 'lapsed') {
    if (!l.checkedBlock) return 'a lapse names no block up to which the chain was read';
    const seenAt = Math.max(l.checkedBlock.timestamp * 1000, l.decidedAt);
    if (seenAt <= award.award.settleBy * 1000) return `decided before settleBy ${award.award.settleBy} had passed`;
    return undefined;
  }
  if (l.kind !== 'reported' || !l.report) return 'neither a lapse at settleBy nor a signed report';
  try {
    const { failure, signature } = parseSignedSettlementFailure(l.report);
    if (
      failure.auctionId !== award.award.auctionId ||
      failure.intentHash !== award.award.intentHash ||
      failure.solver !== award.award.solver
    )
      return 'the report is about another award';
    if (recoverSettlementFailureSigner(failure, signature) !== award.award.solver)
      return 'the report is not signed by the awarded solver';
  } catch (err) {
    rethrowInternal(err);
    return `the report is unreadable: ${(err as Error).message}`;
  }
  return undefined;
}

/** Version 2: every invited key's operator holds a seat in each of its chains' shards, and its attestation is sound. */
function checkInvited(record: AuctionRecordJSON, say: Say): void {
  for (const s of record.solvers) {
    if (!s.invited) continue;
    const op = lc(s.operator ?? s.solver);
    if (record.fanout) {
      for (const chain of s.chains ?? []) {
        if (!record.fanout.shards.some((sh) => sh.chainId === chain && sh.invited.map(lc).includes(op)))
          say('BAD_FANOUT', `${s.solver} is invited for chain ${chain}, but its operator ${op} holds no seat there`);
      }
    }
    if (!s.attestation) continue;
    try {
      const { attestation, signature } = parseSignedHealthAttestation({
        attestation: s.attestation.attestation,
        signature: s.attestation.signature,
      });
      if (lc(attestation.solver) !== lc(s.solver))
        say('BAD_ATTESTATION', `the attestation recorded for ${s.solver} is about ${attestation.solver}`);
      else if (lc(attestation.auctioneer) !== lc(record.auctioneer))
        say('BAD_ATTESTATION', `the attestation of ${s.solver} answers auctioneer ${attestation.auctioneer}`);
      else if (recoverHealthAttestationSigner(attestation, signature) !== lc(s.solver))
        say('BAD_ATTESTATION', `the attestation of ${s.solver} is not signed by that key`);
      else if (s.attestation.receivedAt > record.openedAt || s.attestation.rttMs < 0)
        say('BAD_ATTESTATION', `the attestation of ${s.solver} was received after the auction opened`);
    } catch (err) {
      rethrowInternal(err);
      say('BAD_ATTESTATION', `the attestation of ${s.solver} is unreadable: ${(err as Error).message}`);
    }
  }
}

/** Version 2: every bid replayed in arrival order through the auctioneer's own AuctionBook; verdicts must agree. */
function replayBids({ record, minBuyAmounts, operatorOf, say }: BidAudit): CandidateBid[] {
  const chainOf = new Map(record.intents.map((e) => [e.hash, e.intent.sourceChainId]));
  const invitations = new Map(
    record.solvers.filter((s) => s.invited).map((s) => [lc(s.solver) as Address, new Set(s.chains ?? [])]),
  );
  const book = new AuctionBook({
    auctionId: record.auctionId as Hex,
    closesAt: record.openedAt + record.bidWindowMs,
    minBuyAmounts,
    isRegistered: (s) => operatorOf.has(s),
    operatorOf: (s) => operatorOf.get(s),
    invitations: record.fanout ? invitations : undefined,
    chainOf: (h) => chainOf.get(h),
    seed: record.seed,
    excluded: new Map((record.excluded ?? []).map((x) => [x.intentHash, new Set(x.operators.map(lc))])),
  });
  // each bundle is checked once (leaves -> root, count, signature); its bids are then checked by their leaves
  for (const bundle of record.bundles ?? []) book.openBundle(bundle);
  for (const [i, b] of record.bids.entries()) {
    if (b.bundle !== undefined || b.leaf !== undefined) {
      if (b.bid === null || b.signature !== null || !Number.isInteger(b.bundle) || !Number.isInteger(b.leaf)) {
        say('BAD_BID', `bid #${i} names a bundle but is not a bundled bid`);
        book.keep(b);
        continue;
      }
      replayOne(book, i, b, say, { bundle: b.bundle!, leaf: b.leaf! });
      continue;
    }
    if (b.bid === null || b.signature === null) {
      // nothing to recheck: an unreadable bid can only have been refused
      if (b.verdict !== 'MALFORMED')
        say('BID_VERDICT_MISMATCH', `bid #${i} has no readable content but is recorded ${b.verdict}`);
      book.keep(b);
      continue;
    }
    replayOne(book, i, b, say);
  }
  for (const [i, b] of record.bids.entries()) {
    const got = book.bids[i];
    if (
      got.verdict === b.verdict ||
      (NOT_SEATED.has(got.verdict) && NOT_SEATED.has(b.verdict)) ||
      got.verdict === 'DUPLICATE_BID'
    )
      continue;
    if (b.verdict === 'ACCEPTED')
      say('BAD_BID', `accepted bid #${i} fails the bid check: ${got.verdict} (${got.reason})`);
    else
      say(
        'BID_VERDICT_MISMATCH',
        `bid #${i} is recorded ${b.verdict}, but the rules give ${got.verdict} (${got.reason})`,
      );
  }
  for (const [i, b] of record.bids.entries())
    if (b.bidHash !== null && book.bids[i].bidHash !== null && b.bidHash !== book.bids[i].bidHash)
      say('BAD_BID', `bid #${i} does not hash to its bidHash`);
  return book.candidates();
}

/** One recorded bid through the book again, signed on its own or (`via`) as a leaf of a recorded bundle. */
function replayOne(
  book: AuctionBook,
  i: number,
  b: AuctionRecordJSON['bids'][number],
  say: Say,
  via?: { bundle: number; leaf: number },
): void {
  const r = book.add(via ? { bid: b.bid } : { bid: b.bid, signature: b.signature }, b.receivedAt, via);
  if (r.index === undefined) {
    say('BID_VERDICT_MISMATCH', `bid #${i} is an identical copy of bid #${r.duplicateOf}; a repeat is never kept`);
    book.keep({ ...b, verdict: 'DUPLICATE_BID' });
  }
}

/** Version 1: each bid recorded ACCEPTED must pass the check the auctioneer ran on arrival. */
function checkAcceptedBids({ record, minBuyAmounts, operatorOf, say }: BidAudit): CandidateBid[] {
  const candidates: CandidateBid[] = [];
  const ctx = {
    auctionId: record.auctionId as Hex,
    minBuyAmounts,
    isRegistered: (s: Address) => operatorOf.has(s),
    closesAt: record.openedAt + record.bidWindowMs,
  };
  for (const [index, b] of record.bids.entries()) {
    if (b.verdict !== 'ACCEPTED') continue;
    const v = verifyBid({ bid: b.bid, signature: b.signature }, { ...ctx, receivedAt: b.receivedAt });
    if (v.verdict !== 'ACCEPTED')
      say('BAD_BID', `accepted bid #${index} fails the bid check: ${v.verdict} (${v.reason})`);
    else if (v.bidHash !== b.bidHash) say('BAD_BID', `bid #${index} does not hash to its bidHash`);
    else
      candidates.push({
        index,
        bidHash: v.bidHash,
        solver: v.solver,
        operator: operatorOf.get(v.solver) ?? v.solver,
        fills: v.bid.bid.fills,
      });
  }
  return candidates;
}

export type VerifyChainReturnType = { ok: boolean; checked: number; problems: AuditProblem[] };

/**
 * Checks a run of one auctioneer's records in sequence order: each one on its own (`verifyAuction`) and the
 * links between them, so a removed, reordered, inserted or altered record is found and named.
 * `from` is the recordHash before the first record (the genesis hash when the run starts at seq 1).
 */
export function verifyChain(
  records: AuctionRecordJSON[],
  { auctioneer, from }: VerifyAuctionParameters & { from?: string },
): VerifyChainReturnType {
  const problems: AuditProblem[] = [];
  let prev = records[0]?.seq === 1 ? GENESIS_RECORD_HASH : from;
  let prevSeq = records.length ? records[0].seq - 1 : 0;
  // across records: a lapse names an award an earlier record gave (when the run holds it), once; exclusions carry on
  const awards = new Map<string, string>();
  const held = new Set<string>();
  const lapsed = new Set<string>();
  const keptOut = new Map<string, Set<string>>();
  for (const r of records) {
    problems.push(...verifyAuction(r, { auctioneer }).problems);
    const at = { auctionId: r.auctionId, seq: r.seq };
    // earlier records' lapses first: this record's own are checked by verifyAuction
    const excluded = new Map((r.excluded ?? []).map((x) => [lc(x.intentHash), new Set(x.operators.map(lc))]));
    for (const e of r.intents) {
      for (const op of keptOut.get(lc(e.hash)) ?? [])
        if (!excluded.get(lc(e.hash))?.has(op))
          problems.push({
            code: 'LAPSE_NOT_EXCLUDED',
            message: `intent ${e.hash} is auctioned again without keeping out ${op}`,
            ...at,
          });
    }
    for (const l of r.lapses ?? []) {
      const key = `${lc(l.award.award.auctionId)}:${lc(l.award.award.intentHash)}`;
      if (lapsed.has(key))
        problems.push({
          code: 'BAD_LAPSE',
          message: `the award of ${l.award.award.intentHash} in auction ${l.award.award.auctionId} lapses twice`,
          ...at,
        });
      else if (held.has(lc(l.award.award.auctionId)) && awards.get(key) !== canon(l.award))
        problems.push({
          code: 'BAD_LAPSE',
          message: `the lapsed award of ${l.award.award.intentHash} is not the one auction ${l.award.award.auctionId} gave`,
          ...at,
        });
      lapsed.add(key);
      const ops = keptOut.get(lc(l.award.award.intentHash)) ?? new Set<string>();
      keptOut.set(lc(l.award.award.intentHash), ops.add(lc(l.operator)));
    }
    for (const a of r.awards) awards.set(`${lc(a.award.auctionId)}:${lc(a.award.intentHash)}`, canon(a));
    held.add(lc(r.auctionId));
    if (r.seq <= prevSeq)
      problems.push({
        code: 'CHAIN_ORDER',
        message: `record seq ${r.seq} comes after seq ${prevSeq}: records are out of order`,
        ...at,
      });
    else if (r.seq !== prevSeq + 1)
      problems.push({
        code: 'CHAIN_BROKEN',
        message: `seq ${prevSeq + 1}${r.seq - 1 > prevSeq + 1 ? `-${r.seq - 1}` : ''} missing before seq ${r.seq}: a record was removed`,
        ...at,
      });
    if (prev !== undefined && r.prevRecordHash !== prev)
      problems.push({
        code: 'CHAIN_BROKEN',
        message: `seq ${r.seq} does not link to the record before it (prevRecordHash ${r.prevRecordHash}, expected ${prev})`,
        ...at,
      });
    prev = r.recordHash;
    prevSeq = Math.max(prevSeq, r.seq);
  }
  return { ok: problems.length === 0, checked: records.length, problems };
}
