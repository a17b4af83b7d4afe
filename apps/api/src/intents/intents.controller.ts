import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IntentMeshError, isBytes32 } from '@intentmesh/protocol';
import { API_DEPS, type ApiDeps } from '../deps';
import { ErrorSchema, ref } from '../openapi';
import { SubmitIntent } from './submitIntent';
import { MAX_BATCH, SubmitIntentBatch } from './submitIntentBatch';

export function requireBytes32(value: string, what: string): string {
  if (!isBytes32(value)) {
    throw new IntentMeshError(`${what} must be 32 bytes as 0x + 64 hex digits.`, {
      code: 'INVALID_HEX',
      details: { field: what },
    });
  }
  return value.toLowerCase();
}

@ApiTags('intents')
@Controller('v1/intents')
export class IntentsController {
  constructor(
    private readonly submit: SubmitIntent,
    private readonly submitBatch: SubmitIntentBatch,
    @Inject(API_DEPS) private readonly deps: ApiDeps,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    operationId: 'submitIntent',
    summary: 'Submit a signed intent',
    description: 'Answers 201 only after the intent stream (JetStream) acknowledged it.',
  })
  @ApiBody({ schema: ref('SubmitIntentRequest') })
  @ApiResponse({ status: 201, schema: ref('SubmittedIntent') })
  @ApiResponse({
    status: 400,
    description:
      'MALFORMED_JSON, SCHEMA_INVALID, INVALID_ADDRESS, INVALID_AMOUNT, DEADLINE_PASSED, DEADLINE_TOO_FAR, SAME_TOKEN, UNKNOWN_CHAIN, INVALID_SIGNATURE',
    schema: ErrorSchema,
  })
  @ApiResponse({
    status: 409,
    description:
      'DUPLICATE_INTENT (details.status), NONCE_USED (taken here, or set in the settlement nonce bitmap: details.onChain)',
    schema: ErrorSchema,
  })
  @ApiResponse({ status: 413, description: 'BODY_TOO_LARGE', schema: ErrorSchema })
  @ApiResponse({
    status: 422,
    description:
      'INSUFFICIENT_BALANCE, INSUFFICIENT_ALLOWANCE (to the settlement contract): the swapper cannot pay for the intent on its source chain; details carry required, balance, allowance',
    schema: ErrorSchema,
  })
  @ApiResponse({
    status: 429,
    description: 'RATE_LIMITED, TOO_MANY_OPEN_INTENTS, OVERLOADED (the intake queue is full): retry after Retry-After',
    schema: ErrorSchema,
  })
  @ApiResponse({
    status: 503,
    description:
      'BUS_UNAVAILABLE, CHAIN_UNAVAILABLE (the source chain could not be asked about a smart-account signature): retry',
    schema: ErrorSchema,
  })
  create(@Body() body: unknown) {
    return this.submit.execute(body);
  }

  @Post('batch')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'submitIntentBatch',
    summary: `Submit up to ${MAX_BATCH} signed intents at once`,
    description:
      'Body `{ intents: [{ intent, signature }, ...] }` (at most 1 MiB). Each item is accepted or refused on its own, with the codes of POST /v1/intents; accepted items are in JetStream when the answer arrives.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['intents'],
      properties: { intents: { type: 'array', maxItems: MAX_BATCH, items: ref('SubmitIntentRequest') } },
    },
  })
  @ApiResponse({
    status: 200,
    schema: {
      type: 'object',
      properties: {
        accepted: { type: 'integer' },
        refused: { type: 'integer' },
        results: {
          type: 'array',
          items: { type: 'object', description: '{ index, hash, status } or { index, error }' },
        },
      },
    },
  })
  @ApiResponse({
    status: 429,
    description: 'OVERLOADED: the whole batch does not fit in the intake queue; retry after Retry-After',
    schema: ErrorSchema,
  })
  createMany(@Body() body: unknown) {
    return this.submitBatch.execute(body);
  }

  @Get(':hash')
  @ApiOperation({
    operationId: 'getIntent',
    summary: 'An intent, its status, its award and its history (each auction, award and outcome)',
  })
  @ApiParam({ name: 'hash', description: 'Intent hash (EIP-712 digest)' })
  @ApiResponse({ status: 200, schema: ref('IntentView') })
  @ApiResponse({ status: 404, description: 'INTENT_NOT_FOUND', schema: ErrorSchema })
  async get(@Param('hash') hash: string) {
    const key = requireBytes32(hash, 'hash');
    const [row, history] = await Promise.all([
      this.deps.storage.intents.get(key),
      this.deps.storage.lapses.history(key),
    ]);
    if (!row) throw new IntentMeshError(`No intent ${hash}.`, { code: 'INTENT_NOT_FOUND', details: { hash } });
    return { ...row, history };
  }
}
