import type { Address, AuctionRecordJSON } from '@intentmesh/protocol';
import { AuctioneerMetrics } from '../metrics';

type SolverCounters = { bids: number; accepted: number; refused: number; wins: number; lastBidAt: number };

/** Counters the auctioneer reports on auctioneer.status, per-solver tallies, and its Prometheus series. */
export class AuctioneerStats {
  readonly counters = { auctions: 0, awards: 0, bids: 0, intentsSeen: 0, lastAuctionAt: 0 };
  readonly metrics = new AuctioneerMetrics();
  private readonly perSolver = new Map<string, SolverCounters>();

  solver(solver: string): SolverCounters {
    let st = this.perSolver.get(solver);
    if (!st) this.perSolver.set(solver, (st = { bids: 0, accepted: 0, refused: 0, wins: 0, lastBidAt: 0 }));
    return st;
  }

  /** A registered solver's bid and its verdict. */
  observeBid(solver: Address, accepted: boolean, receivedAt: number): void {
    const st = this.solver(solver);
    st.bids++;
    st.lastBidAt = receivedAt;
    if (accepted) st.accepted++;
    else st.refused++;
  }

  /** A stored record: its awards and how long the decision took after the bid window closed. */
  observeAuction(record: AuctionRecordJSON, decisionMs: number): void {
    for (const a of record.awards) this.solver(a.award.solver).wins++;
    this.counters.auctions++;
    this.counters.awards += record.awards.length;
    this.counters.lastAuctionAt = record.closedAt;
    this.metrics.observeAuction(record, decisionMs);
  }
}
