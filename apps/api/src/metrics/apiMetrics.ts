import { MetricsRegistry } from '@intentmesh/runtime';

/** The API's own series; GET /metrics appends the auctioneer's, relayed over the bus. */
export class ApiMetrics {
  readonly registry = new MetricsRegistry();
  readonly series = this.registry.declare({
    intents: { gauge: 'intentmesh_intents', help: 'Intents in the store of record, by status.' },
    quotes: { counter: 'intentmesh_api_quotes_total', help: 'GET /v1/quote answers, by outcome (quoted, no_quote).' },
    cancels: { counter: 'intentmesh_api_cancels_total', help: 'POST /v1/intents/:hash/cancel answers, by outcome.' },
    forgeries: {
      counter: 'intentmesh_api_forged_messages_total',
      help: 'Bus messages dropped because the pinned auctioneer did not sign them, by kind (auction.open, auction.result, auctioneer.status, auctioneer.metrics).',
    },
    auctioneerUp: {
      gauge: 'intentmesh_auctioneer_up',
      help: '1 when an auctioneer answered the metrics relay, else 0.',
    },
  });
}
