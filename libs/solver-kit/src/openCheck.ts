import { recoverAuctionOpenSigner, type Address, type AuctionOpen } from '@intentmesh/protocol';
import type { SolverLogger } from './types';

/**
 * Whether an auction open came from the auctioneer this solver bids for: its signature must recover to a pinned
 * address, and every intent must hash to the hash it was signed under. Without a pin the first correctly self-signed open pins its auctioneer (trust on first use: fine on an
 * authenticated bus, where only the auctioneer's user may publish opens; set `auctioneers` otherwise).
 */
export function createOpenCheck(auctioneers: readonly Address[] | undefined, log: SolverLogger) {
  const pinned = new Set((auctioneers ?? []).map((a) => a.toLowerCase()));
  return (open: AuctionOpen): boolean => {
    const signer = recoverAuctionOpenSigner(open)?.toLowerCase();
    if (signer && !pinned.size && signer === open.auctioneer.toLowerCase()) {
      pinned.add(signer);
      log.warn(
        { auctioneer: signer },
        'pinned the first auctioneer that opened an auction; pin it yourself (auctioneers)',
      );
    }
    if (signer && pinned.has(signer)) return true;
    log.warn(
      { signer: signer ?? null, auctionId: open.auctionId },
      'dropped an auction open not signed by a pinned auctioneer',
    );
    return false;
  };
}
