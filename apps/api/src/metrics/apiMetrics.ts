import { MetricsRegistry } from '@intentmesh/runtime';

/** The API's own series; GET /metrics appends the auctioneer's, relayed over the bus. */
export class ApiMetrics {
  readonly registry = new MetricsRegistry();
  readonly intents = this.registry.gauge('intentmesh_intents', 'Intents in the store of record, by status.');
  readonly quotes = this.registry.counter(
    'intentmesh_api_quotes_total',
    'GET /v1/quote answers, by outcome (quoted, no_quote).',
  );
  readonly cancels = this.registry.counter(
    'intentmesh_api_cancels_total',
    'POST /v1/intents/:hash/cancel answers, by outcome.',
  );
  readonly forgeries = this.registry.counter(
    'intentmesh_api_forged_messages_total',
    'Bus messages dropped because the pinned auctioneer did not sign them, by kind (auction.open, auction.result, auctioneer.status, auctioneer.metrics).',
  );
  readonly auctioneerUp = this.registry.gauge(
    'intentmesh_auctioneer_up',
    '1 when an auctioneer answered the metrics relay, else 0.',
  );
}
