// Issue 23: each finding of the security review written as the attack, run against today's contracts (the
// pre-issue-23 artifacts saved in ./legacy, where it succeeds) and against the current ones (where it is refused).
import {
  getChainDomain,
  hashIntent,
  signAward,
  signIntent,
  type Award,
  type ChainDomain,
  type Intent,
} from '@intentmesh/protocol';
import { getAddress, maxUint256, toFunctionSelector, type Address, type Hex, type LocalAccount } from 'viem';
import {
  destinationSettlerAbi,
  encodeFillerData,
  encodeOriginData,
  executorAddress,
  intentSettlementAbi,
  intentSettlementBytecode,
  mockErc20Abi,
  mockPoolAbi,
  mockVestingWalletAbi,
  mockVestingWalletBytecode,
  solverRegistryAbi,
  solverRegistryBytecode,
  signSolverConsent,
  solverConsentTypes,
  toSolidityAward,
  toSolidityIntent,
  type Interaction,
} from '@intentmesh/chain';
import {
  legacyDestinationSettlerAbi,
  legacyDestinationSettlerBytecode,
  legacyIntentSettlementAbi,
  legacyIntentSettlementBytecode,
  legacySolverRegistryAbi,
  legacySolverRegistryBytecode,
} from './legacy/artifacts';
import {
  callsTo,
  eventsOf,
  expectRevert,
  freshChainsForEachTest,
  lower,
  read,
  setupEnv,
  write,
  type Env,
} from './fixtures/env';
import { USDC_UNIT, WETH_UNIT, approve, balanceOf, mint } from './fixtures/tokens';
import { call, makeAward, makeIntent } from './fixtures/settlement';

jest.setTimeout(60_000);

/** One set of contracts on the shared chain: today's (legacy) or the current ones. */
type World = {
  legacy: boolean;
  settlement: Address;
  destinationSettler: Address;
  registry: Address;
  domain: ChainDomain;
  abi: typeof intentSettlementAbi | typeof legacyIntentSettlementAbi;
  /** Where `solver`'s interactions run. */
  executorFor(solver: Address): Promise<Address>;
};

let env: Env;
let legacy: World;
let current: World;
const ZERO = '0x0000000000000000000000000000000000000000' as Address;
const FAKE_ORIGIN = 31338;
const FAKE_ORIGIN_SETTLER = '0x00000000000000000000000000000000000051e7' as Address;

async function deploy(abi: readonly unknown[], bytecode: Hex, args: readonly unknown[]): Promise<Address> {
  const wallet = env.chain.walletFor(env.a.owner);
  const hash = await wallet.deployContract({ abi, bytecode, args } as Parameters<typeof wallet.deployContract>[0]);
  return lower((await env.chain.publicClient.waitForTransactionReceipt({ hash })).contractAddress!);
}

freshChainsForEachTest(async () => {
  env = await setupEnv();
  const { a } = env;
  const legacySettlement = await deploy(legacyIntentSettlementAbi, legacyIntentSettlementBytecode, [
    a.owner.address,
    a.auctioneer.address,
    a.attester.address,
    3600n,
  ]);
  const legacyExecutor = lower(
    await read<Address>(env, {
      address: legacySettlement,
      abi: legacyIntentSettlementAbi,
      functionName: 'executor',
    }),
  );
  legacy = {
    legacy: true,
    settlement: legacySettlement,
    destinationSettler: await deploy(legacyDestinationSettlerAbi, legacyDestinationSettlerBytecode, []),
    registry: await deploy(legacySolverRegistryAbi, legacySolverRegistryBytecode, [
      ZERO,
      7n * 86_400n,
      a.owner.address,
    ]),
    domain: getChainDomain(31337, legacySettlement),
    abi: legacyIntentSettlementAbi,
    executorFor: async () => legacyExecutor,
  };
  current = {
    legacy: false,
    settlement: env.d.settlement,
    destinationSettler: env.d.destinationSettler,
    registry: env.d.registry,
    domain: env.domain,
    abi: intentSettlementAbi,
    executorFor: async (solver) => executorAddress({ settlement: env.d.settlement, solver: lower(solver) }),
  };
  // the swapper approves both settlements; both know the (fake) destination chain 31338
  await mint(env, env.d.tokens.WETH, a.swapper.address, 100n * WETH_UNIT);
  for (const w of [legacy, current]) {
    await approve(env, a.swapper, env.d.tokens.WETH, w.settlement);
    await write(env, a.owner, {
      address: w.settlement,
      abi: w.abi,
      functionName: 'setDestinationSettler',
      args: [31338n, w.destinationSettler],
    });
  }
  return [env];
});

