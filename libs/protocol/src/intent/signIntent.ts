import type { Account, LocalAccount, WalletClient } from 'viem';
import { IntentMeshError } from '../errors';
import type { Hex } from '../primitives';
import { getChainDomain, intentTypes, type ChainDomain } from '../typedData';
import type { Intent } from './types';

/** Anything that signs EIP-712 typed data: a viem LocalAccount, or a WalletClient with an account. */
export type TypedDataSigner = LocalAccount | WalletClient;

/** Signs `typedData` with a LocalAccount or a WalletClient, the way viem does. */
export async function signTypedDataWith(signer: TypedDataSigner, typedData: Record<string, unknown>): Promise<Hex> {
  if ('type' in signer && signer.type === 'local') {
    // viem's overloads do not narrow on a runtime-built object; the shape is checked by viem at run time
    return (signer.signTypedData as (args: unknown) => Promise<Hex>)(typedData);
  }
  const client = signer as WalletClient;
  const account: Account | undefined = client.account;
  if (!account) {
    throw new IntentMeshError('The wallet client has no account to sign with.', {
      code: 'INVALID_SIGNATURE',
      details: { reason: 'no-account' },
    });
  }
  return client.signTypedData({ account, ...(typedData as object) } as Parameters<WalletClient['signTypedData']>[0]);
}

/** viem typed-data arguments for an intent (also what a wallet shows its user). */
export function intentTypedData(intent: Intent, domain?: ChainDomain) {
  return {
    domain: domain ?? getChainDomain(intent.sourceChainId),
    types: intentTypes,
    primaryType: 'Intent' as const,
    message: {
      ...intent,
      sourceChainId: BigInt(intent.sourceChainId),
      destinationChainId: BigInt(intent.destinationChainId),
      deadline: BigInt(intent.deadline),
    },
  };
}

export async function signIntent(intent: Intent, signer: TypedDataSigner, domain?: ChainDomain): Promise<Hex> {
  return signTypedDataWith(signer, intentTypedData(intent, domain));
}
