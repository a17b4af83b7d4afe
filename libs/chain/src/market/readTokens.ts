import type { Token } from '@intentmesh/routing';
import { decodeFunctionResult, encodeFunctionData, hexToString, type Address } from 'viem';
import { erc20MetaAbi } from './abis';
import type { BatchReader } from './batchReader';
import type { TokenSpec } from './types';

const decimalsCall = encodeFunctionData({ abi: erc20MetaAbi, functionName: 'decimals' });
const symbolCall = encodeFunctionData({ abi: erc20MetaAbi, functionName: 'symbol' });

/**
 * Token metadata for `addresses`: decimals and symbol from the chain unless the spec gives them, the USD reference
 * price from the spec only (0 when unknown: the router then leaves gas out of that token's quotes).
 * A token without `decimals()` is left out, and so are the pools that trade it.
 */
export async function readTokens(
  reader: BatchReader,
  chainId: number,
  addresses: readonly Address[],
  specs: ReadonlyMap<Address, TokenSpec>,
  blockNumber: bigint,
): Promise<Map<Address, Token>> {
  const ask = addresses.filter((a) => specs.get(a)?.decimals === undefined || specs.get(a)?.symbol === undefined);
  const results = await reader.read(
    ask.flatMap((to) => [
      { to, data: decimalsCall },
      { to, data: symbolCall },
    ]),
    blockNumber,
  );
  const read = new Map(ask.map((a, k) => [a, { decimals: results[2 * k], symbol: results[2 * k + 1] }]));
  const out = new Map<Address, Token>();
  for (const address of addresses) {
    const spec = specs.get(address);
    const r = read.get(address);
    const decimals =
      spec?.decimals ??
      (r?.decimals
        ? Number(decodeFunctionResult({ abi: erc20MetaAbi, functionName: 'decimals', data: r.decimals }))
        : undefined);
    if (decimals === undefined || decimals > 36) continue;
    out.set(address, {
      chainId,
      address,
      symbol: spec?.symbol ?? symbolOf(r?.symbol),
      decimals,
      priceUsdE18: spec?.priceUsdE18 ?? 0n,
    });
  }
  return out;
}

/** ERC-20 symbol as a string, or as bytes32 (older tokens such as MKR). */
function symbolOf(data: `0x${string}` | undefined): string {
  if (!data) return '?';
  try {
    return decodeFunctionResult({ abi: erc20MetaAbi, functionName: 'symbol', data });
  } catch {
    return data.length === 66 ? hexToString(data, { size: 32 }).replace(/\0+$/, '') || '?' : '?';
  }
}
