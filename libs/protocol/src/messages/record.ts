import { canonicalJson, hashCanonicalJson } from '../canonicalJson';
import { offchainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { bytesToHex, type Address, type Hex } from '../primitives';
import { offchainDomain } from '../typedData';
import type { AuctionRecordJSON, RecordedBidJSON } from './auction';

export const GENESIS_RECORD_HASH = ('0x' + '0'.repeat(64)) as Hex;

export const AUCTION_RECORD_TYPE =
  'AuctionRecord(bytes32 auctionId,uint256 seq,bytes32 recordHash,bytes32 prevRecordHash)';
const AUCTION_RECORD_TYPEHASH = typeHash(AUCTION_RECORD_TYPE);

/** Leaf of one recorded bid in a version 2 record hash: keccak256 of the entry's canonical JSON. */
export function hashRecordedBid(entry: RecordedBidJSON): Hex {
  return hashCanonicalJson(entry);
}

/**
 * recordHash = keccak256(canonical JSON of the record without recordHash and signature). From version 2 each bid
 * is replaced by its leaf (hashRecordedBid), so the auctioneer hashes bids as they arrive and only the rest at
 * close; `bidLeaves` passes leaves already computed (an auditor leaves it out and recomputes them).
 */
export function hashAuctionRecord(
  record: Omit<AuctionRecordJSON, 'recordHash' | 'signature'> & Partial<AuctionRecordJSON>,
  bidLeaves?: readonly string[],
): Hex {
  const { recordHash: _h, signature: _s, ...body } = record;
  if (body.version === 1) return hashCanonicalJson(body);
  return hashCanonicalJson({ ...body, bids: bidLeaves ?? body.bids.map(hashRecordedBid) });
}

/** Digest the auctioneer signs for a record; typed, so it can never double as a transaction or an intent. */
export function auctionRecordDigest(r: {
  auctionId: string;
  seq: number;
  recordHash: string;
  prevRecordHash: string;
}): Hex {
  const struct = new WordWriter(5)
    .bytes32(AUCTION_RECORD_TYPEHASH)
    .bytes32(r.auctionId)
    .uint(r.seq)
    .bytes32(r.recordHash)
    .bytes32(r.prevRecordHash)
    .hash();
  return bytesToHex(typedDataDigest(offchainDomainSeparator(offchainDomain), struct));
}

export { canonicalJson };

/** Auction ids are derived, not random: (auctioneer, seq, openedAt) cannot be ground for a favourable seed. */
export function deriveAuctionId(auctioneer: Address, seq: number, openedAt: number): Hex {
  return bytesToHex(new WordWriter(3).address(auctioneer).uint(seq).uint(openedAt).hash());
}