// ---------------------------------------------------------------- helpers

async function signed(w: World, overrides: Partial<Intent> = {}, award: Partial<Award> = {}) {
  const now = await env.chain.now();
  const intent = makeIntent(env, now, overrides);
  const full = makeAward({ a: env.a, domain: w.domain }, intent, now, {
    auctionId: ('0x' + 'a7'.repeat(32)) as Hex,
    ...award,
  });
  return {
    intent,
    award: full,
    signature: await signIntent(intent, env.a.swapper, w.domain),
    auctioneerSignature: await signAward(full, w.domain, env.a.auctioneer),
  };
}
type Signed = Awaited<ReturnType<typeof signed>>;

function settle(w: World, s: Signed, interactions: Interaction[], from: LocalAccount = env.a.solver) {
  return write(env, from, {
    address: w.settlement,
    abi: w.abi,
    functionName: 'settle',
    args: [toSolidityIntent(s.intent), s.signature, toSolidityAward(s.award), s.auctioneerSignature, interactions],
  });
}

function open(w: World, s: Signed) {
  return write(env, env.a.solver, {
    address: w.settlement,
    abi: w.abi,
    functionName: 'open',
    args: [toSolidityIntent(s.intent), s.signature, toSolidityAward(s.award), s.auctioneerSignature],
  });
}

const usdc = () => env.d.tokens.USDC;
const weth = () => env.d.tokens.WETH;

/** An honest route: approve the pool and swap 1 WETH (3000 USDC) into `to`. */
const swapInto = (to: Address): Interaction[] => [
  call(weth(), mockErc20Abi, 'approve', [env.d.pool, maxUint256]),
  call(env.d.pool, mockPoolAbi, 'swap', [weth(), usdc(), WETH_UNIT, to]),
];

/** Interactions that swap into `executor`, then fill `order` on this chain's DestinationSettler with 2,950 USDC. */
const swapAndFill = (w: World, executor: Address, order: { orderId: Hex; originData: Hex }): Interaction[] => [
  ...swapInto(executor),
  call(usdc(), mockErc20Abi, 'approve', [w.destinationSettler, maxUint256]),
  call(w.destinationSettler, destinationSettlerAbi, 'fill', [
    order.orderId,
    order.originData,
    encodeFillerData(2950n * USDC_UNIT),
  ]),
];

/** A cross-chain order from a (fake) origin whose destination is this chain, to `recipient` in USDC. */
function foreignOrder(w: World, recipient: Address, solver: Address, exclusiveUntil: bigint) {
  const intent = makeIntent(env, 0n, {
    buyToken: usdc(),
    recipient,
    sourceChainId: FAKE_ORIGIN,
    deadline: 4_000_000_000,
  });
  const orderId = hashIntent(intent, getChainDomain(FAKE_ORIGIN, FAKE_ORIGIN_SETTLER));
  const originData = w.legacy
    ? encodeOriginData(intent, FAKE_ORIGIN_SETTLER, { solver, exclusiveUntil }).slice(0, 2 + 64 * 11)
    : encodeOriginData(intent, FAKE_ORIGIN_SETTLER, { solver, exclusiveUntil });
  return { intent, orderId, originData: originData as Hex };
}

async function refusedOrThrow(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected the attack to be refused, but it went through');
}

// ---------------------------------------------------------------- the findings

