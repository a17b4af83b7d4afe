import {
  isValidContractSignature,
  type Address,
  type ContractSignatureVerdictJSON,
  type Hex,
  type Log,
} from '@intentmesh/protocol';
import type { Storage } from '@intentmesh/storage';
import type { PublicClient } from 'viem';

// loaded on first use: an auctioneer without chains never pays for @intentmesh/chain (and viem's root) at start
// eslint-disable-next-line @typescript-eslint/no-require-imports
const chainLib = () => require('@intentmesh/chain') as typeof import('@intentmesh/chain');

export type SignatureChain = { chainId: number; publicClient: Pick<PublicClient, 'getBlock' | 'getCode' | 'call'> };

export type ContractSignatureGateOptions = {
  chains: readonly SignatureChain[];
  storage: Storage;
  log: Pick<Log, 'info' | 'warn'>;
  /** A chain whose answers take longer than this is unreachable for this cut: its intents wait for the next. */
  timeoutMs?: number;
};

type Gated = { hash: string; intent: { sourceChainId: number; swapper: Address }; signature: string; ecdsa: boolean };

/**
 * The auctioneer's own EIP-1271 check before each auction, for intents whose signature does not recover to the
 * swapper: the swapper's `isValidSignature` on the source chain, asked at that chain's head block, which the record
 * then cites (`contractSignature`) so anyone can ask the same block again. The API's verdict is not taken on trust.
 */
export class ContractSignatureGate {
  private readonly byId: Map<number, SignatureChain>;

  constructor(private readonly o: ContractSignatureGateOptions) {
    this.byId = new Map(o.chains.map((c) => [c.chainId, c]));
  }

  /**
   * The part of `batch` that may be auctioned, in order: ECDSA intents as they are, contract-signed ones with their
   * verdict set. A refusal is stored as `unfunded` (INVALID_SIGNATURE) and goes to `holdOut` like lost funding, so it is
   * asked again each retry until its deadline; one the chain could not be asked about goes to `holdOut` unmarked.
   */
  async admit<T extends Gated & { contractSignature?: ContractSignatureVerdictJSON }>(
    batch: T[],
    holdOut: (held: T[]) => void,
  ): Promise<T[]> {
    const asked = batch.filter((p) => !p.ecdsa);
    if (!asked.length) return batch;
    const { log, storage, timeoutMs = 2000 } = this.o;
    const refused: T[] = [];
    const unchecked: T[] = [];
    const byChain = new Map<number, T[]>();
    for (const p of asked) byChain.set(p.intent.sourceChainId, [...(byChain.get(p.intent.sourceChainId) ?? []), p]);
    await Promise.all(
      [...byChain].map(async ([chainId, intents]) => {
        const chain = this.byId.get(chainId);
        if (!chain) {
          log.warn(
            { chainId, intents: intents.length },
            'EIP-1271 intents wait: no CHAIN_RPC_URLS entry for their source chain to check the signature on',
          );
          return unchecked.push(...intents);
        }
        try {
          const { verdict, answers } = await chainLib().withTimeout(
            (async () => {
              // one named block per chain and cut: every verdict is asked at it, and it is what the record cites
              const block = await chain.publicClient.getBlock({ blockTag: 'latest' });
              const answers = await Promise.all(
                intents.map((p) =>
                  isValidContractSignature({
                    publicClient: chain.publicClient,
                    signer: p.intent.swapper,
                    digest: p.hash as Hex,
                    signature: p.signature as Hex,
                    blockNumber: block.number!,
                  }),
                ),
              );
              return { verdict: { chainId, blockNumber: Number(block.number), blockHash: block.hash! }, answers };
            })(),
            timeoutMs,
          );
          intents.forEach((p, i) => (answers[i] ? (p.contractSignature = verdict) : refused.push(p)));
        } catch (err) {
          // the RPC failing is no verdict about the signature: the intents wait for a later cut
          log.warn({ chainId, err: String(err).split('\n')[0] }, 'EIP-1271 check skipped: the chain RPC failed');
          unchecked.push(...intents);
        }
      }),
    );
    if (refused.length) {
      // visible status first, so GET /v1/intents/:hash says why the intent waits; a store failure still holds it out
      await storage.intents
        .markUnfunded(refused.map((p) => ({ hash: p.hash, reason: 'INVALID_SIGNATURE' })))
        .catch((err) => log.warn({ err: String(err) }, 'could not mark intents unfunded'));
      log.info(
        { held: refused.length },
        "intents held out of the auction: the swapper's contract refuses the signature",
      );
    }
    const out = new Set<T>([...refused, ...unchecked]);
    if (out.size) holdOut([...out]);
    return batch.filter((p) => !out.has(p));
  }
}
