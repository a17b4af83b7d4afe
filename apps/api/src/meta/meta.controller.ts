import { Controller, Get, HttpException, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ref } from '../openapi';
import { decodeJson, encodeJson } from '@intentmesh/messaging';
import { INTENT_TYPE, chains, getChainDomain, intentTypes, awardTypes } from '@intentmesh/protocol';
import { API_DEPS, type ApiDeps } from '../deps';

@ApiTags('meta')
@Controller()
export class MetaController {
  constructor(@Inject(API_DEPS) private readonly deps: ApiDeps) {}

  @Get('v1/chains')
  @ApiOperation({ operationId: 'getChains', summary: 'Supported chains with the EIP-712 domain and types to sign intents in any language' })
  @ApiResponse({ status: 200, schema: { type: 'array', items: ref('Chain') } })
  chains() {
    return Object.values(chains).map((c) => ({
      chainId: c.id,
      name: c.name,
      settlement: c.settlement,
      destinationSettler: c.destinationSettler,
      domain: getChainDomain(c.id),
      primaryType: 'Intent',
      types: intentTypes,
      encodedType: INTENT_TYPE,
      awardTypes,
    }));
  }

  @Get('v1/tokens')
  @ApiOperation({ operationId: 'getTokens', summary: 'Tokens of the demo market the reference solvers quote against' })
  @ApiQuery({ name: 'chainId', required: false, description: 'Only this chain' })
  @ApiResponse({ status: 200, schema: { type: 'array', items: ref('Token') } })
  tokens(@Query('chainId') chainId?: string) {
    return chainId ? this.deps.tokens.filter((t) => String(t.chainId) === chainId) : this.deps.tokens;
  }

  @Get('v1/solvers')
  @ApiOperation({ operationId: 'listSolvers', summary: 'Registered solvers with their bid and win counters, as the auctioneer reports them' })
  async solvers() {
    const status = await this.auctioneerStatus();
    if (!status) throw new HttpException({ error: { code: 'BUS_UNAVAILABLE', message: 'No auctioneer answered; try again shortly.' } }, 503);
    return (status as { solvers: unknown[] }).solvers;
  }

  @Get('health')
  @ApiOperation({ operationId: 'getHealth', summary: 'Liveness of NATS, the database and the auctioneer' })
  async health() {
    const database = await this.deps.storage.db
      .query('SELECT 1')
      .then(() => 'up')
      .catch(() => 'down');
    const nats = this.deps.messaging.bus.isConnected() ? 'up' : 'down';
    const auctioneer = await this.auctioneerStatus();
    const body = { status: database === 'up' && nats === 'up' ? 'ok' : 'degraded', nats, natsKind: this.deps.messaging.kind, database, databaseKind: this.deps.storage.db.kind, auctioneer: auctioneer ?? 'no answer' };
    if (body.status !== 'ok') throw new HttpException(body, 503);
    return body;
  }

  private async auctioneerStatus(): Promise<unknown | undefined> {
    const { bus, subjects } = this.deps.messaging;
    try {
      return decodeJson(await bus.request(subjects.resolve('auctioneer.status'), encodeJson({}), { timeoutMs: 1000 }));
    } catch {
      return undefined;
    }
  }
}
