import { randomBytes } from 'node:crypto';
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ref } from '../openapi';
import { decodeJson, encodeJson } from '@intentmesh/messaging';
import {
  INTENT_TYPE,
  IntentMeshError,
  bytesToHex,
  chains,
  getChainDomain,
  intentTypes,
  awardTypes,
} from '@intentmesh/protocol';
import { AuctioneerPin } from '../trust/auctioneerPin';
import { API_DEPS, type ApiDeps } from '../deps';

@ApiTags('meta')
@Controller()
export class MetaController {
  constructor(
    @Inject(API_DEPS) private readonly deps: ApiDeps,
    private readonly pin: AuctioneerPin,
  ) {}

  @Get('v1/chains')
  @ApiOperation({
    operationId: 'getChains',
    summary: 'Supported chains with the EIP-712 domain and types to sign intents in any language',
  })
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
  @ApiQuery({
    name: 'chainId',
    required: false,
    schema: { type: 'integer', example: 10 },
    description: 'Only this chain',
  })
  @ApiResponse({ status: 200, schema: { type: 'array', items: ref('Token') } })
  @ApiResponse({ status: 400, description: 'SCHEMA_INVALID (chainId is not a chain id), UNKNOWN_CHAIN' })
  tokens(@Query('chainId') chainId?: string) {
    if (chainId === undefined) return this.deps.tokens;
    if (!/^[1-9][0-9]{0,15}$/.test(chainId))
      throw new IntentMeshError(`chainId must be a chain id (a positive integer), got "${chainId.slice(0, 40)}".`, {
        code: 'SCHEMA_INVALID',
        details: { field: 'chainId' },
      });
    const id = Number(chainId);
    if (!(id in chains))
      throw new IntentMeshError(`Chain ${id} is not supported; see GET /v1/chains.`, {
        code: 'UNKNOWN_CHAIN',
        details: { chainId: id, supported: Object.keys(chains).map(Number) },
      });
    return this.deps.tokens.filter((t) => t.chainId === id);
  }

  @Get('v1/solvers')
  @ApiOperation({
    operationId: 'listSolvers',
    summary: 'Registered solvers with their bid and win counters, as the auctioneer reports them',
  })
  async solvers() {
    const status = await this.auctioneerStatus();
    if (!status)
      throw new IntentMeshError('No auctioneer answered; try again shortly.', {
        code: 'AUCTIONEER_UNAVAILABLE',
        details: { retryAfterSec: 2 },
      });
    return (status as { solvers: unknown[] }).solvers;
  }

  @Get('health')
  @ApiOperation({ operationId: 'getHealth', summary: 'Liveness of NATS, the database and the auctioneer' })
  async health(@Res({ passthrough: true }) res: Response) {
    // no deadlines here (an overloaded host answers late, not wrongly); /health/ready is the one with 1 s probes
    const database = this.deps.storage.db.query('SELECT 1').then(
      () => true,
      () => false,
    );
    const [databaseUp, auctioneer] = await Promise.all([database, this.auctioneerStatus()]);
    const nats = this.deps.messaging.bus.isConnected();
    const body = {
      status: databaseUp && nats ? 'ok' : 'degraded',
      nats: nats ? 'up' : 'down',
      natsKind: this.deps.messaging.kind,
      database: databaseUp ? 'up' : 'down',
      databaseKind: this.deps.storage.db.kind,
      auctioneer: auctioneer ?? 'no answer',
    };
    if (body.status !== 'ok') res.status(503);
    return body;
  }

  @Get('health/live')
  @ApiOperation({
    operationId: 'getLiveness',
    summary: 'The process serves HTTP (restart it when this fails); never checks dependencies',
  })
  live() {
    return { status: 'ok', info: {}, error: {}, details: {} };
  }

  @Get('health/ready')
  @ApiOperation({
    operationId: 'getReadiness',
    summary:
      'Whether this API can take traffic: NATS and the database answer within 1 s (Terminus shape; 503 when not)',
  })
  async ready(@Res({ passthrough: true }) res: Response) {
    const [database, nats] = await Promise.all([this.databaseUp(), this.natsUp()]);
    const checks = { nats: { status: nats ? 'up' : 'down' }, database: { status: database ? 'up' : 'down' } };
    const up = Object.fromEntries(Object.entries(checks).filter(([, c]) => c.status === 'up'));
    const down = Object.fromEntries(Object.entries(checks).filter(([, c]) => c.status === 'down'));
    if (Object.keys(down).length) res.status(503);
    return { status: Object.keys(down).length ? 'error' : 'ok', info: up, error: down, details: checks };
  }

  private databaseUp(): Promise<boolean> {
    const query = this.deps.storage.db.query('SELECT 1').then(
      () => true,
      () => false,
    );
    return withDeadline(query, PROBE_MS);
  }

  /** The client's status events say when the socket dropped; a ping round trip catches a server that stopped answering. */
  private natsUp(): Promise<boolean> {
    const { bus } = this.deps.messaging;
    if (!bus.isConnected()) return Promise.resolve(false);
    return withDeadline(
      bus.flush().then(
        () => true,
        () => false,
      ),
      PROBE_MS,
    );
  }

  /** The auctioneer's status, only when the pinned auctioneer signed it over our fresh nonce (a forged or replayed answer is dropped). */
  private async auctioneerStatus(): Promise<unknown | undefined> {
    const { bus, subjects } = this.deps.messaging;
    const nonce = bytesToHex(randomBytes(32));
    let answer: unknown;
    try {
      answer = decodeJson(
        await bus.request(subjects.resolve('auctioneer.status'), encodeJson({ nonce }), { timeoutMs: 1000 }),
      );
    } catch {
      return undefined;
    }
    if (
      !answer ||
      typeof answer !== 'object' ||
      !this.pin.verify('auctioneer.status', answer as Record<string, unknown>, nonce)
    )
      return undefined;
    const { signature: _s, nonce: _n, ...status } = answer as Record<string, unknown>;
    return status;
  }
}

const PROBE_MS = 1000;
function withDeadline(p: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
