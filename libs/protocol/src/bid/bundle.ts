import { offchainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { recoverDigestSigner } from '../crypto/recoverSigner';
import { merkleRoot } from '../merkle/merkle';
import { bytesToHex, type Address, type Hex } from '../primitives';
import { address, array, bytes32, checkOrThrow, safeInt, signature, strictObject, unknown } from '../check';
import { offchainDomain, structTypes } from '../typedData';
import { bidDigest, serializeBid, type Bid, type BidJSON } from './bid';
import type { DigestSigner } from '../crypto/signDigest';

/**
 * One signature for all of a solver's bids in an auction: the solver signs (auctionId, solver, root, count), where
 * root is the Merkle root (merkleRoot) over the bids' EIP-712 digests (hashBid) in the order they are sent. The
 * auctioneer recovers one signer per bundle and checks each bid by its leaf.
 */
export type BidBundle = { auctionId: Hex; solver: Address; root: Hex; count: number };

export const BID_BUNDLE_TYPE = 'BidBundle(bytes32 auctionId,address solver,bytes32 root,uint256 count)';
const BID_BUNDLE_TYPEHASH = typeHash(BID_BUNDLE_TYPE);

export const bidBundleTypes = structTypes(BID_BUNDLE_TYPE);

/** Most bids one bundle may carry (one message). */
export const MAX_BIDS_PER_BUNDLE = 1000;

/**
 * auction.<id>.bid, bundled: `{ bundle, signature, bids }` with the bids unsigned, in leaf order; `bids` is checked
 * bid by bid (each one's verdict is its own), so only the envelope is parsed here. Plain checks: bundleSchema.ts holds
 * the zod schema, and checks.test.ts holds the two equal.
 */
export const bidBundleMessageCheck = strictObject({
  bundle: strictObject({ auctionId: bytes32, solver: address, root: bytes32, count: safeInt }),
  signature,
  bids: array(unknown, { min: 1, max: MAX_BIDS_PER_BUNDLE }),
});
export type BidBundleMessage = { bundle: BidBundle; signature: Hex; bids: unknown[] };
export type BidBundleMessageJSON = {
  bundle: { auctionId: string; solver: string; root: string; count: number };
  signature: string;
  bids: BidJSON[];
};

export function parseBidBundleMessage(json: unknown): BidBundleMessage {
  return checkOrThrow(bidBundleMessageCheck, json, 'bid bundle');
}

/** EIP-712 digest of a bundle under the off-chain domain. */
export function hashBidBundle(b: BidBundle): Hex {
  const struct = new WordWriter(5)
    .bytes32(BID_BUNDLE_TYPEHASH)
    .bytes32(b.auctionId)
    .address(b.solver)
    .bytes32(b.root)
    .uint(b.count)
    .hash();
  return bytesToHex(typedDataDigest(offchainDomainSeparator(offchainDomain), struct));
}

export function recoverBidBundleSigner(b: BidBundle, signature: string): Address {
  return recoverDigestSigner(hashBidBundle(b), signature);
}

/** A solver's bids of one auction (at most MAX_BIDS_PER_BUNDLE, all its own) as one signed bundle message. */
export function signBidBundle(bids: readonly Bid[], signer: DigestSigner): BidBundleMessageJSON {
  if (!bids.length || bids.length > MAX_BIDS_PER_BUNDLE)
    throw new RangeError(`a bundle carries 1 to ${MAX_BIDS_PER_BUNDLE} bids`);
  const bundle: BidBundle = {
    auctionId: bids[0].auctionId,
    solver: signer.address,
    root: merkleRoot(bids.map(bidDigest)),
    count: bids.length,
  };
  return { bundle, signature: signer.signDigest(hashBidBundle(bundle)), bids: bids.map(serializeBid) };
}
