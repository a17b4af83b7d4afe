import { z } from 'zod';
import { addressSchema, amountSchema, safeIntSchema, signatureSchema, uint256Schema } from '../schema';

const d = (description: string) => ({ description });

/**
 * The intent on the wire; its descriptions are the OpenAPI document's (generated from this schema). parseIntent.ts
 * reads intents with plain checks that checks.test.ts holds equal to these schemas.
 */
export const intentSchema = z.strictObject({
  swapper: addressSchema.meta(d('The trader: signs the intent and provides the sell tokens.')),
  sellToken: addressSchema.meta(d('ERC-20 sold on the source chain.')),
  sellAmount: amountSchema({ positive: true }).meta(
    d('Exact amount sold, in base units (wei), as a decimal string; > 0 and < 2^256.'),
  ),
  buyToken: addressSchema.meta(d('ERC-20 bought on the destination chain.')),
  minBuyAmount: amountSchema({ positive: true }).meta(
    d('Least the recipient accepts, in base units of the buy token; > 0.'),
  ),
  recipient: addressSchema.meta(d('Who receives the buy tokens.')),
  sourceChainId: safeIntSchema.meta({
    example: 1,
    ...d('Chain the sell tokens leave; also the EIP-712 domain chainId.'),
  }),
  destinationChainId: safeIntSchema.meta({ example: 10, ...d('Chain the buy tokens arrive on.') }),
  nonce: uint256Schema.meta(d('Per-swapper, per-chain replay guard (a bit in the settlement nonce bitmap).')),
  deadline: safeIntSchema.meta({ example: 1_900_000_000, ...d('Unix seconds; at most MAX_DEADLINE_AHEAD_SEC ahead.') }),
});

export const signedIntentSchema = z.strictObject({
  intent: intentSchema,
  signature: signatureSchema.meta(
    d(
      "The swapper's EIP-712 signature (r‖s‖v, low s, v 27 or 28, as the settlement contract checks it), or a smart account's (EIP-1271) 65-byte signature, checked with isValidSignature on the source chain.",
    ),
  ),
});
