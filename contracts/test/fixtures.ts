// Shared test fixtures: a local chain with the contracts deployed, named actors, intent/award builders.
import {
  getChainDomain,
  hashIntent,
  signAward,
  signIntent,
  type Award,
  type ChainDomain,
  type Intent,
} from '@intentmesh/protocol';
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  encodeFunctionData,
  maxUint256,
  parseEventLogs,
  type Abi,
  type Address,
  type Hex,
  type LocalAccount,
  type TransactionReceipt,
} from 'viem';
import { startLocalChain, type DemoChain, type LocalChain } from '@intentmesh/chain';
import {
  deployLocal,
  executorAddress,
  intentSettlementAbi,
  mockErc20Abi,
  mockPoolAbi,
  toSolidityAward,
  toSolidityIntent,
  type Interaction,
  type LocalDeployment,
} from '@intentmesh/chain';

export const WETH_UNIT = 10n ** 18n;
export const USDC_UNIT = 10n ** 6n;

export type Actors = {
  owner: LocalAccount;
  auctioneer: LocalAccount;
  solver: LocalAccount;
  swapper: LocalAccount;
  recipient: LocalAccount;
  stranger: LocalAccount;
  attester: LocalAccount;
  otherSolver: LocalAccount;
};

export type Env = {
  chain: LocalChain;
  d: LocalDeployment;
  a: Actors;
  domain: ChainDomain;
};

export const lower = (x: string) => x.toLowerCase() as Address;

export async function setupEnv(chainId = 31337): Promise<Env> {
  const chain = await startLocalChain({ chainId });
  const [owner, auctioneer, solver, swapper, recipient, stranger, attester, otherSolver] = chain.accounts;
  const a: Actors = { owner, auctioneer, solver, swapper, recipient, stranger, attester, otherSolver };
  const d = await deployLocal(
    { walletClient: chain.walletFor(owner), publicClient: chain.publicClient },
    { auctioneer: auctioneer.address, attester: attester.address },
  );
  const domain = getChainDomain(chainId, lower(d.settlement));
  return { chain, d, a, domain };
}

/** Sends a transaction and returns its receipt (viem estimates gas first, so a revert throws with its data). */
export async function write(
  env: Pick<Env, 'chain'>,
  from: LocalAccount,
  call: {
    address: Address;
    abi: Abi | readonly unknown[];
    functionName: string;
    args?: readonly unknown[];
    value?: bigint;
  },
): Promise<TransactionReceipt> {
  const wallet = env.chain.walletFor(from);
  const hash = await wallet.writeContract(call as Parameters<typeof wallet.writeContract>[0]);
  const receipt = await env.chain.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`transaction reverted: ${hash}`);
  return receipt;
}

export async function read<T = unknown>(
  env: Pick<Env, 'chain'>,
  call: { address: Address; abi: Abi | readonly unknown[]; functionName: string; args?: readonly unknown[] },
): Promise<T> {
  return (await env.chain.publicClient.readContract(
    call as Parameters<typeof env.chain.publicClient.readContract>[0],
  )) as T;
}

/** Asserts `promise` rejects with the custom error `errorName` (and `args`, when given). */
export async function expectRevert(promise: Promise<unknown>, errorName: string, args?: readonly unknown[]) {
  let caught: unknown;
  try {
    await promise;
  } catch (e) {
    caught = e;
  }
  if (caught === undefined) throw new Error(`expected a revert with ${errorName}, but the call succeeded`);
  const reverted =
    caught instanceof BaseError ? caught.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
  if (!(reverted instanceof ContractFunctionRevertedError)) throw caught;
  // a token's own error bubbled through a contract whose ABI lacks it: decode it with the token's ABI
  const data =
    reverted.data ?? (reverted.raw ? decodeErrorResult({ abi: mockErc20Abi, data: reverted.raw }) : undefined);
  expect(data?.errorName).toBe(errorName);
  if (args) expect(data?.args).toEqual(args);
}

export function eventsOf(receipt: TransactionReceipt, abi: Abi | readonly unknown[], eventName?: string) {
  const logs = parseEventLogs({ abi: abi as Abi, logs: receipt.logs });
  return eventName ? logs.filter((l) => l.eventName === eventName) : logs;
}

export async function balanceOf(env: Pick<Env, 'chain'>, token: Address, who: Address): Promise<bigint> {
  return read<bigint>(env, { address: token, abi: mockErc20Abi, functionName: 'balanceOf', args: [who] });
}

export async function mint(env: Env, token: Address, to: Address, amount: bigint) {
  await write(env, env.a.owner, {
    address: token,
    abi: mockErc20Abi,
    functionName: 'mint',
    args: [to, amount],
  });
}

export async function approve(
  env: Pick<Env, 'chain'>,
  from: LocalAccount,
  token: Address,
  spender: Address,
  amount = maxUint256,
) {
  await write(env, from, {
    address: token,
    abi: mockErc20Abi,
    functionName: 'approve',
    args: [spender, amount],
  });
}

/** An interaction the executor runs: `functionName(args)` on `target`, no value. */
export const call = (
  target: Address,
  abi: readonly unknown[],
  functionName: string,
  args: readonly unknown[],
): Interaction => ({
  target,
  value: 0n,
  callData: encodeFunctionData({ abi, functionName, args } as Parameters<typeof encodeFunctionData>[0]),
});

