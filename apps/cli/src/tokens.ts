import type { IntentMeshClient, TokenInfo } from '@intentmesh/sdk';
import { IntentMeshError } from '@intentmesh/protocol';
import { formatUnitsExact } from './units';

/** A token by symbol or address on a chain, from the API's token list (which carries the decimals and symbol). */
export async function findToken(client: IntentMeshClient, chainId: number, token: string): Promise<TokenInfo> {
  if (/^0x[0-9a-fA-F]{40}$/.test(token)) {
    const t = (await client.getTokens(chainId)).find((x) => x.address.toLowerCase() === token.toLowerCase());
    if (!t)
      throw new IntentMeshError(
        `${token} is not listed on chain ${chainId}, so its decimals are unknown; use a listed token (GET /v1/tokens?chainId=${chainId}), or --raw amounts where the command takes them.`,
        { code: 'UNKNOWN_TOKEN', details: { chainId, token } },
      );
    return t;
  }
  return client.getToken(chainId, token);
}

/** "2990.772286 USDC" when the token is listed, else the base units with the token's address. */
export async function describeAmount(
  client: IntentMeshClient,
  chainId: number,
  token: string,
  amount: bigint | string,
): Promise<string> {
  const t = (await client.getTokens(chainId).catch(() => [])).find(
    (x) => x.address.toLowerCase() === token.toLowerCase(),
  );
  return t
    ? `${formatUnitsExact(BigInt(amount), t.decimals)} ${t.symbol}`
    : `${amount.toString()} base units of ${token}`;
}
