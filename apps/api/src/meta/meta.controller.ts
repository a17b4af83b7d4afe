import { Controller, Get, HttpException, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ref } from '../openapi';
import { decodeJson, encodeJson } from '@intentmesh/messaging';
import { INTENT_TYPE, IntentMeshError, chains, getChainDomain, intentTypes, awardTypes } from '@intentmesh/protocol';
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
  @ApiQuery({ name: 'chainId', required: false, schema: { type: 'integer', example: 10 }, description: 'Only this chain' })
  @ApiResponse({ status: 200, schema: { type: 'array', items: ref('Token') } })
  @ApiResponse({ status: 400, description: 'SCHEMA_INVALID (chainId is not a chain id), UNKNOWN_CHAIN' })
  tokens(@Query('chainId') chainId?: string) {
    if (chainId === undefined) return this.deps.tokens;
    if (!/^[1-9][0-9]{0,15}$/.test(chainId)) throw new IntentMeshError(`chainId must be a chain id (a positive integer), got "${chainId.slice(0, 40)}".`, { code: 'SCHEMA_INVALID', details: { field: 'chainId' } });
    const id = Number(chainId);
    if (!(id in chains)) throw new IntentMeshError(`Chain ${id} is not supported; see GET /v1/chains.`, { code: 'UNKNOWN_CHAIN', details: { chainId: id, supported: Object.keys(chains).map(Number) } });
    return this.deps.tokens.filter((t) => t.chainId === id);
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
