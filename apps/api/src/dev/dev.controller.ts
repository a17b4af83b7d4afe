import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IntentMeshError, addressSchema, amountSchema, parseOrThrow } from '@intentmesh/protocol';
import { z } from 'zod';
import { API_DEPS, type ApiDeps } from '../deps';
import { ErrorSchema } from '../openapi';

const faucetRequestSchema = z.strictObject({
  chainId: z.number().int().positive(),
  token: addressSchema,
  to: addressSchema,
  amount: amountSchema({ positive: true }),
});

/** Dev-only routes of the embedded default (local chains); this controller is not mounted in distributed mode. */
@ApiTags('dev')
@Controller('v1/dev')
export class DevController {
  constructor(@Inject(API_DEPS) private readonly deps: ApiDeps) {}

  @Post('faucet')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Dev only (embedded default): mint demo tokens on a local chain and approve the settlement for them',
    description:
      'Mints `amount` of `token` to `to` on the in-process chain `chainId`, gives `to` gas, and approves the settlement contract for `token` in its name (the local EVM impersonates it). Absent when the API runs distributed.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['chainId', 'token', 'to', 'amount'],
      properties: {
        chainId: { type: 'integer' },
        token: { type: 'string' },
        to: { type: 'string' },
        amount: { type: 'string', description: 'base units, decimal string' },
      },
    },
  })
  @ApiResponse({ status: 200, schema: { type: 'object', properties: { txHash: { type: 'string' } } } })
  @ApiResponse({
    status: 400,
    description: 'SCHEMA_INVALID, INVALID_ADDRESS, INVALID_AMOUNT, UNKNOWN_CHAIN, UNKNOWN_TOKEN',
    schema: ErrorSchema,
  })
  async faucet(@Body() body: unknown) {
    const req = parseOrThrow(faucetRequestSchema, body, 'faucet request');
    const known = this.deps.tokens.filter((t) => t.chainId === req.chainId);
    if (!known.length)
      throw new IntentMeshError(`Chain ${req.chainId} has no local demo chain; see GET /v1/tokens.`, {
        code: 'UNKNOWN_CHAIN',
        details: { chainId: req.chainId },
      });
    if (!known.some((t) => t.address.toLowerCase() === req.token)) {
      throw new IntentMeshError(
        `${req.token} is not a demo token on chain ${req.chainId}; see GET /v1/tokens?chainId=${req.chainId}.`,
        { code: 'UNKNOWN_TOKEN', details: { chainId: req.chainId, token: req.token } },
      );
    }
    try {
      return await this.deps.devFaucet!({ chainId: req.chainId, token: req.token, to: req.to, amount: req.amount });
    } catch (err) {
      throw new IntentMeshError(
        `The local chain refused the faucet transaction: ${String((err as Error).message ?? err).split('\n')[0]}`,
        { code: 'CHAIN_TX_FAILED', cause: err },
      );
    }
  }
}
