import { decodeJson, encodeJson, type Messaging } from '@intentmesh/messaging';
import {
  parseAuctionOpen,
  signBidBundle,
  MAX_BIDS_PER_BUNDLE,
  type AuctionOpen,
  type Bid,
  type BidBundleMessageJSON,
  type BidReceiptJSON,
  type BidReceiptsJSON,
  type DigestSigner,
  type Hex,
} from '@intentmesh/protocol';
import { BidWindow } from './bidWindow';
import { signPass } from './health';
import type { QuoteTimer } from './metrics';
import type { Settler } from './settle';
import type { Market } from '@intentmesh/routing';
import type { BidDraft, LiveMarketSource, QuoteFn, SolverLogger, SolverStats } from './types';

export type BidPipelineOptions = {
  messaging: Messaging;
  signer: DigestSigner;
  quote: QuoteFn;
  stats: SolverStats;
  quoteTimer: QuoteTimer;
  log: SolverLogger;
  now: () => number;
  /** Margin kept before the auctioneer's window closes, for the network (ms). */
  safetyMarginMs: number;
  /** Time reserved after `quote` returns for signing and sending its bids (ms). */
  sendReserveMs: number;
  /** How long a bid is binding after the auction opens (s). */
  bidValiditySec: number;
  settler?: Pick<Settler, 'remember'>;
  /** A live market synced before each auction (at most `marketSyncMs`, a quarter of the window at most). */
  market?: LiveMarketSource;
  marketSyncMs?: number;
  /** Called when an auction arrives on the solver's own subject (an auctioneer that invites it). */
  onInvited?: () => void;
  /** True when an open carries a pinned auctioneer's signature (createOpenCheck); a forgery is dropped before any quote. */
  checkOpen: (open: AuctionOpen) => boolean;
};

/**
 * One auction after another: read it, run the author's `quote` within the window, sign what came back in time,
 * send it in as few messages as possible, and end with a signed pass when invited. Counts what happened in `stats`.
 */
export class BidPipeline {
  private readonly window: BidWindow;
  // an auction may arrive twice (our own subject and the public feed): handle it once
  private readonly seen = new Map<string, { invited: boolean }>();
  private readonly seenOrder: string[] = [];
  private readonly inflight = new Set<AbortController>();
  // the auction handlers still running: a graceful close waits for them
  private readonly working = new Set<Promise<void>>();
  private closing = false;

  constructor(private readonly o: BidPipelineOptions) {
    this.window = new BidWindow({ safetyMarginMs: o.safetyMarginMs, sendReserveMs: o.sendReserveMs });
  }

  /** Auctions being quoted right now (reported in health attestations). */
  get inflightCount(): number {
    return this.inflight.size;
  }

  /** Takes one auction message; `invited` when it came on the solver's own subject. */
  receive(data: Uint8Array, invited: boolean): void {
    if (this.closing) return;
    // registered before the handler runs: a close() called from inside quote() must wait for this one too
    let done!: () => void;
    const p = new Promise<void>((r) => (done = r));
    this.working.add(p);
    void this.onAuction(data, invited).finally(() => {
      this.working.delete(p);
      done();
    });
  }

