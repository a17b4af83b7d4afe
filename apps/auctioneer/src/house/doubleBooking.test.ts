import { DoubleBooking, type BookedRound } from './doubleBooking';

/** A round that invited `answers`' keys; a key's value is when its first answer reached us (undefined: none). */
function round(openedAt: number, answers: Record<string, number | undefined>): BookedRound {
  return {
    openedAt,
    invited: Object.keys(answers),
    isInvited: (s) => s in answers,
    answeredAt: (s) => answers[s],
  };
}

describe('double booking - a miss behind our own earlier auction is not a timeout', () => {
  it('a key still on an earlier open auction when this one opened was busy; one that had answered it was not', () => {
    const b = new DoubleBooking();
    const first = round(0, { a: 250, b: 40, c: undefined });
    const second = round(100, { a: undefined, b: undefined, c: undefined });
    expect(b.busyAtOpen('a', second, [first, second])).toBe(true); // answered the first at 250, after the second opened
    expect(b.busyAtOpen('b', second, [first, second])).toBe(false); // free at 40: its miss is its own
    expect(b.busyAtOpen('c', second, [first, second])).toBe(true); // no answer yet to the first
  });

  it('the earlier auction may have closed already: its answer times are kept per key', () => {
    const b = new DoubleBooking();
    const first = round(0, { a: 250, b: 40, c: undefined });
    b.closed(first, 300);
    const second = round(100, { a: undefined, b: undefined, c: undefined });
    expect(b.busyAtOpen('a', second, [])).toBe(true);
    expect(b.busyAtOpen('b', second, [])).toBe(false);
    expect(b.busyAtOpen('c', second, [])).toBe(true); // never answered: busy until the close at 300
  });

  it('auctions one after another (no overlap) never excuse a miss, nor does a later auction or one the key was not invited to', () => {
    const b = new DoubleBooking();
    b.closed(round(0, { a: undefined }), 300);
    expect(b.busyAtOpen('a', round(310, { a: undefined }), [])).toBe(false); // opened after the close
    const fresh = new DoubleBooking();
    const later = round(200, { a: undefined });
    const early = round(100, { a: undefined });
    expect(fresh.busyAtOpen('a', early, [later])).toBe(false); // a later auction is not one it was working on
    expect(fresh.busyAtOpen('a', round(100, { a: undefined }), [round(0, { b: 500 })])).toBe(false); // not invited there
  });

  it('keeps the latest invitation per key: an older round closing late does not replace it', () => {
    const b = new DoubleBooking();
    b.closed(round(100, { a: 120 }), 400);
    b.closed(round(0, { a: undefined }), 450); // opened earlier, closed later
    expect(b.busyAtOpen('a', round(200, { a: undefined }), [])).toBe(false); // free at 120, not 450
  });
});
