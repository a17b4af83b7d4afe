import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createInProcessMessaging } from '@intentmesh/messaging';
import { generateMarket } from '@intentmesh/routing';
import {
  baseEnvSchema,
  connectDatabase,
  createLogger,
  intFromEnv,
  loadOrCreateKey,
  parseEnv,
  runMain,
} from '@intentmesh/runtime';
import { createSettler } from '@intentmesh/solver-kit';
import { startLocalMarket } from '@intentmesh/chain';
import { privateKeyToAccount } from 'viem/accounts';
import { z } from 'zod';
import {
  createDigestSigner,
  signSolverVoucher,
  type Address,
  type Hex,
  type SignedSolverVoucherJSON,
  lowerAddress,
} from '@intentmesh/protocol';
import { auctioneerEnvSchema, registryBondSource, startAuctioneer, type BondSource } from '@intentmesh/auctioneer';
import { apiEnvSchema, startApi, type DevFaucet } from '@intentmesh/api';
import {
  routeSettlement,
  solverEnvSchema,
  solverProfiles,
  startReferenceSolver,
  type SolverProfile,
} from '@intentmesh/solver';
import { startAttester } from './attester';
import { serveLocalChains, settlementChainsFor, startLocalChains } from './localChains';

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
      return signSolverVoucher(
        {
          solver: lowerAddress(solver),
          operator: signer.address,
          salt,
          expiry: Math.floor(Date.now() / 1000) + ttlSec,
        },
        signer,
      );
    },
  };
}

