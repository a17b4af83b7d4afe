import { keccak256, toHex, type Address } from 'viem';
import { signSolverConsent, solverRegistryAbi, solverRegistryBytecode } from '@intentmesh/chain';
import { eventsOf, expectRevert, freshChainsForEachTest, lower, read, setupEnv, write, type Env } from './fixtures/env';
import { WETH_UNIT, approve, balanceOf, mint } from './fixtures/tokens';

jest.setTimeout(30_000);

const DAY = 24n * 3600n;
const EVIDENCE = keccak256(toHex('auction 42: solver won and never settled'));

let env: Env;
freshChainsForEachTest(async () => {
  env = await setupEnv();
  return [env];
});

// deployLocal: native-bond registry, unbond delay 7 days, governance = owner
const operator = () => env.a.stranger;
const governance = () => env.a.owner;
const reg = (functionName: string, args: readonly unknown[] = [], value?: bigint) => ({
  address: env.d.registry,
  abi: solverRegistryAbi,
  functionName,
  args,
  ...(value !== undefined ? { value } : {}),
});
const bondOf = (who: Address) => read<bigint>(env, reg('bondOf', [who]));
const ethBalance = (who: Address) => env.chain.publicClient.getBalance({ address: who });

async function consent(solver = env.a.solver, op: Address = operator().address, deadline?: bigint) {
  const dl = deadline ?? (await env.chain.now()) + 3600n;
  const sig = await signSolverConsent({
    solver,
    operator: op,
    nonce: await read<bigint>(env, reg('consentNonce', [solver.address])),
    deadline: dl,
    registry: env.d.registry,
    chainId: 31337,
  });
  return { dl, sig };
}

