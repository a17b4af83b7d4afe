import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createTestDatabase } from './postgres';
import { dropStream } from './nats';
import type { SecureRoles } from './secureNats';
import { buildOnce, freePort, getJson, startApp, uniquePrefix, waitFor, type AppProcess } from './processes';
import { MARKET_POOLS, MARKET_SEED } from './trader';
import { useStarted } from './useStarted';

// freePort lives in ./processes: a suite that needs only a port skips this module's imports (seconds per file)
export { freePort };

/** api, auctioneer and three solvers as separate OS processes on real NATS and PostgreSQL. */
export type MarketplaceOptions = {
  /** Route the apps' database connections through something (a fault proxy). */
  transformDbUrl?: (url: string) => string;
  /** More registered solver addresses (rogue solvers driven by the test itself). */
  extraSolvers?: string[];
  /** The three solvers' keys (default: fresh ones). */
  solverKeys?: `0x${string}`[];
  /** An authenticated server (test/support/secureNats.ts): each app signs in with its own role's nkey. */
  secureNats?: { url: string; roles: SecureRoles };
  prefix?: string;
  /** Solvers (by index) run as `intentmesh solver start --reference --nats` (the CLI a scaffold runs) instead of apps/solver. */
  cliSolvers?: number[];
};

export async function startMarketplace(
  tag: string,
  extra: Record<string, string> = {},
  options: MarketplaceOptions = {},
) {
  buildOnce();
  const db = await createTestDatabase(tag);
  const prefix = options.prefix ?? uniquePrefix(tag);
  const port = await freePort();
  const auctioneerKey = generatePrivateKey();
  const solverKeys = options.solverKeys ?? [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
  const secure = options.secureNats;
  const seed = (s: string): Record<string, string> => (secure ? { NATS_NKEY_SEED: s } : {});
  const common = {
    NATS_URL: secure?.url ?? 'nats://127.0.0.1:4222',
    NATS_PREFIX: prefix,
    DATABASE_URL: options.transformDbUrl ? options.transformDbUrl(db.url) : db.url,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'im-')),
    MARKET_SEED: String(MARKET_SEED),
    MARKET_POOLS: String(MARKET_POOLS),
    // these tests drive thousands of intents from one address; the limits have their own tests
    RATE_LIMIT_IP_PER_SEC: '0',
    RATE_LIMIT_SWAPPER_PER_SEC: '0',
    ...extra,
  };
  // api and auctioneer share an intake key, as a deployment should, and no solver sees it (intake-seal.e2e.ts covers a
  // missing or wrong one)
  const intake = { INTAKE_KEY: extra.INTAKE_KEY ?? randomBytes(32).toString('hex') };
  const auctioneerEnv = {
    ...common,
    ...intake,
    ...seed(secure?.roles.auctioneer ?? ''),
    AUCTIONEER_PRIVATE_KEY: auctioneerKey,
    SOLVER_ADDRESSES: [...solverKeys.map((k) => privateKeyToAccount(k).address), ...(options.extraSolvers ?? [])].join(
      ',',
    ),
  };
  // the API relays only what the auctioneer it pins signed
  const apiEnv = {
    ...common,
    ...intake,
    ...seed(secure?.roles.api ?? ''),
    PORT: String(port),
    AUCTIONEER_ADDRESS: privateKeyToAccount(auctioneerKey).address,
  };
  const apps: Record<string, AppProcess> = {
    auctioneer: startApp('auctioneer', 'apps/auctioneer/dist/main.js', auctioneerEnv),
    api: startApp('api', 'apps/api/dist/main.js', apiEnv),
  };
  (['direct', 'multihop', 'split'] as const).forEach((profile, i) => {
    const cli = options.cliSolvers?.includes(i);
    const [entry, args] = cli
      ? [
          'apps/cli/bin/intentmesh.js',
          ['solver', 'start', '--reference', '--nats', common.NATS_URL, '--data-dir', common.DATA_DIR],
        ]
      : ['apps/solver/dist/main.js', []];
    apps[profile] = startApp(
      profile,
      entry,
      {
        ...common,
        ...seed(secure?.roles.solvers[i] ?? ''),
        SOLVER_NAME: profile,
        SOLVER_PROFILE: profile,
        SOLVER_PRIVATE_KEY: solverKeys[i],
        SOLVER_MARGIN_BPS: String(i * 5),
        // they bid only on auction opens this auctioneer signed
        AUCTIONEER_ADDRESS: privateKeyToAccount(auctioneerKey).address,
      },
      args,
    );
  });
  const url = `http://127.0.0.1:${port}`;
  /** Waits for `ready`; on a timeout the error carries every app's output. */
  const waitWithLogs = (what: string, ready: () => Promise<boolean>) =>
    waitFor(what, ready, Number(process.env.TEST_READY_TIMEOUT_MS ?? 90_000)).catch((err) => {
      throw new Error(
        `${err.message}\n${Object.values(apps)
          .map((a) => `--- ${a.name}\n${a.output()}`)
          .join('\n')}`,
      );
    });
  const apiReady = () =>
    waitWithLogs('the API to report a live auctioneer', async () => {
      const h = await getJson(`${url}/health`);
      return h.status === 200 && typeof h.body.auctioneer === 'object';
    });
  await apiReady();
  // a key is invited only once it has attested (its chains and region): ready means the reference solvers have
  const references = solverKeys.map((k) => privateKeyToAccount(k).address.toLowerCase());
  await waitWithLogs('the reference solvers to answer a health challenge', async () => {
    const r = await getJson(`${url}/v1/solvers`);
    const list = (r.status === 200 ? r.body : []) as { address: string; lastAttestationAt: number | null }[];
    return references.every((a) => list.some((x) => x.address === a && x.lastAttestationAt !== null));
  });
  return {
    url,
    db,
    prefix,
    apps,
    auctioneerAddress: privateKeyToAccount(auctioneerKey).address.toLowerCase(),
    auctioneerEnv,
    solverKeys,
    /** A fresh API process on the same port and store (its in-memory caches start empty). */
    restartApi: async () => {
      await apps.api.kill('SIGTERM');
      apps.api = startApp('api', 'apps/api/dist/main.js', apiEnv);
      await apiReady();
    },
    stop: async () => {
      await Promise.all(Object.values(apps).map((a) => a.kill('SIGKILL')));
      await db.drop();
      if (!secure) await dropStream(prefix, common.NATS_URL).catch(() => undefined);
    },
  };
}

export type Marketplace = Awaited<ReturnType<typeof startMarketplace>>;

/**
 * The enclosing describe block's marketplace, started in its beforeAll and stopped in its afterAll after `beforeStop`
 * (the block's own clean-up, while the apps still run); tests read it as `m.url`.
 */
export function useMarketplace(
  tag: string,
  extra: Record<string, string> = {},
  options: MarketplaceOptions & { beforeStop?: () => unknown } = {},
): Marketplace {
  return useStarted(
    `the ${tag} marketplace`,
    () => startMarketplace(tag, extra, options),
    async (m) => {
      try {
        await options.beforeStop?.();
      } finally {
        await m.stop();
      }
    },
    120_000,
  );
}
