import {
  GENESIS_RECORD_HASH,
  auctionRecordDigest,
  canonicalJson,
  getChainDomain,
  hashAuctionRecord,
  hashIntent,
  parseSignedAward,
  parseSignedIntent,
  recoverAwardSigner,
  recoverDigestSigner,
  recoverIntentSigner,
  type Address,
  type AuctionRecordJSON,
  type Hex,
  type Intent,
} from '@intentmesh/protocol';
import { PRICE_SCALE, selectWinners, type CandidateBid } from './selectWinners';
import { verifyBid } from './verifyBid';

/** One thing an auditor found wrong with a record, with a stable code. */
export type AuditProblem = { code: AuditProblemCode; message: string; auctionId?: string; seq?: number };
export type AuditProblemCode =
  | 'RECORD_HASH_MISMATCH'
  | 'WRONG_AUCTIONEER'
  | 'BAD_RECORD_SIGNATURE'
  | 'BAD_INTENT'
  | 'BAD_BID'
  | 'OUTCOMES_MISMATCH'
  | 'WINNERS_MISMATCH'
  | 'REFERENCE_SCORES_MISMATCH'
  | 'BAD_AWARD'
  | 'CHAIN_BROKEN'
  | 'CHAIN_ORDER';

export type VerifyAuctionParameters = { auctioneer: Address | string };
export type VerifyAuctionReturnType = { ok: boolean; auctionId: string; seq: number; problems: AuditProblem[] };

const lc = (s: string) => s.toLowerCase();
// key order is not data: the store (JSONB) may hand fields back in another order
const canon = (x: unknown) => canonicalJson(x);

/**
 * Re-checks one auction record offline, trusting nothing the server said about it: the record hash and the
 * auctioneer's signature, every intent's and every counted bid's signature, the scores, the fairness filter,
 * the winners and reference scores (recomputed with the same pure `selectWinners`), and every award.
 */
