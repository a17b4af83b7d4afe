import { z } from 'zod';
import { chainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { recoverDigestSigner } from '../crypto/recoverSigner';
import { signTypedDataWith, type TypedDataSigner } from '../intent/signIntent';
import { bytesToHex, type Address, type Hex } from '../primitives';
import { addressSchema, amountSchema, bytes32Schema, parseOrThrow, safeIntSchema, signatureSchema } from '../schema';
import { awardTypes, type ChainDomain } from '../typedData';

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

export const awardSchema = z.strictObject({
  auctionId: bytes32Schema,
  intentHash: bytes32Schema,
  solver: addressSchema.meta({ description: 'The winning solver key.' }),
  buyAmount: amountSchema({ positive: true }).meta({ description: 'Amount the solver must deliver to the recipient.' }),
  settleBy: safeIntSchema.meta({ description: 'Unix seconds by which the winner settles.' }),
});
export const signedAwardSchema = z.strictObject({
  award: awardSchema,
  signature: signatureSchema.meta({ description: "The auctioneer's EIP-712 signature (source-chain domain)." }),
});

export function parseSignedAward(json: unknown): SignedAward {
  return parseOrThrow(signedAwardSchema, json, 'award') as SignedAward;
}
export function serializeAward(a: Award): AwardJSON {
  return { ...a, buyAmount: a.buyAmount.toString() };
}

export const AWARD_TYPE =
  'Award(bytes32 auctionId,bytes32 intentHash,address solver,uint256 buyAmount,uint256 settleBy)';
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
