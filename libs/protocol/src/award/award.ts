import { chainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { recoverDigestSigner } from '../crypto/recoverSigner';
import { signTypedDataWith, type TypedDataSigner } from '../intent/signIntent';
import { bytesToHex, type Address, type Hex } from '../primitives';
import { address, amount, bytes32, checkOrThrow, safeInt, signature, strictObject } from '../check';
import { AWARD_TYPE, awardTypes, type ChainDomain } from '../typedData';

/** The auctioneer's signed decision: `solver` may settle `intentHash` delivering at least `buyAmount` before `settleBy`. */
export type Award = {
  auctionId: Hex;
  intentHash: Hex;
  solver: Address;
  buyAmount: bigint;
  /** Unix seconds; the settlement contract refuses the award after this. */
  settleBy: number;
};
export type AwardJSON = { auctionId: string; intentHash: string; solver: string; buyAmount: string; settleBy: number };
export type SignedAward = { award: Award; signature: Hex };
export type SignedAwardJSON = { award: AwardJSON; signature: string };

// plain checks, no zod (an audit bundle reads awards); awardSchema.ts holds the zod schemas the OpenAPI document is
// built from, and checks.test.ts holds the two equal
export const signedAwardCheck = strictObject({
  award: strictObject({
    auctionId: bytes32,
    intentHash: bytes32,
    solver: address,
    buyAmount: amount({ positive: true }),
    settleBy: safeInt,
  }),
  signature,
});

export function parseSignedAward(json: unknown): SignedAward {
  return checkOrThrow(signedAwardCheck, json, 'award');
}
export function serializeAward(a: Award): AwardJSON {
  return { ...a, buyAmount: a.buyAmount.toString() };
}

const AWARD_TYPEHASH = typeHash(AWARD_TYPE);

/** EIP-712 digest of an award under the intent's source-chain domain (the settlement contract checks it). */
export function hashAward(award: Award, domain: ChainDomain): Hex {
  const struct = new WordWriter(6)
    .bytes32(AWARD_TYPEHASH)
    .bytes32(award.auctionId)
    .bytes32(award.intentHash)
    .address(award.solver)
    .uint(award.buyAmount)
    .uint(award.settleBy)
    .hash();
  return bytesToHex(typedDataDigest(chainDomainSeparator(domain), struct));
}

export function awardTypedData(award: Award, domain: ChainDomain) {
  return {
    domain,
    types: awardTypes,
    primaryType: 'Award' as const,
    message: { ...award, settleBy: BigInt(award.settleBy) },
  };
}

export async function signAward(award: Award, domain: ChainDomain, signer: TypedDataSigner): Promise<Hex> {
  return signTypedDataWith(signer, awardTypedData(award, domain));
}

export function recoverAwardSigner(award: Award, domain: ChainDomain, signature: string): Address {
  return recoverDigestSigner(hashAward(award, domain), signature);
}
