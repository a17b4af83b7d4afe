/** What DoubleBooking reads of a round: when it opened, whom it invited and when each invited key first answered (our clock). */
export type BookedRound = {
  openedAt: number;
  invited: Iterable<string>;
  isInvited: (solver: string) => boolean;
  answeredAt: (solver: string) => number | undefined;
};

/**
 * Tells a solver's miss caused by our own double booking from a timeout. A key quotes our auctions one after another,
 * so when two overlap, the second waits behind the first. A miss counts as busy only when, on our clock, the key had
 * not yet answered an earlier auction of ours when this one opened: nothing the solver says counts, and it paid the
 * wait as latency (or a timeout) in that earlier auction. OpenLimit ends the overlap after such a round, so a lazy key
 * gets at most the rounds already open excused, not a standing excuse.
 */
export class DoubleBooking {
  /** Per key, its latest closed invitation: when that auction opened and when the key answered it (or it closed). */
  private readonly last = new Map<string, { openedAt: number; freeAt: number }>();

  /** Whether `solver` was still on an earlier auction when `round` opened; `open` are the rounds not yet closed. */
  busyAtOpen(solver: string, round: BookedRound, open: Iterable<BookedRound>): boolean {
    const at = round.openedAt;
    const last = this.last.get(solver);
    if (last && last.openedAt < at && last.freeAt > at) return true;
    for (const r of open)
      if (r !== round && r.openedAt < at && r.isInvited(solver) && (r.answeredAt(solver) ?? Infinity) > at) return true;
    return false;
  }

  /** A round closed at `closedAt`: each invited key was free from its first answer, or from the close if none came. */
  closed(round: BookedRound, closedAt: number): void {
    for (const s of round.invited) {
      const last = this.last.get(s);
      if (!last || last.openedAt < round.openedAt)
        this.last.set(s, { openedAt: round.openedAt, freeAt: round.answeredAt(s) ?? closedAt });
    }
  }
}
