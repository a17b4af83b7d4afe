import { MetricsRegistry } from '@intentmesh/runtime';
import type { AuctionRecordJSON } from '@intentmesh/protocol';
import type { SolverStatus } from '@intentmesh/auction';

/** The auctioneer's Prometheus series; the API's GET /metrics relays them (auctioneer.metrics on the bus). */
export class AuctioneerMetrics {
  private readonly registry = new MetricsRegistry();
  private readonly series = this.registry.declare({
    auctions: { counter: 'intentmesh_auctions_total', help: 'Auctions closed and stored by this auctioneer.' },
    awards: { counter: 'intentmesh_awards_total', help: 'Awards signed by this auctioneer.' },
    bids: { counter: 'intentmesh_bids_total', help: 'Bids received, by final verdict in the stored record.' },
    decision: {
      histogram: 'intentmesh_decision_seconds',
      help: 'From the bid window closing to the record stored and the result published.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    },
    deliveries: {
      counter: 'intentmesh_intent_deliveries_total',
      help: 'Intents read from the stream, by delivery: first, or a redelivery (requeued by us, or the ack wait ran out).',
    },
    requeued: {
      counter: 'intentmesh_intents_requeued_total',
      help: 'Intents this auctioneer gave back to the stream (unfilled, to retry; or not stored); each comes back as a redelivery.',
    },
    keepAlives: {
      counter: 'intentmesh_intent_keepalives_total',
      help: 'Keep-alives sent for held stream messages (an intent waiting long for its auction or its record to be stored).',
    },
    openLimitDrops: {
      counter: 'intentmesh_open_limit_drops_total',
      help: 'Times the auctioneer fell to one open auction: a round that overlapped another left an invited solver unanswered.',
    },
    signatureChecks: {
      counter: 'intentmesh_intent_signature_checks_total',
      help: "Intents read from the stream, by how their signature was checked: sealed (the API's recovery, under INTAKE_KEY) or recovered here.",
    },
    quotes: {
      counter: 'intentmesh_quote_rounds_total',
      help: 'Indicative quote rounds, by outcome (answered or empty).',
    },
    solverRtt: {
      gauge: 'intentmesh_solver_rtt_ms',
      help: 'Health-probe round trip per solver as the auctioneer measures it (p50, p99, peak EWMA).',
    },
    solverState: { gauge: 'intentmesh_solvers', help: 'Registered solver nodes by health state.' },
  });

  observeAuction(record: Pick<AuctionRecordJSON, 'bids' | 'awards'>, decisionMs: number): void {
    this.series.auctions.inc();
    this.series.awards.inc({}, record.awards.length);
    // counted here, one counter update per verdict (not per bid)
    const byVerdict = new Map<string, number>();
    for (const b of record.bids) byVerdict.set(b.verdict, (byVerdict.get(b.verdict) ?? 0) + 1);
    for (const [verdict, n] of byVerdict) this.series.bids.inc({ verdict }, n);
    this.series.decision.observe(decisionMs / 1000);
  }

  observeDelivery(deliveryCount: number): void {
    this.series.deliveries.inc({ delivery: deliveryCount > 1 ? 'redelivery' : 'first' });
  }

  observeSignatureCheck(by: 'sealed' | 'recovered'): void {
    this.series.signatureChecks.inc({ by });
  }

  observeKeepAlives(n: number): void {
    this.series.keepAlives.inc({}, n);
  }

  observeOpenLimitDrop(): void {
    this.series.openLimitDrops.inc();
  }

  observeRequeue(): void {
    this.series.requeued.inc();
  }

  observeQuoteRound(answers: number): void {
    this.series.quotes.inc({ outcome: answers ? 'answered' : 'empty' });
  }

  /** Renders, refreshing the solver gauges from the trust state first. */
  render(solvers: Pick<SolverStatus, 'address' | 'state' | 'rttMs'>[]): string {
    this.series.solverRtt.reset();
    this.series.solverState.reset();
    const byState = new Map<string, number>();
    for (const s of solvers) {
      byState.set(s.state, (byState.get(s.state) ?? 0) + 1);
      for (const q of ['p50', 'p99', 'peakEwma'] as const) {
        const v = s.rttMs[q];
        if (v !== null) this.series.solverRtt.set({ solver: s.address, quantile: q }, v);
      }
    }
    for (const [state, n] of byState) this.series.solverState.set({ state }, n);
    return this.registry.render();
  }
}
