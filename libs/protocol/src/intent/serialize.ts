import type { Intent, IntentJSON, SignedIntent, SignedIntentJSON } from './types';

export function serializeIntent(intent: Intent): IntentJSON {
  return {
    swapper: intent.swapper,
    sellToken: intent.sellToken,
    sellAmount: intent.sellAmount.toString(),
    buyToken: intent.buyToken,
    minBuyAmount: intent.minBuyAmount.toString(),
    recipient: intent.recipient,
    sourceChainId: intent.sourceChainId,
    destinationChainId: intent.destinationChainId,
    nonce: intent.nonce.toString(),
    deadline: intent.deadline,
  };
}

export function serializeSignedIntent(signed: SignedIntent): SignedIntentJSON {
  return { intent: serializeIntent(signed.intent), signature: signed.signature };
}
