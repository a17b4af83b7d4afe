import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { decodeJson, encodeJson } from '@intentmesh/messaging';
import { API_DEPS, type ApiDeps } from '../deps';
import { ApiMetrics } from './apiMetrics';

@ApiTags('meta')
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(API_DEPS) private readonly deps: ApiDeps,
    private readonly metrics: ApiMetrics,
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
    this.metrics.intents.reset();
    const counts = await this.deps.storage.intents.countByStatus().catch(() => ({}) as Record<string, number>);
    for (const [status, n] of Object.entries(counts)) this.metrics.intents.set({ status }, n);
    const { bus, subjects } = this.deps.messaging;
    let auctioneer = '';
    try {
      const text = decodeJson(await bus.request(subjects.metrics, encodeJson({}), { timeoutMs: 1000 }));
      if (typeof text === 'string') auctioneer = text;
    } catch {
      // no auctioneer answered: intentmesh_auctioneer_up says so
    }
    this.metrics.auctioneerUp.set({}, auctioneer ? 1 : 0);
    return this.metrics.registry.render() + auctioneer;
  }
}
