import { crashDrill } from './support/crashDrill';
import { submitBatches } from './support/trader';

// its own file, so the two kill -9 drills (each waits out a 45 s deadline) run on both jest workers at once
describe('crash - kill -9 the auctioneer while intake groups (batch POSTs, one stream message each) are held mid-auction', () => {
  crashDrill('crashgroup', 1000, async (url, planned) => {
    const { accepted, refused } = await submitBatches(url, planned, 50, 2);
    expect(refused).toEqual({});
    return accepted.sort((a, b) => a.i - b.i).map((a) => a.hash);
  });
});
