import { crashDrill } from './support/crashDrill';
import { submitAll } from './support/trader';

describe('crash - kill -9 the auctioneer while 1,000 intents are pending', () => {
  crashDrill('crash', 1000, (url, planned) => submitAll(url, planned, 24));
});