export function verifyAuction(record: AuctionRecordJSON, { auctioneer }: VerifyAuctionParameters): VerifyAuctionReturnType {
  const problems: AuditProblem[] = [];
  const say = (code: AuditProblemCode, message: string) => problems.push({ code, message, auctionId: record.auctionId, seq: record.seq });

  if (hashAuctionRecord(record) !== record.recordHash) say('RECORD_HASH_MISMATCH', 'the record does not hash to its recordHash: some field was changed after signing');
  if (lc(record.auctioneer) !== lc(auctioneer)) say('WRONG_AUCTIONEER', `the record names auctioneer ${record.auctioneer}, not ${auctioneer}`);
  try {
    const signer = recoverDigestSigner(auctionRecordDigest(record), record.signature);
    if (lc(signer) !== lc(auctioneer)) say('BAD_RECORD_SIGNATURE', `the record is signed by ${signer}, not by the auctioneer ${auctioneer}`);
  } catch {
    say('BAD_RECORD_SIGNATURE', 'the record signature is unreadable');
  }

  const intents = new Map<string, Intent>();
  for (const [i, e] of record.intents.entries()) {
    try {
      const { intent, signature } = parseSignedIntent({ intent: e.intent, signature: e.signature });
      if (hashIntent(intent) !== e.hash) say('BAD_INTENT', `intent #${i} does not hash to ${e.hash}`);
      else if (recoverIntentSigner(intent, signature) !== intent.swapper) say('BAD_INTENT', `intent #${i} (${e.hash}) is not signed by its swapper`);
      intents.set(e.hash, intent);
    } catch (err) {
      say('BAD_INTENT', `intent #${i} is unreadable: ${(err as Error).message}`);
    }
  }

  // Seats and counted bids belong to operators; the record names each solver's operator when trust is on.
  const operatorOf = new Map(record.solvers.map((s) => [lc(s.solver), lc((s as { operator?: string }).operator ?? s.solver)]));
  const candidates: CandidateBid[] = [];
  // each counted bid must pass the very check the auctioneer ran on arrival, timing and registration included
  const ctx = {
    auctionId: record.auctionId as Hex,
    minBuyAmounts: new Map([...intents].map(([h, it]) => [h, it.minBuyAmount])),
    isRegistered: (solver: Address) => operatorOf.has(solver),
    closesAt: record.openedAt + record.bidWindowMs,
  };
  for (const [index, b] of record.bids.entries()) {
    if (b.verdict !== 'ACCEPTED') continue;
    const v = verifyBid({ bid: b.bid, signature: b.signature }, { ...ctx, receivedAt: b.receivedAt });
    if (v.verdict !== 'ACCEPTED') say('BAD_BID', `accepted bid #${index} fails the bid check: ${v.verdict} (${v.reason})`);
    else if (v.bidHash !== b.bidHash) say('BAD_BID', `bid #${index} does not hash to its bidHash`);
    else candidates.push({ index, bidHash: v.bidHash, solver: v.solver, operator: (operatorOf.get(v.solver) ?? v.solver) as Address, fills: v.bid.bid.fills });
  }

  const terms = record.intents.map((e) => {
    const it = intents.get(e.hash);
    const price = it ? record.referencePrices[`${it.destinationChainId}:${lc(it.buyToken)}`] : undefined;
    return { hash: e.hash, minBuyAmount: it?.minBuyAmount ?? 0n, price: price === undefined ? PRICE_SCALE : BigInt(price) };
  });
  const result = selectWinners({ intents: terms, bids: candidates, seed: record.seed as Hex });
  const outcomes = result.outcomes.map((o) => ({ index: o.index, score: o.score.toString(), outcome: o.outcome }));
  const byIndex = (a: { index: number }, b: { index: number }) => a.index - b.index;
  if (canon([...outcomes].sort(byIndex)) !== canon([...record.outcomes].sort(byIndex))) say('OUTCOMES_MISMATCH', 'the recorded scores or outcomes differ from the ones recomputed from the bids');
  const winners = result.winners.flatMap((w) => w.fills.map((f) => ({ intentHash: f.intentHash, solver: w.solver, buyAmount: f.buyAmount.toString(), bidIndex: w.index })));
  const byIntent = (a: { intentHash: string }, b: { intentHash: string }) => (a.intentHash < b.intentHash ? -1 : a.intentHash > b.intentHash ? 1 : 0);
  if (canon([...winners].sort(byIntent)) !== canon([...record.winners].sort(byIntent))) say('WINNERS_MISMATCH', 'the recorded winners differ from the ones recomputed from the bids');
  const refs = Object.fromEntries([...result.referenceScores].map(([k, v]) => [lc(k), v.toString()]));
  const recordedRefs = Object.fromEntries(Object.entries(record.referenceScores).map(([k, v]) => [lc(k), v]));
  if (canon(Object.entries(refs).sort()) !== canon(Object.entries(recordedRefs).sort())) say('REFERENCE_SCORES_MISMATCH', 'the recorded reference scores differ from the recomputed ones');

  const won = new Map(record.winners.map((w) => [w.intentHash, w]));
  if (record.awards.length !== record.winners.length) say('BAD_AWARD', `${record.awards.length} awards for ${record.winners.length} winners`);
  for (const [i, a] of record.awards.entries()) {
    try {
      const { award, signature } = parseSignedAward(a);
      const w = won.get(award.intentHash);
      const intent = intents.get(award.intentHash);
      if (!w || !intent || lc(w.solver) !== lc(award.solver) || w.buyAmount !== award.buyAmount.toString() || award.auctionId !== record.auctionId) {
        say('BAD_AWARD', `award #${i} does not match a winner of this auction`);
      } else if (recoverAwardSigner(award, getChainDomain(intent.sourceChainId), signature) !== lc(auctioneer)) {
        say('BAD_AWARD', `award #${i} is not signed by the auctioneer`);
      }
    } catch (err) {
      say('BAD_AWARD', `award #${i} is unreadable: ${(err as Error).message}`);
    }
  }
  return { ok: problems.length === 0, auctionId: record.auctionId, seq: record.seq, problems };
}

export type VerifyChainReturnType = { ok: boolean; checked: number; problems: AuditProblem[] };

/**
 * Checks a run of one auctioneer's records in sequence order: each one on its own (`verifyAuction`) and the
 * links between them, so a removed, reordered, inserted or altered record is found and named.
 * `from` is the recordHash before the first record (the genesis hash when the run starts at seq 1).
 */
export function verifyChain(records: AuctionRecordJSON[], { auctioneer, from }: VerifyAuctionParameters & { from?: string }): VerifyChainReturnType {
  const problems: AuditProblem[] = [];
  let prev = records[0]?.seq === 1 ? GENESIS_RECORD_HASH : from;
  let prevSeq = records.length ? records[0].seq - 1 : 0;
  for (const r of records) {
    problems.push(...verifyAuction(r, { auctioneer }).problems);
    const at = { auctionId: r.auctionId, seq: r.seq };
    if (r.seq <= prevSeq) problems.push({ code: 'CHAIN_ORDER', message: `record seq ${r.seq} comes after seq ${prevSeq}: records are out of order`, ...at });
    else if (r.seq !== prevSeq + 1) problems.push({ code: 'CHAIN_BROKEN', message: `seq ${prevSeq + 1}${r.seq - 1 > prevSeq + 1 ? `-${r.seq - 1}` : ''} missing before seq ${r.seq}: a record was removed`, ...at });
    if (prev !== undefined && r.prevRecordHash !== prev) problems.push({ code: 'CHAIN_BROKEN', message: `seq ${r.seq} does not link to the record before it (prevRecordHash ${r.prevRecordHash}, expected ${prev})`, ...at });
    prev = r.recordHash;
    prevSeq = Math.max(prevSeq, r.seq);
  }
  return { ok: problems.length === 0, checked: records.length, problems };
}
