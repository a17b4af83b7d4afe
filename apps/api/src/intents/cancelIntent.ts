import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { IntentMeshError, parseOrThrow, recoverCancelSigner, signatureSchema, type Hex } from '@intentmesh/protocol';
import { API_DEPS, type ApiDeps } from '../deps';
import { ApiMetrics } from '../metrics/apiMetrics';

const cancelBodySchema = z.strictObject({ signature: signatureSchema });

/**
 * POST /v1/intents/:hash/cancel: the swapper's EIP-712 `Cancel(bytes32 intentHash)` signature cancels a pending or
 * unfilled intent; the auctioneer then never auctions it. Idempotent: cancelling a cancelled intent answers the same.
 */
@Injectable()
export class CancelIntent {
  constructor(
    @Inject(API_DEPS) private readonly deps: ApiDeps,
    private readonly metrics: ApiMetrics,
  ) {}

  async execute(hash: string, body: unknown): Promise<{ hash: string; status: 'cancelled' }> {
    const { signature } = parseOrThrow(cancelBodySchema, body, 'body');
    const row = await this.deps.storage.intents.get(hash);
    if (!row) throw new IntentMeshError(`No intent ${hash}.`, { code: 'INTENT_NOT_FOUND', details: { hash } });
    const signer = recoverCancelSigner(hash as Hex, row.intent.sourceChainId, signature);
    if (signer !== row.intent.swapper.toLowerCase()) {
      this.metrics.series.cancels.inc({ outcome: 'bad_signature' });
      throw new IntentMeshError(
        "The cancellation is not signed by the intent's swapper (EIP-712 Cancel(bytes32 intentHash), source-chain domain).",
        {
          code: 'INVALID_SIGNATURE',
          details: { reason: 'not-swapper', recovered: signer, swapper: row.intent.swapper },
        },
      );
    }
    const r = await this.deps.storage.intents.cancel(hash);
    if (r?.status === 'cancelled') {
      this.metrics.series.cancels.inc({ outcome: 'cancelled' });
      this.deps.log.info({ intentHash: hash }, 'intent cancelled by its swapper');
      return { hash, status: 'cancelled' };
    }
    this.metrics.series.cancels.inc({ outcome: 'refused' });
    const status = r?.status ?? row.status;
    const retry = status === 'auctioning';
    throw new IntentMeshError(
      retry
        ? 'The intent is in an auction right now; retry in a moment (it cannot be cancelled off-chain once awarded).'
        : `The intent is ${status}; only pending or unfilled intents can be cancelled.`,
      { code: 'INTENT_NOT_CANCELLABLE', details: { hash, status, ...(retry ? { retryAfterSec: 1 } : {}) } },
    );
  }
}