describe('SolverRegistry (native bond)', () => {
  it('bonds, emits Bonded, and reports bondOf', async () => {
    const r = await write(env, operator(), reg('bond', [2n * WETH_UNIT], 2n * WETH_UNIT));
    expect(eventsOf(r, solverRegistryAbi, 'Bonded')[0].args).toEqual({
      operator: operator().address,
      amount: 2n * WETH_UNIT,
      totalBond: 2n * WETH_UNIT,
    });
    await write(env, operator(), reg('bond', [WETH_UNIT], WETH_UNIT));
    expect(await bondOf(operator().address)).toBe(3n * WETH_UNIT);
    await expectRevert(write(env, operator(), reg('bond', [WETH_UNIT], 1n)), 'WrongNativeAmount', [1n, WETH_UNIT]);
    await expectRevert(write(env, operator(), reg('bond', [0n], 0n)), 'ZeroAmount');
  });

  it('vouches a consenting solver key, exposes operatorOf, and revokes', async () => {
    const { dl, sig } = await consent();
    const r = await write(env, operator(), reg('vouch', [env.a.solver.address, dl, sig]));
    expect(eventsOf(r, solverRegistryAbi, 'SolverVouched')[0].args).toEqual({
      operator: operator().address,
      solver: env.a.solver.address,
    });
    expect(await read(env, reg('operatorOf', [env.a.solver.address]))).toBe(operator().address);

    // another operator cannot take the key over, even with the solver's consent
    const other = env.a.otherSolver;
    const c2 = await consent(env.a.solver, other.address);
    await expectRevert(write(env, other, reg('vouch', [env.a.solver.address, c2.dl, c2.sig])), 'SolverAlreadyVouched', [
      env.a.solver.address,
      operator().address,
    ]);
    // strangers cannot revoke; the solver key itself can
    await expectRevert(write(env, other, reg('revoke', [env.a.solver.address])), 'NotSolverOperator', [
      other.address,
      env.a.solver.address,
    ]);
    const rv = await write(env, env.a.solver, reg('revoke', [env.a.solver.address]));
    expect(eventsOf(rv, solverRegistryAbi, 'SolverRevoked')[0].args).toEqual({
      operator: operator().address,
      solver: env.a.solver.address,
    });
    expect(await read(env, reg('operatorOf', [env.a.solver.address]))).toBe(
      '0x0000000000000000000000000000000000000000',
    );
  });

  it('refuses a vouch without the solver key consent, or with an expired one', async () => {
    // consent signed by another key, or for another operator
    const forged = await consent(env.a.otherSolver);
    await expectRevert(
      write(env, operator(), reg('vouch', [env.a.solver.address, forged.dl, forged.sig])),
      'InvalidSolverConsent',
    );
    const forOther = await consent(env.a.solver, env.a.otherSolver.address);
    await expectRevert(
      write(env, operator(), reg('vouch', [env.a.solver.address, forOther.dl, forOther.sig])),
      'InvalidSolverConsent',
    );
    const now = await env.chain.now();
    const expired = await consent(env.a.solver, operator().address, now);
    await expectRevert(
      write(env, operator(), reg('vouch', [env.a.solver.address, now, expired.sig])),
      'ConsentExpired',
      [now],
    );
  });

  it('unbonds only after the delay', async () => {
    await write(env, operator(), reg('bond', [5n * WETH_UNIT], 5n * WETH_UNIT));
    await expectRevert(write(env, operator(), reg('requestUnbond', [6n * WETH_UNIT])), 'InsufficientBond', [
      5n * WETH_UNIT,
      6n * WETH_UNIT,
    ]);
    const r = await write(env, operator(), reg('requestUnbond', [2n * WETH_UNIT]));
    const [ev] = eventsOf(r, solverRegistryAbi, 'UnbondRequested');
    const unlockAt = (ev.args as { unlockAt: bigint }).unlockAt;
    const block = await env.chain.publicClient.getBlock({ blockNumber: r.blockNumber });
    expect(unlockAt).toBe(block.timestamp + 7n * DAY);
    expect(await bondOf(operator().address)).toBe(3n * WETH_UNIT);
    expect(await read(env, reg('unbondingOf', [operator().address]))).toEqual([2n * WETH_UNIT, unlockAt]);

    await expectRevert(write(env, operator(), reg('withdraw')), 'UnbondNotReady', [unlockAt]);
    await env.chain.setTime(unlockAt - 2n);
    await expectRevert(write(env, operator(), reg('withdraw')), 'UnbondNotReady', [unlockAt]);
    await env.chain.setTime(unlockAt);
    const before = await ethBalance(operator().address);
    const w = await write(env, operator(), reg('withdraw'));
    expect(eventsOf(w, solverRegistryAbi, 'Withdrawn')[0].args).toEqual({
      operator: operator().address,
      amount: 2n * WETH_UNIT,
    });
    const gas = w.gasUsed * w.effectiveGasPrice;
    expect((await ethBalance(operator().address)) - before + gas).toBe(2n * WETH_UNIT);
    await expectRevert(write(env, operator(), reg('withdraw')), 'NothingToWithdraw');
  });

  it('lets governance slash active then unbonding funds, with an evidence hash', async () => {
    await write(env, operator(), reg('bond', [5n * WETH_UNIT], 5n * WETH_UNIT));
    await write(env, operator(), reg('requestUnbond', [4n * WETH_UNIT])); // tries to run away with most of it
    const sink = lower(env.a.recipient.address);
    await expectRevert(
      write(env, operator(), reg('slash', [operator().address, WETH_UNIT, EVIDENCE, sink])),
      'NotGovernance',
      [operator().address],
    );
    const before = await ethBalance(sink);
    const r = await write(env, governance(), reg('slash', [operator().address, 3n * WETH_UNIT, EVIDENCE, sink]));
    expect(eventsOf(r, solverRegistryAbi, 'Slashed')[0].args).toEqual({
      operator: operator().address,
      amount: 3n * WETH_UNIT,
      evidenceHash: EVIDENCE,
      recipient: env.a.recipient.address,
    });
    expect((await ethBalance(sink)) - before).toBe(3n * WETH_UNIT);
    expect(await bondOf(operator().address)).toBe(0n);
    expect(((await read<readonly bigint[]>(env, reg('unbondingOf', [operator().address]))) as bigint[])[0]).toBe(
      2n * WETH_UNIT,
    );
    // asking for more than is left slashes what is left
    const r2 = await write(env, governance(), reg('slash', [operator().address, 100n * WETH_UNIT, EVIDENCE, sink]));
    expect((eventsOf(r2, solverRegistryAbi, 'Slashed')[0].args as { amount: bigint }).amount).toBe(2n * WETH_UNIT);
    await expectRevert(
      write(env, governance(), reg('slash', [operator().address, WETH_UNIT, EVIDENCE, sink])),
      'NothingToSlash',
      [operator().address],
    );
  });

  it('transfers governance in two steps', async () => {
    const next = env.a.attester;
    const r = await write(env, governance(), reg('transferGovernance', [next.address]));
    expect(eventsOf(r, solverRegistryAbi, 'GovernanceTransferStarted')).toHaveLength(1);
    await expectRevert(write(env, env.a.stranger, reg('acceptGovernance')), 'NotPendingGovernance', [
      env.a.stranger.address,
    ]);
    const a = await write(env, next, reg('acceptGovernance'));
    expect(eventsOf(a, solverRegistryAbi, 'GovernanceTransferred')[0].args).toEqual({
      previousGovernance: governance().address,
      newGovernance: next.address,
    });
    expect(await read(env, reg('governance'))).toBe(next.address);
  });
});

describe('SolverRegistry (ERC-20 bond)', () => {
  it('bonds and withdraws an ERC-20 and refuses ether', async () => {
    const wallet = env.chain.walletFor(env.a.owner);
    const hash = await wallet.deployContract({
      abi: solverRegistryAbi,
      bytecode: solverRegistryBytecode,
      args: [env.d.tokens.WETH, DAY, env.a.owner.address, 0n],
    });
    const registry = lower((await env.chain.publicClient.waitForTransactionReceipt({ hash })).contractAddress!);
    const call = (functionName: string, args: readonly unknown[] = [], value?: bigint) => ({
      address: registry,
      abi: solverRegistryAbi,
      functionName,
      args,
      ...(value !== undefined ? { value } : {}),
    });
    await mint(env, env.d.tokens.WETH, operator().address, 10n * WETH_UNIT);
    await approve(env, operator(), env.d.tokens.WETH, registry);
    await expectRevert(write(env, operator(), call('bond', [WETH_UNIT], 1n)), 'NativeNotAccepted');
    await write(env, operator(), call('bond', [4n * WETH_UNIT]));
    expect(await read(env, call('bondOf', [operator().address]))).toBe(4n * WETH_UNIT);
    expect(await balanceOf(env, env.d.tokens.WETH, registry)).toBe(4n * WETH_UNIT);
    await write(env, operator(), call('requestUnbond', [4n * WETH_UNIT]));
    await env.chain.setTime((await env.chain.now()) + DAY);
    await write(env, operator(), call('withdraw'));
    expect(await balanceOf(env, env.d.tokens.WETH, operator().address)).toBe(10n * WETH_UNIT);
  });
});
