// The embedded default's local chains: one in-process EVM per demo chain, with the settlement contracts placed at
// libs/protocol's fixed addresses (chains.ts) and mock ERC-20s at the demo market's token addresses, so intents and
// awards signed against libs/protocol's domains verify on chain with no address configured anywhere else.
import {
  bytesToHex,
  chainDomainSeparator,
  getChain,
  getChainDomain,
  type Address,
  lowerAddress,
} from '@intentmesh/protocol';
import { maxUint256, pad, toHex, type Hex } from 'viem';
import type { Pool } from '@intentmesh/routing';
import { startLocalChain, type LocalChain } from './chain';
import { deployAmm, type AmmDeployment } from './amm/deployAmm';
import {
  destinationSettlerAbi,
  destinationSettlerBytecode,
  intentSettlementAbi,
  intentSettlementBytecode,
  mockErc20Abi,
  mockErc20Bytecode,
  solverRegistryAbi,
  solverRegistryBytecode,
} from '@intentmesh/contracts';

export type DemoToken = { address: Address; symbol: string; decimals: number };

export type StartDemoChainOptions = {
  chainId: number;
  /** Key trusted for awards (the auctioneer's address). */
  auctioneer: Address;
  /** Key trusted for cross-chain fill proofs. */
  attester: Address;
  /** Mock ERC-20s to place at these addresses (the demo market's tokens of this chain). */
  tokens: DemoToken[];
  /** The other demo chains: their DestinationSettler is registered here for repayments. */
  peers?: number[];
  /** Also deploy a SolverRegistry (native-ether bonds). */
  registry?: { unbondDelay?: bigint };
  /** Seconds after a fill deadline reserved for repayment before refunds; default 3600. */
  proofWindow?: bigint;
  /** The demo market's pools of this chain, deployed as real venues (Uniswap V2/V3 from npm, StableSwap). */
  pools?: readonly Pool[];
};

export type DemoChain = {
  chainId: number;
  local: LocalChain;
  /** libs/protocol's settlement address of this chain, where IntentSettlement now runs. */
  settlement: Address;
  destinationSettler: Address;
  /** The real venues deployed from `pools`, the RouteExecutor and Multicall3. */
  amm?: AmmDeployment;
  registry?: Address;
  /** Owner of the settlement and of the registry's governance (dev key 0). */
  owner: Address;
  /** Dev-only: mint `amount` of `token` to `to`, give it gas, and approve the settlement for `token` in its name. */
  faucet(args: { token: Address; to: Address; amount: bigint }): Promise<{ txHash: Hex }>;
  /** Dev-only: mint `amount` of `token` to `to`, nothing else (a holder that has not approved the settlement). */
  mint(args: { token: Address; to: Address; amount: bigint }): Promise<{ txHash: Hex }>;
  close(): Promise<void>;
};

/** Storage word of a Solidity string shorter than 32 bytes: the bytes left-aligned, length * 2 in the last byte. */
function shortStringWord(s: string): Hex {
  const bytes = new TextEncoder().encode(s).slice(0, 31);
  const word = new Uint8Array(32);
  word.set(bytes);
  word[31] = bytes.length * 2;
  return toHex(word);
}

/** One serial lane per process: concurrent senders would read the same pending nonce. */
function serial() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * Starts an in-process EVM with `chainId` and places IntentSettlement and DestinationSettler at libs/protocol's
 * addresses for that chain. Why placement and not a configurable address: the placeholders are already the
 * EIP-712 verifyingContract of every intent and award (SDK, API, auctioneer), so one source of truth stays.
 *
 * IntentSettlement's runtime is taken from a normal deployment (its immutables — the executor code hash, proof
 * window, timelock delay — do not depend on its address; the cached domain separator is swapped), and storage
 * (owner, auctioneer, attester) is copied. Solvers' executors are created later by the placed code itself (CREATE2
 * from the placeholder address), so their `settlement` immutable is the placeholder.
 */
