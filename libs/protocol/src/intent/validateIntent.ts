import { getChain } from '../chains';
import { IntentMeshError } from '../errors';
import type { Intent } from './types';

export type ValidateIntentOptions = {
  /** Unix seconds, from the caller's clock (libs never read the clock themselves). */
  now: number;
  /** How far ahead a deadline may be; default 24 h. */
  maxDeadlineAheadSec?: number;
  /** Chains this deployment serves; default: the chains table. */
  isSupportedChain?: (chainId: number) => boolean;
};

/** Semantic checks beyond the schema: chains, tokens, deadline window. */
export function validateIntent(
  intent: Intent,
  { now, maxDeadlineAheadSec = 86_400, isSupportedChain }: ValidateIntentOptions,
): void {
  const supported = isSupportedChain ?? ((id: number) => getChain(id) !== undefined);
  for (const field of ['sourceChainId', 'destinationChainId'] as const) {
    if (!supported(intent[field])) {
      throw new IntentMeshError(
        `intent.${field} ${intent[field]} is not a supported chain; GET /v1/chains lists them.`,
        {
          code: 'UNKNOWN_CHAIN',
          details: { field: `intent.${field}`, chainId: intent[field] },
        },
      );
    }
  }
  if (intent.sourceChainId === intent.destinationChainId && intent.sellToken === intent.buyToken) {
    throw new IntentMeshError('intent.sellToken and intent.buyToken are the same token on the same chain.', {
      code: 'SAME_TOKEN',
      details: { field: 'intent.buyToken' },
    });
  }
  if (intent.deadline <= now) {
    throw new IntentMeshError(`intent.deadline ${intent.deadline} has passed (now ${now}).`, {
      code: 'DEADLINE_PASSED',
      details: { field: 'intent.deadline', deadline: intent.deadline, now },
    });
  }
  if (intent.deadline > now + maxDeadlineAheadSec) {
    throw new IntentMeshError(`intent.deadline is more than ${maxDeadlineAheadSec} s ahead.`, {
      code: 'DEADLINE_TOO_FAR',
      details: { field: 'intent.deadline', deadline: intent.deadline, max: now + maxDeadlineAheadSec },
    });
  }
}
