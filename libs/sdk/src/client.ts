import type { Hex, Intent, TypedDataSigner } from '@intentmesh/protocol';
import * as actions from './actions';
import { auditActions } from './audit';
import { approve, ensureAllowance, readFunding, type EnsureAllowanceParameters, type FundingWriter } from './funding';

export {
  buildIntent,
  cancelIntent,
  createIntentMeshTransport,
  getAuction,
  getChain,
  getChains,
  getIntent,
  getQuote,
  getToken,
  getTokens,
  prepareIntent,
  signIntent,
  submitIntent,
  waitForAward,
  waitForSettlement,
  type BuildIntentParameters,
  type GetQuoteParameters,
  type IntentMeshClientConfig,
  type IntentMeshTransport,
  type PrepareIntentParameters,
  type SettledIntentView,
  type SubmitIntentReturnType,
  type WaitParameters,
} from './actions';

/**
 * viem-style client: one object over the tree-shakable actions (`getQuote(transport, params)` and friends), plain
 * async methods, typed errors that mirror the API's codes. A bundle that needs a few actions can import just those.
 */
export function createIntentMeshClient(config: actions.IntentMeshClientConfig) {
  const t = actions.createIntentMeshTransport(config);
  return {
    url: t.url,
    getQuote: (p: actions.GetQuoteParameters) => actions.getQuote(t, p),
    buildIntent: (p: actions.BuildIntentParameters) => actions.buildIntent(p),
    prepareIntent: (p: actions.PrepareIntentParameters) => actions.prepareIntent(t, p),
    signIntent: (intent: Intent, signer: TypedDataSigner) => actions.signIntent(intent, signer),
    submitIntent: (intent: Intent, signature: Hex) => actions.submitIntent(t, intent, signature),
    getIntent: (hash: Hex) => actions.getIntent(t, hash),
    waitForAward: (hash: Hex, params?: actions.WaitParameters) => actions.waitForAward(t, hash, params),
    waitForSettlement: (hash: Hex, params?: actions.WaitParameters) => actions.waitForSettlement(t, hash, params),
    cancelIntent: (hash: Hex, signer: TypedDataSigner, opts?: { timeoutMs?: number; pollMs?: number }) =>
      actions.cancelIntent(t, hash, signer, opts),
    getAuction: (auctionId: Hex) => actions.getAuction(t, auctionId),
    ...auditActions({ base: t.url, request: t.request, fetch: t.fetch }),
    getChains: () => actions.getChains(t),
    getChain: (chainId: number) => actions.getChain(t, chainId),
    getTokens: (chainId?: number) => actions.getTokens(t, chainId),
    getToken: (chainId: number, symbol: string) => actions.getToken(t, chainId, symbol),
    /** The swapper's balance and allowance for the source chain's settlement contract (spender from GET /v1/chains when not given). */
    readFunding: async (p: {
      publicClient: Parameters<typeof readFunding>[0];
      token: Hex;
      owner: Hex;
      chainId: number;
    }) =>
      readFunding(p.publicClient, {
        token: p.token,
        owner: p.owner,
        spender: (await actions.getChain(t, p.chainId)).settlement,
      }),
    /** approve(settlement, amount) on `token` unless the allowance already covers `amount`; waits for the receipt. */
    ensureAllowance: async (
      wallet: FundingWriter,
      p: Omit<EnsureAllowanceParameters, 'spender'> & { chainId: number },
    ) => ensureAllowance(wallet, { ...p, spender: (await actions.getChain(t, p.chainId)).settlement }),
    approve,
  };
}

export type IntentMeshClient = ReturnType<typeof createIntentMeshClient>;
