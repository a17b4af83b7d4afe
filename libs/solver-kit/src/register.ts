import { decodeJson, encodeJson, type Messaging } from '@intentmesh/messaging';
import {
  IntentMeshError,
  consentSolverVoucher,
  parseSignedSolverVoucher,
  type Address,
  type DigestSigner,
  type SignedSolverVoucherJSON,
} from '@intentmesh/protocol';

/** `signer` is the solver key itself: it countersigns the voucher (proof of possession) unless it already did. */
export type RegisterSolverParameters = {
  messaging: Messaging;
  signer: DigestSigner;
  voucher: SignedSolverVoucherJSON;
  timeoutMs?: number;
};
export type RegisterSolverReturnType = { solver: Address; operator: Address };

/**
 * Hands the operator's voucher for this key to the auctioneer on `auctioneer.vouch` and waits for its verdict.
 * Refusals (unknown operator, bad signature, expired, key taken) throw REGISTRATION_REFUSED with the auctioneer's reason.
 */
export async function registerSolver({
  messaging,
  signer,
  voucher,
  timeoutMs = 5000,
}: RegisterSolverParameters): Promise<RegisterSolverReturnType> {
  const parsed = parseSignedSolverVoucher(voucher);
  const solver = signer.address;
  if (parsed.voucher.solver !== solver.toLowerCase()) {
    throw new IntentMeshError(`The voucher is for ${parsed.voucher.solver}, not for this solver key ${solver}.`, {
      code: 'REGISTRATION_REFUSED',
      details: { reason: 'WRONG_KEY' },
    });
  }
  const subject = messaging.subjects.resolve('auctioneer.vouch');
  const raw = await messaging.bus
    .request(subject, encodeJson(parsed.solverSignature ? voucher : consentSolverVoucher(voucher, signer)), {
      timeoutMs,
    })
    .catch((cause) => {
      throw new IntentMeshError(
        `No auctioneer answered on ${subject}: is one running on this server with the same NATS_PREFIX?`,
        { code: 'BUS_UNAVAILABLE', cause, details: { subject } },
      );
    });
  const reply = decodeJson(raw) as
    { ok: true; solver: Address; operator: Address } | { ok: false; reason: string; message: string };
  if (!reply || reply.ok !== true) {
    const r = reply as { reason?: string; message?: string } | undefined;
    throw new IntentMeshError(`The auctioneer refused the voucher: ${r?.message ?? 'no reason given'}.`, {
      code: 'REGISTRATION_REFUSED',
      details: { reason: r?.reason ?? 'UNKNOWN' },
    });
  }
  return { solver: reply.solver, operator: reply.operator };
}