describe('finding 1a (High): a third party pays the recipient and the solver keeps the sell tokens', () => {
  async function attack(w: World) {
    // the recipient's own vesting wallet: anyone may call release(token), which pays the recipient
    const vesting = await deploy(mockVestingWalletAbi, mockVestingWalletBytecode, [env.a.recipient.address]);
    await mint(env, usdc(), vesting, 2950n * USDC_UNIT);
    const s = await signed(w);
    return settle(w, s, [
      call(vesting, mockVestingWalletAbi, 'release', [usdc()]),
      call(weth(), mockErc20Abi, 'transfer', [env.a.solver.address, WETH_UNIT]),
    ]);
  }

  it('succeeds against today’s contracts: the solver keeps 1 WETH and paid nothing', async () => {
    const receipt = await attack(legacy);
    expect(eventsOf(receipt, legacyIntentSettlementAbi, 'Settled')).toHaveLength(1);
    expect(await balanceOf(env, weth(), env.a.solver.address)).toBe(WETH_UNIT);
    expect(await balanceOf(env, usdc(), env.a.recipient.address)).toBe(2950n * USDC_UNIT); // its own money
  });

  it('is refused by the current contracts: only the settlement’s own payment counts', async () => {
    await expectRevert(attack(current), 'InsufficientAllowance');
    expect(await balanceOf(env, weth(), env.a.solver.address)).toBe(0n);
    expect(await balanceOf(env, usdc(), env.a.recipient.address)).toBe(0n);
  });
});

describe('finding 1b (High): one payment satisfies a settle award and a nested cross-chain fill', () => {
  async function attack(w: World) {
    const executor = await w.executorFor(env.a.solver.address);
    // the fill names the executor as its filler's solver: the most the attacker can forge on the destination
    const order = foreignOrder(w, lower(env.a.recipient.address), executor, 0n);
    const s = await signed(w);
    const receipt = await settle(w, s, swapAndFill(w, executor, order));
    return { receipt, order };
  }

  it('succeeds against today’s contracts: the recipient got 2,950 and was owed 5,900', async () => {
    const { receipt } = await attack(legacy);
    expect(eventsOf(receipt, legacyIntentSettlementAbi, 'Settled')).toHaveLength(1);
    expect(eventsOf(receipt, legacyDestinationSettlerAbi, 'Filled')).toHaveLength(1);
    expect(await balanceOf(env, usdc(), env.a.recipient.address)).toBe(2950n * USDC_UNIT);
  });

  it('is refused by the current contracts: the settle award must still be paid in full', async () => {
    await expectRevert(
      attack(current).then((r) => r.receipt),
      'InsufficientAllowance',
    );
    expect(await balanceOf(env, usdc(), env.a.recipient.address)).toBe(0n);
  });

  it('with the real exclusivity window the nested fill by the executor is refused outright', async () => {
    const now = await env.chain.now();
    const executor = await current.executorFor(env.a.solver.address);
    const order = foreignOrder(current, lower(env.a.recipient.address), lower(env.a.solver.address), now + 600n);
    const s = await signed(current);
    const err = await refusedOrThrow(settle(current, s, swapAndFill(current, executor, order)));
    expect(String(err)).toContain('InteractionFailed');
  });
});

