import 'reflect-metadata';
import { createInProcessMessaging } from '@intentmesh/messaging';
import { generateMarket } from '@intentmesh/routing';
import { baseEnvSchema, connectDatabase, createLogger, intFromEnv, loadOrCreateKey, parseEnv, runMain } from '@intentmesh/runtime';
import { privateKeyToAccount } from 'viem/accounts';
import { createDigestSigner, signSolverVoucher, type Address, type Hex, type SignedSolverVoucherJSON } from '@intentmesh/protocol';
import { z } from 'zod';
import { auctioneerEnvSchema, startAuctioneer } from '@intentmesh/auctioneer';
import { apiEnvSchema, startApi } from '@intentmesh/api';
import { solverEnvSchema, startReferenceSolver, type SolverProfile } from '@intentmesh/solver';

/** The three demo solvers: different routing reach and margins, so auctions see real competition. */
const DEMO_SOLVERS: { name: string; profile: SolverProfile; marginBps: number }[] = [
  { name: 'solver-direct', profile: 'direct', marginBps: 0 },
  { name: 'solver-multihop', profile: 'multihop', marginBps: 5 },
  { name: 'solver-split', profile: 'split', marginBps: 10 },
];

export type EmbeddedOptions = { env?: Record<string, string | undefined>; quiet?: boolean };

/** Vouches for solver keys on this machine's embedded marketplace only: its key never leaves DATA_DIR and no other deployment bonds it. */
export type DevOperator = { address: Address; vouch(solver: Address, ttlSec?: number): SignedSolverVoucherJSON };

function createDevOperator(key: Hex): DevOperator {
  const signer = createDigestSigner(key);
  return {
    address: signer.address,
    vouch: (solver, ttlSec = 30 * 24 * 3600) => {
      const salt = `0x${Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))).toString('hex')}` as Hex;
      return signSolverVoucher({ solver: solver.toLowerCase() as Address, operator: signer.address, salt, expiry: Math.floor(Date.now() / 1000) + ttlSec }, signer);
    },
  };
}

/** The whole marketplace in one process: in-process bus, PGlite under DATA_DIR, auctioneer, three solvers, API. */
export async function startEmbedded({ env = process.env, quiet = false }: EmbeddedOptions = {}) {
  const base = parseEnv(
    baseEnvSchema.extend({
      MARKET_SEED: intFromEnv(1, 0),
      MARKET_POOLS: intFromEnv(300, 10),
      /** on: a dev operator, bonded here only, vouches for solver keys started with `intentmesh solver start` (dev only). */
      EMBEDDED_DEV_OPERATOR: z.enum(['on', 'off']).default('on'),
    }),
    env,
  );
  const log = createLogger('intentmesh', quiet ? 'silent' : base.LOG_LEVEL === 'info' ? 'warn' : base.LOG_LEVEL);
  const messaging = createInProcessMessaging({ prefix: base.NATS_PREFIX });
  const storage = await connectDatabase(undefined, base.DATA_DIR, log);
  const market = generateMarket({ seed: base.MARKET_SEED, poolCount: base.MARKET_POOLS });

  const solverKeys = DEMO_SOLVERS.map((s) => loadOrCreateKey(undefined, `${base.DATA_DIR}/keys/${s.name}.key`));
  const solverAddresses = solverKeys.map((k) => privateKeyToAccount(k).address.toLowerCase() as Address);
  const devOperator = base.EMBEDDED_DEV_OPERATOR === 'on' ? createDevOperator(loadOrCreateKey(undefined, `${base.DATA_DIR}/keys/dev-operator.key`)) : undefined;
  const auctioneerEnv = parseEnv(auctioneerEnvSchema, env);
  // bonded by this process's configuration only, never by a deployment's OPERATOR_BONDS
  if (devOperator) auctioneerEnv.OPERATOR_BONDS.push({ operator: devOperator.address, bond: auctioneerEnv.TRUST_DEFAULT_BOND });
  const auctioneer = await startAuctioneer({ messaging, storage, env: auctioneerEnv, log, solvers: solverAddresses });
  const solvers = await Promise.all(
    DEMO_SOLVERS.map((s, i) =>
      startReferenceSolver({
        // the demo solvers are registered by SOLVER_ADDRESSES: a voucher or metrics port in the environment is someone else's
        env: parseEnv(solverEnvSchema, { ...env, OPERATOR_VOUCHER: undefined, METRICS_PORT: undefined, SOLVER_NAME: s.name, SOLVER_PROFILE: s.profile, SOLVER_MARGIN_BPS: String(s.marginBps), SOLVER_PRIVATE_KEY: solverKeys[i] }),
        log: log.child({ solver: s.name }),
        messaging,
        market,
      }),
    ),
  );
  const tokens = market.tokens.map((t) => ({ chainId: t.chainId, address: t.address, symbol: t.symbol, decimals: t.decimals }));
  const api = await startApi({ messaging, storage, env: parseEnv(apiEnvSchema, env), log, tokens });

  return {
    url: api.url,
    messaging,
    market,
    devOperator,
    auctioneer,
    solvers,
    storage,
    stop: async () => {
      await api.stop();
      await auctioneer.stop();
      await Promise.all(solvers.map((s) => s.close()));
      await messaging.close();
      await storage.close();
    },
  };
}

async function main(): Promise<() => Promise<void>> {
  const started = Date.now();
  const m = await startEmbedded();
  const out = process.stdout;
  out.write(`
IntentMesh is running (embedded: in-process bus, PGlite under ./.data), ready in ${Date.now() - started} ms

  API        ${m.url}
  Docs       ${m.url}/docs
  Health     ${m.url}/health
  Auctioneer ${m.auctioneer.house.address}
  Solvers    ${m.solvers.map((s) => s.address).join('\n             ')}
  Dev operator ${m.devOperator?.address ?? 'off'} (vouches for solvers started with \`intentmesh solver start\`; dev only)

Try it from another terminal:
  npm run example                              # signs an intent with the SDK and follows it to its award
  curl ${m.url}/v1/auctions
  node apps/cli/bin/intentmesh.js status <intent hash> --wait --url ${m.url}

Stop with Ctrl-C.
`);
  return () => m.stop();
}

if (require.main === module) runMain(main);
