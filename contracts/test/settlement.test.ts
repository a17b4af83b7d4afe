import { signIntent } from '@intentmesh/protocol';
import { encodeFunctionData, getAddress, maxUint256, toFunctionSelector, type Hex } from 'viem';
import {
  intentSettlementAbi,
  interactionExecutorAbi,
  mockErc1271WalletAbi,
  mockErc1271WalletBytecode,
  mockErc20Abi,
  mockPoolAbi,
  reentrantTokenAbi,
  reentrantTokenBytecode,
  toSolidityIntent,
} from '@intentmesh/chain';
import { eventsOf, expectRevert, freshChainsForEachTest, lower, read, setupEnv, write, type Env } from './fixtures/env';
import { USDC_UNIT, WETH_UNIT, approve, balanceOf, fundSwapper, mint } from './fixtures/tokens';
import {
  executorOf,
  makeAward,
  makeIntent,
  poolInteractions,
  settle,
  settleCall,
  signedSettlement,
} from './fixtures/settlement';

jest.setTimeout(30_000);

let env: Env;
// Every test starts from the same state: contracts deployed, swapper funded and approved.
freshChainsForEachTest(async () => {
  env = await setupEnv();
  await fundSwapper(env);
  return [env];
});

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

describe('settle: happy path', () => {
  it('pulls the sell tokens into the executor, runs the pool interaction, pays the award and sweeps the rest', async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now);
    const award = makeAward(env, intent, now);
    const s = await signedSettlement(env, intent, award);
    const { WETH, USDC } = env.d.tokens;
    const swapperBefore = await balanceOf(env, WETH, env.a.swapper.address);

    const receipt = await settle(env, s);

    // the pool pays 3000 into the executor; the recipient gets exactly the award, the solver the surplus
    expect(await balanceOf(env, USDC, env.a.recipient.address)).toBe(award.buyAmount);
    expect(await balanceOf(env, USDC, env.a.solver.address)).toBe(3000n * USDC_UNIT - award.buyAmount);
    expect(swapperBefore - (await balanceOf(env, WETH, env.a.swapper.address))).toBe(WETH_UNIT);
    expect(await balanceOf(env, WETH, env.d.pool)).toBe(WETH_UNIT);
    expect(await balanceOf(env, WETH, executorOf(env))).toBe(0n);
    expect(await balanceOf(env, USDC, executorOf(env))).toBe(0n);
    const [settled] = eventsOf(receipt, intentSettlementAbi, 'Settled');
    expect(settled.args).toEqual({
      intentHash: award.intentHash,
      auctionId: award.auctionId,
      solver: env.a.solver.address,
      recipient: getAddress(env.a.recipient.address),
      buyToken: getAddress(USDC),
      delivered: award.buyAmount,
    });
    expect(
      await read(env, {
        address: env.d.settlement,
        abi: intentSettlementAbi,
        functionName: 'isNonceUsed',
        args: [env.a.swapper.address, intent.nonce],
      }),
    ).toBe(true);
  });

  it('accepts a delivery of exactly award.buyAmount', async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now);
    const s = await signedSettlement(env, intent, makeAward(env, intent, now, { buyAmount: 3000n * USDC_UNIT }));
    await settle(env, s);
    expect(await balanceOf(env, env.d.tokens.USDC, env.a.recipient.address)).toBe(3000n * USDC_UNIT);
  });
});