describe('finding 2 (Medium): a revoked operator replays the solver key’s consent', () => {
  const legacyConsentTypes = {
    SolverConsent: solverConsentTypes.SolverConsent.filter((f) => f.name !== 'nonce'),
  } as const;

  async function attack(w: World) {
    const { solver, stranger: oldOperator, otherSolver: newOperator } = env.a;
    const registry = callsTo(w.registry, solverRegistryAbi);
    const deadline = (await env.chain.now()) + 3600n;
    const sign = async (operator: Address) =>
      w.legacy
        ? solver.signTypedData({
            domain: { name: 'IntentMesh', version: '1', chainId: 31337, verifyingContract: w.registry },
            types: legacyConsentTypes,
            primaryType: 'SolverConsent',
            message: { solver: solver.address, operator, deadline },
          })
        : signSolverConsent({
            solver,
            operator,
            nonce: await read<bigint>(env, registry('consentNonce', [solver.address])),
            deadline,
            registry: w.registry,
            chainId: 31337,
          });
    const vouch = (from: LocalAccount, sig: Hex) =>
      write(env, from, registry('vouch', [solver.address, deadline, sig]));
    const consent = await sign(oldOperator.address);
    await vouch(oldOperator, consent);
    await write(env, solver, registry('revoke', [solver.address]));
    // the key wants newOperator now, but the old operator replays the consent first
    const replay = await vouch(oldOperator, consent).then(
      () => 'replayed',
      (e: unknown) => e,
    );
    return { replay, vouchNew: async () => vouch(newOperator, await sign(newOperator.address)) };
  }

  it('succeeds against today’s contracts: the old operator is back and the new one is locked out', async () => {
    const { replay, vouchNew } = await attack(legacy);
    expect(replay).toBe('replayed');
    await expectRevert(vouchNew(), 'SolverAlreadyVouched');
  });

  it('is refused by the current contracts: the consent nonce moved on with the vouch and the revoke', async () => {
    const { replay, vouchNew } = await attack(current);
    expect(String(replay)).toContain('InvalidSolverConsent');
    await vouchNew();
    const registry = callsTo(current.registry, solverRegistryAbi);
    expect(await read(env, registry('operatorOf', [env.a.solver.address]))).toBe(env.a.otherSolver.address);
  });

  it('refuses a consent deadline beyond MAX_CONSENT_LIFETIME (one day)', async () => {
    const deadline = (await env.chain.now()) + 86_400n + 60n;
    const sig = await signSolverConsent({
      solver: env.a.solver,
      operator: env.a.stranger.address,
      nonce: 0n,
      deadline,
      registry: current.registry,
      chainId: 31337,
    });
    await expectRevert(
      write(env, env.a.stranger, {
        address: current.registry,
        abi: solverRegistryAbi,
        functionName: 'vouch',
        args: [env.a.solver.address, deadline, sig],
      }),
      'ConsentDeadlineTooFar',
    );
  });
});

describe('finding 3 (Low): approvals planted in a shared executor outlive the award', () => {
  const attacker = () => env.a.otherSolver;

  async function attack(w: World) {
    // the attacker wins one award and plants an approval from its executor
    const mine = await signed(w, {}, { solver: lower(attacker().address) });
    const attackerExecutor = await w.executorFor(attacker().address);
    const route = w.legacy ? swapInto(lower(env.a.recipient.address)) : swapInto(attackerExecutor);
    await settle(
      w,
      mine,
      [...route, call(usdc(), mockErc20Abi, 'approve', [attacker().address, maxUint256])],
      attacker(),
    );
    // an honest solver settles next and its route leaves 50 USDC behind (3000 out, 2950 owed)
    const victimExecutor = await w.executorFor(env.a.solver.address);
    const theirs = await signed(w);
    const honest = w.legacy
      ? [
          ...swapInto(victimExecutor),
          call(usdc(), mockErc20Abi, 'transfer', [env.a.recipient.address, 2950n * USDC_UNIT]),
        ]
      : swapInto(victimExecutor);
    await settle(w, theirs, honest);
    // with no award, the attacker takes what the honest solver left
    return write(env, attacker(), {
      address: usdc(),
      abi: mockErc20Abi,
      functionName: 'transferFrom',
      args: [victimExecutor, attacker().address, 50n * USDC_UNIT],
    });
  }

  it('succeeds against today’s contracts: the attacker takes the next solver’s leftovers', async () => {
    await attack(legacy);
    expect(await balanceOf(env, usdc(), attacker().address)).toBe(50n * USDC_UNIT);
  });

  it('is refused by the current contracts: each solver has its own executor, swept after every settle', async () => {
    await expectRevert(attack(current), 'InsufficientAllowance');
    expect(await balanceOf(env, usdc(), attacker().address)).toBe(50n * USDC_UNIT); // its own surplus only
    expect(await balanceOf(env, usdc(), env.a.solver.address)).toBe(50n * USDC_UNIT);
    expect(await balanceOf(env, usdc(), await current.executorFor(env.a.solver.address))).toBe(0n);
  });
});