/** The whole marketplace in one process: in-process bus, PGlite under DATA_DIR, auctioneer, three solvers, API. */
export async function startEmbedded({ env = process.env, quiet = false }: EmbeddedOptions = {}) {
  const base = parseEnv(
    baseEnvSchema.extend({
      MARKET_SEED: intFromEnv(1, 0),
      MARKET_POOLS: intFromEnv(300, 10),
      /** on: one in-process EVM per demo chain, where the winning solvers settle (off: auctions only). */
      LOCAL_CHAIN: z.enum(['on', 'off']).default('on'),
      SETTLEMENT_POLL_MS: intFromEnv(200, 50),
      /** JSON-RPC over HTTP for the local chains: this port for the first chain, the next ports for the others (0: off). */
      LOCAL_CHAIN_RPC_PORT: intFromEnv(8545, 0),
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
  const solverAddresses = solverKeys.map((k) => lowerAddress(privateKeyToAccount(k).address));
  const devOperator =
    base.EMBEDDED_DEV_OPERATOR === 'on'
      ? createDevOperator(loadOrCreateKey(undefined, `${base.DATA_DIR}/keys/dev-operator.key`))
      : undefined;
  // API and auctioneer share this process: a fresh intake key per run lets the auctioneer take the API's signature
  // recovery on its word (INTAKE_KEY, when set, is used instead)
  const intakeKey = env.INTAKE_KEY ?? randomBytes(32).toString('hex');
  const auctioneerEnv = parseEnv(auctioneerEnvSchema, {
    ...env,
    SETTLEMENT_POLL_MS: String(base.SETTLEMENT_POLL_MS),
    INTAKE_KEY: intakeKey,
  });
  // bonded by this process's configuration only, never by a deployment's OPERATOR_BONDS
  const devBonds = devOperator ? [{ operator: devOperator.address, bond: auctioneerEnv.TRUST_DEFAULT_BOND }] : [];
  auctioneerEnv.OPERATOR_BONDS.push(...devBonds);
  const auctioneerKey = loadOrCreateKey(auctioneerEnv.AUCTIONEER_PRIVATE_KEY, `${base.DATA_DIR}/keys/auctioneer.key`, {
    keystore: auctioneerEnv.AUCTIONEER_KEYSTORE,
    password: auctioneerEnv.AUCTIONEER_KEYSTORE_PASSWORD,
  });
  // the attester signs cross-chain fill proofs; trusted by the local settlements for that alone
  const attesterAccount = privateKeyToAccount(loadOrCreateKey(undefined, `${base.DATA_DIR}/keys/attester.key`));
  const local =
    base.LOCAL_CHAIN === 'on'
      ? await startLocalChains({
          market,
          auctioneer: lowerAddress(privateKeyToAccount(auctioneerKey).address),
          attester: lowerAddress(attesterAccount.address),
          solverKeys,
        })
      : undefined;
  const registry = local
    ? registryBondSource({ publicClient: local.registryChain.local.publicClient, registry: local.registry })
    : undefined;
  // the registry's operators, plus the dev operator whose bond exists only in this process
  const bondSource: BondSource | undefined = registry && {
    kind: 'registry',
    read: async () => {
      const r = await registry.read();
      return { operators: [...r.operators, ...devBonds], solvers: r.solvers };
    },
  };
  const auctioneer = await startAuctioneer({
    messaging,
    storage,
    env: auctioneerEnv,
    log,
    solvers: solverAddresses,
    chains: local?.chains.map((c) => ({
      chainId: c.chainId,
      publicClient: c.local.publicClient,
      settlement: c.settlement,
      destinationSettler: c.destinationSettler,
      fromBlock: 0n,
    })),
    bondSource,
  });
  // the solvers quote and settle over the pools as the chains hold them: the RPC market source any solver uses,
  // discovering the pools from the chains and kept current from their logs
  const amm = local
    ? await startLocalMarket({
        spec: market,
        chains: local.chains.map((c) => ({ publicClient: c.local.publicClient, deployment: c.amm! })),
        onError: (err) => log.warn({ err: String(err) }, 'market sync failed'),
      })
    : undefined;
  const routeExecutors: Record<number, Address> = Object.fromEntries(
    (local?.chains ?? []).map((c) => [c.chainId, c.amm!.routeExecutor]),
  );
  const rpcs =
    local && base.LOCAL_CHAIN_RPC_PORT ? await serveLocalChains(local.chains, base.LOCAL_CHAIN_RPC_PORT, log) : [];
  const solvers = await Promise.all(
    DEMO_SOLVERS.map((s, i) => {
      const chains = local ? settlementChainsFor(local.chains, solverKeys[i]) : undefined;
      const slog = log.child({ solver: s.name });
      return startReferenceSolver({
        // the demo solvers are registered by SOLVER_ADDRESSES: a voucher or metrics port in the environment is someone else's
        env: parseEnv(solverEnvSchema, {
          ...env,
          OPERATOR_VOUCHER: undefined,
          METRICS_PORT: undefined,
          SOLVER_NAME: s.name,
          SOLVER_PROFILE: s.profile,
          SOLVER_MARGIN_BPS: String(s.marginBps),
          SOLVER_PRIVATE_KEY: solverKeys[i],
        }),
        log: slog,
        messaging,
        // a live market the kit syncs before each auction: the pools as the chains hold them now
        market: amm ?? market,
        settler:
          chains && amm
            ? createSettler({
                chains,
                ...routeSettlement({
                  source: amm,
                  chains,
                  routeExecutors,
                  options: solverProfiles[s.profile],
                  mintInventory: true,
                }),
                log: slog,
              })
            : undefined,
      });
    }),
  );
  // a key is invited (and quoted) only once it has attested: ready means the demo solvers have answered a probe, so the
  // first quote after the banner finds them (probes run every PROBE_INTERVAL_MS; bounded, a slow start only warns)
  const demo = new Set(solvers.map((s) => s.address.toLowerCase()));
  for (const until = Date.now() + 15_000; ; await new Promise((r) => setTimeout(r, 50))) {
    const attested = auctioneer.trust.status().filter((n) => demo.has(n.address) && n.lastAttestationAt !== null);
    if (attested.length === demo.size) break;
    if (Date.now() > until) {
      log.warn({ attested: attested.length, solvers: demo.size }, 'demo solvers not all attested yet; quotes may wait');
      break;
    }
  }
  const attester = local
    ? startAttester({ account: attesterAccount, chains: local.chains, log, pollMs: base.SETTLEMENT_POLL_MS })
    : undefined;
  const tokens = market.tokens.map((t) => ({
    chainId: t.chainId,
    address: t.address,
    symbol: t.symbol,
    decimals: t.decimals,
  }));
  const byChain = new Map((local?.chains ?? []).map((c) => [c.chainId, c]));
  const devFaucet: DevFaucet | undefined = local
    ? ({ chainId, token, to, amount }) => byChain.get(chainId)!.faucet({ token, to, amount })
    : undefined;
  // the API reads funding and EIP-1271 verdicts from the same local chains the solvers settle on
  const chains = local?.chains.map((c) => ({
    chainId: c.chainId,
    publicClient: c.local.publicClient,
    settlement: c.settlement,
  }));
  const api = await startApi({
    messaging,
    storage,
    env: parseEnv(apiEnvSchema, {
      ...env,
      AUCTIONEER_ADDRESS: privateKeyToAccount(auctioneerKey).address,
      INTAKE_KEY: intakeKey,
    }),
    log,
    tokens,
    devFaucet,
    chains,
  });

  return {
    url: api.url,
    messaging,
    market,
    devOperator,
    auctioneer,
    solvers,
    storage,
    local,
    amm,
    attester,
    rpcs,
    /**
     * A settler for another solver key (a scaffolded solver's): gas on every local chain, and settlement through the
     * pools along a fresh route, as the demo solvers settle. Undefined when the marketplace runs without chains.
     */
    settlerFor: async (key: Hex) => {
      if (!local || !amm) return undefined;
      const { address } = privateKeyToAccount(key);
      for (const c of local.chains) await c.local.testClient.setBalance({ address, value: 10n ** 21n });
      const chains = settlementChainsFor(local.chains, key);
      return createSettler({
        chains,
        // dev chains: the bridged side is minted as inventory, as for the demo solvers (the scaffold's test trade is 1 -> 10)
        ...routeSettlement({ source: amm, chains, routeExecutors, options: solverProfiles.split, mintInventory: true }),
        log: log.child({ solver: address.toLowerCase() }),
      });
    },
    stop: async () => {
      await api.stop();
      await Promise.all(rpcs.map((r) => r.close()));
      attester?.stop();
      await auctioneer.stop();
      await Promise.all(solvers.map((s) => s.close()));
      await amm?.close();
      await local?.close();
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
${
  m.local
    ? `  Chains     ${m.local.chains.map((c) => `${c.chainId} (settlement ${c.settlement})`).join('\n             ')}
             in-process EVMs; solvers bonded in SolverRegistry ${m.local.registry} on chain ${m.local.registryChain.chainId}
${m.rpcs.map((r) => `  RPC        ${r.url}  (chain ${r.chainId}, JSON-RPC)`).join('\n')}
  Faucet     POST ${m.url}/v1/dev/faucet  (dev only: demo tokens + settlement approval)
`
    : ''
}
  Dev operator ${m.devOperator?.address ?? 'off'} (vouches for solvers started with \`intentmesh solver start\`; dev only)

Try it from another terminal:
  npm run example                              # signs an intent with the SDK and follows it to its award and settlement
  curl ${m.url}/v1/auctions
  node apps/cli/bin/intentmesh.js status <intent hash> --wait --url ${m.url}

Stop with Ctrl-C.
`);
  return () => m.stop();
}

if (require.main === module) runMain(main);
