import type { Market, MarketSource } from '../types';
import { parseMarket } from './parseMarket';

/** MarketSource over a fixed market (or its JSON); a viem-backed live source implements the same interface. */
export class StaticMarketSource implements MarketSource {
  private readonly market: Market;
  constructor(market: Market | unknown) {
    this.market = isMarket(market) ? market : parseMarket(market);
  }
  async getMarket(): Promise<Market> {
    return this.market;
  }
}

function isMarket(m: unknown): m is Market {
  const t = (m as Market | undefined)?.tokens?.[0];
  return t !== undefined && typeof t.priceUsdE18 === 'bigint';
}
