import { getChain } from './chains';
import { IntentMeshError } from './errors';
import type { Address } from './primitives';
import { lowerAddress } from './address';

/** A field list of an EIP-712 encodeType string ("address swapper,uint256 nonce") as typed-data parameters. */
type StructFields<F extends string> = F extends `${infer T} ${infer N},${infer Rest}`
  ? readonly [{ readonly name: N; readonly type: T }, ...StructFields<Rest>]
  : F extends `${infer T} ${infer N}`
    ? readonly [{ readonly name: N; readonly type: T }]
    : readonly [];
/** The typed-data `types` object of an encodeType string: one entry per struct it names ("Bid(…)Fill(…)"). */
export type StructTypes<S extends string> = S extends `${infer P}(${infer F})${infer Rest}`
  ? { readonly [K in P]: StructFields<F> } & StructTypes<Rest>
  : unknown;

/**
 * The `types` object viem and wallets take, read from the EIP-712 encodeType string that the type hash is taken of,
 * so each struct is declared once, exactly as the Solidity contracts declare it.
 */
export function structTypes<const S extends string>(encodeType: S): StructTypes<S> {
  const types: Record<string, { name: string; type: string }[]> = {};
  for (const [, struct, fields] of encodeType.matchAll(/(\w+)\(([^)]*)\)/g)) {
    types[struct!] = fields ? fields.split(',').map((f) => ({ name: f.split(' ')[1]!, type: f.split(' ')[0]! })) : [];
  }
  return types as StructTypes<S>;
}

export const INTENT_TYPE =
  'Intent(address swapper,address sellToken,uint256 sellAmount,address buyToken,uint256 minBuyAmount,address recipient,uint256 sourceChainId,uint256 destinationChainId,uint256 nonce,uint256 deadline)';
export const intentTypes = structTypes(INTENT_TYPE);

export const FILL_TYPE = 'Fill(bytes32 intentHash,uint256 buyAmount)';
export const BID_TYPE =
  `Bid(bytes32 auctionId,address solver,Fill[] fills,bytes32 routeHash,uint256 validUntil)${FILL_TYPE}` as const;
export const bidTypes = structTypes(BID_TYPE);

export const AWARD_TYPE =
  'Award(bytes32 auctionId,bytes32 intentHash,address solver,uint256 buyAmount,uint256 settleBy)';
export const awardTypes = structTypes(AWARD_TYPE);

/** Node-health answer to an auctioneer's challenge (see the trust design). */
const HEALTH_FIELDS =
  'address auctioneer,address solver,bytes32 nonce,uint256 issuedAt,uint256 inflight,uint256[] chains';
export const HEALTH_ATTESTATION_TYPE = `HealthAttestation(${HEALTH_FIELDS})` as const;
export const healthAttestationTypes = structTypes(HEALTH_ATTESTATION_TYPE);

/** Version 2 adds the declared region; an attestation without one is hashed as version 1, so old solvers still verify. */
export const HEALTH_ATTESTATION_V2_TYPE = `HealthAttestationV2(${HEALTH_FIELDS},string region)` as const;
export const healthAttestationV2Types = structTypes(HEALTH_ATTESTATION_V2_TYPE);

/** An operator key vouching for one of its solver keys, and the key's consent to it (same fields, other type hash). */
const VOUCHER_FIELDS = 'address solver,address operator,bytes32 salt,uint256 expiry';
export const SOLVER_VOUCHER_TYPE = `SolverVoucher(${VOUCHER_FIELDS})` as const;
export const solverVoucherTypes = structTypes(SOLVER_VOUCHER_TYPE);
export const SOLVER_CONSENT_TYPE = `SolverConsent(${VOUCHER_FIELDS})` as const;
export const solverConsentTypes = structTypes(SOLVER_CONSENT_TYPE);

/** Version 2 of the voucher (and of the key's consent): the same fields and the region the operator declares for the key. */
export const SOLVER_VOUCHER_V2_TYPE = `SolverVoucherV2(${VOUCHER_FIELDS},string region)` as const;
export const solverVoucherV2Types = structTypes(SOLVER_VOUCHER_V2_TYPE);
export const SOLVER_CONSENT_V2_TYPE = `SolverConsentV2(${VOUCHER_FIELDS},string region)` as const;
export const solverConsentV2Types = structTypes(SOLVER_CONSENT_V2_TYPE);

export const DOMAIN_NAME = 'IntentMesh';
export const DOMAIN_VERSION = '1';

export type ChainDomain = { name: string; version: string; chainId: number; verifyingContract: Address };
export type OffchainDomain = { name: string; version: string };

/** Domain of intents and awards: they are enforced by the settlement contract of the intent's source chain. */
export function getChainDomain(chainId: number, settlement?: Address): ChainDomain {
  const chain = getChain(chainId);
  if (!chain && !settlement) {
    throw new IntentMeshError(`Chain ${chainId} is not supported.`, {
      code: 'UNKNOWN_CHAIN',
      details: { chainId },
    });
  }
  return {
    name: DOMAIN_NAME,
    version: DOMAIN_VERSION,
    chainId,
    verifyingContract: lowerAddress(settlement ?? chain!.settlement),
  };
}

/** Domain of bids, attestations and vouchers: off-chain messages, bound to no chain. */
export const offchainDomain: OffchainDomain = Object.freeze({ name: DOMAIN_NAME, version: DOMAIN_VERSION });

/** An off-chain message as EIP-712 typed data, the shape viem's hashTypedData and wallets take. */
export const offchainTypedData = <const P extends string, T, M>(primaryType: P, types: T, message: M) => ({
  domain: offchainDomain,
  types,
  primaryType,
  message,
});
