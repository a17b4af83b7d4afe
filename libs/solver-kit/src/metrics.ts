import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SolverStats } from './types';

// quote time buckets (ms): a bid window is a few hundred ms, so resolution matters below it
const BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1000];

/** Quote durations as a Prometheus histogram. */
export class QuoteTimer {
  readonly counts = BUCKETS.map(() => 0);
  sum = 0;
  count = 0;
  observe(ms: number): void {
    this.sum += ms;
    this.count++;
    BUCKETS.forEach((b, i) => ms <= b && this.counts[i]++);
  }
  render(name: string, labels: string): string[] {
    return [
      `# HELP ${name} Time the quote function took, in milliseconds.`,
      `# TYPE ${name} histogram`,
      ...BUCKETS.map((b, i) => `${name}_bucket{${labels},le="${b}"} ${this.counts[i]}`),
      `${name}_bucket{${labels},le="+Inf"} ${this.count}`,
      `${name}_sum{${labels}} ${this.sum}`,
      `${name}_count{${labels}} ${this.count}`,
    ];
  }
}

/** The counters /metrics renders: the solver's stats without its last receipt. */
export type SolverCounters = Omit<SolverStats, 'lastReceipt'>;

/** The Prometheus text exposition of a solver's counters and quote times. */
export function renderSolverMetrics(solver: string, stats: SolverCounters, quotes: QuoteTimer): string {
  const l = `solver="${solver}"`;
  const counter = (name: string, help: string, v: number) => [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} counter`,
    `${name}{${l}} ${v}`,
  ];
  return [
    ...counter('intentmesh_solver_auctions_total', 'Auctions received.', stats.auctions),
    `# HELP intentmesh_solver_bids_total Bids by outcome: sent, then accepted or refused by the auctioneer; dropped ones missed the deadline.`,
    `# TYPE intentmesh_solver_bids_total counter`,
    `intentmesh_solver_bids_total{${l},outcome="sent"} ${stats.bidsSent}`,
    `intentmesh_solver_bids_total{${l},outcome="accepted"} ${stats.accepted}`,
    `intentmesh_solver_bids_total{${l},outcome="refused"} ${stats.refused}`,
    `intentmesh_solver_bids_total{${l},outcome="dropped"} ${stats.dropped}`,
    ...counter('intentmesh_solver_wins_total', 'Awards won.', stats.wins),
    ...counter(
      'intentmesh_solver_forged_opens_total',
      'Auction opens dropped unquoted: not signed by a pinned auctioneer.',
      stats.forgeries,
    ),
    ...quotes.render('intentmesh_solver_quote_ms', l),
    '',
  ].join('\n');
}

/** Serves GET /metrics on `port` (0 picks a free one); resolves with the URL. */
export async function serveMetrics(
  port: number,
  host: string,
  render: () => string,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(render());
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const a = server.address() as AddressInfo;
  return { url: `http://${host}:${a.port}/metrics`, server };
}
