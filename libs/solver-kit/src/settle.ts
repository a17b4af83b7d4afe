import {
  encodeFillerData,
  executorAddress,
  destinationSettlerAbi,
  intentSettlementAbi,
  toSolidityAward,
  toSolidityIntent,
  type Interaction,
} from '@intentmesh/chain';
import {
  auctionResultSchema,
  getChain,
  type Address,
  type AuctionOpen,
  type Award,
  type Hex,
  type Intent,
  lowerAddress,
} from '@intentmesh/protocol';
import {
  erc20Abi,
  maxUint256,
  parseEventLogs,
  type Account,
  type Chain,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import type { SolverLogger } from './types';
import { decodeRevert } from './decodeRevert';
import { recheckAward } from './recheckAward';

/** One chain the solver settles on: clients that send from the solver's key; contract addresses default to libs/protocol's. */
export type SettlementChain = {
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
  settlement?: Address;
  destinationSettler?: Address;
};

/** What a settlement hook sees: the signed intent, the signed award, and where the interactions will run. */
export type SettleContext = {
  intentHash: Hex;
  intent: Intent;
  signature: Hex;
  award: Award;
  awardSignature: Hex;
  /**
   * The solver's own InteractionExecutor on the source chain: it holds the sell tokens while interactions run, and
   * the interactions must leave at least award.buyAmount of the buy token in it (the route's output goes here, not
   * to the recipient); the settlement then pays the recipient exactly that and sweeps the rest to the solver.
   */
  executor: Address;
  solver: Address;
};

export type SettleResult = {
  intentHash: Hex;
  kind: 'settle' | 'open+fill';
  txHash: Hex;
  chainId: number;
  blockNumber: bigint;
};

export type CreateSettlerParameters = {
  chains: Record<number, SettlementChain>;
  /** Same-chain intents: the calls the executor makes so it holds at least award.buyAmount of the buy token. */
  interactions: (ctx: SettleContext) => Interaction[] | Promise<Interaction[]>;
  /** Cross-chain intents: obtain award.buyAmount of the buy token on the destination before filling (inventory). */
  prepareFill?: (ctx: SettleContext) => Promise<void>;
  onSettled?: (result: SettleResult) => void;
  log?: SolverLogger;
  /** Intents remembered from auctions, so a later award can be settled (default 10,000). */
  memory?: number;
};

export type SettlerStats = { settled: number; failed: number; skipped: number; reported: number };

/** A failed settlement as the solver reports it to the auctioneer (createSolver signs and sends it). */
export type SettlementFailureReport = { auctionId: Hex; intentHash: Hex; reason: string };

/** Plugs into createSolver({ settler }): remembers the auctions' signed intents and settles the solver's own awards. */
export type Settler = {
  readonly address: Address;
  readonly stats: SettlerStats;
  remember(auction: AuctionOpen): void;
  onResult(json: unknown): void;
  /** Resolves when every settlement started so far has finished (tests, shutdown). */
  idle(): Promise<void>;
  /** Where failures go at once, so the intent is auctioned again without waiting for settleBy (createSolver sets it). */
  reportFailuresTo(report: (failure: SettlementFailureReport) => Promise<unknown>): void;
};

/** The contract's custom error and its arguments (decoded against the contracts' ABIs), else viem's short message. */
export function revertReason(err: unknown): string {
  return decodeRevert(err);
}

/** A settlement that must not be sent (the award re-check failed). */
class AwardNotSettleable extends Error {
  constructor(
    readonly reason: string,
    readonly skip: boolean,
  ) {
    super(reason);
  }
}

const silent: SolverLogger = { info: () => undefined, warn: () => undefined };

/**
 * Settles the solver's awards on chain: `settle` with the operator's interactions for a same-chain intent; `open`
 * on the source chain then `fill` on the destination for a cross-chain one (the attester's proof repays the escrow).
 * Transactions on one chain go one at a time, so the key's nonces never collide.
 */
export function createSettler(params: CreateSettlerParameters): Settler {
  const { chains, log = silent, memory = 10_000 } = params;
  const first = Object.values(chains)[0];
  if (!first) throw new Error('createSettler needs at least one chain.');
  const address = lowerAddress(first.walletClient.account.address);
  const stats: SettlerStats = { settled: 0, failed: 0, skipped: 0, reported: 0 };
  let report: ((failure: SettlementFailureReport) => Promise<unknown>) | undefined;
  const known = new Map<string, { intent: Intent; signature: Hex }>();
  const lanes = new Map<number, Promise<unknown>>();
  const pending = new Set<Promise<unknown>>();

  const onChain = <T>(chainId: number, fn: () => Promise<T>): Promise<T> => {
    const run = (lanes.get(chainId) ?? Promise.resolve()).then(fn, fn);
    lanes.set(
      chainId,
      run.catch(() => undefined),
    );
    return run;
  };
  const chainOf = (chainId: number) => {
    const c = chains[chainId];
    if (!c) throw new Error(`no client for chain ${chainId}`);
    const info = getChain(chainId);
    const settlement = c.settlement ?? info?.settlement;
    const destinationSettler = c.destinationSettler ?? info?.destinationSettler;
    if (!settlement || !destinationSettler) throw new Error(`no settlement address for chain ${chainId}`);
    return { ...c, settlement, destinationSettler };
  };
  const send = async (
    c: SettlementChain,
    call: Parameters<WalletClient<Transport, Chain, Account>['writeContract']>[0],
  ) => {
    const hash = await c.walletClient.writeContract(call);
    const receipt = await c.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`transaction reverted: ${hash}`);
    return receipt;
  };

  const settleOne = async (ctxBase: Omit<SettleContext, 'executor'>): Promise<SettleResult> => {
    const { intent, award } = ctxBase;
    const src = chainOf(intent.sourceChainId);
    const executor = executorAddress({ settlement: src.settlement, solver: address });
    const ctx: SettleContext = { ...ctxBase, executor };
    const check = await recheckAward({
      publicClient: src.publicClient,
      settlement: src.settlement,
      solver: address,
      intent,
      award,
    });
    if (!check.ok) throw new AwardNotSettleable(check.reason, check.skip);
    const args = [toSolidityIntent(intent), ctx.signature, toSolidityAward(award), ctx.awardSignature] as const;
    if (intent.sourceChainId === intent.destinationChainId) {
      const interactions = await params.interactions(ctx);
      const r = await onChain(intent.sourceChainId, () =>
        send(src, {
          address: src.settlement,
          abi: intentSettlementAbi,
          functionName: 'settle',
          args: [...args, interactions],
        } as never),
      );
      return {
        intentHash: ctx.intentHash,
        kind: 'settle',
        txHash: r.transactionHash,
        chainId: intent.sourceChainId,
        blockNumber: r.blockNumber,
      };
    }
    // cross-chain: escrow on the source, then deliver on the destination; repayment follows the attester's proof
    const opened = await onChain(intent.sourceChainId, () =>
      send(src, { address: src.settlement, abi: intentSettlementAbi, functionName: 'open', args } as never),
    );
    // originData names the awarded solver and the exclusivity window the origin set: take it from `Opened`
    const [openedLog] = parseEventLogs({ abi: intentSettlementAbi, eventName: 'Opened', logs: opened.logs });
    if (!openedLog) throw new Error(`open emitted no Opened event: ${opened.transactionHash}`);
    const dst = chainOf(intent.destinationChainId);
    const r = await onChain(intent.destinationChainId, async () => {
      await params.prepareFill?.(ctx);
      const allowance = await dst.publicClient.readContract({
        address: intent.buyToken,
        abi: erc20Abi,
        functionName: 'allowance',
        args: [address, dst.destinationSettler],
      });
      if (allowance < award.buyAmount)
        await send(dst, {
          address: intent.buyToken,
          abi: erc20Abi,
          functionName: 'approve',
          args: [dst.destinationSettler, maxUint256],
        } as never);
      return send(dst, {
        address: dst.destinationSettler,
        abi: destinationSettlerAbi,
        functionName: 'fill',
        args: [ctx.intentHash, openedLog.args.originData, encodeFillerData(award.buyAmount)],
      } as never);
    });
    return {
      intentHash: ctx.intentHash,
      kind: 'open+fill',
      txHash: r.transactionHash,
      chainId: intent.destinationChainId,
      blockNumber: r.blockNumber,
    };
  };

  return {
    address,
    stats,
    remember(auction) {
      for (const { hash, intent, signature } of auction.intents) {
        known.set(hash, { intent, signature: signature as Hex });
        if (known.size > memory) known.delete(known.keys().next().value!);
      }
    },
    onResult(json) {
      const parsed = auctionResultSchema.safeParse(json);
      if (!parsed.success) return;
      for (const { award, signature } of parsed.data.awards) {
        if (award.solver !== address) continue;
        const seen = known.get(award.intentHash);
        if (!seen || !chains[seen.intent.sourceChainId] || !chains[seen.intent.destinationChainId]) {
          stats.skipped++;
          continue;
        }
        known.delete(award.intentHash);
        const job = settleOne({
          intentHash: award.intentHash as Hex,
          intent: seen.intent,
          signature: seen.signature,
          award: award as Award,
          awardSignature: signature as Hex,
          solver: address,
        })
          .then((r) => {
            stats.settled++;
            log.info({ intentHash: r.intentHash, txHash: r.txHash, chainId: r.chainId }, 'award settled on chain');
            params.onSettled?.(r);
          })
          .catch(async (err) => {
            if (err instanceof AwardNotSettleable && err.skip) {
              stats.skipped++;
              log.info({ intentHash: award.intentHash, reason: err.reason }, 'award not settled: nothing to do');
              return;
            }
            stats.failed++;
            const reason = err instanceof AwardNotSettleable ? err.reason : revertReason(err);
            log.warn({ intentHash: award.intentHash, err: reason }, 'settlement failed');
            if (!report) return;
            // tell the auctioneer at once: the intent goes back to auction instead of waiting out settleBy
            await report({ auctionId: award.auctionId as Hex, intentHash: award.intentHash as Hex, reason })
              .then(() => stats.reported++)
              .catch((e) =>
                log.warn({ intentHash: award.intentHash, err: String(e) }, 'could not report the failed settlement'),
              );
          });
        pending.add(job);
        void job.finally(() => pending.delete(job));
      }
    },
    reportFailuresTo(fn) {
      report = fn;
    },
    idle: async () => {
      while (pending.size) await Promise.all([...pending]);
    },
  };
}
