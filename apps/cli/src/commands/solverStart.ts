import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, parseEnv as parseDotenv } from 'node:util';
import { z } from 'zod';
import {
  addressSchema,
  IntentMeshError,
  parseSignedSolverVoucher,
  regionSchema,
  type Hex,
  type SignedSolverVoucherJSON,
} from '@intentmesh/protocol';
import { generateMarket, type Market } from '@intentmesh/routing';
import { chainIdListFromEnv, createLogger, loadOrCreateKey, parseEnv } from '@intentmesh/runtime';
import { createSolver, type LiveMarketSource, type QuoteFn, type Solver } from '@intentmesh/solver-kit';
import { loadKey } from '../keys';
import { valueFlags } from '../options';
import { register } from '../registry';

const envSchema = z.object({
  NATS_URL: z.string().min(1).optional(),
  NATS_NKEY_SEED: z.string().optional(),
  NATS_USER: z.string().optional(),
  NATS_PASS: z.string().optional(),
  NATS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, 'letters, digits, _ and - only')
    .default(''),
  SOLVER_PRIVATE_KEY: z.string().optional(),
  SOLVER_KEYSTORE: z.string().optional(),
  SOLVER_KEYSTORE_PASSWORD: z.string().optional(),
  /** The operator's signed voucher for the solver key, as JSON (see `intentmesh solver vouch`). */
  OPERATOR_VOUCHER: z.string().optional(),
  MARKET_SEED: z.coerce.number().int().min(0).default(1),
  MARKET_POOLS: z.coerce.number().int().min(10).default(300),
  METRICS_PORT: z.coerce.number().int().min(0).optional(),
  /** Chains the solver serves ("1,10"), signed in its attestations (unset: all). */
  SOLVER_CHAINS: chainIdListFromEnv(),
  /** Region the solver runs in ("eu"), signed in its attestations (an auctioneer's AUCTION_REGION). */
  SOLVER_REGION: regionSchema.optional(),
  /** The auctioneer this solver bids for: auction opens it did not sign are dropped and counted as forged (unset: the first signer is pinned). */
  AUCTIONEER_ADDRESS: addressSchema.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
});

/** What a solver module exports: `createQuote({ market, live })` or a ready `quote`. */
type SolverModule = {
  createQuote?: (ctx: { market: Market; live?: LiveMarketSource }) => QuoteFn;
  quote?: QuoteFn;
  default?: QuoteFn;
};

/** `market`: a fixed market or one read from chains (live; its state at the auction is also in the quote's context). */
function loadQuote(dir: string | undefined, reference: boolean, market: Market | LiveMarketSource): QuoteFn {
  if (reference || !dir) {
    // the reference solver's split strategy, built on the same kit
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createReferenceQuote } = require('@intentmesh/solver') as typeof import('@intentmesh/solver');
    return createReferenceQuote({ market, profile: 'split', marginBps: 0 });
  }
  const pkgFile = resolve(dir, 'package.json');
  const entry = existsSync(pkgFile)
    ? ((JSON.parse(readFileSync(pkgFile, 'utf8')) as { intentmesh?: { quote?: string } }).intentmesh?.quote ??
      'dist/quote.js')
    : 'dist/quote.js';
  const file = resolve(dir, entry);
  if (!existsSync(file))
    throw new IntentMeshError(`No solver module at ${file}: run \`npm run build\` in ${dir} first.`, {
      code: 'INVALID_ARGUMENT',
    });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as SolverModule;
  const live = 'current' in market ? market : undefined;
  const snapshot = live ? live.current() : (market as Market);
  const quote = mod.createQuote?.({ market: snapshot, live }) ?? mod.quote ?? mod.default;
  if (typeof quote !== 'function')
    throw new IntentMeshError(`${file} exports neither createQuote({ market }) nor quote(auction).`, {
      code: 'INVALID_ARGUMENT',
    });
  return quote;
}

