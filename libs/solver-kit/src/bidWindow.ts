import type { AuctionOpen } from '@intentmesh/protocol';

export type BidWindowOptions = {
  /** Margin kept before the auctioneer's window closes, for the network (ms). */
  safetyMarginMs: number;
  /** Time reserved after `quote` returns for signing and sending its bids (ms). */
  sendReserveMs: number;
};

/**
 * When a solver's bids for an auction must be out, on its own clock: learned from how late auctions reach it,
 * how long one bid takes to sign and how long a bid message takes to be answered.
 */
export class BidWindow {
  // measured send-to-receipt time of our bid messages: the reserve before the deadline follows it
  private rttEwma = 0;
  // measured time per bid to hash and bundle-sign: the quote leaves room to sign what it returns before the deadline
  private signMsEwma = 0.1;
  // receivedAt - openedAt of recent auctions: the smallest is clock offset plus the quickest delivery, anything above
  // it is time the auction waited for us (our own backlog), which the auctioneer's window does not wait for
  private readonly recentLags: number[] = [];

  constructor(private readonly options: BidWindowOptions) {}

  /** The local time our bids must be sent by, and how long the auction waited in our backlog before we took it. */
  open(auction: AuctionOpen, receivedAt: number): { deadline: number; behindMs: number } {
    // measured from when we received it, less the backlog we picked it up with: no reliance on clocks agreeing
    const lag = receivedAt - auction.openedAt;
    this.recentLags.push(lag);
    if (this.recentLags.length > 32) this.recentLags.shift();
    const behindMs = Math.max(0, lag - Math.min(...this.recentLags));
    return { deadline: receivedAt - behindMs + auction.bidWindowMs - this.options.safetyMarginMs, behindMs };
  }

  /** True when too little of the window is left to send anything: quoting would only produce LATE bids. */
  missed(deadline: number, now: number): boolean {
    return deadline - now < this.options.sendReserveMs;
  }

  /** When `quote` must return: room to sign one bid per intent and for the one-way trip, at most a third of the window. */
  quoteDeadline(auction: AuctionOpen, deadline: number): number {
    const reserve = Math.max(this.options.sendReserveMs, 0.6 * this.rttEwma) + auction.intents.length * this.signMsEwma;
    return deadline - Math.min(auction.bidWindowMs / 3, reserve);
  }

  observeSigning(msPerBid: number): void {
    this.signMsEwma = 0.8 * this.signMsEwma + 0.2 * msPerBid;
  }

  observeRoundTrip(ms: number): void {
    this.rttEwma = this.rttEwma === 0 ? ms : 0.8 * this.rttEwma + 0.2 * ms;
  }
}
