// The EIP-1271 question the settlement contract's SignatureChecker asks a smart account. It lives here, beside the
// ECDSA check, so the API, the auctioneer and an auditor ask it the same way; the caller's client does the reading.
import type { Address, PublicClient } from 'viem';

/** What `isValidSignature` returns for a signature the account approves. */
export const EIP1271_MAGIC = '0x1626ba7e';
export const isValidSignatureAbi = [
  {
    type: 'function',
    name: 'isValidSignature',
    stateMutability: 'view',
    inputs: [
      { name: 'hash', type: 'bytes32' },
      { name: 'signature', type: 'bytes' },
    ],
    outputs: [{ name: '', type: 'bytes4' }],
  },
] as const;

export type IsValidContractSignatureParameters = {
  publicClient: Pick<PublicClient, 'getCode' | 'call'>;
  signer: Address;
  digest: `0x${string}`;
  signature: `0x${string}`;
  /** Ask the chain as of this block (default: the latest), so the verdict can be cited and asked again. */
  blockNumber?: bigint;
};

/**
 * The EIP-1271 half of SignatureChecker.isValidSignatureNow: `signer` has code and its `isValidSignature(digest,
 * signature)` returns the magic value (a revert or a short answer is a refusal, as on chain). RPC failures throw.
 */
export async function isValidContractSignature({
  publicClient,
  signer,
  digest,
  signature,
  blockNumber,
}: IsValidContractSignatureParameters): Promise<boolean> {
  const at = blockNumber === undefined ? {} : { blockNumber };
  const code = await publicClient.getCode({ address: signer, ...at });
  if (!code || code === '0x') return false;
  let data: `0x${string}` | undefined;
  try {
    ({ data } = await publicClient.call({
      ...at,
      to: signer,
      data: isValidSignatureCalldata(digest, signature),
    }));
  } catch (err) {
    // the wallet reverted: a refusal, as the contract's staticcall sees it; anything else is the RPC failing
    if (isRevert(err)) return false;
    throw err;
  }
  // abi.decode(ret, (bytes32)) == bytes32(MAGIC): at least 32 bytes, the magic left-aligned, the rest zero
  if (!data || data.length < 66) return false;
  return data.slice(0, 66).toLowerCase() === EIP1271_MAGIC + '0'.repeat(56);
}

/** ABI-encoded `isValidSignature(bytes32, bytes)` by hand: viem's encoder would load viem's root at the auctioneer's start. */
function isValidSignatureCalldata(digest: `0x${string}`, signature: `0x${string}`): `0x${string}` {
  const word = (n: number) => n.toString(16).padStart(64, '0');
  const bytes = signature.slice(2);
  const padded = bytes.padEnd(Math.ceil(bytes.length / 64) * 64, '0');
  return `${EIP1271_MAGIC}${digest.slice(2)}${word(64)}${word(bytes.length / 2)}${padded}`;
}

function isRevert(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const name = (e as { name?: string }).name;
    if (name === 'ExecutionRevertedError' || name === 'ContractFunctionRevertedError') return true;
  }
  return false;
}
