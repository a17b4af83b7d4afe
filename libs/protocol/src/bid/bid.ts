import { offchainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { keccak } from '../crypto/keccak';
import { recoverDigestSigner } from '../crypto/recoverSigner';
import { signTypedDataWith, type TypedDataSigner } from '../intent/signIntent';
import { bytesToHex, type Address, type Hex } from '../primitives';
import {
  address,
  amount,
  array,
  bytes32,
  checkOrThrow,
  safeInt,
  signature,
  strictObject,
  type CheckIssue,
} from '../check';
import { BID_TYPE, FILL_TYPE, bidTypes, offchainDomain, offchainTypedData } from '../typedData';

/** One intent a bid commits to fill, and how much of the buy token its recipient will get. */
export type Fill = { intentHash: Hex; buyAmount: bigint };

/** A solver's signed offer in one auction; it may cover one intent or a batch. */
export type Bid = {
  auctionId: Hex;
  solver: Address;
  fills: Fill[];
  /** Commitment to the route the solver will execute (libs/routing hashRoute). */
  routeHash: Hex;
  /** Unix seconds; the bid is not binding after this. */
  validUntil: number;
};
export type BidJSON = {
  auctionId: string;
  solver: string;
  fills: { intentHash: string; buyAmount: string }[];
  routeHash: string;
  validUntil: number;
};
export type SignedBid = { bid: Bid; signature: Hex };
export type SignedBidJSON = { bid: BidJSON; signature: string };

/** Most fills one bid may carry: bounds the work a single message can cause. */
export const MAX_FILLS_PER_BID = 1000;

// plain checks (bidSchema.ts holds the zod schemas; checks.test.ts holds the two equal)
export const bidCheck = strictObject({
  auctionId: bytes32,
  solver: address,
  fills: array(strictObject({ intentHash: bytes32, buyAmount: amount({ positive: true }) }), {
    min: 1,
    max: MAX_FILLS_PER_BID,
  }),
  routeHash: bytes32,
  validUntil: safeInt,
});
export const signedBidCheck = strictObject({ bid: bidCheck, signature });
/** A bid of a bundle, `{ bid }`: its signature is the bundle's. */
export const bundledBidCheck = strictObject({ bid: bidCheck });

export function parseSignedBid(json: unknown): SignedBid {
  return checkOrThrow(signedBidCheck, json, 'bid');
}
export function parseBundledBid(json: unknown): { bid: Bid } {
  return checkOrThrow(bundledBidCheck, json, 'bid');
}
/** A bundle's leaf as a bid, or undefined when it is not one (verifyBid then gives it its MALFORMED verdict). */
export function readBundledBid(json: unknown): Bid | undefined {
  // bundledBidCheck of `{ bid: json }`, without building the wrapper: the same issues under the same path
  const issues: CheckIssue[] = [];
  const bid = bidCheck(json, ['bid'], issues);
  return issues.length ? undefined : bid;
}
export function serializeBid(bid: Bid): BidJSON {
  return {
    auctionId: bid.auctionId,
    solver: bid.solver,
    fills: bid.fills.map((f) => ({ intentHash: f.intentHash, buyAmount: f.buyAmount.toString() })),
    routeHash: bid.routeHash,
    validUntil: bid.validUntil,
  };
}
export function serializeSignedBid(s: SignedBid): SignedBidJSON {
  return { bid: serializeBid(s.bid), signature: s.signature };
}

const FILL_TYPEHASH = typeHash(FILL_TYPE);
const BID_TYPEHASH = typeHash(BID_TYPE);

// the struct's first words (type hash, auctionId, solver) of the last bid hashed: a bundle's bids share them, when the
// solver signs it and when the auctioneer reads it, so each bid encodes only its own words
let head: { auctionId: string; solver: string; words: Uint8Array } | undefined;
function bidHead(auctionId: string, solver: string): Uint8Array {
  if (head?.auctionId !== auctionId || head.solver !== solver)
    head = {
      auctionId,
      solver,
      words: new WordWriter(3).bytes32(BID_TYPEHASH).bytes32(auctionId).address(solver).bytes,
    };
  return head.words;
}
// hashing is synchronous, so one writer per struct size serves every bid (a typed array per struct cost more than it held)
const fillWriter = new WordWriter(3);
const bidWriter = new WordWriter(6);
const BID_DOMAIN_SEPARATOR = offchainDomainSeparator(offchainDomain);

/** EIP-712 digest of a bid under the off-chain domain. */
export function hashBid(bid: Bid): Hex {
  return bytesToHex(bidDigest(bid));
}

/** hashBid as bytes: a bundle's Merkle leaf, hashed on without a trip through hex. */
export function bidDigest(bid: Bid): Uint8Array {
  const fillHashes = new Uint8Array(bid.fills.length * 32);
  bid.fills.forEach((f, i) => {
    fillHashes.set(fillWriter.rewind().bytes32(FILL_TYPEHASH).bytes32(f.intentHash).uint(f.buyAmount).hash(), i * 32);
  });
  const struct = bidWriter
    .rewind()
    .words(bidHead(bid.auctionId, bid.solver))
    .bytes32(keccak(fillHashes))
    .bytes32(bid.routeHash)
    .uint(bid.validUntil)
    .hash();
  return typedDataDigest(BID_DOMAIN_SEPARATOR, struct);
}

export function bidTypedData(bid: Bid) {
  return offchainTypedData('Bid', bidTypes, { ...bid, validUntil: BigInt(bid.validUntil) });
}

export async function signBid(bid: Bid, signer: TypedDataSigner): Promise<Hex> {
  return signTypedDataWith(signer, bidTypedData(bid));
}

export function recoverBidSigner(bid: Bid, signature: string): Address {
  return recoverDigestSigner(hashBid(bid), signature);
}
