import { decodeJson, encodeJson, type Messaging } from '@intentmesh/messaging';
import {
  hashSettlementFailure,
  type DigestSigner,
  type SettlementFailure,
  type SettlementFailureReceiptJSON,
  type SignedSettlementFailureJSON,
} from '@intentmesh/protocol';
import type { SettlementFailureReport } from './settle';

/** Signs a settlement failure with the solver key and sends it to the auctioneer; resolves with its receipt. */
export async function reportSettlementFailure(
  p: { messaging: Messaging; signer: DigestSigner; now?: () => number } & SettlementFailureReport,
): Promise<SettlementFailureReceiptJSON> {
  const failure: SettlementFailure = {
    auctionId: p.auctionId,
    intentHash: p.intentHash,
    solver: p.signer.address,
    reason: p.reason.slice(0, 1000),
    reportedAt: (p.now ?? Date.now)(),
  };
  const signed: SignedSettlementFailureJSON = {
    failure,
    signature: p.signer.signDigest(hashSettlementFailure(failure)),
  };
  const reply = decodeJson(
    await p.messaging.bus.request(p.messaging.subjects.settlementFailed, encodeJson(signed), { timeoutMs: 5000 }),
  ) as SettlementFailureReceiptJSON;
  if (!reply.ok) throw new Error(`the auctioneer refused the report: ${reply.reason} (${reply.message})`);
  return reply;
}
