import { reportSettlementFailure } from './reportFailure';
import { createNatsMessaging, decodeJson, encodeJson, type BusSubscription, type Messaging } from '@intentmesh/messaging';
import {
  createDigestSigner,
  hashBid,
  parseAuctionOpen,
  serializeSignedBid,
  type Address,
  type AuctionOpen,
  type BidReceiptJSON,
  type BidReceiptsJSON,
  MAX_BIDS_PER_MESSAGE,
  type Fill,
  type Hex,
  type SignedBidJSON,
  type SignedSolverVoucherJSON,
} from '@intentmesh/protocol';
import { answerChallenges, signPass } from './health';
import type { Settler } from './settle';
import { answerQuotes, type IndicativeQuoteFn } from './quotes';
import { QuoteTimer, renderSolverMetrics, serveMetrics } from './metrics';
import { registerSolver } from './register';

/** What a solver author returns: one or more bids, each over one intent or a batch. */
export type BidDraft = { fills: Fill[]; routeHash: Hex };
export type QuoteContext = {
  /** Local clock (ms) by which `quote` should return; what it returns by then is signed and sent. */
  deadline: number;
  signal: AbortSignal;
};
export type QuoteFn = (auction: AuctionOpen, ctx: QuoteContext) => BidDraft[] | Promise<BidDraft[]>;

export type SolverLogger = { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };

export type CreateSolverParameters = {
  privateKey: Hex;
  quote: QuoteFn;
  /** Indicative quotes (GET /v1/quote) run `quote` on a synthetic one-intent auction unless this override is given. */
  indicativeQuote?: IndicativeQuoteFn;
  /**
   * The operator's signed voucher for this key: sent to the auctioneer on start and after every reconnection.
   * Without one the key must be registered by configuration (SOLVER_ADDRESSES).
   */
  operatorVoucher?: SignedSolverVoucherJSON;
  /** Serve Prometheus metrics on this port (0: any free port); off when unset. */
  metricsPort?: number;
  metricsHost?: string;
  /** Either a NATS URL, or a ready bus (the embedded marketplace passes its in-process one). */
  natsUrl?: string;
  messaging?: Messaging;
  natsPrefix?: string;
  name?: string;
  /** Margin kept before the auctioneer's window closes, for the network (ms). */
  safetyMarginMs?: number;
  /** Time reserved after `quote` returns for signing and sending its bids (ms). */
  sendReserveMs?: number;
  /** How long a bid is binding after the auction opens (s). */
  bidValiditySec?: number;
  log?: SolverLogger;
  now?: () => number;
  /** Chains this solver serves, declared in its health attestations (default: all). */
  chains?: number[];
  /** Answer health challenges only from these auctioneers (default: any). */
  auctioneers?: Address[];
  /** Settles this solver's awards on chain (see createSettler); without it the solver only bids. */
  settler?: Settler;
};

export type SolverStats = { auctions: number; bidsSent: number; accepted: number; refused: number; dropped: number; wins: number; lastReceipt?: BidReceiptJSON };

export type Solver = {
  address: Address;
  /** The operator the auctioneer bound this key to (when registered by voucher). */
  operator?: Address;
  stats: SolverStats;
  metricsUrl?: string;
  /** Takes no new auctions, finishes the bids in flight, then disconnects. */
  close(): Promise<void>;
};

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const silent: SolverLogger = { info: () => undefined, warn: () => undefined };

/**
 * Connects a solver to the marketplace: receives auctions, runs `quote`, signs and sends bids before
 * the window closes, drops work that cannot make it, and counts what happened. The author writes only `quote`.
 */
