import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorSchema, ref } from '../openapi';
import { CancelIntent } from './cancelIntent';
import { requireBytes32 } from './intents.controller';

@ApiTags('intents')
@Controller('v1/intents')
export class CancelIntentController {
  constructor(private readonly cancelIntent: CancelIntent) {}

  @Post(':hash/cancel')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'cancelIntent',
    summary: "Cancel a pending or unfilled intent with the swapper's signature",
    description:
      "Body `{ signature }`: the swapper's EIP-712 signature of `Cancel(bytes32 intentHash)` in the intent's source-chain domain. A cancelled intent is never auctioned or awarded. An intent in a live auction answers 409 with details.status `auctioning`: retry a moment later.",
  })
  @ApiParam({ name: 'hash', description: 'Intent hash (EIP-712 digest)' })
  @ApiBody({ schema: ref('CancelIntentRequest') })
  @ApiResponse({ status: 200, schema: ref('CancelledIntent') })
  @ApiResponse({ status: 400, description: 'SCHEMA_INVALID, INVALID_HEX, INVALID_SIGNATURE', schema: ErrorSchema })
  @ApiResponse({ status: 404, description: 'INTENT_NOT_FOUND', schema: ErrorSchema })
  @ApiResponse({ status: 409, description: 'INTENT_NOT_CANCELLABLE (details.status)', schema: ErrorSchema })
  cancel(@Param('hash') hash: string, @Body() body: unknown) {
    return this.cancelIntent.execute(requireBytes32(hash, 'hash'), body);
  }
}
