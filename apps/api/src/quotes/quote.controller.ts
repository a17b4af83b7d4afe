import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorSchema, ref } from '../openapi';
import { GetQuote } from './getQuote';

@ApiTags('quotes')
@Controller('v1/quote')
export class QuoteController {
  constructor(private readonly getQuote: GetQuote) {}

  @Get()
  @ApiOperation({
    operationId: 'getQuote',
    summary: 'Indicative quote from the healthy solvers (not binding)',
    description:
      'One fast round (QUOTE_TIMEOUT_MS, 270 ms by default) among the solvers the auctioneer currently rates healthy (or degraded: alive but slow): the best buyAmount, the spread of answers, who answered, and a suggested minBuyAmount (buyAmount less slippageBps). Nothing is signed by the trader or recorded; the real price is set by the auction.',
  })
  @ApiQuery({ name: 'sellToken', description: 'ERC-20 sold on the source chain (0x address)' })
  @ApiQuery({ name: 'buyToken', description: 'ERC-20 bought on the destination chain (0x address)' })
  @ApiQuery({ name: 'sellAmount', description: 'Exact amount sold in base units (wei), decimal digits' })
  @ApiQuery({ name: 'sourceChainId', description: 'Chain the sell tokens leave' })
  @ApiQuery({
    name: 'destinationChainId',
    required: false,
    description: 'Chain the buy tokens arrive on; default: the source chain',
  })
  @ApiQuery({
    name: 'slippageBps',
    required: false,
    description: 'Slippage for the suggested minBuyAmount, 0-10000 basis points; default 50',
  })
  @ApiResponse({ status: 200, schema: ref('Quote') })
  @ApiResponse({
    status: 400,
    description: 'SCHEMA_INVALID, INVALID_ADDRESS, INVALID_AMOUNT, UNKNOWN_CHAIN, SAME_TOKEN',
    schema: ErrorSchema,
  })
  @ApiResponse({ status: 404, description: 'NO_QUOTE: no healthy solver answered in time', schema: ErrorSchema })
  quote(@Query() query: Record<string, unknown>) {
    return this.getQuote.execute(query);
  }
}
