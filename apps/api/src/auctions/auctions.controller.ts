import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { verifyAuction } from '@intentmesh/auction';
import { IntentMeshError } from '@intentmesh/protocol';
import { API_DEPS, type ApiDeps } from '../deps';
import { requireBytes32 } from '../intents/intents.controller';
import { ErrorSchema, ref } from '../openapi';

@ApiTags('auctions')
@Controller('v1/auctions')
export class AuctionsController {
  constructor(@Inject(API_DEPS) private readonly deps: ApiDeps) {}

  @Get()
  @ApiOperation({ operationId: 'listAuctions', summary: 'Closed auctions, newest first', description: 'Pass the returned `next` as `cursor` for the following page.' })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiResponse({ status: 200, schema: ref('AuctionList') })
  async list(@Query('limit') limitRaw?: string, @Query('cursor') cursor?: string) {
    const limit = limitRaw === undefined ? 50 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      throw new IntentMeshError('limit must be a whole number from 1 to 200.', { code: 'SCHEMA_INVALID', details: { field: 'limit' } });
    }
    let before: { closedAt: number; auctionId: string } | undefined;
    if (cursor) {
      const [closedAt, auctionId] = Buffer.from(cursor, 'base64url').toString().split(':');
      if (!/^\d+$/.test(closedAt ?? '') || !auctionId) throw new IntentMeshError('cursor is not one this API issued.', { code: 'SCHEMA_INVALID', details: { field: 'cursor' } });
      before = { closedAt: Number(closedAt), auctionId };
    }
    const items = await this.deps.storage.auctions.list({ limit, before });
    const last = items[items.length - 1];
    const next = items.length === limit && last ? Buffer.from(`${last.closedAt}:${last.auctionId}`).toString('base64url') : null;
    return { items, next };
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getAuction',
    summary: 'The full record of a closed auction',
    description: 'Intents with signatures, solvers, every bid with its verdict and reason, scores, winners, signed awards, and the hash chain link. Bids are sealed until the auction closes: only closed auctions are stored.',
  })
  @ApiResponse({ status: 404, description: 'AUCTION_NOT_FOUND', schema: ErrorSchema })
  async get(@Param('id') id: string) {
    const record = await this.deps.storage.auctions.get(requireBytes32(id, 'id'));
    if (!record) throw new IntentMeshError(`No closed auction ${id}.`, { code: 'AUCTION_NOT_FOUND', details: { id } });
    return record;
  }

  @Get(':id/verification')
  @ApiOperation({
    operationId: 'getAuctionVerification',
    summary: "The server's own check of a stored record",
    description:
      "Runs the SDK's verifyAuction against the auctioneer the record names: hash, signatures, recomputed scores, fairness, winners, reference scores and awards. An auditor who trusts nothing here runs the same check offline with the auctioneer address pinned.",
  })
  @ApiResponse({ status: 200, schema: { type: 'object', properties: { ok: { type: 'boolean' }, auctionId: { type: 'string' }, seq: { type: 'integer' }, auctioneer: { type: 'string' }, recordHash: { type: 'string' }, problems: { type: 'array', items: { type: 'object', description: '{ code, message, auctionId, seq }' } } } } })
  @ApiResponse({ status: 404, description: 'AUCTION_NOT_FOUND', schema: ErrorSchema })
  async verification(@Param('id') id: string) {
    const record = await this.get(id);
    return { ...verifyAuction(record, { auctioneer: record.auctioneer }), auctioneer: record.auctioneer, recordHash: record.recordHash };
  }
}
