import { MetricsRegistry } from '@intentmesh/runtime';
import type { AuctionRecordJSON } from '@intentmesh/protocol';

type SolverStatus = {
  address: string;
  state: string;
  rttMs?: { p50: number | null; p99: number | null; peakEwma: number | null };
};

/** The auctioneer's Prometheus series; the API's GET /metrics relays them (auctioneer.metrics on the bus). */
export class AuctioneerMetrics {
  private readonly registry = new MetricsRegistry();
  private readonly auctions = this.registry.counter(
    'intentmesh_auctions_total',
    'Auctions closed and stored by this auctioneer.',
  );
  private readonly awards = this.registry.counter('intentmesh_awards_total', 'Awards signed by this auctioneer.');
  private readonly bids = this.registry.counter(
    'intentmesh_bids_total',
    'Bids received, by final verdict in the stored record.',
  );
  private readonly decision = this.registry.histogram(
    'intentmesh_decision_seconds',
    'From the bid window closing to the record stored and the result published.',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  private readonly deliveries = this.registry.counter(
    'intentmesh_intent_deliveries_total',
    'Intents read from the stream, by delivery: first, or a redelivery (requeued by us, or the ack wait ran out).',
  );
  private readonly requeued = this.registry.counter(
    'intentmesh_intents_requeued_total',
    'Intents this auctioneer gave back to the stream (unfilled, to retry; or not stored); each comes back as a redelivery.',
  );
  private readonly quotes = this.registry.counter(
    'intentmesh_quote_rounds_total',
    'Indicative quote rounds, by outcome (answered or empty).',
  );
  private readonly solverRtt = this.registry.gauge(
    'intentmesh_solver_rtt_ms',
    'Health-probe round trip per solver as the auctioneer measures it (p50, p99, peak EWMA).',
  );
  private readonly solverState = this.registry.gauge('intentmesh_solvers', 'Registered solver nodes by health state.');

  observeAuction(record: Pick<AuctionRecordJSON, 'bids' | 'awards'>, decisionMs: number): void {
    this.auctions.inc();
    this.awards.inc({}, record.awards.length);
    for (const b of record.bids) this.bids.inc({ verdict: b.verdict });
    this.decision.observe(decisionMs / 1000);
  }

  observeDelivery(deliveryCount: number): void {
    this.deliveries.inc({ delivery: deliveryCount > 1 ? 'redelivery' : 'first' });
  }

  observeRequeue(): void {
    this.requeued.inc();
  }

  observeQuoteRound(answers: number): void {
    this.quotes.inc({ outcome: answers ? 'answered' : 'empty' });
  }

  /** Renders, refreshing the solver gauges from the trust state first. */
  render(solvers: SolverStatus[]): string {
    this.solverRtt.reset();
    this.solverState.reset();
    const byState = new Map<string, number>();
    for (const s of solvers) {
      byState.set(s.state, (byState.get(s.state) ?? 0) + 1);
      for (const q of ['p50', 'p99', 'peakEwma'] as const) {
        const v = s.rttMs?.[q];
        if (v !== null && v !== undefined) this.solverRtt.set({ solver: s.address, quantile: q }, v);
      }
    }
    for (const [state, n] of byState) this.solverState.set({ state }, n);
    return this.registry.render();
  }
}
