// In-process EVM for tests and the embedded demo: Hardhat 3 EDR used as a plain EIP-1193 provider for viem.
//
// Hardhat needs a runtime environment, which we create programmatically (no hardhat.config file): one per
// process, with its artifacts/cache directories under contracts/ (both gitignored). Each call to
// `startLocalChain` creates an independent chain (its own state, chain id and accounts).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  custom,
  defineChain,
  type Account,
  type Chain,
  type EIP1193Provider,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

/** The well-known Hardhat development keys (mnemonic "test test … junk"); funded with 10 000 ETH each. */
export const DEV_PRIVATE_KEYS: readonly Hex[] = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
  '0x8b3a350cf5c34c9194ca85829a2d0ec3153be0318b5e2d3348e872092edffba6',
  '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e',
  '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356',
  '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97',
  '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6',
];

export type LocalChain = {
  chain: Chain;
  provider: EIP1193Provider;
  publicClient: PublicClient<Transport, Chain>;
  testClient: TestClient<'hardhat', Transport, Chain>;
  /** Local (viem-signing) accounts for DEV_PRIVATE_KEYS, all funded. */
  accounts: LocalAccount[];
  /** A wallet client sending from `account`. */
  walletFor(account: Account): WalletClient<Transport, Chain, Account>;
  /** Timestamp of the latest block. */
  now(): Promise<bigint>;
  /** Sets the timestamp of the next block and mines it. */
  setTime(timestamp: bigint | number): Promise<void>;
  snapshot(): Promise<Hex>;
  revert(id: Hex): Promise<void>;
  close(): Promise<void>;
};

export type StartLocalChainOptions = {
  /** Defaults to 31337 (the local chain of libs/protocol). */
  chainId?: number;
  /** Defaults to 'cancun', the evmVersion the contracts are compiled for. */
  hardfork?: string;
  /** Directory for Hardhat's (unused, but required) artifacts and cache; defaults to libs/chain/. */
  workDir?: string;
  /**
   * Blocks mined within one second share its timestamp instead of each adding a second, so a burst of set-up
   * transactions (pool seeding) does not run the chain's clock ahead of the wall clock. Off by default: contract
   * tests count on each block being one second after the last.
   */
  wallClock?: boolean;
};

/**
 * Hardhat builds Solidity stack traces for reverts by wrapping `Error.prepareStackTrace`, and asserts it exists.
 * Plain Node defines it; jest's sandbox does not, which turns every revert into "HHE100: internal invariant".
 * Where it is missing, install a formatter equivalent to V8's default.
 */
function ensurePrepareStackTrace() {
  if (typeof Error.prepareStackTrace === 'function') return;
  Error.prepareStackTrace = (error, frames) => {
    const head = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return [head, ...frames.map((f) => `    at ${f}`)].join('\n');
  };
}

type Hre = { network: { create(params?: unknown): Promise<{ provider: unknown; close(): Promise<void> }> } };
let hrePromise: Promise<Hre> | undefined;

async function getHre(workDir: string): Promise<Hre> {
  if (!hrePromise) {
    hrePromise = (async () => {
      const artifacts = join(workDir, 'artifacts');
      // Hardhat lists artifacts/build-info on connect; under jest a missing directory is not tolerated.
      mkdirSync(join(artifacts, 'build-info'), { recursive: true });
      // hardhat is ESM; a dynamic import works under jest (transformed) and plain Node (require(esm) or ESM).
      const { createHardhatRuntimeEnvironment } = await import('hardhat/hre');
      const hre = await createHardhatRuntimeEnvironment(
        { paths: { artifacts, cache: join(workDir, 'cache') } },
        {},
        workDir,
      );
      return hre as unknown as Hre;
    })();
    hrePromise.catch(() => (hrePromise = undefined));
  }
  return hrePromise;
}

export async function startLocalChain(options: StartLocalChainOptions = {}): Promise<LocalChain> {
  const chainId = options.chainId ?? 31337;
  ensurePrepareStackTrace();
  const hre = await getHre(options.workDir ?? join(__dirname, '..'));
  const connection = await hre.network.create({
    override: {
      chainId,
      hardfork: options.hardfork ?? 'cancun',
      accounts: DEV_PRIVATE_KEYS.map((privateKey) => ({ privateKey, balance: 10n ** 22n })),
      loggingEnabled: false,
      allowBlocksWithSameTimestamp: options.wallClock ?? false,
    },
  });
  const provider = connection.provider as EIP1193Provider;
  const chain = defineChain({
    id: chainId,
    name: `Local EDR ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [] } },
    // placed there by deployAmm; viem's multicall reads this
    contracts: { multicall3: { address: '0xca11bde05977b3631167028862be2a173976ca11' } },
  });
  // retryCount 0: a revert is an answer, not a transient failure; short polling: blocks are mined instantly.
  const transport = custom(provider, { retryCount: 0 });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 5 });
  const testClient = createTestClient({ chain, transport, mode: 'hardhat', pollingInterval: 5 });
  const accounts = DEV_PRIVATE_KEYS.map((k) => privateKeyToAccount(k));
  const wallets = new Map<string, WalletClient<Transport, Chain, Account>>();
  const walletFor = (account: Account) => {
    let w = wallets.get(account.address);
    if (!w) {
      w = createWalletClient({ chain, transport, account, pollingInterval: 5 });
      wallets.set(account.address, w);
    }
    return w;
  };
  return {
    chain,
    provider,
    publicClient,
    testClient,
    accounts,
    walletFor,
    now: async () => (await publicClient.getBlock()).timestamp,
    setTime: async (timestamp) => {
      await testClient.setNextBlockTimestamp({ timestamp: BigInt(timestamp) });
      await testClient.mine({ blocks: 1 });
    },
    snapshot: () => testClient.snapshot(),
    revert: async (id) => {
      await testClient.revert({ id });
    },
    close: () => connection.close(),
  };
}
