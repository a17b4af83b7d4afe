import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import { BusServer, type Messaging } from '@intentmesh/messaging';
import { createDigestSigner, type Address } from '@intentmesh/protocol';
import { connectStandalone, createLogger, loadOrCreateKey, runMain, type Logger } from '@intentmesh/runtime';
import type { Storage } from '@intentmesh/storage';
import { AuctionHouse } from './auctionHouse';
import { AuctioneerModule } from './auctioneer.module';
import { ContractSignatureGate } from './funding/contractSignatureGate';
import { FundingGate } from './funding/fundingGate';
import { loadAuctioneerConfig, type AuctioneerEnv } from './config';
import { AwardLifecycle } from './settlement/awardLifecycle';
import { SettlementWatcher, type WatchedChain } from './settlement/settlementWatcher';
import { configBondSource, registryBondSource, type BondSource } from './trust/bondSource';
import { TrustService } from './trust/trustService';

export type StartAuctioneerOptions = {
  messaging: Messaging;
  storage: Storage;
  env: AuctioneerEnv;
  log: Logger;
  solvers?: Address[];
  /** Chains whose settlement events mark intents settled (the embedded default passes its local chains); else CHAIN_RPC_URLS. */
  chains?: WatchedChain[];
  /** Where operator bonds come from (the embedded default passes its local SolverRegistry); else SOLVER_REGISTRY or OPERATOR_BONDS. */
  bondSource?: BondSource;
};
export type RunningAuctioneer = {
  house: AuctionHouse;
  app: INestMicroservice;
  trust: TrustService;
  watcher?: SettlementWatcher;
  lifecycle: AwardLifecycle;
  stop(): Promise<void>;
};

/** Read-only clients for CHAIN_RPC_URLS, with libs/protocol's contract addresses. */
function chainsFromEnv(env: AuctioneerEnv): WatchedChain[] {
  if (!env.CHAIN_RPC_URLS.length) return [];
  // viem's root costs 0.3-0.65 s of a cold start: only an auctioneer that reads chains loads it (and @intentmesh/chain)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createPublicClient, http } = require('viem') as typeof import('viem');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { protocolChainsAt } = require('@intentmesh/chain') as typeof import('@intentmesh/chain');
  return protocolChainsAt(env.CHAIN_RPC_URLS).map(({ chainId, url, chain, info }) => {
    return {
      chainId,
      publicClient: createPublicClient({ chain, transport: http(url) }),
      settlement: info.settlement,
      destinationSettler: info.destinationSettler,
    };
  });
}

function bondSourceFromEnv(env: AuctioneerEnv, chains: WatchedChain[]): BondSource {
  if (!env.SOLVER_REGISTRY) return configBondSource(env.OPERATOR_BONDS);
  const c = chains.find((x) => x.chainId === env.SOLVER_REGISTRY!.chainId);
  if (!c)
    throw new Error(`SOLVER_REGISTRY is on chain ${env.SOLVER_REGISTRY.chainId}, which CHAIN_RPC_URLS does not list`);
  return registryBondSource({ publicClient: c.publicClient, registry: env.SOLVER_REGISTRY.address });
}

