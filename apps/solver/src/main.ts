import type { LiveMarket, MarketConfig } from '@intentmesh/chain';
import type { Messaging } from '@intentmesh/messaging';
import { generateMarket, type Market } from '@intentmesh/routing';
import { createLogger, loadOrCreateKey, runMain, type Logger } from '@intentmesh/runtime';
import { createSettler, createSolver, type LiveMarketSource, type Settler, type Solver } from '@intentmesh/solver-kit';
import type { Address, Hex } from '@intentmesh/protocol';
import { loadSolverConfig, solverMarketConfig, solverProfiles, type SolverEnv, type SolverProfile } from './config';
import { createReferenceQuote } from './referenceQuote';

// @intentmesh/chain and viem (its root is 0.3-0.65 s of a cold start) are loaded by a solver that reads or settles on
// chains, when it first does: one that bids on the demo market (tests, benchmarks, the embedded marketplace) never loads them
// eslint-disable-next-line @typescript-eslint/no-require-imports
const chainDeps = () => require('./chainDeps') as typeof import('./chainDeps');

export type StartSolverOptions = {
  env: SolverEnv;
  log: Logger;
  messaging?: Messaging;
  /** A market given by the caller (a live one may be shared by several solvers; the caller closes it). */
  market?: Market | LiveMarketSource;
  settler?: Settler;
};

/** A chain market loaded from its configuration; its cursor and state are kept under `stateDir` between runs. */
export async function startLiveMarket(
  config: MarketConfig,
  { stateDir, log }: { stateDir: string; log: Pick<Logger, 'info' | 'warn'> },
): Promise<LiveMarket> {
  const onError = (err: unknown) => log.warn({ err: String(err) }, 'market sync failed');
  const live = chainDeps().createLiveMarket(config, { stateDir, onError });
  await live.start();
  const m = live.current();
  const loaded = { chains: m.chains.map((c) => c.chainId), pools: m.pools.length, tokens: m.tokens.length };
  log.info(loaded, 'market loaded from the chains');
  return live;
}

/**
 * Starts one reference solver: its own key, its market (configured chains, else the demo market), its profile.
 * With configured chains it also settles its awards there, through the RouteExecutor, along the route it bid.
 */
export async function startReferenceSolver({
  env,
  log,
  messaging,
  market,
  settler,
}: StartSolverOptions): Promise<Solver> {
  const privateKey = loadOrCreateKey(env.SOLVER_PRIVATE_KEY, `${env.DATA_DIR}/keys/${env.SOLVER_NAME}.key`, {
    keystore: env.SOLVER_KEYSTORE,
    password: env.SOLVER_KEYSTORE_PASSWORD,
  });
  const config = market ? undefined : solverMarketConfig(env);
  const stateDir = `${env.DATA_DIR}/market/${env.SOLVER_NAME}`;
  const owned = config ? await startLiveMarket(config, { stateDir, log }) : undefined;
  const m = market ?? owned ?? generateMarket({ seed: env.MARKET_SEED, poolCount: env.MARKET_POOLS });
  const live = 'current' in m ? m : undefined;
  const quote = createReferenceQuote({
    market: m,
    profile: env.SOLVER_PROFILE,
    marginBps: env.SOLVER_MARGIN_BPS,
    explain: env.SOLVER_EXPLAIN ? (text) => process.stdout.write(text + '\n') : undefined,
  });
  if (!messaging && !env.NATS_URL) {
    await owned?.close();
    throw new Error('NATS_URL is required to run a solver alone; `npm start` runs the embedded marketplace.');
  }
  const solver = await createSolver({
    privateKey,
    quote,
    messaging,
    natsUrl: env.NATS_URL,
    natsCredentials: { nkeySeed: env.NATS_NKEY_SEED, user: env.NATS_USER, pass: env.NATS_PASS },
    natsPrefix: env.NATS_PREFIX,
    name: env.SOLVER_NAME,
    log,
    operatorVoucher: env.OPERATOR_VOUCHER,
    chains: env.SOLVER_CHAINS.length ? env.SOLVER_CHAINS : undefined,
    region: env.SOLVER_REGION,
    auctioneers: env.AUCTIONEER_ADDRESS ? [env.AUCTIONEER_ADDRESS] : undefined,
    metricsPort: env.METRICS_PORT,
    settler:
      settler ??
      (config && owned
        ? chainSettler(config, owned, privateKey as Hex, log, {
            profile: env.SOLVER_PROFILE,
            mintInventory: !env.SOLVER_MARKET_CONFIG,
          })
        : undefined),
    market: live,
  }).catch(async (err) => {
    await owned?.close();
    throw err;
  });
  if (!owned) return solver;
  const closeSolver = solver.close;
  return Object.assign(solver, {
    close: async () => {
      await closeSolver();
      await owned.close(); // saves the market's cursor for the next start
    },
  });
}

/**
 * Settles on the market's own chains (their RPC URLs) through each chain's RouteExecutor: the route re-quoted on
 * fresh state, executed exactly, reverting whole below the award. Dev chains (SOLVER_RPC_URLS: `mintInventory`) mint
 * the bridge inventory the solver fronts; configured chains use the solver's own balance. The CLI's `solver start`
 * on NATS settles a scaffolded solver's wins with it too.
 */
export function chainSettler(
  config: MarketConfig,
  live: LiveMarket,
  privateKey: Hex,
  log: Logger,
  { profile, mintInventory }: { profile: SolverProfile; mintInventory: boolean },
): Settler {
  const { rpcChain, rpcTransport, createPublicClient, createWalletClient, privateKeyToAccount, routeSettlement } =
    chainDeps();
  const account = privateKeyToAccount(privateKey);
  const chains = Object.fromEntries(
    config.chains.map(({ chainId, rpcUrl, name }) => {
      const chain = rpcChain(chainId, rpcUrl, name);
      return [
        chainId,
        {
          publicClient: createPublicClient({ chain, transport: rpcTransport(rpcUrl) }),
          walletClient: createWalletClient({ chain, transport: rpcTransport(rpcUrl), account }),
        },
      ];
    }),
  );
  const routeExecutors: Record<number, Address> = {};
  for (const c of config.chains)
    if (c.routeExecutor) routeExecutors[c.chainId] = c.routeExecutor;
    else log.warn({ chainId: c.chainId }, 'no routeExecutor configured: awards on this chain cannot settle');
  return createSettler({
    chains,
    ...routeSettlement({
      source: live,
      chains,
      routeExecutors,
      options: solverProfiles[profile],
      mintInventory,
    }),
    log,
  });
}

async function main(): Promise<() => Promise<void>> {
  const env = loadSolverConfig({
    ...process.env,
    ...(process.argv.includes('--explain') ? { SOLVER_EXPLAIN: '1' } : {}),
  });
  const log = createLogger(env.SOLVER_NAME, env.LOG_LEVEL);
  const solver = await startReferenceSolver({ env, log });
  log.info({ address: solver.address, profile: env.SOLVER_PROFILE }, 'solver ready');
  return () => solver.close();
}

if (require.main === module) runMain(main);
