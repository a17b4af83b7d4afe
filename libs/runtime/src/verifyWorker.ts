// A verify-pool worker thread (see verifyPool.ts): checks each intent's EIP-712 signature with the protocol's verifyIntentSignature.
// It always runs from the compiled dist/ (a worker thread cannot load TypeScript), so `node scripts/build.mjs` must have run.
import { parentPort } from 'node:worker_threads';
import { IntentMeshError, verifyIntentSignature } from '@intentmesh/protocol';
import type { VerifyAnswer, VerifyRequest } from './verifyPool';

function verifyOne(item: VerifyRequest['items'][number]): VerifyAnswer['results'][number] {
  try {
    // the very intent the caller passed (structured clone), so the answer is the one inline verification gives
    return { hash: verifyIntentSignature(item.intent, item.signature) };
  } catch (err) {
    if (err instanceof IntentMeshError) return err.toJSON();
    return {
      error: {
        code: 'INTERNAL',
        message: 'Internal error.',
        details: { reason: 'verify-worker', error: String((err as Error)?.message ?? err) },
      },
    };
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
