import {
  GENESIS_RECORD_HASH,
  auctionRecordDigest,
  hashAuctionRecord,
  createDigestSigner,
  deriveAuctionId,
  hashBid,
  hashBidBundle,
  hashIntent,
  merkleRoot,
  serializeBid,
  keccakHex,
  serializeSignedBid,
  type Address,
  type AuctionRecordJSON,
  type DigestSigner,
  type Hex,
  type Intent,
} from '@intentmesh/protocol';
import fc from 'fast-check';
import { generatePrivateKey } from 'viem/accounts';
import { AuctionBook } from '../src/auctionBook';
import { buildAuctionRecord, sealAuctionRecord } from '../src/buildAuctionRecord';
import { auctionTerms, referencePricesFor } from '../src/referencePrices';
import { verifyAuction } from '../src/verifyAuction';
import type { SelectWinnersResult } from '../src/selectWinners';
import { SolverTrust } from '../src/trust/solverTrust';
import { seededRandom } from '../src/trust/random';
import { answer, fakeClock } from './trustTestkit';

/** Test helper (not exported): honest auction records built with the auctioneer's own code and real signatures. */

/** A deep copy of a JSON value (a record to tamper with). */
export const copy = <T>(x: T) => JSON.parse(JSON.stringify(x)) as T;

/** The distinct codes of the problems verifyAuction finds in a record, sorted. */
export const codes = (r: AuctionRecordJSON, auctioneer: string) =>
  [...new Set(verifyAuction(r, { auctioneer }).problems.map((p) => p.code))].sort();

/** What a dishonest auctioneer does after altering its own record: hash and sign it again with its key. */
export function resign(r: AuctionRecordJSON, key: DigestSigner): AuctionRecordJSON {
  r.recordHash = hashAuctionRecord(r);
  r.signature = key.signDigest(auctionRecordDigest(r));
  return r;
}

export type PlannedBid = {
  solver: number;
  fills: { intent: number; buyAmount: bigint }[];
  /** ms after open */ at?: number;
  auctionId?: Hex;
};
/**
 * A random bid's fills: up to three intent indices (a plan takes them modulo its intent count), each bidding `extra`
 * above (or below) that intent's minimum buy amount.
 */
export const randomFills = (extra: { min: bigint; max: bigint }, minLength: number) =>
  fc.uniqueArray(fc.record({ intent: fc.nat(), extra: fc.bigInt(extra) }), {
    minLength,
    maxLength: 3,
    selector: (f) => f.intent,
  });

export type PlannedAuction = {
  intents: { minBuyAmount: bigint; chainId?: number; buyToken?: Address }[];
  /** Operator index of each solver key (keys of one operator share seats and counted bids). */
  solvers: number[];
  bids: PlannedBid[];
  bidWindowMs?: number;
  prices?: Record<string, bigint>;
  /** Each solver sends its bids as one signed bundle (in plan order), at the time of its first bid. */
  bundled?: boolean;
  /** Prices and scoring terms fixed at open and given to the book, as the auctioneer does: bids scored on arrival. */
  scoredOnArrival?: boolean;
};
export type HonestAuction = {
  record: AuctionRecordJSON;
  result: SelectWinnersResult;
  auctioneer: DigestSigner;
  solverKeys: DigestSigner[];
  next: (plan: PlannedAuction) => HonestAuction;
};

const UNIT = 10n ** 18n;
const DAY = 24 * 3600_000;
const TOKEN_OUT = '0x00000000000000000000000000000000000000b1' as Address;

