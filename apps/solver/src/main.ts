import type { Messaging } from '@intentmesh/messaging';
import { generateMarket, type Market } from '@intentmesh/routing';
import { createLogger, loadOrCreateKey, runMain, type Logger } from '@intentmesh/runtime';
import { createSolver, type Solver } from '@intentmesh/solver-kit';
import { loadSolverConfig, type SolverEnv } from './config';
import { createReferenceQuote } from './referenceQuote';

export type StartSolverOptions = { env: SolverEnv; log: Logger; messaging?: Messaging; market?: Market };

/** Starts one reference solver: its own key, the demo market, the chosen routing profile. */
export async function startReferenceSolver({ env, log, messaging, market }: StartSolverOptions): Promise<Solver> {
  const privateKey = loadOrCreateKey(env.SOLVER_PRIVATE_KEY, `${env.DATA_DIR}/keys/${env.SOLVER_NAME}.key`, { keystore: env.SOLVER_KEYSTORE, password: env.SOLVER_KEYSTORE_PASSWORD });
  const m = market ?? generateMarket({ seed: env.MARKET_SEED, poolCount: env.MARKET_POOLS });
  const quote = createReferenceQuote({
    market: m,
    profile: env.SOLVER_PROFILE,
    marginBps: env.SOLVER_MARGIN_BPS,
    explain: env.SOLVER_EXPLAIN ? (text) => process.stdout.write(text + '\n') : undefined,
  });
  if (!messaging && !env.NATS_URL) throw new Error('NATS_URL is required to run a solver alone; `npm start` runs the embedded marketplace.');
  return createSolver({ privateKey, quote, messaging, natsUrl: env.NATS_URL, natsPrefix: env.NATS_PREFIX, name: env.SOLVER_NAME, log, operatorVoucher: env.OPERATOR_VOUCHER, metricsPort: env.METRICS_PORT });
}

async function main(): Promise<() => Promise<void>> {
  const env = loadSolverConfig({ ...process.env, ...(process.argv.includes('--explain') ? { SOLVER_EXPLAIN: '1' } : {}) });
  const log = createLogger(env.SOLVER_NAME, env.LOG_LEVEL);
  const solver = await startReferenceSolver({ env, log });
  log.info({ address: solver.address, profile: env.SOLVER_PROFILE }, 'solver ready');
  return () => solver.close();
}

if (require.main === module) runMain(main);
