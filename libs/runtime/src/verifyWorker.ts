// A verify-pool worker thread (see verifyPool.ts): checks each intent's EIP-712 signature with the protocol's verifyIntentSignature.
// It always runs from the compiled dist/ (a worker thread cannot load TypeScript), so `node scripts/build.mjs` must have run.
import { parentPort } from 'node:worker_threads';
import { IntentMeshError, verifyIntentSignature, type Intent, type IntentJSON } from '@intentmesh/protocol';
import type { VerifyAnswer, VerifyRequest } from './verifyPool';

/** The exact inverse of serializeIntent: no re-validation, so the worker sees the very intent the caller passed and answers as inline would. */
function fromWire(j: IntentJSON): Intent {
  return { ...j, sellAmount: BigInt(j.sellAmount), minBuyAmount: BigInt(j.minBuyAmount), nonce: BigInt(j.nonce) } as Intent;
}

function verifyOne(item: VerifyRequest['items'][number]): VerifyAnswer['results'][number] {
  try {
    return { hash: verifyIntentSignature(fromWire(item.intent), item.signature) };
  } catch (err) {
    if (err instanceof IntentMeshError) return err.toJSON();
    return { error: { code: 'INTERNAL', message: 'Internal error.', details: { reason: 'verify-worker', error: String((err as Error)?.message ?? err) } } };
  }
}

const port = parentPort;
if (!port) throw new Error('verifyWorker.js runs only as a worker thread of createVerifyPool.');
port.on('message', (req: VerifyRequest) => {
  const answer: VerifyAnswer = { id: req.id, results: req.items.map(verifyOne) };
  port.postMessage(answer);
});
// tells the pool this thread loaded its modules: a worker that dies before this is not replaced (it would die the same way)
port.postMessage({ ready: true });