export function honestAuction(
  plan: PlannedAuction,
  state?: {
    auctioneer: DigestSigner;
    head: { seq: number; recordHash: string };
    solverKeys?: DigestSigner[];
    swapper?: DigestSigner;
  },
): HonestAuction {
  const auctioneer = state?.auctioneer ?? createDigestSigner(generatePrivateKey());
  const swapper = state?.swapper ?? createDigestSigner(generatePrivateKey());
  const head = state?.head ?? { seq: 0, recordHash: GENESIS_RECORD_HASH };
  const solverKeys =
    state?.solverKeys && state.solverKeys.length >= plan.solvers.length
      ? state.solverKeys
      : plan.solvers.map(() => createDigestSigner(generatePrivateKey()));
  const clock = fakeClock();
  const trust = new SolverTrust({ auctioneer: auctioneer.address, now: clock.now, random: seededRandom(1) });
  const operators = [...new Set(plan.solvers)].map(
    (i) => keccakHex(new TextEncoder().encode(`op${i}`)).slice(0, 42) as Address,
  );
  for (const op of operators) trust.registry.upsertOperator(op, UNIT);
  plan.solvers.forEach((op, i) =>
    trust.registry.addSolver(solverKeys[i].address, operators[[...new Set(plan.solvers)].indexOf(op)]),
  );
  clock.advance(2 * DAY); // past the new-operator ramp
  // one answered health probe per key: the attestations the invitations rest on
  for (const { solver, challenge } of trust.health.issueChallenges()) {
    const key = solverKeys.find((k) => k.address === solver)!;
    const r = trust.health.onAttestation(answer(key, challenge), clock.now() + 7);
    if (!r.ok) throw new Error(`attestation refused: ${r.reason}`);
  }
  clock.advance(50);

  const openedAt = clock.now();
  const auctionId = deriveAuctionId(auctioneer.address, head.seq + 1, openedAt);
  const seed = keccakHex(new TextEncoder().encode(auctionId + head.recordHash));
  const deadline = Math.floor(openedAt / 1000) + 3600;
  const intents = plan.intents.map((p, i) => {
    const intent: Intent = {
      swapper: swapper.address,
      sellToken: '0x00000000000000000000000000000000000000a1' as Address,
      sellAmount: UNIT,
      buyToken: p.buyToken ?? TOKEN_OUT,
      minBuyAmount: p.minBuyAmount,
      recipient: swapper.address,
      sourceChainId: p.chainId ?? 1,
      destinationChainId: p.chainId ?? 1,
      nonce: BigInt(head.seq * 1000 + i),
      deadline,
    };
    const hash = hashIntent(intent);
    return { hash, intent, signature: swapper.signDigest(hash) };
  });
  const fanout = trust.fanout.plan(
    seed,
    [...new Set(intents.map((e) => e.intent.sourceChainId))].sort((a, b) => a - b).map((chainId) => ({ chainId })),
  );
  const bidWindowMs = plan.bidWindowMs ?? 200;
  const chainOf = new Map(intents.map((e) => [e.hash as string, e.intent.sourceChainId]));
  const prices = plan.prices;
  const referencePrices = referencePricesFor(
    intents.map((e) => e.intent),
    prices ? (c, t) => prices[`${c}:${t}`] : undefined,
  );
  const terms = plan.scoredOnArrival ? auctionTerms(intents, referencePrices) : undefined;
  const book = new AuctionBook({
    auctionId,
    closesAt: openedAt + bidWindowMs,
    minBuyAmounts: new Map(intents.map((e) => [e.hash, e.intent.minBuyAmount])),
    isRegistered: (s) => trust.registry.isRegistered(s),
    operatorOf: (s) => trust.registry.operatorOf(s),
    invitations: fanout.invitations,
    chainOf: (h) => chainOf.get(h),
    seed,
    terms,
  });
  const bids = plan.bids.map((b, i) => ({
    at: openedAt + (b.at ?? 1 + i),
    key: solverKeys[b.solver],
    bid: {
      auctionId: b.auctionId ?? auctionId,
      solver: solverKeys[b.solver].address,
      fills: b.fills.map((f) => ({ intentHash: intents[f.intent].hash, buyAmount: f.buyAmount })),
      routeHash: keccakHex(new TextEncoder().encode(`route${i}`)),
      validUntil: deadline,
    },
  }));
  if (plan.bundled) {
    for (const key of [...new Set(bids.map((b) => b.key))]) {
      const mine = bids.filter((b) => b.key === key);
      // built by hand rather than signBidBundle: a bid planned for another auction keeps its auctionId (WRONG_AUCTION)
      const bundle = {
        auctionId,
        solver: key.address,
        root: merkleRoot(mine.map((b) => hashBid(b.bid))),
        count: mine.length,
      };
      const message = {
        bundle,
        signature: key.signDigest(hashBidBundle(bundle)),
        bids: mine.map((b) => serializeBid(b.bid)),
      };
      book.addBundle(message, mine[0].at);
    }
  } else {
    for (const { bid, key, at } of bids)
      book.add(serializeSignedBid({ bid, signature: key.signDigest(hashBid(bid)) }), at);
  }
  const { body, result, intentLeaves } = buildAuctionRecord(
    {
      auctionId,
      openedAt,
      closedAt: openedAt + bidWindowMs + 3,
      bidWindowMs,
      seed,
      intents,
      referencePrices,
      terms,
      solvers: fanout.solvers,
      fanout: fanout.record,
      bids: book.bids,
      bundles: book.bundles,
      candidates: book.candidates(),
      duplicateBids: book.duplicateBids,
      settleWindowSec: 600,
    },
    auctioneer,
  );
  const record = sealAuctionRecord(body, head, auctioneer, book.bidLeaves, intentLeaves);
  const carry = { auctioneer, head: { seq: record.seq, recordHash: record.recordHash }, solverKeys, swapper };
  return { record, result, auctioneer, solverKeys, next: (p) => honestAuction(p, carry) };
}

/** Two intents, two solvers, each winning one: the smallest auction with awards to two solvers. */
export const TWO_SOLVER_PLAN: PlannedAuction = {
  intents: [{ minBuyAmount: 1000n }, { minBuyAmount: 1000n }],
  solvers: [0, 1],
  bids: [
    { solver: 0, fills: [{ intent: 0, buyAmount: 1100n }] },
    { solver: 1, fills: [{ intent: 1, buyAmount: 1200n }] },
  ],
};