describe('finding 4 (Low): the executor or the settlement as recipient', () => {
  /** A WETH -> WETH intent whose recipient is the solver's own executor. */
  async function toOwnExecutor(w: World) {
    const executor = await w.executorFor(env.a.solver.address);
    const intent = { buyToken: weth(), minBuyAmount: WETH_UNIT, recipient: executor };
    return { executor, s: await signed(w, intent, { buyAmount: WETH_UNIT }) };
  }

  it('succeeds against today’s contracts: with sell = buy token, pulling the sell tokens counts as delivery', async () => {
    const { executor, s } = await toOwnExecutor(legacy);
    expect(eventsOf(await settle(legacy, s, []), legacyIntentSettlementAbi, 'Settled')).toHaveLength(1);
    expect(await balanceOf(env, weth(), executor)).toBe(WETH_UNIT); // left for the next solver to sweep
    // and tokens "delivered" to the settlement are stuck there
    const stuck = await signed(legacy, { recipient: legacy.settlement });
    await settle(legacy, stuck, swapInto(legacy.settlement));
    expect(await balanceOf(env, usdc(), legacy.settlement)).toBe(3000n * USDC_UNIT);
  });

  it('is refused by the current contracts: any executor and the settlement are refused as recipient', async () => {
    const { executor: own, s } = await toOwnExecutor(current);
    await expectRevert(settle(current, s, []), 'ForbiddenRecipient', [getAddress(own)]);
    const toSettlement = await signed(current, { recipient: current.settlement });
    await expectRevert(settle(current, toSettlement, swapInto(own)), 'ForbiddenRecipient', [
      getAddress(current.settlement),
    ]);
    // another solver's (deployed) executor
    await write(env, env.a.stranger, {
      address: current.settlement,
      abi: intentSettlementAbi,
      functionName: 'deployExecutor',
      args: [env.a.otherSolver.address],
    });
    const other = await current.executorFor(env.a.otherSolver.address);
    const toOther = await signed(current, { recipient: other });
    await expectRevert(settle(current, toOther, swapInto(own)), 'ForbiddenRecipient', [getAddress(other)]);
  });
});

describe('finding 5 (Low): a far deadline makes refund overflow and locks the swapper’s funds', () => {
  const FAR = Number.MAX_SAFE_INTEGER; // any far deadline is a free option; near 2^256 refund always reverts

  it('succeeds against today’s contracts: opened with a deadline near 2^256, refund can never run', async () => {
    const s = await signed(legacy, { destinationChainId: FAKE_ORIGIN, deadline: FAR });
    // the intent's deadline field is a uint256 on chain: bump it to 2^256 - 1 through the Solidity tuple
    const intent = { ...toSolidityIntent(s.intent), deadline: maxUint256 };
    const award: Award = {
      ...s.award,
      intentHash: await read<Hex>(env, {
        address: legacy.settlement,
        abi: legacyIntentSettlementAbi,
        functionName: 'hashIntent',
        args: [intent],
      }),
    };
    const { signTypedData } = env.a.swapper;
    const { intentTypes } = await import('@intentmesh/protocol');
    const signature = await signTypedData({
      domain: legacy.domain,
      types: intentTypes,
      primaryType: 'Intent',
      message: intent,
    });
    await write(env, env.a.solver, {
      address: legacy.settlement,
      abi: legacyIntentSettlementAbi,
      functionName: 'open',
      args: [intent, signature, toSolidityAward(award), await signAward(award, legacy.domain, env.a.auctioneer)],
    });
    await env.chain.setTime((await env.chain.now()) + 10n * 365n * 86_400n);
    const err = await refusedOrThrow(
      write(env, env.a.stranger, {
        address: legacy.settlement,
        abi: legacyIntentSettlementAbi,
        functionName: 'refund',
        args: [award.intentHash],
      }),
    );
    expect(String(err)).toMatch(/overflow|0x11/i);
    expect(await balanceOf(env, weth(), legacy.settlement)).toBe(WETH_UNIT);
  });

  it('is refused by the current contracts: open bounds the deadline to MAX_FILL_WINDOW (7 days)', async () => {
    const now = Number(await env.chain.now());
    const s = await signed(current, { destinationChainId: FAKE_ORIGIN, deadline: now + 8 * 86_400 });
    await expectRevert(open(current, s), 'FillWindowTooLong');
    const far = await signed(current, { destinationChainId: FAKE_ORIGIN, deadline: FAR });
    await expectRevert(open(current, far), 'FillWindowTooLong');
  });
});

