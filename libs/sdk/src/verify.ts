// @intentmesh/sdk/audit: auditors recheck records offline with the same pure code the auctioneer decides with.
// A subpath of its own, so a trader's bundle never carries the verifier.
import type { ContractSignatureAnswer, ContractSignatureQuery } from '@intentmesh/auction';
import { IntentMeshError, isValidContractSignature } from '@intentmesh/protocol';
import type { PublicClient } from 'viem';

export {
  checkContractSignatures,
  verifyAuction,
  verifyChain,
  type AuditProblem,
  type AuditProblemCode,
  type ContractSignatureAnswer,
  type ContractSignatureQuery,
  type VerifyAuctionReturnType,
  type VerifyChainReturnType,
} from '@intentmesh/auction';
export type { AuctionRecordJSON, SignedAwardJSON } from '@intentmesh/protocol';

export type ContractSignatureClients = ReadonlyMap<number, Pick<PublicClient, 'getBlock' | 'getCode' | 'call'>>;

/**
 * The chain half of `checkContractSignatures(record, ask)` over viem public clients, one per source chain id: the cited
 * block's hash and the swapper's `isValidSignature` at that block. A chain without a client throws UNKNOWN_CHAIN.
 */
export function askContractSignatures(
  clients: ContractSignatureClients,
): (q: ContractSignatureQuery) => Promise<ContractSignatureAnswer> {
  return async (q) => {
    const publicClient = clients.get(q.chainId);
    if (!publicClient)
      throw new IntentMeshError(`No RPC for chain ${q.chainId} to ask its EIP-1271 verdict.`, {
        code: 'UNKNOWN_CHAIN',
        details: { chainId: q.chainId },
      });
    const blockNumber = BigInt(q.blockNumber);
    const [block, valid] = await Promise.all([
      publicClient.getBlock({ blockNumber }),
      isValidContractSignature({
        publicClient,
        signer: q.signer,
        digest: q.digest,
        signature: q.signature,
        blockNumber,
      }),
    ]);
    return { blockHash: block.hash, valid };
  };
}
