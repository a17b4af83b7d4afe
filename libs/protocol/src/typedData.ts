import { getChain } from './chains';
import { IntentMeshError } from './errors';
import type { Address } from './primitives';
import { lowerAddress } from './address';

/** EIP-712 struct definitions, exactly as the Solidity contracts declare them. */
export const intentTypes = {
  Intent: [
    { name: 'swapper', type: 'address' },
    { name: 'sellToken', type: 'address' },
    { name: 'sellAmount', type: 'uint256' },
    { name: 'buyToken', type: 'address' },
    { name: 'minBuyAmount', type: 'uint256' },
    { name: 'recipient', type: 'address' },
    { name: 'sourceChainId', type: 'uint256' },
    { name: 'destinationChainId', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
} as const;

export const bidTypes = {
  Bid: [
    { name: 'auctionId', type: 'bytes32' },
    { name: 'solver', type: 'address' },
    { name: 'fills', type: 'Fill[]' },
    { name: 'routeHash', type: 'bytes32' },
    { name: 'validUntil', type: 'uint256' },
  ],
  Fill: [
    { name: 'intentHash', type: 'bytes32' },
    { name: 'buyAmount', type: 'uint256' },
  ],
} as const;

export const awardTypes = {
  Award: [
    { name: 'auctionId', type: 'bytes32' },
    { name: 'intentHash', type: 'bytes32' },
    { name: 'solver', type: 'address' },
    { name: 'buyAmount', type: 'uint256' },
    { name: 'settleBy', type: 'uint256' },
  ],
} as const;

/** Node-health answer to an auctioneer's challenge (see the trust design). */
export const healthAttestationTypes = {
  HealthAttestation: [
    { name: 'auctioneer', type: 'address' },
    { name: 'solver', type: 'address' },
    { name: 'nonce', type: 'bytes32' },
    { name: 'issuedAt', type: 'uint256' },
    { name: 'inflight', type: 'uint256' },
    { name: 'chains', type: 'uint256[]' },
  ],
} as const;

/** Version 2 of the attestation: the same fields and the region the solver declares. */
export const healthAttestationV2Types = {
  HealthAttestationV2: [...healthAttestationTypes.HealthAttestation, { name: 'region', type: 'string' }],
} as const;

/** An operator key vouching for one of its solver keys. */
export const solverVoucherTypes = {
  SolverVoucher: [
    { name: 'solver', type: 'address' },
    { name: 'operator', type: 'address' },
    { name: 'salt', type: 'bytes32' },
    { name: 'expiry', type: 'uint256' },
  ],
} as const;
export const solverConsentTypes = { SolverConsent: solverVoucherTypes.SolverVoucher } as const;

/** Version 2 of the voucher (and of the key's consent): the same fields and the region the operator declares for the key. */
export const solverVoucherV2Types = {
  SolverVoucherV2: [...solverVoucherTypes.SolverVoucher, { name: 'region', type: 'string' }],
} as const;
export const solverConsentV2Types = { SolverConsentV2: solverVoucherV2Types.SolverVoucherV2 } as const;

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
