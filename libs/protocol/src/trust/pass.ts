import { offchainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { recoverDigestSigner } from '../crypto/recoverSigner';
import { bytesToHex, type Address, type Hex } from '../primitives';
import { offchainDomain } from '../typedData';

/**
 * An invited solver's signed "no bid" for one auction: with it, silence is distinguishable from a pass,
 * so bid timeouts can be counted against the node. Sent as `{ bids: [], pass: { solver, signature } }`.
 */
export type AuctionPassJSON = { solver: string; signature: string };

export const AUCTION_PASS_TYPE = 'AuctionPass(bytes32 auctionId,address solver)';
const AUCTION_PASS_TYPEHASH = typeHash(AUCTION_PASS_TYPE);

export function hashAuctionPass(auctionId: Hex, solver: Address): Hex {
  return bytesToHex(
    typedDataDigest(
      offchainDomainSeparator(offchainDomain),
      new WordWriter(3).bytes32(AUCTION_PASS_TYPEHASH).bytes32(auctionId).address(solver).hash(),
    ),
  );
}
export function recoverAuctionPassSigner(auctionId: Hex, solver: Address, signature: string): Address {
  return recoverDigestSigner(hashAuctionPass(auctionId, solver), signature);
}
