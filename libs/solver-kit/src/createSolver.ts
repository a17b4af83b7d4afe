import { reportSettlementFailure } from './reportFailure';
import {
  createNatsMessaging,
  decodeJson,
  type BusSubscription,
  type Messaging,
  type NatsCredentials,
} from '@intentmesh/messaging';
import {
  createDigestSigner,
  createSubjects,
  type Address,
  type Hex,
  type SignedSolverVoucherJSON,
} from '@intentmesh/protocol';
import { BidPipeline } from './bidPipeline';
import { answerChallenges } from './health';
import { createOpenCheck } from './openCheck';
import type { Settler } from './settle';
import { answerQuotes } from './quotes';
import { QuoteTimer, renderSolverMetrics, serveMetrics } from './metrics';
import { registerSolver } from './register';
import type { IndicativeQuoteFn, LiveMarketSource, QuoteFn, SolverLogger, SolverStats } from './types';

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
  /** Either a NATS URL (or a comma-separated server list), or a ready bus (the embedded marketplace passes its in-process one). */
  natsUrl?: string;
  /** This solver's credentials on an authenticated server (an nkey seed, or a user and password). */
  natsCredentials?: NatsCredentials;
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
  /** Chains this solver serves, declared in its health attestations (default: all); it is sent only intents between two of them. */
  chains?: number[];
  /** Region this solver runs in, declared in its signed health attestations (an auctioneer's AUCTION_REGION shard). */
  region?: string;
  /**
   * The auctioneers this solver works for: it bids only on auction opens they signed, and answers only their health
   * challenges. Unset: the first auctioneer whose signed open arrives is pinned, and challenges from any are answered.
   */
  auctioneers?: Address[];
  /** Settles this solver's awards on chain (see createSettler); without it the solver only bids. */
  settler?: Settler;
  /** The market `quote` routes over: synced before each auction, so a quote sees every block mined until then. */
  market?: LiveMarketSource;
  /** Longest wait for that sync (ms; default 150, at most a quarter of the window): a slow RPC costs freshness only. */
  marketSyncMs?: number;
};

export type Solver = {
  address: Address;
  /** The operator the auctioneer bound this key to (when registered by voucher). */
  operator?: Address;
  stats: SolverStats;
  metricsUrl?: string;
  /** Takes no new auctions, finishes the bids in flight, then disconnects. */
  close(): Promise<void>;
};

const silent: SolverLogger = { info: () => undefined, warn: () => undefined };

/**
 * Connects a solver to the marketplace: receives auctions, runs `quote`, signs and sends bids before
 * the window closes, drops work that cannot make it, and counts what happened. The author writes only `quote`.
 */
export async function createSolver(params: CreateSolverParameters): Promise<Solver> {
  const { safetyMarginMs = 40, sendReserveMs = 30, bidValiditySec = 60, log = silent, now = Date.now } = params;
  const signer = createDigestSigner(params.privateKey);
  // replies to this solver's requests arrive under its own subjects: the server lets no other solver read them
  const inboxPrefix = createSubjects(params.natsPrefix).solverInbox(signer.address);
  const messaging =
    params.messaging ??
    (params.natsUrl
      ? // a solver uses only the bus: the intent stream's consumer is the auctioneer's, created with its ack wait
        await createNatsMessaging({
          ...params.natsCredentials,
          servers: params.natsUrl,
          name: params.name ?? 'solver',
          prefix: params.natsPrefix,
          ensureStream: false,
          inboxPrefix,
        })
      : undefined);
  if (!messaging) throw new Error('createSolver needs natsUrl or messaging.');
  const ownsMessaging = !params.messaging;
  // a failed settlement is reported at once, signed by this key, so the intent is auctioned again
  params.settler?.reportFailuresTo((f) => reportSettlementFailure({ messaging, signer, now, ...f }));
  const stats: SolverStats = { auctions: 0, bidsSent: 0, accepted: 0, refused: 0, dropped: 0, wins: 0, forgeries: 0 };
  const quoteTimer = new QuoteTimer();
  const pipeline = new BidPipeline({
    messaging,
    signer,
    quote: params.quote,
    stats,
    quoteTimer,
    log,
    now,
    safetyMarginMs,
    sendReserveMs,
    bidValiditySec,
    market: params.market,
    marketSyncMs: params.marketSyncMs ?? 150,
    settler: params.settler,
    checkOpen: createOpenCheck(params.auctioneers, log),
    // this auctioneer invites us on our own subject: the public feed would only duplicate the work
    onInvited: () => {
      publicSub?.unsubscribe();
      publicSub = undefined;
    },
  });

  // the public feed (auction.*.open) serves auctioneers that do not invite; dropped at the first invitation
  let publicSub: BusSubscription | undefined = messaging.bus.subscribe(messaging.subjects.auctionOpenAll, (m) =>
    pipeline.receive(m.data, false),
  );
  const subs: BusSubscription[] = [
    // auctions this solver was invited to (the auctioneer draws seats per operator)
    messaging.bus.subscribe(messaging.subjects.solverAuction(signer.address), (m) => pipeline.receive(m.data, true)),
    answerChallenges({
      messaging,
      signer,
      chains: params.chains,
      region: params.region,
      // an auctioneer that probes us invites us on our own subject: computing bids off the public feed would be wasted
      onChallenge: () => {
        publicSub?.unsubscribe();
        publicSub = undefined;
      },
      auctioneers: params.auctioneers,
      inflight: () => pipeline.inflightCount,
      now,
    }),
    answerQuotes({
      messaging,
      signer,
      quote: params.quote,
      indicativeQuote: params.indicativeQuote,
      market: params.market,
      now,
    }),
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
  const register = () => registerSolver({ messaging, signer, voucher: voucher! });
  let operator: Address | undefined;
  let stopReconnect: (() => void) | undefined;
  let closing = false;
  const metrics =
    params.metricsPort === undefined
      ? undefined
      : await serveMetrics(params.metricsPort, params.metricsHost ?? '127.0.0.1', () =>
          renderSolverMetrics(signer.address, stats, quoteTimer),
        );
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
      await pipeline.drain();
      await teardown();
    },
  };
}