describe('settle: refusals', () => {
  it('refuses a trader signature by another key', async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now);
    const s = await signedSettlement(env, intent, makeAward(env, intent, now), undefined, env.a.stranger);
    await expectRevert(settle(env, s), 'InvalidSwapperSignature');
  });

  it('refuses a signature over other intent fields (tampered amount)', async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now);
    const s = await signedSettlement(env, intent, makeAward(env, intent, now));
    const tampered = { ...s, intent: { ...intent, sellAmount: 2n * WETH_UNIT } };
    // the award names the signed intent's hash, so the award check fires first
    await expectRevert(settle(env, tampered), 'AwardIntentMismatch');
  });

  it('refuses the malleable high-s form of a valid trader signature', async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now);
    const s = await signedSettlement(env, intent, makeAward(env, intent, now));
    const r = s.signature.slice(2, 66);
    const sVal = BigInt('0x' + s.signature.slice(66, 130));
    const v = parseInt(s.signature.slice(130, 132), 16);
    const highS = (SECP256K1_N - sVal).toString(16).padStart(64, '0');
    const flipped = (v === 27 ? 28 : 27).toString(16);
    await expectRevert(settle(env, { ...s, signature: `0x${r}${highS}${flipped}` }), 'InvalidSwapperSignature');
  });

  it('refuses an award signed by a key other than the auctioneer', async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now);
    const award = makeAward(env, intent, now);
    const s = await signedSettlement(env, intent, award);
    const { signAward } = await import('@intentmesh/protocol');
    const forged = await signAward(award, env.domain, env.a.stranger);
    await expectRevert(settle(env, { ...s, auctioneerSignature: forged }), 'InvalidAuctioneerSignature');
  });

  it('refuses awards signed by the previous auctioneer after a rotation (and emits AuctioneerRotated)', async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now);
    const s = await signedSettlement(env, intent, makeAward(env, intent, now));
    const receipt = await write(env, env.a.owner, {
      address: env.d.settlement,
      abi: intentSettlementAbi,
      functionName: 'setAuctioneer',
      args: [env.a.stranger.address],
    });
    expect(eventsOf(receipt, intentSettlementAbi, 'AuctioneerRotated')[0].args).toEqual({
      previousAuctioneer: env.a.auctioneer.address,
      newAuctioneer: env.a.stranger.address,
    });
    await expectRevert(settle(env, s), 'InvalidAuctioneerSignature');
    await expectRevert(
      write(env, env.a.stranger, {
        address: env.d.settlement,
        abi: intentSettlementAbi,
        functionName: 'setAuctioneer',
        args: [env.a.stranger.address],
      }),
      'NotOwner',
      [env.a.stranger.address],
    );
  });

  it('refuses a replayed nonce', async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now);
    const s = await signedSettlement(env, intent, makeAward(env, intent, now));
    await settle(env, s);
    await expectRevert(settle(env, s), 'NonceUsed', [env.a.swapper.address, intent.nonce]);
  });

  it('refuses a cancelled nonce (single cancel and bitmap cancel)', async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now, { nonce: 777n });
    const s = await signedSettlement(env, intent, makeAward(env, intent, now));
    const receipt = await write(env, env.a.swapper, {
      address: env.d.settlement,
      abi: intentSettlementAbi,
      functionName: 'cancelNonce',
      args: [777n],
    });
    expect(eventsOf(receipt, intentSettlementAbi, 'NonceCancelled')[0].args).toEqual({
      swapper: env.a.swapper.address,
      nonce: 777n,
    });
    await expectRevert(settle(env, s), 'NonceUsed', [env.a.swapper.address, 777n]);

    // nonce 2 * 256 + 5 cancelled through its word's mask
    const intent2 = makeIntent(env, now, { nonce: 517n });
    const s2 = await signedSettlement(env, intent2, makeAward(env, intent2, now));
    await write(env, env.a.swapper, {
      address: env.d.settlement,
      abi: intentSettlementAbi,
      functionName: 'cancelNonces',
      args: [2n, 1n << 5n],
    });
    await expectRevert(settle(env, s2), 'NonceUsed', [env.a.swapper.address, 517n]);
  });

  it('refuses an expired intent', async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now, { deadline: Number(now) + 10 });
    const s = await signedSettlement(env, intent, makeAward(env, intent, now, { settleBy: Number(now) + 1000 }));
    await env.chain.setTime(now + 11n);
    await expectRevert(settle(env, s), 'IntentExpired', [BigInt(intent.deadline)]);
  });

  it('refuses a late award (after settleBy)', async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now);
    const award = makeAward(env, intent, now, { settleBy: Number(now) + 30 });
    const s = await signedSettlement(env, intent, award);
    await env.chain.setTime(now + 31n);
    await expectRevert(settle(env, s), 'AwardExpired', [BigInt(award.settleBy)]);
  });

  it('refuses a caller other than award.solver', async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now);
    const s = await signedSettlement(env, intent, makeAward(env, intent, now));
    await expectRevert(settle(env, s, env.a.otherSolver), 'NotAwardedSolver', [
      env.a.otherSolver.address,
      env.a.solver.address,
    ]);
  });

  it('refuses a short delivery: the executor holds less than the award and the solver has not paid it', async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now);
    // the pool pays 3000 USDC per WETH; the solver promised 3100, so the settlement asks the solver for it
    const s = await signedSettlement(env, intent, makeAward(env, intent, now, { buyAmount: 3100n * USDC_UNIT }));
    await expectRevert(settle(env, s), 'InsufficientAllowance');
  });

  it('lets the solver settle with its own funds (transferFrom the solver) and keep the sell tokens', async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now);
    const award = makeAward(env, intent, now);
    await mint(env, env.d.tokens.USDC, env.a.solver.address, award.buyAmount);
    await approve(env, env.a.solver, env.d.tokens.USDC, env.d.settlement);
    await settle(env, await signedSettlement(env, intent, award, []));
    expect(await balanceOf(env, env.d.tokens.USDC, env.a.recipient.address)).toBe(award.buyAmount);
    expect(await balanceOf(env, env.d.tokens.USDC, env.a.solver.address)).toBe(0n);
    expect(await balanceOf(env, env.d.tokens.WETH, env.a.solver.address)).toBe(WETH_UNIT);
    expect(await balanceOf(env, env.d.tokens.WETH, executorOf(env))).toBe(0n);
  });

  it('refuses an award for another intent', async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now);
    const other = makeIntent(env, now);
    const award = makeAward(env, other, now);
    const s = await signedSettlement(env, intent, award);
    await expectRevert(settle(env, s), 'AwardIntentMismatch', [
      award.intentHash,
      makeAward(env, intent, now).intentHash,
    ]);
  });

  it('refuses an award below the intent minimum', async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now);
    const s = await signedSettlement(env, intent, makeAward(env, intent, now, { buyAmount: 2899n * USDC_UNIT }));
    await expectRevert(settle(env, s), 'AwardBelowMinimum', [2899n * USDC_UNIT, 2900n * USDC_UNIT]);
  });

  it('refuses an intent of another source chain and a cross-chain intent', async () => {
    const now = await env.chain.now();
    const wrongSource = makeIntent(env, now, { sourceChainId: 1, destinationChainId: 31337 });
    const s1 = await signedSettlement(env, wrongSource, makeAward(env, wrongSource, now));
    await expectRevert(settle(env, s1), 'WrongSourceChain', [1n]);
    const cross = makeIntent(env, now, { destinationChainId: 10 });
    const s2 = await signedSettlement(env, cross, makeAward(env, cross, now));
    await expectRevert(settle(env, s2), 'CrossChainIntent', [10n]);
  });

  it('refuses interactions that target the settlement or the executor', async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now);
    const cancel = encodeFunctionData({ abi: intentSettlementAbi, functionName: 'cancelNonce', args: [1n] });
    for (const target of [env.d.settlement, executorOf(env)]) {
      const s = await signedSettlement(env, intent, makeAward(env, intent, now), [
        ...poolInteractions(env, intent),
        { target, value: 0n, callData: cancel },
      ]);
      await expectRevert(settle(env, s), 'ForbiddenInteractionTarget', [2n, getAddress(target)]);
    }
  });

  it("cannot move a swapper's other approvals: transferFrom from the executor has no allowance", async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now);
    // the swapper approved the settlement for all its WETH; a malicious solver tries to take more than the intent
    const steal = encodeFunctionData({
      abi: mockErc20Abi,
      functionName: 'transferFrom',
      args: [env.a.swapper.address, env.a.solver.address, 10n * WETH_UNIT],
    });
    const s = await signedSettlement(env, intent, makeAward(env, intent, now), [
      ...poolInteractions(env, intent),
      { target: env.d.tokens.WETH, value: 0n, callData: steal },
    ]);
    await expectRevert(settle(env, s), 'InteractionFailed');
  });

  it('refuses direct calls to the executor', async () => {
    await write(env, env.a.stranger, {
      address: env.d.settlement,
      abi: intentSettlementAbi,
      functionName: 'deployExecutor',
      args: [env.a.solver.address],
    });
    const payout = {
      buyToken: env.d.tokens.USDC,
      recipient: env.a.stranger.address,
      amount: 0n,
      sellToken: env.d.tokens.WETH,
      solver: env.a.stranger.address,
    };
    await expectRevert(
      write(env, env.a.stranger, {
        address: executorOf(env),
        abi: interactionExecutorAbi,
        functionName: 'execute',
        args: [[], payout],
      }),
      'OnlySettlement',
      [env.a.stranger.address],
    );
  });

  it('refuses a reentrant settle through a malicious sell token (Reentrancy bubbles up)', async () => {
    const { s } = await reentrantSettlement(true);
    await expectRevert(settle(env, s), 'Reentrancy');
  });

  it('refuses the reentrant call even when the token swallows the failure (outer settle completes once)', async () => {
    const { token, s } = await reentrantSettlement(false);
    const receipt = await settle(env, s);
    expect(eventsOf(receipt, intentSettlementAbi, 'Settled')).toHaveLength(1);
    expect(await read(env, { address: token, abi: reentrantTokenAbi, functionName: 'reentered' })).toBe(true);
    expect(await read(env, { address: token, abi: reentrantTokenAbi, functionName: 'lastRevertData' })).toBe(
      toFunctionSelector('Reentrancy()'),
    );
    expect(await balanceOf(env, env.d.tokens.USDC, env.a.recipient.address)).toBe(2950n * USDC_UNIT);
  });

  async function deployReentrantToken() {
    const wallet = env.chain.walletFor(env.a.owner);
    const hash = await wallet.deployContract({ abi: reentrantTokenAbi, bytecode: reentrantTokenBytecode });
    const token = lower((await env.chain.publicClient.waitForTransactionReceipt({ hash })).contractAddress!);
    await mint(env, token, env.a.swapper.address, 10n * WETH_UNIT);
    await approve(env, env.a.swapper, token, env.d.settlement);
    await write(env, env.a.owner, {
      address: env.d.pool,
      abi: mockPoolAbi,
      functionName: 'setRate',
      args: [token, env.d.tokens.USDC, 3000n * USDC_UNIT, WETH_UNIT],
    });
    return token;
  }

  /** A settlement selling a reentrant token armed to call settle again with the same arguments while it is pulled. */
  async function reentrantSettlement(bubble: boolean) {
    const now = await env.chain.now();
    const token = await deployReentrantToken();
    const intent = makeIntent(env, now, { sellToken: token });
    const s = await signedSettlement(env, intent, makeAward(env, intent, now));
    const payload = encodeFunctionData(settleCall(env, s) as Parameters<typeof encodeFunctionData>[0]);
    await write(env, env.a.owner, {
      address: token,
      abi: reentrantTokenAbi,
      functionName: 'arm',
      args: [env.d.settlement, payload, bubble],
    });
    return { token, s };
  }
});

