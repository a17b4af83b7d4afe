import { OpenLimit } from './openLimit';

const answered = { overlapped: true, unanswered: 0 };
const missedOverlapping = { overlapped: true, unanswered: 1 };
const missedAlone = { overlapped: false, unanswered: 2 };

describe('open limit - one auction at a time while overlapping rounds go unanswered', () => {
  it('keeps the configured limit while every invited solver answers, overlapping or not', () => {
    const l = new OpenLimit({ max: 2 });
    for (let i = 0; i < 50; i++) expect(l.observe(i % 2 ? answered : { overlapped: false, unanswered: 0 })).toBe(false);
    expect(l.max).toBe(2);
  });

  it('a miss in a round no other auction overlapped leaves the limit alone', () => {
    const l = new OpenLimit({ max: 2 });
    expect(l.observe(missedAlone)).toBe(false);
    expect(l.max).toBe(2);
  });

  it('falls to one after an overlapping round with a miss, and says so once', () => {
    const l = new OpenLimit({ max: 3 });
    expect(l.observe(missedOverlapping)).toBe(true);
    expect(l.max).toBe(1);
    // a second overlapping miss (the other auction open at the same time closes after) is not a second drop
    expect(l.observe(missedOverlapping)).toBe(false);
    expect(l.max).toBe(1);
  });

  it('goes back up only after calmRounds answered rounds in a row; any miss starts the count again', () => {
    const l = new OpenLimit({ max: 2, calmRounds: 10 });
    l.observe(missedOverlapping);
    for (let i = 0; i < 9; i++) l.observe(answered);
    expect(l.max).toBe(1);
    l.observe(missedAlone); // one at a time and still a miss: the count starts over
    for (let i = 0; i < 9; i++) l.observe(answered);
    expect(l.max).toBe(1);
    l.observe(answered);
    expect(l.max).toBe(2);
    // and falls again at the next overlapping miss
    expect(l.observe(missedOverlapping)).toBe(true);
    expect(l.max).toBe(1);
  });

  it('a limit of one (or no overlap possible) never reports a drop', () => {
    const l = new OpenLimit({ max: 1 });
    expect(l.observe(missedOverlapping)).toBe(false);
    expect(l.max).toBe(1);
  });

  it('an unlimited house also falls to one', () => {
    const l = new OpenLimit({ max: Infinity });
    expect(l.max).toBe(Infinity);
    expect(l.observe(missedOverlapping)).toBe(true);
    expect(l.max).toBe(1);
  });
});