/** Starts the auctioneer on the given bus and store (the embedded default passes its in-process ones). */
export async function startAuctioneer({
  messaging,
  storage,
  env,
  log,
  solvers,
  chains,
  bondSource,
}: StartAuctioneerOptions): Promise<RunningAuctioneer> {
  const watched = chains ?? chainsFromEnv(env);
  const bonds = bondSource ?? bondSourceFromEnv(env, watched);
  const signer = createDigestSigner(
    loadOrCreateKey(env.AUCTIONEER_PRIVATE_KEY, `${env.DATA_DIR}/keys/auctioneer.key`, {
      keystore: env.AUCTIONEER_KEYSTORE,
      password: env.AUCTIONEER_KEYSTORE_PASSWORD,
    }),
  );
  const registered = new Set<string>(solvers ?? env.SOLVER_ADDRESSES);
  if (!registered.size) log.warn({}, 'SOLVER_ADDRESSES is empty: every bid will be refused as UNREGISTERED_SOLVER');
  // operators, vouchers, health probes and fan-out; keys come from SOLVER_ADDRESSES and from vouchers over the bus
  // an unreachable registry at start should not keep the auctioneer down: configured bonds until the next refresh
  const initialBonds = await bonds.read().catch((err) => {
    log.warn(
      { source: bonds.kind, err: String(err) },
      'bond source unreadable at start; using OPERATOR_BONDS until the next refresh',
    );
    return { operators: env.OPERATOR_BONDS, solvers: [] };
  });
  const trust = new TrustService(
    messaging,
    signer.address,
    env,
    [...registered] as Address[],
    log,
    Date.now,
    initialBonds,
    bonds,
  );
  const watcher = watched.length
    ? new SettlementWatcher(storage, watched, log, {
        pollMs: env.SETTLEMENT_POLL_MS,
        lookbackBlocks: BigInt(env.SETTLEMENT_LOOKBACK_BLOCKS),
      })
    : undefined;
  const house = new AuctionHouse({
    messaging,
    storage,
    signer,
    isRegistered: (s) => trust.isRegistered(s),
    registeredSolvers: () => trust.registeredSolvers(),
    config: {
      auctionIntervalMs: env.AUCTION_INTERVAL_MS,
      auctionMaxIntents: env.AUCTION_MAX_INTENTS,
      maxOpenAuctions: env.AUCTION_MAX_OPEN,
      bidWindowMs: env.BID_WINDOW_MS,
      settleWindowSec: env.SETTLE_WINDOW_SEC,
      retryDelayMs: env.RETRY_DELAY_MS,
      maxBidsPerSolver: env.MAX_BIDS_PER_SOLVER,
      reconcileStaleMs: env.RECONCILE_STALE_MS,
      reconcileIntervalMs: env.RECONCILE_INTERVAL_MS,
      earlyClose: env.BID_WINDOW_EARLY_CLOSE === 'on',
      streamAckWaitMs: env.INTENT_ACK_WAIT_MS,
      funding:
        env.FUNDING_CHECKS === 'on' && watched.length
          ? new FundingGate({ chains: watched, storage, log, multicall: env.FUNDING_MULTICALL === 'on' })
          : undefined,
      signatures: new ContractSignatureGate({ chains: watched, storage, log }),
      intakeKey: env.INTAKE_KEY,
    },
    log,
    trust,
  });
  const lifecycle = new AwardLifecycle({
    messaging,
    storage,
    watcher,
    operatorOf: (s) => trust.operatorOf(s),
    penalize: (operator, weight) => trust.recordOutcome(operator, 'unsettled', weight),
    recordLapse: (evidence) => house.recordLapse(evidence),
    requeue: (row) => house.requeue(row),
    log,
    pollMs: env.SETTLEMENT_POLL_MS,
    minRemainingSec: env.LAPSE_MIN_REMAINING_SEC,
    graceSec: env.LAPSE_GRACE_SEC,
  });
  const app = await NestFactory.createMicroservice(AuctioneerModule.forRoot(house, trust, messaging, signer), {
    strategy: new BusServer(messaging.bus, messaging.subjects.resolve),
    logger: false,
  });
  await app.listen();
  await house.start();
  trust.start();
  watcher?.start();
  lifecycle.start();
  // the in-process stream starts empty: refill it at once from the store of record
  if (messaging.kind === 'in-process') await house.reconcile(0);
  return {
    house,
    app,
    trust,
    watcher,
    lifecycle,
    stop: async () => {
      lifecycle.stop();
      watcher?.stop();
      trust.stop();
      await house.stop();
      await app.close();
    },
  };
}

async function main(): Promise<() => Promise<void>> {
  const env = loadAuctioneerConfig();
  const log = createLogger('auctioneer', env.LOG_LEVEL);
  const { messaging, storage, close } = await connectStandalone('auctioneer', env, log, {
    inboxPrefix: '_INBOX_auctioneer',
  });
  const running = await startAuctioneer({ messaging, storage, env, log });
  log.info({ address: running.house.address }, 'auctioneer ready');
  return async () => {
    log.info({}, 'draining open auctions');
    await running.stop();
    await close();
  };
}

if (require.main === module) runMain(main);