export async function createSolver(params: CreateSolverParameters): Promise<Solver> {
  const { privateKey, quote, safetyMarginMs = 40, sendReserveMs = 30, bidValiditySec = 60, log = silent, now = Date.now } = params;
  const messaging =
    params.messaging ??
    (params.natsUrl
      ? // a solver uses only the bus: the intent stream's consumer is the auctioneer's, created with its ack wait
        await createNatsMessaging({ servers: params.natsUrl, name: params.name ?? 'solver', prefix: params.natsPrefix, ensureStream: false })
      : undefined);
  if (!messaging) throw new Error('createSolver needs natsUrl or messaging.');
  const ownsMessaging = !params.messaging;
  const signer = createDigestSigner(privateKey);
  // a failed settlement is reported at once, signed by this key, so the intent is auctioned again
  params.settler?.reportFailuresTo((f) => reportSettlementFailure({ messaging, signer, now, ...f }));
  const stats: SolverStats = { auctions: 0, bidsSent: 0, accepted: 0, refused: 0, dropped: 0, wins: 0 };
  const inflight = new Set<AbortController>();
  // the auction handlers still running: a graceful close waits for them
  const working = new Set<Promise<void>>();
  let closing = false;
  const quoteTimer = new QuoteTimer();
  // measured send-to-receipt time of our bid messages: the reserve before the deadline follows it
  let rttEwma = 0;
  // measured time to sign one bid: the quote leaves room to sign what it returns before the deadline
  let signMsEwma = 0.1;
  // receivedAt - openedAt of recent auctions: the smallest is clock offset plus the quickest delivery, anything above it
  // is time the auction waited for us (our own backlog), which the auctioneer's window does not wait for
  const recentLags: number[] = [];

  // an auction may arrive twice (our own subject and the public feed): handle it once
  const seen = new Map<string, { invited: boolean }>();
  const seenOrder: string[] = [];
  const track = (data: Uint8Array, invited: boolean): void => {
    if (closing) return;
    // registered before the handler runs: a close() called from inside quote() must wait for this one too
    let done!: () => void;
    const p = new Promise<void>((r) => (done = r));
    working.add(p);
    void onAuction(data, invited).finally(() => {
      working.delete(p);
      done();
    });
  };
  const onAuction = async (data: Uint8Array, invited: boolean): Promise<void> => {
    const receivedAt = now();
    if (invited && publicSub) {
      // this auctioneer invites us on our own subject: the public feed would only duplicate the work
      publicSub.unsubscribe();
      publicSub = undefined;
    }
    let auction: AuctionOpen;
    try {
      const json = decodeJson(data) as { auctionId?: unknown };
      const dup = typeof json?.auctionId === 'string' ? seen.get(json.auctionId) : undefined;
      if (dup) {
        dup.invited ||= invited; // the public copy came first; we hold a seat all the same
        return;
      }
      auction = parseAuctionOpen(json);
    } catch (err) {
      log.warn({ err: String(err) }, 'ignoring an unreadable auction');
      return;
    }
    const me = { invited };
    params.settler?.remember(auction);
    seen.set(auction.auctionId, me);
    seenOrder.push(auction.auctionId);
    if (seenOrder.length > 1000) seen.delete(seenOrder.shift()!);
    stats.auctions++;
    let passed = false;
    // invited solvers end with a signed pass ("nothing (more) from me"): the auctioneer tells it from a timeout, and
    // once every invited solver has passed it closes without waiting out the window; sent after our bids are answered
    const pass = () => {
      if (passed || !me.invited) return;
      passed = true;
      messaging.bus
        .request(messaging.subjects.auctionBid(auction.auctionId), encodeJson({ bids: [], pass: signPass(auction.auctionId as Hex, signer) }), { timeoutMs: auction.bidWindowMs + 1000 })
        .catch(() => undefined);
    };
    // the window is measured from when we received it, less the backlog we picked it up with: no reliance on clocks agreeing
    const lag = receivedAt - auction.openedAt;
    recentLags.push(lag);
    if (recentLags.length > 32) recentLags.shift();
    const behind = Math.max(0, lag - Math.min(...recentLags));
    const deadline = receivedAt - behind + auction.bidWindowMs - safetyMarginMs;
    if (deadline - now() < sendReserveMs) {
      // its window is gone while we were busy: quoting it would only produce LATE bids and delay the next auction
      stats.dropped++;
      log.warn({ auctionId: auction.auctionId, behindMs: behind }, 'auction picked up too late to bid in its window; skipped');
      return;
    }
    const controller = new AbortController();
    inflight.add(controller);
    const timer = setTimeout(() => controller.abort(), Math.max(0, deadline - now()));
    const quoteStarted = now();
    try {
      const drafts = await Promise.race([
        // room to sign up to one bid per intent and for the one-way trip (the auctioneer stamps arrival before it processes
        // a batch); never more than a third of the window
        Promise.resolve(
          quote(auction, {
            deadline: deadline - Math.min(auction.bidWindowMs / 3, Math.max(sendReserveMs, 0.6 * rttEwma) + auction.intents.length * signMsEwma),
            signal: controller.signal,
          }),
        ),
        new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('quote missed the deadline')))),
      ]).finally(() => quoteTimer.observe(now() - quoteStarted));
      if (!drafts.length) return; // the pass below says so
      const validUntil = Math.floor(auction.openedAt / 1000) + bidValiditySec;
      // sign in order while the window lasts: the bids signed in time go out, the rest are dropped rather than sent LATE
      const signed: SignedBidJSON[] = [];
      const signStarted = performance.now();
      for (const d of drafts) {
        if (now() >= deadline) break;
        const bid = { auctionId: auction.auctionId, solver: signer.address, fills: d.fills, routeHash: d.routeHash, validUntil };
        signed.push(serializeSignedBid({ bid, signature: signer.signDigest(hashBid(bid)) }));
      }
      if (signed.length) signMsEwma = 0.8 * signMsEwma + 0.2 * ((performance.now() - signStarted) / signed.length);
      if (signed.length < drafts.length) {
        stats.dropped += drafts.length - signed.length;
        log.warn({ auctionId: auction.auctionId, signed: signed.length, dropped: drafts.length - signed.length }, 'the window ran out before these bids were signed; dropped');
      }
      if (!signed.length) return;
      const subject = messaging.subjects.auctionBid(auction.auctionId);
      // one message per chunk of bids: one round trip instead of one per intent
      await Promise.all(
        chunk(signed, MAX_BIDS_PER_MESSAGE).map(async (bids) => {
          stats.bidsSent += bids.length;
          try {
            const sentAt = now();
            const reply = decodeJson(await messaging.bus.request(subject, encodeJson({ bids }), { timeoutMs: auction.bidWindowMs + 1000 })) as BidReceiptsJSON | BidReceiptJSON;
            rttEwma = rttEwma === 0 ? now() - sentAt : 0.8 * rttEwma + 0.2 * (now() - sentAt);
            const receipts = 'receipts' in reply ? reply.receipts : bids.map(() => reply);
            for (const r of receipts) {
              stats.lastReceipt = r;
              if (r.verdict === 'ACCEPTED') stats.accepted++;
              else stats.refused++;
            }
            const refused = receipts.filter((r) => r.verdict !== 'ACCEPTED');
            if (refused.length) log.warn({ auctionId: auction.auctionId, refused: refused.length, first: refused[0] }, 'bids refused');
          } catch (err) {
            stats.refused += bids.length;
            log.warn({ auctionId: auction.auctionId, err: String(err) }, 'bids not delivered');
          }
        }),
      );
    } catch (err) {
      stats.dropped++;
      log.warn({ auctionId: auction.auctionId, err: String(err) }, 'no bid for this auction');
    } finally {
      pass();
      clearTimeout(timer);
      inflight.delete(controller);
    }
  };

  // the public feed (auction.*.open) serves auctioneers that do not invite; dropped at the first invitation
  let publicSub: BusSubscription | undefined = messaging.bus.subscribe(messaging.subjects.auctionOpenAll, (m) => track(m.data, false));
  const subs: BusSubscription[] = [
    // auctions this solver was invited to (the auctioneer draws seats per operator)
    messaging.bus.subscribe(messaging.subjects.solverAuction(signer.address), (m) => track(m.data, true)),
    answerChallenges({ messaging, signer, chains: params.chains, auctioneers: params.auctioneers, inflight: () => inflight.size, now }),
    answerQuotes({ messaging, signer, quote, indicativeQuote: params.indicativeQuote, now }),
    messaging.bus.subscribe(messaging.subjects.auctionResultAll, (m) => {
      try {
        const r = decodeJson(m.data) as { awards?: { award: { solver: string } }[] };
        stats.wins += (r.awards ?? []).filter((a) => a.award.solver === signer.address).length;
        params.settler?.onResult(r);
      } catch {
        // results are informational here
      }
    }),
  ];
  const voucher = params.operatorVoucher;
  const register = () => registerSolver({ messaging, solver: signer.address, voucher: voucher! });
  let operator: Address | undefined;
  let stopReconnect: (() => void) | undefined;
  const metrics = params.metricsPort === undefined ? undefined : await serveMetrics(params.metricsPort, params.metricsHost ?? '127.0.0.1', () => renderSolverMetrics(signer.address, stats, quoteTimer));
  const teardown = async () => {
    stopReconnect?.();
    for (const s of subs) s.unsubscribe();
    publicSub?.unsubscribe();
    metrics?.server.close();
    if (ownsMessaging) await messaging.close();
  };
  if (voucher) {
    try {
      operator = (await register()).operator;
    } catch (err) {
      await teardown();
      throw err;
    }
    // an auctioneer that restarted meanwhile has forgotten vouchers: hand it over again, counters stay as they are
    stopReconnect = messaging.bus.onReconnect?.(() => {
      register().then(
        () => log.info({ solver: signer.address }, 'reconnected and registered again'),
        (err) => log.warn({ solver: signer.address, err: String(err) }, 'reconnected, but registering again failed'),
      );
    });
  }
  log.info({ solver: signer.address, operator, metrics: metrics?.url }, 'solver connected');

  return {
    address: signer.address,
    operator,
    stats,
    metricsUrl: metrics?.url,
    close: async () => {
      if (closing) return;
      closing = true;
      // stop taking auctions, let the bids in flight reach the auctioneer, then disconnect
      publicSub?.unsubscribe();
      publicSub = undefined;
      subs[0].unsubscribe();
      await Promise.allSettled([...working]);
      await teardown();
    },
  };
}