describe('finding 6 (Info): open accepts a destination with no registered settler', () => {
  it('succeeds against today’s contracts: the escrow is taken for an order nobody can be repaid for', async () => {
    const s = await signed(legacy, { destinationChainId: 999 });
    await open(legacy, s);
    expect(await balanceOf(env, weth(), legacy.settlement)).toBe(WETH_UNIT);
  });

  it('is refused by the current contracts', async () => {
    const s = await signed(current, { destinationChainId: 999 });
    await expectRevert(open(current, s), 'UnknownDestination', [999n]);
  });
});

describe('finding 7 (Info): a second address of the swapper fills first and blocks the awarded solver', () => {
  async function attack(w: World) {
    const now = await env.chain.now();
    const swapperTwin = env.a.stranger;
    const solver = env.a.solver;
    // the order as the origin announced it: awarded to `solver`, exclusive for 10 minutes
    const order = foreignOrder(w, lower(env.a.recipient.address), lower(solver.address), now + 600n);
    for (const who of [swapperTwin, solver]) {
      await mint(env, usdc(), who.address, 3000n * USDC_UNIT);
      await approve(env, who, usdc(), w.destinationSettler);
    }
    const fill = (from: LocalAccount, originData: Hex, amount: bigint) =>
      write(env, from, {
        address: w.destinationSettler,
        abi: destinationSettlerAbi,
        functionName: 'fill',
        args: [order.orderId, originData, encodeFillerData(amount)],
      });
    // the twin pays only the minimum, with the announced originData, then with one naming itself as solver
    const first = await fill(swapperTwin, order.originData, 2900n * USDC_UNIT).then(
      () => 'filled',
      (e: unknown) => e,
    );
    const forged = w.legacy
      ? order.originData
      : encodeOriginData(order.intent, FAKE_ORIGIN_SETTLER, {
          solver: lower(swapperTwin.address),
          exclusiveUntil: 0n,
        });
    const second = w.legacy
      ? 'skipped'
      : await fill(swapperTwin, forged, 2900n * USDC_UNIT).then(
          () => 'filled',
          (e: unknown) => e,
        );
    return { first, second, solverFill: () => fill(solver, order.originData, 2950n * USDC_UNIT) };
  }

  it('succeeds against today’s contracts: the awarded solver gets AlreadyFilled', async () => {
    const { first, solverFill } = await attack(legacy);
    expect(first).toBe('filled');
    await expectRevert(solverFill(), 'AlreadyFilled');
  });

  it('is refused by the current contracts: only the awarded solver fills in the window; forgeries cannot block it', async () => {
    const { first, second, solverFill } = await attack(current);
    expect(String(first)).toContain('ExclusiveFill');
    expect(second).toBe('filled'); // a separate record under the forged terms: a gift to the recipient
    const [filled] = eventsOf(await solverFill(), destinationSettlerAbi, 'Filled');
    expect((filled.args as { filler: Address }).filler).toBe(env.a.solver.address);
  });

  it('after the exclusivity window anyone may fill (as with UniswapX’s exclusivity decay)', async () => {
    const now = await env.chain.now();
    const order = foreignOrder(current, lower(env.a.recipient.address), lower(env.a.solver.address), now + 600n);
    await mint(env, usdc(), env.a.stranger.address, 3000n * USDC_UNIT);
    await approve(env, env.a.stranger, usdc(), current.destinationSettler);
    await env.chain.setTime(now + 601n);
    await write(env, env.a.stranger, {
      address: current.destinationSettler,
      abi: destinationSettlerAbi,
      functionName: 'fill',
      args: [order.orderId, order.originData, encodeFillerData(2950n * USDC_UNIT)],
    });
    expect(await balanceOf(env, usdc(), env.a.recipient.address)).toBe(2950n * USDC_UNIT);
  });
});

