import { Controller, Get, Inject, Param, Query, applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { verifyAuction } from '@intentmesh/auction';
import { IntentMeshError } from '@intentmesh/protocol';
import { API_DEPS, type ApiDeps } from '../deps';
import { requireBytes32 } from '../intents/intents.controller';
import {
  AUCTION_LIST_PARAMS,
  auctionListQuerySchema,
  nextCursor,
  parseQuery,
  toAuctionFilter,
} from '../audit/auditQueries';
import { AddressParam, ApiOptionalQueries, Bytes32Param, ErrorSchema, ref } from '../openapi';

/** The id of one stored auction in the path, and its 404 (responses are keyed by status: their order is free). */
const ApiAuctionById = () =>
  applyDecorators(
    ApiParam({ name: 'id', description: 'Auction id (bytes32)', schema: Bytes32Param }),
    ApiResponse({ status: 404, description: 'AUCTION_NOT_FOUND', schema: ErrorSchema }),
  );

@ApiTags('auctions')
@Controller('v1/auctions')
export class AuctionsController {
  constructor(@Inject(API_DEPS) private readonly deps: ApiDeps) {}

  @Get()
  @ApiOperation({
    operationId: 'listAuctions',
    summary: 'Closed auctions, newest first, with filters',
    description:
      'Filters combine with AND. Pass the returned `next` as `cursor` (with the same filters) for the following page; `next` is null on the last page. Only closed auctions are stored, so nothing here is readable before an auction closes. Unknown parameters are refused (UNKNOWN_FILTER), never ignored.',
  })
  @ApiOptionalQueries(
    ['limit', { type: 'integer', minimum: 1, maximum: 200, default: 50 }, 'Page size.'],
    ['cursor', { type: 'string' }, 'The `next` of the previous page.'],
    ['solver', AddressParam, 'Auctions in which this solver placed a recorded bid (any verdict).'],
    ['intent', Bytes32Param, 'Auctions that offered this intent (its hash).'],
    ['chainId', { type: 'integer', example: 10 }, 'Auctions with an intent whose source or destination is this chain.'],
    ['from', { type: 'integer', example: 1_900_000_000_000 }, 'Closed at or after this time (unix ms).'],
    ['to', { type: 'integer', example: 1_900_000_060_000 }, 'Closed before this time (unix ms, exclusive).'],
    ['auctioneer', AddressParam, "Only this auctioneer's records."],
    ['fromSeq', { type: 'integer', minimum: 1 }, "Lowest sequence number in the auctioneer's hash chain (inclusive)."],
    ['toSeq', { type: 'integer', minimum: 1 }, 'Highest sequence number (inclusive).'],
  )
  @ApiResponse({ status: 200, schema: ref('AuctionList') })
  @ApiResponse({
    status: 400,
    description:
      'UNKNOWN_FILTER, SCHEMA_INVALID (limit, times), INVALID_ADDRESS, INVALID_HEX, UNKNOWN_CHAIN, INVALID_CURSOR, INVALID_RANGE',
    schema: ErrorSchema,
  })
  async list(@Query() query: Record<string, unknown>) {
    const q = parseQuery(auctionListQuerySchema, AUCTION_LIST_PARAMS, query, 'GET /v1/auctions');
    const limit = q.limit ?? 50;
    const items = await this.deps.storage.auctions.list({ ...toAuctionFilter(q), limit, before: q.cursor });
    return { items, next: nextCursor(items, limit) };
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getAuction',
    summary: 'The full record of a closed auction',
    description:
      'Intents with signatures, solvers, every bid with its verdict and reason, scores, winners, signed awards, and the hash chain link. Bids are sealed until the auction closes: only closed auctions are stored. A record never changes: it is served with `ETag: "<recordHash>"` and `Cache-Control: immutable`, and `If-None-Match` with that tag is answered 304.',
  })
  @ApiAuctionById()
  @ApiResponse({ status: 200, schema: ref('AuctionRecord') })
  @ApiResponse({ status: 304, description: 'Not modified: the If-None-Match tag is this record hash' })
  @ApiResponse({ status: 400, description: 'INVALID_HEX', schema: ErrorSchema })
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
  @ApiAuctionById()
  @ApiResponse({ status: 200, schema: ref('Verification') })
  async verification(@Param('id') id: string) {
    const record = await this.get(id);
    return {
      ...verifyAuction(record, { auctioneer: record.auctioneer }),
      auctioneer: record.auctioneer,
      recordHash: record.recordHash,
    };
  }
}
