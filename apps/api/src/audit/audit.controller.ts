import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IntentMeshError, addressSchema, parseOrThrow } from '@intentmesh/protocol';
import { API_DEPS, type ApiDeps } from '../deps';
import { requireBytes32 } from '../intents/intents.controller';
import { AddressParam, ApiOptionalQueries, Bytes32Param, ErrorSchema, ref } from '../openapi';
import { COMPETITION_PARAMS, competitionQuerySchema, nextCursor, parseQuery } from './auditQueries';

/** Audit views read only stored (closed) records and their index, so no bid is readable before its auction closes. */
@ApiTags('auctions')
@Controller('v1')
export class AuditController {
  constructor(@Inject(API_DEPS) private readonly deps: ApiDeps) {}

  @Get('intents/:hash/auction')
  @ApiOperation({
    summary: 'The auction(s) that handled an intent',
    description:
      'The full record of the latest closed auction that offered the intent, and the ids of its earlier attempts (an intent with no valid bid returns to later auctions until its deadline).',
  })
  @ApiParam({ name: 'hash', description: 'Intent hash (EIP-712 digest)', schema: Bytes32Param })
  @ApiResponse({ status: 200, schema: ref('IntentAuction') })
  @ApiResponse({ status: 400, description: 'INVALID_HEX', schema: ErrorSchema })
  @ApiResponse({
    status: 404,
    description:
      'INTENT_NOT_FOUND; AUCTION_NOT_FOUND when the intent has not been in a closed auction yet (details.status, details.liveAuctionId)',
    schema: ErrorSchema,
  })
  async intentAuction(@Param('hash') hashRaw: string) {
    const hash = requireBytes32(hashRaw, 'hash');
    const [intent, history] = await Promise.all([
      this.deps.storage.intents.get(hash),
      this.deps.storage.auctions.ofIntent(hash),
    ]);
    if (!intent && !history.total)
      throw new IntentMeshError(`No intent ${hash}.`, { code: 'INTENT_NOT_FOUND', details: { hash } });
    const [latest, ...earlier] = history.auctions;
    // the intent row names the auction it is in now; one that is not stored yet is still open, its bids sealed
    const liveAuctionId =
      intent?.status === 'auctioning' &&
      intent.auctionId &&
      !history.auctions.some((a) => a.auctionId === intent.auctionId)
        ? intent.auctionId
        : null;
    if (!latest) {
      throw new IntentMeshError(`Intent ${hash} has not been in a closed auction yet (status ${intent?.status}).`, {
        code: 'AUCTION_NOT_FOUND',
        details: { hash, status: intent?.status, liveAuctionId },
      });
    }
    const record = await this.deps.storage.auctions.get(latest.auctionId);
    return {
      intentHash: hash,
      status: intent?.status ?? null,
      attempts: history.total,
      latest: record,
      earlier: earlier.map((a) => a.auctionId),
      liveAuctionId,
    };
  }

  @Get('solvers/:address/competition')
  @ApiOperation({
    summary: "A solver's competition record: wins, losses, bids by verdict, scores over time",
    description:
      'Totals over the range (all time without `from`/`to`), and one point per auction the solver bid in, newest first, a page at a time (pass `next` as `cursor`). Read from closed auctions only.',
  })
  @ApiParam({ name: 'address', description: 'Solver key address', schema: AddressParam })
  @ApiOptionalQueries(
    ['from', { type: 'integer' }, 'Auctions closed at or after this time (unix ms).'],
    ['to', { type: 'integer' }, 'Auctions closed before this time (unix ms, exclusive).'],
    ['limit', { type: 'integer', minimum: 1, maximum: 200, default: 50 }, 'Points per page.'],
    ['cursor', { type: 'string' }, 'The `next` of the previous page.'],
  )
  @ApiResponse({ status: 200, schema: ref('SolverCompetition') })
  @ApiResponse({
    status: 400,
    description: 'INVALID_ADDRESS, UNKNOWN_FILTER, SCHEMA_INVALID, INVALID_CURSOR, INVALID_RANGE',
    schema: ErrorSchema,
  })
  async competition(@Param('address') addressRaw: string, @Query() query: Record<string, unknown>) {
    const solver = parseOrThrow(addressSchema, addressRaw, 'address');
    const q = parseQuery(competitionQuerySchema, COMPETITION_PARAMS, query, 'GET /v1/solvers/:address/competition');
    const limit = q.limit ?? 50;
    const { totals, series } = await this.deps.storage.auctions.solverCompetition(solver, {
      from: q.from,
      to: q.to,
      limit,
      before: q.cursor,
    });
    return { solver, from: q.from ?? null, to: q.to ?? null, totals, series, next: nextCursor(series, limit) };
  }
}