register({
  name: 'solver start',
  summary: 'Run a solver project (or the reference solver) against NATS or the embedded marketplace',
  help: `Usage: intentmesh solver start [dir] [--reference] [--nats URL] [--prefix P] [--auctioneer ADDRESS]
                               [--port N] [--data-dir DIR] [--metrics-port N] [--json]

Runs the solver in [dir] (its package.json "intentmesh.quote", default dist/quote.js, exporting
createQuote({ market }) or quote(auction)), or the reference solver with --reference.

Where it competes:
  with --nats or NATS_URL   the marketplace on that NATS server (subjects under --prefix / NATS_PREFIX);
                            the key must be registered: OPERATOR_VOUCHER holds the operator's signed
                            voucher (intentmesh solver vouch), or the auctioneer lists it in SOLVER_ADDRESSES
  otherwise                 a whole embedded marketplace in this process (API on --port, default 3000;
                            data under --data-dir, default <dir>/.data) with three demo solvers; its
                            dev-only operator vouches for your key, so you compete at once

Auctioneer pin: --auctioneer or AUCTIONEER_ADDRESS is the only auctioneer whose signed auction opens the
solver quotes; any other open is dropped and counted (intentmesh_solver_forged_opens_total). Unset, the
first auctioneer that signs an open is pinned (fine on an authenticated bus only).

Market (with --nats): SOLVER_MARKET_CONFIG (JSON, or a JSON file: chains, RPC URLs, factories or pools;
see docs/solver-guide.md) or SOLVER_RPC_URLS="chainId=url,..." (dev chains), where wins are settled;
neither: the generated demo market, bids only (wins lapse).
The embedded marketplace's solvers read its local chains' pools.

Key: SOLVER_PRIVATE_KEY, or SOLVER_KEYSTORE (+ SOLVER_KEYSTORE_PASSWORD or a prompt). On the embedded
marketplace a key is generated under the data directory if none is set. <dir>/.env is read first
(variables already set win). METRICS_PORT or --metrics-port serves Prometheus metrics.
SIGTERM or Ctrl-C finishes the bids in flight, prints the counters and exits 0.

Examples:
  intentmesh solver start ./my-solver                         # embedded marketplace on :3000
  intentmesh solver start --reference --port 0 --json         # reference solver, any free port
  NATS_URL=nats://127.0.0.1:4222 OPERATOR_VOUCHER="$(cat voucher.json)" intentmesh solver start ./my-solver`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...valueFlags('nats', 'prefix', 'auctioneer', 'port', 'data-dir', 'metrics-port'),
        reference: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
    const dir = positionals[0] ? resolve(positionals[0]) : undefined;
    const dotenv =
      dir && existsSync(resolve(dir, '.env')) ? parseDotenv(readFileSync(resolve(dir, '.env'), 'utf8')) : {};
    // the flag overrides the variable and passes through the same check, so a typo is named at start
    const env = parseEnv(envSchema, {
      ...dotenv,
      ...io.env,
      ...(values.auctioneer !== undefined ? { AUCTIONEER_ADDRESS: values.auctioneer } : {}),
    });
    const auctioneers = env.AUCTIONEER_ADDRESS ? [env.AUCTIONEER_ADDRESS] : undefined;
    const natsUrl = values.nats ?? env.NATS_URL;
    const prefix = values.prefix ?? env.NATS_PREFIX;
    const metricsPort = values['metrics-port'] !== undefined ? Number(values['metrics-port']) : env.METRICS_PORT;
    const log = createLogger('solver', env.LOG_LEVEL);
    // what every solver started here shares, on NATS or embedded
    const shared = { metricsPort, auctioneers, name: 'solver' };
    const say = (human: string, json: object) => io.out(values.json ? JSON.stringify(json) : human);

    let solver: Solver;
    let stopMarket: (() => Promise<void>) | undefined;
    if (natsUrl) {
      const key = await loadKey({
        privateKey: env.SOLVER_PRIVATE_KEY,
        keystore: env.SOLVER_KEYSTORE,
        password: env.SOLVER_KEYSTORE_PASSWORD,
        envPrefix: 'SOLVER',
      });
      let voucher: SignedSolverVoucherJSON | undefined;
      if (env.OPERATOR_VOUCHER) {
        try {
          voucher = parseSignedSolverVoucherJSON(env.OPERATOR_VOUCHER);
        } catch (cause) {
          throw new IntentMeshError(`OPERATOR_VOUCHER is not a signed voucher: ${(cause as Error).message}`, {
            code: 'INVALID_ARGUMENT',
            cause,
          });
        }
      }
      // the chains of SOLVER_MARKET_CONFIG (or SOLVER_RPC_URLS); without either, the generated demo market
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ref = require('@intentmesh/solver') as typeof import('@intentmesh/solver');
      const marketEnv = ref.solverEnvSchema.pick({
        SOLVER_MARKET_CONFIG: true,
        SOLVER_RPC_URLS: true,
        SOLVER_PROFILE: true,
      });
      const marketVars = parseEnv(marketEnv, { ...dotenv, ...io.env });
      const config = ref.solverMarketConfig(marketVars);
      const dataDir = values['data-dir'] ?? (dir ? resolve(dir, '.data') : resolve('.data'));
      const live = config ? await ref.startLiveMarket(config, { stateDir: `${dataDir}/market`, log }) : undefined;
      stopMarket = live && (() => live.close());
      const market = live ?? generateMarket({ seed: env.MARKET_SEED, poolCount: env.MARKET_POOLS });
      const quote = loadQuote(dir, !!values.reference, market);
      const common = {
        ...shared,
        privateKey: key,
        operatorVoucher: voucher,
        quote,
        log,
        chains: env.SOLVER_CHAINS.length ? env.SOLVER_CHAINS : undefined,
        region: env.SOLVER_REGION,
      };
      solver = await createSolver({
        ...common,
        natsUrl,
        natsCredentials: { nkeySeed: env.NATS_NKEY_SEED, user: env.NATS_USER, pass: env.NATS_PASS },
        natsPrefix: prefix,
        market: live,
        // wins settle on the configured chains, as the reference solver's do (SOLVER_PROFILE: how the route is re-quoted)
        settler:
          config && live
            ? ref.chainSettler(config, live, key, log, {
                profile: marketVars.SOLVER_PROFILE,
                mintInventory: !marketVars.SOLVER_MARKET_CONFIG,
              })
            : undefined,
      });
      say(`Solver ${solver.address} is bidding on ${natsUrl}${prefix ? ` (prefix ${prefix})` : ''}`, {
        event: 'ready',
        mode: 'nats',
        solver: solver.address,
        operator: solver.operator ?? null,
        metricsUrl: solver.metricsUrl ?? null,
      });
    } else {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startEmbedded } = require('@intentmesh/embedded') as typeof import('@intentmesh/embedded');
      const dataDir = values['data-dir'] ?? (dir ? resolve(dir, '.data') : resolve('.data'));
      const m = await startEmbedded({
        env: {
          ...io.env,
          ...dotenv,
          PORT: values.port ?? io.env.PORT ?? '3000',
          DATA_DIR: dataDir,
          NATS_PREFIX: prefix,
        },
        quiet: env.LOG_LEVEL === 'silent',
      });
      stopMarket = () => m.stop();
      if (!m.devOperator) {
        await m.stop();
        throw new IntentMeshError(
          'The embedded marketplace runs without its dev operator (EMBEDDED_DEV_OPERATOR=off), so nothing can vouch for this key.',
          { code: 'REGISTRATION_REFUSED' },
        );
      }
      try {
        const key: Hex =
          env.SOLVER_PRIVATE_KEY || env.SOLVER_KEYSTORE
            ? await loadKey({
                privateKey: env.SOLVER_PRIVATE_KEY,
                keystore: env.SOLVER_KEYSTORE,
                password: env.SOLVER_KEYSTORE_PASSWORD,
                envPrefix: 'SOLVER',
              })
            : loadOrCreateKey(undefined, `${dataDir}/keys/my-solver.key`);
        const { privateKeyToAccount } = await import('viem/accounts');
        const voucher = m.devOperator.vouch(privateKeyToAccount(key).address);
        // the embedded chains' pools, as the demo solvers see them (synced before each auction)
        const live = m.amm;
        const quote = loadQuote(dir, !!values.reference, live ?? m.market);
        const common = { ...shared, privateKey: key, operatorVoucher: voucher, quote, log };
        // wins settle on the embedded chains by default, through the pools the quote routed over
        const settler = await m.settlerFor(key);
        solver = await createSolver({ ...common, messaging: m.messaging, market: live, settler });
      } catch (err) {
        await m.stop();
        throw err;
      }
      say(
        `Solver ${solver.address} is bidding on the embedded marketplace (vouched by dev operator ${m.devOperator.address})\n\n  API      ${m.url}\n  Docs     ${m.url}/docs${solver.metricsUrl ? `\n  Metrics  ${solver.metricsUrl}` : ''}\n\nSend it work: INTENTMESH_PRIVATE_KEY=0x... npx intentmesh submit --sell WETH --amount 1 --buy USDC --min 1000 --to-chain 10 --wait --url ${m.url}\nStop with Ctrl-C.`,
        {
          event: 'ready',
          mode: 'embedded',
          url: m.url,
          solver: solver.address,
          operator: solver.operator ?? null,
          metricsUrl: solver.metricsUrl ?? null,
        },
      );
    }

    await new Promise<void>((done) => {
      process.once('SIGTERM', done);
      process.once('SIGINT', done);
    });
    await solver.close();
    await stopMarket?.();
    const { lastReceipt: _last, ...counters } = solver.stats;
    say(`Stopped. ${JSON.stringify(counters)}`, { event: 'stopped', solver: solver.address, stats: counters });
    return 0;
  },
});

function parseSignedSolverVoucherJSON(text: string): SignedSolverVoucherJSON {
  const json = JSON.parse(text) as SignedSolverVoucherJSON;
  parseSignedSolverVoucher(json);
  return json;
}
