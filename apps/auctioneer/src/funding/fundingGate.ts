import type { FundingChain, FundingChecker } from '@intentmesh/chain';
import type { Intent, Log } from '@intentmesh/protocol';
import type { Storage } from '@intentmesh/storage';

export type FundingGateOptions = {
  chains: readonly FundingChain[];
  storage: Storage;
  log: Pick<Log, 'info' | 'warn'>;
  /** Chain reads slower than this let the intents through unchecked (the RPC failing is no verdict on a swapper). */
  timeoutMs?: number;
  /**
   * A cut's reads go out as one Multicall3 eth_call per chain where its canonical address holds code (probed once per
   * chain); a chain without it keeps single reads, sent at once.
   */
  multicall?: boolean;
};

/**
 * The auctioneer's re-check before each auction: one round of batched chain reads for the whole cut. An intent whose
 * swapper no longer holds or allows the sell amount, or whose nonce is used, is marked `unfunded` and handed back to
 * `holdOut` (the caller requeues it), so it returns to a later cut and is auctioned again once funded.
 */
export class FundingGate {
  private readonly checker: FundingChecker;
  private readonly storage: Storage;
  private readonly log: Pick<Log, 'info' | 'warn'>;

  constructor({ chains, storage, log, timeoutMs = 2000, multicall = false }: FundingGateOptions) {
    // loaded here, not at the top: an auctioneer without chains never pays for @intentmesh/chain (and viem) at start
    const { MULTICALL3_ADDRESS, createFundingChecker } =
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('@intentmesh/chain') as typeof import('@intentmesh/chain');
    this.checker = createFundingChecker({
      chains: multicall ? chains.map((c) => ({ ...c, multicall3: c.multicall3 ?? MULTICALL3_ADDRESS })) : chains,
      timeoutMs,
    });
    this.storage = storage;
    this.log = log;
  }

  /** The funded (or uncheckable) part of `batch`, in order; the rest goes to `holdOut` after its status is stored. */
  async admit<T extends { hash: string; intent: Intent }>(batch: T[], holdOut: (held: T[]) => void): Promise<T[]> {
    if (!batch.length) return batch;
    const verdicts = await this.checker.check(batch.map((p) => p.intent));
    const funded: T[] = [];
    const held: { p: T; reason: string }[] = [];
    const reasons: Record<string, number> = {};
    verdicts.forEach((v, i) => {
      if (v.ok === false) {
        held.push({ p: batch[i], reason: v.code });
        reasons[v.code] = (reasons[v.code] ?? 0) + 1;
      } else {
        if (v.ok === 'unchecked' && v.reason === 'rpc-error')
          this.log.warn({ hash: batch[i].hash, err: v.error }, 'funding re-check skipped: the chain RPC failed');
        funded.push(batch[i]);
      }
    });
    if (held.length) {
      // visible status first, so GET /v1/intents/:hash says why the intent waits; a store failure still holds it out
      await this.storage.intents
        .markUnfunded(held.map(({ p, reason }) => ({ hash: p.hash, reason })))
        .catch((err) => this.log.warn({ err: String(err) }, 'could not mark intents unfunded'));
      this.log.info({ held: held.length, reasons }, 'intents held out of the auction: funding lost');
      holdOut(held.map((h) => h.p));
    }
    return funded;
  }
}