export async function startDemoChain(options: StartDemoChainOptions): Promise<DemoChain> {
  const { chainId } = options;
  const info = getChain(chainId);
  if (!info) throw new Error(`chain ${chainId} has no settlement address in libs/protocol chains.ts`);
  // ~150 seeding transactions would otherwise put the chain minutes ahead of the wall clock, and awards' settleBy
  // (wall clock + window) would already have passed on chain
  const local = await startLocalChain({ chainId, wallClock: true });
  const { publicClient, testClient } = local;
  const ownerAccount = local.accounts[0];
  const owner = lowerAddress(ownerAccount.address);
  const wallet = local.walletFor(ownerAccount);
  const lane = serial();

  const mined = async (hash: Hex) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`transaction failed: ${hash}`);
    return receipt;
  };
  const deploy = async (abi: readonly unknown[], bytecode: Hex, args: readonly unknown[]): Promise<Address> => {
    const hash = await wallet.deployContract({ abi, bytecode, args } as Parameters<typeof wallet.deployContract>[0]);
    return lowerAddress((await mined(hash)).contractAddress!);
  };
  const codeOf = async (address: Address) => (await publicClient.getCode({ address }))!;

  // 1. IntentSettlement's runtime from a scratch deployment
  // timelock delay 0: local chains only (the owner's setters act at once)
  const scratch = await deploy(intentSettlementAbi, intentSettlementBytecode, [
    owner,
    options.auctioneer,
    options.attester,
    options.proofWindow ?? 3600n,
    0n,
  ]);
  const settlement = lowerAddress(info.settlement);
  // 2. place the runtime and copy the settlement's plain storage slots (ownership, auctioneer, attester);
  //    the EIP-712 domain separator is cached as an immutable: the scratch address's value becomes the placeholder's
  const scratchSeparator = await publicClient.readContract({
    address: scratch,
    abi: intentSettlementAbi,
    functionName: 'domainSeparator',
  });
  const separator = bytesToHex(chainDomainSeparator(getChainDomain(chainId)));
  const runtime = (await codeOf(scratch)).split(scratchSeparator.slice(2)).join(separator.slice(2)) as Hex;
  await testClient.setCode({ address: settlement, bytecode: runtime });
  for (let slot = 0; slot < 8; slot++) {
    const index = pad(toHex(slot));
    const value = await publicClient.getStorageAt({ address: scratch, slot: index });
    if (value && BigInt(value) !== 0n) await testClient.setStorageAt({ address: settlement, index, value });
  }
  const [auctioneer, attester] = await Promise.all([
    publicClient.readContract({ address: settlement, abi: intentSettlementAbi, functionName: 'auctioneer' }),
    publicClient.readContract({ address: settlement, abi: intentSettlementAbi, functionName: 'attester' }),
  ]);
  if (
    lowerAddress(auctioneer) !== lowerAddress(options.auctioneer) ||
    lowerAddress(attester) !== lowerAddress(options.attester)
  )
    throw new Error('settlement storage did not copy over');
  const placed = await publicClient.readContract({
    address: settlement,
    abi: intentSettlementAbi,
    functionName: 'domainSeparator',
  });
  if (placed !== separator)
    throw new Error(`placed settlement's domain separator ${placed} is not libs/protocol's ${separator}`);

  // DestinationSettler has no constructor state: its runtime placed as is
  const destinationSettler = lowerAddress(info.destinationSettler);
  await testClient.setCode({
    address: destinationSettler,
    bytecode: await codeOf(await deploy(destinationSettlerAbi, destinationSettlerBytecode, [])),
  });
  for (const peer of options.peers ?? []) {
    const peerInfo = getChain(peer);
    if (!peerInfo || peer === chainId) continue;
    await mined(
      await wallet.writeContract({
        address: settlement,
        abi: intentSettlementAbi,
        functionName: 'setDestinationSettler',
        args: [BigInt(peer), peerInfo.destinationSettler],
      }),
    );
  }

  // mock tokens: one template per decimals (an immutable), then name and symbol written into slots 0 and 1
  const templates = new Map<number, Hex>();
  for (const t of options.tokens) {
    if (!templates.has(t.decimals))
      templates.set(
        t.decimals,
        await codeOf(await deploy(mockErc20Abi, mockErc20Bytecode, ['Template', 'TPL', t.decimals])),
      );
    await testClient.setCode({ address: t.address, bytecode: templates.get(t.decimals)! });
    await testClient.setStorageAt({ address: t.address, index: pad(toHex(0)), value: shortStringWord(t.symbol) });
    await testClient.setStorageAt({ address: t.address, index: pad(toHex(1)), value: shortStringWord(t.symbol) });
  }
  const amm = options.pools
    ? await deployAmm({
        publicClient,
        testClient,
        walletClient: wallet,
        pools: options.pools,
        tokens: options.tokens.map((t) => ({ ...t, chainId, priceUsdE18: 0n })),
      })
    : undefined;
  const registry = options.registry
    ? await deploy(solverRegistryAbi, solverRegistryBytecode, [
        '0x0000000000000000000000000000000000000000',
        options.registry.unbondDelay ?? 7n * 24n * 3600n,
        owner,
        0n,
      ])
    : undefined;

  const mintNow = async ({ token, to, amount }: { token: Address; to: Address; amount: bigint }) => {
    const hash = await wallet.writeContract({
      address: token,
      abi: mockErc20Abi,
      functionName: 'mint',
      args: [to, amount],
    });
    await mined(hash);
    return { txHash: hash };
  };
  // in the owner's lane, so it never races the faucet for a nonce
  const mint: DemoChain['mint'] = (args) => lane(() => mintNow(args));
  const faucet: DemoChain['faucet'] = ({ token, to, amount }) =>
    lane(async () => {
      const { txHash: hash } = await mintNow({ token, to, amount });
      if ((await publicClient.getBalance({ address: to })) < 10n ** 17n)
        await testClient.setBalance({ address: to, value: 10n ** 18n });
      // the trader's own approval, sent in its name through the EVM's impersonation (dev chains only)
      await testClient.impersonateAccount({ address: to });
      try {
        await mined(
          await local.walletFor({ address: to, type: 'json-rpc' }).writeContract({
            address: token,
            abi: mockErc20Abi,
            functionName: 'approve',
            args: [settlement, maxUint256],
          }),
        );
      } finally {
        await testClient.stopImpersonatingAccount({ address: to });
      }
      return { txHash: hash };
    });

  return {
    chainId,
    local,
    settlement,
    destinationSettler,
    amm,
    registry,
    owner,
    faucet,
    mint,
    close: () => local.close(),
  };
}