let nonceCounter = 1n;
/** A same-chain intent selling 1 WETH for at least 2900 USDC, valid for an hour from `now`. */
export function makeIntent(env: Env, now: bigint, overrides: Partial<Intent> = {}): Intent {
  return {
    swapper: lower(env.a.swapper.address),
    sellToken: lower(env.d.tokens.WETH),
    sellAmount: WETH_UNIT,
    buyToken: lower(env.d.tokens.USDC),
    minBuyAmount: 2900n * USDC_UNIT,
    recipient: lower(env.a.recipient.address),
    sourceChainId: env.domain.chainId,
    destinationChainId: env.domain.chainId,
    nonce: nonceCounter++,
    deadline: Number(now) + 3600,
    ...overrides,
  };
}

/** The award of `intent` to the env's solver for 2950 USDC, due in 10 minutes from `now`; hashed in `env.domain`. */
export function makeAward(
  env: Pick<Env, 'a' | 'domain'>,
  intent: Intent,
  now: bigint,
  overrides: Partial<Award> = {},
): Award {
  return {
    auctionId: ('0x' + 'a1'.repeat(32)) as Hex,
    intentHash: hashIntent(intent, env.domain),
    solver: lower(env.a.solver.address),
    buyAmount: 2950n * USDC_UNIT,
    settleBy: Number(now) + 600,
    ...overrides,
  };
}

/** The solver's executor on the env's settlement (the default solver's unless given). */
export function executorOf(env: Env, solver: Address = env.a.solver.address): Address {
  return executorAddress({ settlement: env.d.settlement, solver: lower(solver) });
}

/** approve(pool) + pool.swap(sell → buy, into the solver's executor, which then pays the award), run by it. */
export function poolInteractions(
  env: Env,
  intent: Intent,
  withApprove = true,
  to: Address = executorOf(env),
): Interaction[] {
  const swap: Interaction = {
    target: env.d.pool,
    value: 0n,
    callData: encodeFunctionData({
      abi: mockPoolAbi,
      functionName: 'swap',
      args: [intent.sellToken, intent.buyToken, intent.sellAmount, to],
    }),
  };
  if (!withApprove) return [swap];
  const approveCall: Interaction = {
    target: intent.sellToken,
    value: 0n,
    callData: encodeFunctionData({
      abi: mockErc20Abi,
      functionName: 'approve',
      args: [env.d.pool, maxUint256],
    }),
  };
  return [approveCall, swap];
}

export type SettleArgs = {
  intent: Intent;
  signature: Hex;
  award: Award;
  auctioneerSignature: Hex;
  interactions: Interaction[];
};

/** Builds a fully signed, valid settlement for `intent` (swapper signs, auctioneer awards the solver). */
export async function signedSettlement(
  env: Env,
  intent: Intent,
  award: Award,
  interactions = poolInteractions(env, intent),
  swapperKey: LocalAccount = env.a.swapper,
): Promise<SettleArgs> {
  return {
    intent,
    signature: await signIntent(intent, swapperKey, env.domain),
    award,
    auctioneerSignature: await signAward(award, env.domain, env.a.auctioneer),
    interactions,
  };
}

export function settleCall(env: Env, s: SettleArgs, value?: bigint) {
  return {
    address: env.d.settlement,
    abi: intentSettlementAbi,
    functionName: 'settle',
    args: [toSolidityIntent(s.intent), s.signature, toSolidityAward(s.award), s.auctioneerSignature, s.interactions],
    ...(value !== undefined ? { value } : {}),
  };
}

export function settle(env: Env, s: SettleArgs, from: LocalAccount = env.a.solver) {
  return write(env, from, settleCall(env, s));
}

/** Funds the swapper with WETH and approves the settlement. */
export async function fundSwapper(env: Env, amount = 100n * WETH_UNIT, swapper: Address = env.a.swapper.address) {
  await mint(env, env.d.tokens.WETH, swapper, amount);
  if (swapper.toLowerCase() === env.a.swapper.address.toLowerCase()) {
    await approve(env, env.a.swapper, env.d.tokens.WETH, env.d.settlement);
  }
}

/** `settle` on a demo chain, sent by `solver`, with the intent signed by `swapper` and the award by `auctioneer`. */
export async function settleOnDemoChain(
  c: DemoChain,
  p: {
    intent: Intent;
    award: Award;
    domain: ChainDomain;
    swapper: LocalAccount;
    auctioneer: LocalAccount;
    solver: LocalAccount;
    interactions: readonly Interaction[];
    gas?: bigint;
  },
): Promise<Hex> {
  return c.local.walletFor(p.solver).writeContract({
    address: c.settlement,
    abi: intentSettlementAbi,
    functionName: 'settle',
    args: [
      toSolidityIntent(p.intent),
      await signIntent(p.intent, p.swapper, p.domain),
      toSolidityAward(p.award),
      await signAward(p.award, p.domain, p.auctioneer),
      p.interactions,
    ],
    ...(p.gas === undefined ? {} : { gas: p.gas }),
  });
}
