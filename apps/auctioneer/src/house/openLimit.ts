export type OpenLimitOptions = {
  /** Auctions allowed in their bid window at once while solvers keep up (AUCTION_MAX_OPEN). */
  max: number;
  /** Rounds in a row in which every invited solver answered in time before the limit goes back up to `max`. */
  calmRounds?: number;
};

/**
 * How many auctions may take bids at once. A solver quotes the auctions it is sent one after another, so under CPU
 * contention the second of two open auctions is answered late or not at all: its intents go back unfilled and the
 * misses count against the solver's health, which invites fewer solvers (a requeue storm, measured in
 * bench/stormProbe.mjs). So after a round that overlapped another and left an invited solver without an answer,
 * one auction at a time, until `calmRounds` rounds in a row are answered by everyone invited.
 */
export class OpenLimit {
  private serial = false;
  private calm = 0;

  constructor(private readonly o: OpenLimitOptions) {}

  get max(): number {
    return this.serial ? Math.min(1, this.o.max) : this.o.max;
  }

  /**
   * A closed round: whether another auction took bids during its window, and how many invited solvers never answered.
   * True when this round just brought the limit down to one.
   */
  observe(round: { overlapped: boolean; unanswered: number }): boolean {
    if (round.unanswered > 0) {
      this.calm = 0;
      // a miss with no other auction open is not ours to fix (a slow or dead solver): trust handles it
      if (!round.overlapped || this.serial || this.o.max <= 1) return false;
      this.serial = true;
      return true;
    }
    if (this.serial && ++this.calm >= (this.o.calmRounds ?? 10)) {
      this.serial = false;
      this.calm = 0;
    }
    return false;
  }
}
