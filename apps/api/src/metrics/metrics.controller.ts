import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import { decodeJson, encodeJson } from '@intentmesh/messaging';
import { bytesToHex } from '@intentmesh/protocol';
import { API_DEPS, type ApiDeps } from '../deps';
import { AuctioneerPin } from '../trust/auctioneerPin';
import { ApiMetrics } from './apiMetrics';

@ApiTags('meta')
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(API_DEPS) private readonly deps: ApiDeps,
    private readonly metrics: ApiMetrics,
    private readonly pin: AuctioneerPin,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    operationId: 'getMetrics',
    summary: 'Prometheus metrics',
    description:
      "The API's series (intents by status from the store, quotes, cancels) followed by the auctioneer's (auctions, awards, bids by verdict, decision time, solver RTT and health), relayed over the bus.",
  })
  @ApiProduces('text/plain')
  @ApiResponse({ status: 200, description: 'Prometheus text exposition format 0.0.4', schema: { type: 'string' } })
  async get(): Promise<string> {
    this.metrics.series.intents.reset();
    const counts = await this.deps.storage.intents.countByStatus().catch(() => ({}) as Record<string, number>);
    for (const [status, n] of Object.entries(counts)) this.metrics.series.intents.set({ status }, n);
    const { bus, subjects } = this.deps.messaging;
    let auctioneer = '';
    // relayed only when the pinned auctioneer signed it over our fresh nonce (a forged or replayed answer is counted)
    const nonce = bytesToHex(randomBytes(32));
    try {
      const answer = decodeJson(await bus.request(subjects.metrics, encodeJson({ nonce }), { timeoutMs: 1000 }));
      if (
        answer &&
        typeof answer === 'object' &&
        typeof (answer as { text?: unknown }).text === 'string' &&
        this.pin.verify('auctioneer.metrics', answer as Record<string, unknown>, nonce)
      )
        auctioneer = (answer as { text: string }).text;
    } catch {
      // no auctioneer answered: intentmesh_auctioneer_up says so
    }
    this.metrics.series.auctioneerUp.set({}, auctioneer ? 1 : 0);
    return this.metrics.registry.render() + auctioneer;
  }
}