  /** Takes no new auctions and waits for the ones being handled. */
  async drain(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.working]);
  }

  private async onAuction(data: Uint8Array, invited: boolean): Promise<void> {
    const { stats, log, now } = this.o;
    const receivedAt = now();
    const auction = this.admit(data, invited);
    // only a genuine invitation means this auctioneer invites us (a forged one must not end the public feed)
    if (auction && invited) this.o.onInvited?.();
    if (!auction) return;
    const me = this.seen.get(auction.auctionId)!;
    this.o.settler?.remember(auction);
    stats.auctions++;
    const { deadline, behindMs } = this.window.open(auction, receivedAt);
    if (this.window.missed(deadline, now())) {
      // its window is gone while we were busy: quoting it would only produce LATE bids and delay the next auction
      stats.dropped++;
      log.warn({ auctionId: auction.auctionId, behindMs }, 'auction picked up too late to bid in its window; skipped');
      return;
    }
    const controller = new AbortController();
    this.inflight.add(controller);
    const timer = setTimeout(() => controller.abort(), Math.max(0, deadline - now()));
    try {
      const drafts = await this.runQuote(auction, deadline, controller.signal);
      if (!drafts.length) return; // the pass below says so
      const bundles = this.sign(auction, drafts, deadline);
      if (bundles.length) await this.send(auction, bundles);
    } catch (err) {
      stats.dropped++;
      log.warn({ auctionId: auction.auctionId, err: String(err) }, 'no bid for this auction');
    } finally {
      // invited solvers end with a signed pass ("nothing (more) from me"): the auctioneer tells it from a timeout, and
      // once every invited solver has passed it closes without waiting out the window; sent after our bids are answered
      if (me.invited) this.pass(auction);
      clearTimeout(timer);
      this.inflight.delete(controller);
    }
  }

  /** The auction to work on, or undefined for an unreadable one or one already taken (then only its seat is noted). */
  private admit(data: Uint8Array, invited: boolean): AuctionOpen | undefined {
    let auction: AuctionOpen;
    let json: { auctionId?: unknown };
    try {
      json = decodeJson(data) as { auctionId?: unknown };
      const dup = typeof json?.auctionId === 'string' ? this.seen.get(json.auctionId) : undefined;
      if (dup) {
        dup.invited ||= invited; // the public copy came first; we hold a seat all the same
        return undefined;
      }
      auction = parseAuctionOpen(json);
    } catch (err) {
      this.o.log.warn({ err: String(err) }, 'ignoring an unreadable auction');
      return undefined;
    }
    if (!this.o.checkOpen(auction)) {
      this.o.stats.forgeries++;
      return undefined;
    }
    this.seen.set(auction.auctionId, { invited });
    this.seenOrder.push(auction.auctionId);
    if (this.seenOrder.length > 1000) this.seen.delete(this.seenOrder.shift()!);
    return auction;
  }

  /** The market brought to the chains' heads, or as it was when the sync takes too long or fails. */
  private async syncMarket(auction: AuctionOpen): Promise<Market | undefined> {
    const market = this.o.market;
    if (!market) return undefined;
    const waitMs = Math.min(this.o.marketSyncMs ?? 150, auction.bidWindowMs / 4);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      market
        .sync()
        .catch((err) => this.o.log.warn({ err: String(err) }, 'market sync failed; quoting the last synced state')),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs))),
    ]);
    clearTimeout(timer);
    return market.current();
  }

  private async runQuote(auction: AuctionOpen, deadline: number, signal: AbortSignal): Promise<BidDraft[]> {
    const started = this.o.now();
    const market = await this.syncMarket(auction);
    return Promise.race([
      Promise.resolve(
        this.o.quote(auction, { deadline: this.window.quoteDeadline(auction, deadline), signal, market }),
      ),
      new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(new Error('quote missed the deadline'))),
      ),
    ]).finally(() => this.o.quoteTimer.observe(this.o.now() - started));
  }

  /**
   * Signs what the window leaves time for, as bundles: the bids become leaves of one Merkle root, and one signature
   * over (auctionId, solver, root, count) covers them all (one bundle per MAX_BIDS_PER_BUNDLE bids).
   */
  private sign(auction: AuctionOpen, drafts: BidDraft[], deadline: number): BidBundleMessageJSON[] {
    const { signer, stats, log, now } = this.o;
    const validUntil = Math.floor(auction.openedAt / 1000) + this.o.bidValiditySec;
    const bids: Bid[] = [];
    const bundles: BidBundleMessageJSON[] = [];
    const started = performance.now();
    for (const d of drafts) {
      if (now() >= deadline) break;
      bids.push({
        auctionId: auction.auctionId,
        solver: signer.address,
        fills: d.fills,
        routeHash: d.routeHash,
        validUntil,
      });
      if (bids.length === MAX_BIDS_PER_BUNDLE) bundles.push(signBidBundle(bids.splice(0), signer));
    }
    if (bids.length) bundles.push(signBidBundle(bids, signer));
    const signed = bundles.reduce((n, b) => n + b.bids.length, 0);
    if (signed) this.window.observeSigning((performance.now() - started) / signed);
    if (signed < drafts.length) {
      stats.dropped += drafts.length - signed;
      log.warn(
        { auctionId: auction.auctionId, signed, dropped: drafts.length - signed },
        'the window ran out before these bids were signed; dropped',
      );
    }
    return bundles;
  }

  /** One message per bundle: one round trip and one signature for up to MAX_BIDS_PER_BUNDLE bids. */
  private async send(auction: AuctionOpen, bundles: BidBundleMessageJSON[]): Promise<void> {
    const { messaging, stats, log, now } = this.o;
    const subject = messaging.subjects.auctionBid(auction.auctionId);
    await Promise.all(
      bundles.map(async (message) => {
        const count = message.bids.length;
        stats.bidsSent += count;
        try {
          const sentAt = now();
          const answer = await messaging.bus.request(subject, encodeJson(message), {
            timeoutMs: auction.bidWindowMs + 1000,
          });
          const reply = decodeJson(answer) as BidReceiptsJSON | BidReceiptJSON;
          this.window.observeRoundTrip(now() - sentAt);
          const receipts = 'receipts' in reply ? reply.receipts : Array.from({ length: count }, () => reply);
          for (const r of receipts) {
            stats.lastReceipt = r;
            if (r.verdict === 'ACCEPTED') stats.accepted++;
            else stats.refused++;
          }
          const refused = receipts.filter((r) => r.verdict !== 'ACCEPTED');
          if (refused.length) {
            log.warn({ auctionId: auction.auctionId, refused: refused.length, first: refused[0] }, 'bids refused');
          }
        } catch (err) {
          stats.refused += count;
          log.warn({ auctionId: auction.auctionId, err: String(err) }, 'bids not delivered');
        }
      }),
    );
  }

  private pass(auction: AuctionOpen): void {
    const { messaging, signer } = this.o;
    const pass = signPass(auction.auctionId as Hex, signer);
    messaging.bus
      .request(messaging.subjects.auctionBid(auction.auctionId), encodeJson({ bids: [], pass }), {
        timeoutMs: auction.bidWindowMs + 1000,
      })
      .catch(() => undefined);
  }
}