describe('finding 8 (Info): owner setters and slashing act at once; Settled lacks recipient and amount', () => {
  const DELAY = 2n * 86_400n;

  it('succeeds against today’s contracts: a new attester and a slash take effect in the same block', async () => {
    const st = callsTo(legacy.settlement, legacyIntentSettlementAbi);
    const rg = callsTo(legacy.registry, legacySolverRegistryAbi);
    await write(env, env.a.owner, st('setAttester', [env.a.stranger.address]));
    expect(await read(env, st('attester'))).toBe(env.a.stranger.address);
    await write(env, env.a.stranger, rg('bond', [WETH_UNIT], WETH_UNIT));
    const evidence = ('0x' + 'ee'.repeat(32)) as Hex;
    await write(env, env.a.owner, rg('slash', [env.a.stranger.address, WETH_UNIT, evidence, env.a.owner.address]));
    expect(await read(env, rg('bondOf', [env.a.stranger.address]))).toBe(0n);
    // Settled names neither the recipient nor the delivered amount
    const s = await signed(legacy);
    const [settled] = eventsOf(
      await settle(legacy, s, swapInto(lower(env.a.recipient.address))),
      legacyIntentSettlementAbi,
      'Settled',
    );
    expect(Object.keys(settled.args as object)).not.toContain('recipient');
  });

  it('is refused by the current contracts: both wait out the timelock, and Settled logs recipient and amount', async () => {
    const settlement = await deploy(intentSettlementAbi, intentSettlementBytecode, [
      env.a.owner.address,
      env.a.auctioneer.address,
      env.a.attester.address,
      3600n,
      DELAY,
    ]);
    const st = callsTo(settlement, intentSettlementAbi);
    await expectRevert(write(env, env.a.owner, st('setAttester', [env.a.stranger.address])), 'OperationNotScheduled');
    await write(env, env.a.owner, st('scheduleAttester', [env.a.stranger.address]));
    await expectRevert(write(env, env.a.owner, st('setAttester', [env.a.stranger.address])), 'OperationNotReady');
    await expectRevert(
      write(env, env.a.owner, st('setDestinationSettler', [10n, env.a.stranger.address])),
      'OperationNotScheduled',
    );
    await env.chain.setTime((await env.chain.now()) + DELAY);
    await write(env, env.a.owner, st('setAttester', [env.a.stranger.address]));
    expect(await read(env, st('attester'))).toBe(env.a.stranger.address);
    // the schedule is used up: a second change needs a new announcement
    await expectRevert(write(env, env.a.owner, st('setAttester', [env.a.stranger.address])), 'OperationNotScheduled');

    const registry = await deploy(solverRegistryAbi, solverRegistryBytecode, [
      ZERO,
      7n * 86_400n,
      env.a.owner.address,
      86_400n,
    ]);
    const rg = callsTo(registry, solverRegistryAbi);
    await write(env, env.a.stranger, rg('bond', [WETH_UNIT], WETH_UNIT));
    const slashArgs = [
      env.a.stranger.address,
      WETH_UNIT,
      ('0x' + 'ee'.repeat(32)) as Hex,
      env.a.owner.address,
    ] as const;
    await expectRevert(write(env, env.a.owner, rg('slash', slashArgs)), 'OperationNotScheduled');
    await write(env, env.a.owner, rg('scheduleSlash', slashArgs));
    await expectRevert(write(env, env.a.owner, rg('slash', slashArgs)), 'OperationNotReady');
    // the operator may start unbonding, but unbonding funds stay slashable and the unbond delay is longer
    await write(env, env.a.stranger, rg('requestUnbond', [WETH_UNIT]));
    await env.chain.setTime((await env.chain.now()) + 86_400n);
    await expectRevert(write(env, env.a.stranger, rg('withdraw', [])), 'UnbondNotReady');
    await write(env, env.a.owner, rg('slash', slashArgs));
    expect(await read(env, rg('unbondingOf', [env.a.stranger.address]))).toEqual([0n, expect.any(BigInt)]);
    // a slash delay that is not below the unbond delay is refused at deployment
    const tooLong = deploy(solverRegistryAbi, solverRegistryBytecode, [ZERO, 86_400n, env.a.owner.address, 86_400n]);
    await expect(tooLong).rejects.toThrow(toFunctionSelector('DelayNotBelowUnbond(uint256,uint256)'));

    const s = await signed(current);
    const executor = await current.executorFor(env.a.solver.address);
    const [settled] = eventsOf(await settle(current, s, swapInto(executor)), intentSettlementAbi, 'Settled');
    expect(settled.args).toMatchObject({
      recipient: getAddress(env.a.recipient.address),
      buyToken: getAddress(usdc()),
      delivered: 2950n * USDC_UNIT,
    });
  });
});