describe('settle: EIP-1271 contract wallet swapper', () => {
  it('settles an intent whose swapper is a contract wallet approving its owner key', async () => {
    const now = await env.chain.now();
    const walletOwner = env.a.stranger;
    const deployer = env.chain.walletFor(env.a.owner);
    const hash = await deployer.deployContract({
      abi: mockErc1271WalletAbi,
      bytecode: mockErc1271WalletBytecode,
      args: [walletOwner.address],
    });
    const wallet = lower((await env.chain.publicClient.waitForTransactionReceipt({ hash })).contractAddress!);
    await mint(env, env.d.tokens.WETH, wallet, 5n * WETH_UNIT);
    await write(env, walletOwner, {
      address: wallet,
      abi: mockErc1271WalletAbi,
      functionName: 'execute',
      args: [
        env.d.tokens.WETH,
        0n,
        encodeFunctionData({
          abi: mockErc20Abi,
          functionName: 'approve',
          args: [env.d.settlement, maxUint256],
        }),
      ],
    });

    const intent = makeIntent(env, now, { swapper: wallet });
    const s = await signedSettlement(env, intent, makeAward(env, intent, now), undefined, walletOwner);
    const receipt = await settle(env, s);
    expect(eventsOf(receipt, intentSettlementAbi, 'Settled')).toHaveLength(1);
    expect(await balanceOf(env, env.d.tokens.WETH, wallet)).toBe(4n * WETH_UNIT);
    expect(await balanceOf(env, env.d.tokens.USDC, env.a.recipient.address)).toBe(2950n * USDC_UNIT);

    // a signature by any other key is refused by the wallet, hence by the settlement
    const intent2 = makeIntent(env, now, { swapper: wallet });
    const bad = await signedSettlement(env, intent2, makeAward(env, intent2, now), undefined, env.a.swapper);
    await expectRevert(settle(env, bad), 'InvalidSwapperSignature');
  });
});

describe('views', () => {
  it('exposes the EIP-712 domain of libs/protocol (EIP-5267)', async () => {
    const [, name, version, chainId, verifyingContract] = await read<readonly unknown[]>(env, {
      address: env.d.settlement,
      abi: intentSettlementAbi,
      functionName: 'eip712Domain',
    });
    expect([name, version, chainId, lower(verifyingContract as string)]).toEqual([
      env.domain.name,
      env.domain.version,
      BigInt(env.domain.chainId),
      env.domain.verifyingContract,
    ]);
  });

  it('signIntent of libs/protocol verifies against the contract digest', async () => {
    const now = await env.chain.now();
    const intent = makeIntent(env, now);
    const onChain = await read(env, {
      address: env.d.settlement,
      abi: intentSettlementAbi,
      functionName: 'hashIntent',
      args: [toSolidityIntent(intent)],
    });
    const { recoverDigestSigner } = await import('@intentmesh/protocol');
    const sig = await signIntent(intent, env.a.swapper, env.domain);
    expect(recoverDigestSigner(onChain as Hex, sig)).toBe(lower(env.a.swapper.address));
  });
});
