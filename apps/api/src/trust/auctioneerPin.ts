import {
  lowerAddress,
  recoverAuctionOpenSigner,
  recoverBusMessageSigner,
  type Address,
  type AuctionOpen,
  type BusMessageKind,
  type CanonicalBusMessageKind,
} from '@intentmesh/protocol';
import type { Logger } from '@intentmesh/runtime';
import type { ApiMetrics } from '../metrics/apiMetrics';

/**
 * The auctioneer address the API trusts: what it relays from the bus (results, status answers) must be signed by it.
 * AUCTIONEER_ADDRESS pins it; without it the first correctly signed status answer does (trust on first use: fine
 * on an authenticated bus where only the auctioneer's user may answer, not on an open one).
 */
export class AuctioneerPin {
  private pinned?: Address;
  constructor(private readonly options: { address?: Address; log: Logger; metrics: ApiMetrics }) {
    this.pinned = options.address && lowerAddress(options.address);
  }

  get address(): Address | undefined {
    return this.pinned;
  }

  /** True when `body` carries the pinned auctioneer's signature; otherwise counts a forgery and returns false. */
  verify(kind: CanonicalBusMessageKind, body: Record<string, unknown>, nonce?: string): boolean {
    return this.accept(kind, body, recoverBusMessageSigner(kind, body, nonce));
  }

  /** verify() for a parsed auction open: signed over its intent hashes, each of which its intent must hash to. */
  verifyOpen(open: AuctionOpen): boolean {
    return this.accept('auction.open', open, recoverAuctionOpenSigner(open));
  }

  private accept(kind: BusMessageKind, body: { auctioneer?: unknown }, signer: Address | undefined): boolean {
    if (signer && !this.pinned && kind === 'auctioneer.status' && body.auctioneer === signer) {
      this.pinned = signer;
      this.options.log.warn(
        { auctioneer: signer },
        'pinned the first auctioneer that answered; set AUCTIONEER_ADDRESS to pin it yourself',
      );
    }
    if (signer && signer === this.pinned) return true;
    this.options.metrics.series.forgeries.inc({ kind });
    this.options.log.warn(
      { kind, signer: signer ?? null, pinned: this.pinned ?? null },
      'dropped a bus message not signed by the pinned auctioneer',
    );
    return false;
  }
}
