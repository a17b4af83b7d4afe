// The explorer talks to the API it was served from, through the SDK like any other client.
import { createIntentMeshClient } from '@intentmesh/sdk';
import type { TokenInfo } from '@intentmesh/sdk';
import type { SolverStatus } from '@intentmesh/auction';

export const client = createIntentMeshClient({ url: location.origin, timeoutMs: 15_000 });

let tokens: Promise<Map<string, TokenInfo>> | undefined;
/** Demo tokens by "chainId:address" (lowercase), fetched once. */
export function tokenIndex(): Promise<Map<string, TokenInfo>> {
  tokens ??= client
    .getTokens()
    .then((list) => new Map(list.map((t) => [`${t.chainId}:${t.address.toLowerCase()}`, t])))
    .catch(() => new Map());
  return tokens;
}

/** GET /v1/solvers: the auctioneer's view of every registered key. */
export async function listSolvers(): Promise<SolverStatus[]> {
  const res = await fetch('/v1/solvers');
  const body = (await res.json()) as SolverStatus[] | { error?: { code: string; message: string } };
  if (!res.ok || !Array.isArray(body))
    throw Object.assign(new Error((body as { error?: { message: string } }).error?.message ?? `HTTP ${res.status}`), {
      code: (body as { error?: { code: string } }).error?.code,
    });
  return body;
}

const PIN_KEY = 'intentmesh.explorer.auctioneer';
export const pinned = {
  get: (): string | undefined => localStorage.getItem(PIN_KEY) ?? undefined,
  set: (address: string | undefined) =>
    address ? localStorage.setItem(PIN_KEY, address.toLowerCase()) : localStorage.removeItem(PIN_KEY),
};
