import { Inject, Injectable } from '@nestjs/common';
import type { FundingChecker, FundingVerdict } from '@intentmesh/chain';
import {
  IntentMeshError,
  hashIntent,
  isValidContractSignature,
  type Hex,
  type SignedIntent,
} from '@intentmesh/protocol';
import type { ApiEnv } from '../config';
import { API_DEPS, type ApiChain, type ApiDeps } from '../deps';

// loaded on first use: an API without chains never pays for @intentmesh/chain (and viem's root) at start
// eslint-disable-next-line @typescript-eslint/no-require-imports
const chainLib = () => require('@intentmesh/chain') as typeof import('@intentmesh/chain');

/** Read-only clients for CHAIN_RPC_URLS; concurrent reads go out as one JSON-RPC batch per chain. */
export function apiChainsFromEnv(env: Pick<ApiEnv, 'CHAIN_RPC_URLS' | 'FUNDING_MULTICALL'>): ApiChain[] {
  if (!env.CHAIN_RPC_URLS.length) return [];
  const { protocolChainsAt, MULTICALL3_ADDRESS } = chainLib();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createPublicClient, http } = require('viem') as typeof import('viem');
  return protocolChainsAt(env.CHAIN_RPC_URLS).map(({ chainId, url, chain, info }) => {
    return {
      chainId,
      publicClient: createPublicClient({ chain, transport: http(url, { batch: { wait: 1 }, retryCount: 1 }) }),
      settlement: info.settlement,
      // funding reads of a tick go out as one Multicall3 eth_call where it is deployed (probed on first use)
      ...(env.FUNDING_MULTICALL === 'on' ? { multicall3: MULTICALL3_ADDRESS } : {}),
    };
  });
}

/**
 * What the API asks the source chain before it accepts an intent: the swapper's funding (balance, allowance to the
 * settlement, nonce bitmap) and, for a contract swapper, its EIP-1271 verdict on the signature.
 */
@Injectable()
export class ChainChecks {
  private readonly byId: Map<number, ApiChain>;
  private readonly funding?: FundingChecker;

  constructor(@Inject(API_DEPS) private readonly deps: ApiDeps) {
    const chains = deps.chains ?? [];
    this.byId = new Map(chains.map((c) => [c.chainId, c]));
    if (deps.env.FUNDING_CHECKS === 'on' && chains.length) {
      this.funding = chainLib().createFundingChecker({
        chains,
        timeoutMs: deps.env.CHAIN_READ_TIMEOUT_MS,
        cacheMs: deps.env.FUNDING_CACHE_MS,
      });
    }
  }

  /** Chains whose intents get funding checks (empty: checks are off). */
  get fundingChains(): number[] {
    return this.funding?.chainIds ?? [];
  }

  /**
   * The contract's fallback when ECDSA recovery does not give the swapper: a swapper with code (a smart account)
   * approves the digest through EIP-1271. Returns the intent hash, or throws `refusal` (the ECDSA verdict) when the
   * chain says no, and CHAIN_UNAVAILABLE when it cannot be asked.
   */
  async contractSignature(signed: SignedIntent, refusal: IntentMeshError): Promise<Hex> {
    const chain = this.byId.get(signed.intent.sourceChainId);
    if (!chain || refusal.details.reason === 'format') throw refusal;
    const digest = hashIntent(signed.intent);
    let valid: boolean;
    try {
      valid = await isValidContractSignature({
        publicClient: chain.publicClient,
        signer: signed.intent.swapper,
        digest,
        signature: signed.signature,
      });
    } catch (cause) {
      throw new IntentMeshError(`Chain ${chain.chainId}'s RPC did not answer the signature check; retry shortly.`, {
        code: 'CHAIN_UNAVAILABLE',
        details: { chainId: chain.chainId, retryAfterSec: 2 },
        cause,
      });
    }
    if (!valid) throw refusal;
    return digest;
  }

  /** One refusal (or undefined) per intent; reads are shared within the call, so a batch from one swapper reads once. */
  async fundingRefusals(intents: SignedIntent[]): Promise<(IntentMeshError | undefined)[]> {
    if (!this.funding || !intents.length) return intents.map(() => undefined);
    const verdicts = await this.funding.check(intents.map(({ intent }) => intent));
    return verdicts.map((v, i) => this.refusal(v, intents[i]));
  }

  private refusal(v: FundingVerdict, { intent }: SignedIntent): IntentMeshError | undefined {
    if (v.ok === true) return undefined;
    if (v.ok === 'unchecked') {
      // the RPC failing is no verdict about the swapper: accepted, and the auctioneer re-checks before each auction
      if (v.reason === 'rpc-error')
        this.deps.log.warn(
          { chainId: intent.sourceChainId, err: v.error },
          'funding check skipped: the chain RPC failed',
        );
      return undefined;
    }
    const token = intent.sellToken;
    const chainId = intent.sourceChainId;
    const details = {
      chainId,
      token,
      swapper: intent.swapper,
      required: v.required.toString(),
      balance: v.balance.toString(),
      allowance: v.allowance.toString(),
    };
    if (v.code === 'NONCE_USED') {
      const message =
        `Nonce ${intent.nonce} is already used or cancelled in the settlement contract on chain ${chainId}; ` +
        'sign with a fresh nonce.';
      return new IntentMeshError(message, {
        code: 'NONCE_USED',
        details: { field: 'intent.nonce', nonce: intent.nonce.toString(), onChain: true, chainId },
      });
    }
    if (v.code === 'INSUFFICIENT_BALANCE') {
      const message =
        `The swapper holds ${v.balance} of token ${token} on chain ${chainId} but the intent sells ${v.required}; ` +
        'fund the swapper, or sell less.';
      return new IntentMeshError(message, {
        code: 'INSUFFICIENT_BALANCE',
        details,
      });
    }
    const settlement = this.byId.get(chainId)!.settlement;
    const message =
      `The swapper allows the settlement contract ${settlement} to take ${v.allowance} of token ${token} ` +
      `on chain ${chainId}, below the ${v.required} sold; approve it for at least that.`;
    return new IntentMeshError(message, {
      code: 'INSUFFICIENT_ALLOWANCE',
      details: { ...details, spender: settlement },
    });
  }
}
