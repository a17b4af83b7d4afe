import {
  createDigestSigner,
  getChainDomain,
  hashAward,
  hashSettlementFailure,
  type Address,
  type Hex,
  type LapseEvidenceJSON,
} from '@intentmesh/protocol';
import { verifyAuction, verifyChain } from '@intentmesh/auction';
import { generatePrivateKey } from 'viem/accounts';
import { codes, copy, honestAuction, resign, TWO_SOLVER_PLAN } from '../test/testAuction';

const PLAN = TWO_SOLVER_PLAN;

describe('audit - lapse evidence in the record chain (version 3)', () => {
  const first = honestAuction(PLAN);
  const { auctioneer, solverKeys } = first;
  const A = auctioneer.address;
  const [award0, award1] = first.record.awards;
  // award 0 lapsed silently at settleBy; award 1's solver reported its settlement failed
  const lapsed: LapseEvidenceJSON = {
    award: award0,
    sourceChainId: 1,
    operator: first.record.solvers.find((s) => s.solver === award0.award.solver)!.operator!,
    kind: 'lapsed',
    decidedAt: award0.award.settleBy * 1000 + 1500,
    checkedBlock: { number: 42, hash: `0x${'42'.repeat(32)}`, timestamp: award0.award.settleBy - 1 },
  };
  const reporter = solverKeys.find((k) => k.address === award1.award.solver)!;
  const failure = {
    auctionId: award1.award.auctionId as Hex,
    intentHash: award1.award.intentHash as Hex,
    solver: award1.award.solver as Address,
    reason: 'InsufficientDelivery(0, 1200)',
    reportedAt: 5,
  };
  const reported: LapseEvidenceJSON = {
    award: award1,
    sourceChainId: 1,
    operator: first.record.solvers.find((s) => s.solver === award1.award.solver)!.operator!,
    kind: 'reported',
    decidedAt: first.record.closedAt + 10,
    report: { failure, signature: reporter.signDigest(hashSettlementFailure(failure)) },
  };
  // the next record carries both, and (not auctioning them again here) needs no exclusions
  const second = (() => {
    const next = first.next({ intents: [{ minBuyAmount: 1000n }], solvers: [0, 1], bids: [] });
    const r = copy(next.record);
    r.closedAt = Math.max(r.closedAt, lapsed.decidedAt + 1);
    r.lapses = [lapsed, reported];
    return resign(r, auctioneer);
  })();

  it('audit - honest lapse evidence verifies alone and in the chain', () => {
    expect(second.version).toBeGreaterThanOrEqual(3);
    expect(verifyAuction(second, { auctioneer: A }).problems).toEqual([]);
    expect(verifyChain([first.record, second], { auctioneer: A })).toMatchObject({ ok: true });
  });

  it('audit - a forged award, an early lapse or a report signed by another key is BAD_LAPSE, even re-signed', () => {
    const forged = copy(second);
    forged.lapses![0].award.award.buyAmount = '1';
    expect(codes(resign(forged, auctioneer), A)).toEqual(['BAD_LAPSE']);
    const early = copy(second);
    early.lapses![0].decidedAt = award0.award.settleBy * 1000 - 1;
    expect(codes(resign(early, auctioneer), A)).toEqual(['BAD_LAPSE']);
    const stranger = createDigestSigner(generatePrivateKey());
    const wrong = copy(second);
    wrong.lapses![1].report!.signature = stranger.signDigest(hashSettlementFailure(failure));
    expect(codes(resign(wrong, auctioneer), A)).toEqual(['BAD_LAPSE']);
    // an edit without re-signing is a hash mismatch as well
    const unsigned = copy(second);
    unsigned.lapses![0].checkedBlock!.number = 41;
    expect(codes(unsigned, A)).toEqual(['RECORD_HASH_MISMATCH']);
  });

  it('audit - verifyChain: a lapse of an award no record gave, the same lapse twice, or a re-auction that lets the lapsed operator back in', () => {
    const other = copy(second);
    other.lapses![1] = {
      ...other.lapses![1],
      award: { ...other.lapses![1].award, award: { ...other.lapses![1].award.award, buyAmount: '1199' } },
    };
    other.lapses![1].award.signature = auctioneer.signDigest(
      // a well-signed award that the first auction never gave
      hashAward(
        {
          ...award1.award,
          buyAmount: 1199n,
          auctionId: award1.award.auctionId as Hex,
          intentHash: award1.award.intentHash as Hex,
          solver: award1.award.solver as Address,
        },
        getChainDomain(1),
      ),
    );
    const chained = verifyChain([first.record, resign(other, auctioneer)], { auctioneer: A });
    expect(chained.problems.map((p) => p.code)).toEqual(['BAD_LAPSE']);

    const third = copy(second);
    third.seq = 3;
    third.prevRecordHash = second.recordHash;
    third.auctionId = `0x${'33'.repeat(32)}`;
    third.awards = [];
    third.winners = [];
    // the lapsed intent is auctioned again without keeping its operator out
    third.intents = [first.record.intents[0]];
    third.lapses = [lapsed];
    const problems = verifyChain([first.record, second, resign(third, auctioneer)], { auctioneer: A }).problems.map(
      (p) => p.code,
    );
    expect(problems).toEqual(expect.arrayContaining(['BAD_LAPSE', 'LAPSE_NOT_EXCLUDED']));
  });

  it('audit - a version 2 record may not carry lapses', () => {
    const old = copy(second);
    old.version = 2;
    expect(codes(resign(old, auctioneer), A)).toContain('UNSUPPORTED_VERSION');
  });
});
