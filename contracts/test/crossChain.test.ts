// Cross-chain path on two independent in-process chains: open (escrow) on the origin, fill on the
// destination, repay on the origin after the attester signs a proof of the Filled event; refund on timeout.
import { getChainDomain, hashIntent, signAward, signIntent, type Intent } from '@intentmesh/protocol';
import { getAddress, type Address, type Hex, type LocalAccount } from 'viem';
import {
  destinationSettlerAbi,
  encodeFillerData,
  encodeOriginData,
  intentSettlementAbi,
  signFillProof,
  toSolidityAward,
  toSolidityIntent,
  type FillProof,
} from '@intentmesh/chain';
import { eventsOf, expectRevert, freshChainsForEachTest, read, setupEnv, write, type Env } from './fixtures/env';
import { USDC_UNIT, WETH_UNIT, approve, balanceOf, fundSwapper, mint } from './fixtures/tokens';
import { makeAward, makeIntent } from './fixtures/settlement';

jest.setTimeout(30_000);

const ORIGIN = 31337;
const DEST = 31338;
let origin: Env;
let dest: Env;

freshChainsForEachTest(async () => {
  [origin, dest] = await Promise.all([setupEnv(ORIGIN), setupEnv(DEST)]);
  await fundSwapper(origin);
  await write(origin, origin.a.owner, {
    address: origin.d.settlement,
    abi: intentSettlementAbi,
    functionName: 'setDestinationSettler',
    args: [BigInt(DEST), dest.d.destinationSettler],
  });
  // the solver holds USDC on the destination and lets the destination settler pull it
  await mint(dest, dest.d.tokens.USDC, dest.a.solver.address, 1_000_000n * USDC_UNIT);
  await approve(dest, dest.a.solver, dest.d.tokens.USDC, dest.d.destinationSettler);
  return [origin, dest];
});

let nonce = 1000n;
async function crossIntent(overrides: Partial<Intent> = {}) {
  const now = await origin.chain.now();
  const intent = makeIntent(origin, now, {
    buyToken: dest.d.tokens.USDC,
    destinationChainId: DEST,
    nonce: nonce++,
    ...overrides,
  });
  const award = makeAward(origin, intent, now, { auctionId: ('0x' + 'c7'.repeat(32)) as Hex });
  return {
    intent,
    award,
    signature: await signIntent(intent, origin.a.swapper, origin.domain),
    auctioneerSignature: await signAward(award, origin.domain, origin.a.auctioneer),
  };
}

type Signed = Awaited<ReturnType<typeof crossIntent>>;

function openCall(s: Signed) {
  return {
    address: origin.d.settlement,
    abi: intentSettlementAbi,
    functionName: 'open',
    args: [toSolidityIntent(s.intent), s.signature, toSolidityAward(s.award), s.auctioneerSignature],
  };
}

async function open(s: Signed) {
  const receipt = await write(origin, origin.a.solver, openCall(s));
  const [opened] = eventsOf(receipt, intentSettlementAbi, 'Opened');
  return opened.args as { orderId: Hex; originData: Hex; fillDeadline: bigint; buyAmount: bigint };
}

function fill(orderId: Hex, originData: Hex, amount: bigint, from: LocalAccount = dest.a.solver) {
  return write(dest, from, {
    address: dest.d.destinationSettler,
    abi: destinationSettlerAbi,
    functionName: 'fill',
    args: [orderId, originData, encodeFillerData(amount)],
  });
}

/** The attester: reads the Filled event off the destination chain and signs the proof for the origin. */
async function attest(orderId: Hex, signer: LocalAccount = origin.a.attester) {
  const [filled] = await dest.chain.publicClient.getContractEvents({
    address: dest.d.destinationSettler,
    abi: destinationSettlerAbi,
    eventName: 'Filled',
    args: { orderId },
    fromBlock: 0n,
  });
  const proof: FillProof = {
    orderId,
    destinationChainId: BigInt(DEST),
    destinationSettler: filled.address,
    filler: filled.args.filler!,
    amount: filled.args.amount!,
    filledAt: filled.args.filledAt!,
  };
  return { proof, signature: await signFillProof(proof, origin.domain, signer) };
}

function repay(orderId: Hex, proof: FillProof, signature: Hex, from: LocalAccount = origin.a.stranger) {
  return write(origin, from, {
    address: origin.d.settlement,
    abi: intentSettlementAbi,
    functionName: 'repay',
    args: [orderId, proof, signature],
  });
}

describe('cross-chain: open → fill → repay', () => {
  it('escrows on open, delivers on fill, repays the solver on a valid attester proof', async () => {
    const s = await crossIntent();
    const { WETH } = origin.d.tokens;
    const opened = await open(s);
    expect(opened.orderId).toBe(s.award.intentHash);
    // originData names the awarded solver and its exclusivity window (10 minutes from open)
    const openedAt = (await origin.chain.publicClient.getBlock()).timestamp;
    expect(opened.originData).toBe(
      encodeOriginData(s.intent, origin.d.settlement, { solver: s.award.solver, exclusiveUntil: openedAt + 600n }),
    );
    expect(opened.fillDeadline).toBe(BigInt(s.intent.deadline));
    expect(await balanceOf(origin, WETH, origin.d.settlement)).toBe(WETH_UNIT);
    const order = await read<readonly unknown[]>(origin, {
      address: origin.d.settlement,
      abi: intentSettlementAbi,
      functionName: 'orders',
      args: [opened.orderId],
    });
    expect(order[0]).toBe(1); // Open

    const fillReceipt = await fill(opened.orderId, opened.originData, 2960n * USDC_UNIT);
    const [filled] = eventsOf(fillReceipt, destinationSettlerAbi, 'Filled');
    expect(filled.args).toMatchObject({
      orderId: opened.orderId,
      filler: dest.a.solver.address,
      recipient: getAddress(s.intent.recipient),
      amount: 2960n * USDC_UNIT,
      originChainId: BigInt(ORIGIN),
      originSettler: getAddress(origin.d.settlement),
    });
    expect(await balanceOf(dest, dest.d.tokens.USDC, s.intent.recipient)).toBe(2960n * USDC_UNIT);

    const { proof, signature } = await attest(opened.orderId);
    const solverBefore = await balanceOf(origin, WETH, origin.a.solver.address);
    const receipt = await repay(opened.orderId, proof, signature);
    expect(eventsOf(receipt, intentSettlementAbi, 'Repaid')[0].args).toEqual({
      orderId: opened.orderId,
      solver: origin.a.solver.address,
      sellToken: getAddress(WETH),
      amount: WETH_UNIT,
    });
    expect((await balanceOf(origin, WETH, origin.a.solver.address)) - solverBefore).toBe(WETH_UNIT);
    expect(await balanceOf(origin, WETH, origin.d.settlement)).toBe(0n);

    // double repay
    await expectRevert(repay(opened.orderId, proof, signature), 'OrderClosed', [opened.orderId, 2]);
  });

  it('refuses bad fill proofs', async () => {
    const s = await crossIntent();
    const { orderId, originData } = await open(s);
    await fill(orderId, originData, 2950n * USDC_UNIT);
    const { proof, signature } = await attest(orderId);
    const resign = (p: FillProof) => signFillProof(p, origin.domain, origin.a.attester);

    // signed by someone other than the attester
    const byStranger = await signFillProof(proof, origin.domain, origin.a.stranger);
    await expectRevert(repay(orderId, proof, byStranger), 'InvalidAttesterSignature');
    // a field changed after signing
    await expectRevert(repay(orderId, { ...proof, amount: proof.amount + 1n }, signature), 'InvalidAttesterSignature');
    // a proof signed under another chain's domain
    const otherDomain = await signFillProof(proof, getChainDomain(DEST, origin.d.settlement), origin.a.attester);
    await expectRevert(repay(orderId, proof, otherDomain), 'InvalidAttesterSignature');
    // even the attester cannot repay: less than awarded, someone else's fill, a late fill, a foreign settler
    const low = { ...proof, amount: 2949n * USDC_UNIT };
    await expectRevert(repay(orderId, low, await resign(low)), 'FillAmountTooLow', [low.amount, 2950n * USDC_UNIT]);
    const other = { ...proof, filler: origin.a.otherSolver.address };
    await expectRevert(repay(orderId, other, await resign(other)), 'FillerNotAwardedSolver', [
      other.filler,
      origin.a.solver.address,
    ]);
    const late = { ...proof, filledAt: BigInt(s.intent.deadline) + 1n };
    await expectRevert(repay(orderId, late, await resign(late)), 'FillTooLate', [
      late.filledAt,
      BigInt(s.intent.deadline),
    ]);
    const foreign = { ...proof, destinationSettler: origin.a.stranger.address as Address };
    await expectRevert(repay(orderId, foreign, await resign(foreign)), 'UnknownDestinationSettler', [
      BigInt(DEST),
      foreign.destinationSettler,
    ]);
    // a proof for another order
    const s2 = await crossIntent();
    const o2 = await open(s2);
    await expectRevert(repay(o2.orderId, proof, signature), 'FillProofOrderMismatch', [orderId, o2.orderId]);
    // an id that was never opened
    const unknown = ('0x' + '00'.repeat(31) + '01') as Hex;
    await expectRevert(repay(unknown, { ...proof, orderId: unknown }, signature), 'UnknownOrder', [unknown]);

    // the genuine proof still works afterwards
    await repay(orderId, proof, signature);
  });

  it('refunds the swapper after fillDeadline + proofWindow when nobody proves a fill', async () => {
    const s = await crossIntent();
    const { orderId } = await open(s);
    const refund = () =>
      write(origin, origin.a.stranger, {
        address: origin.d.settlement,
        abi: intentSettlementAbi,
        functionName: 'refund',
        args: [orderId],
      });
    const refundableAt = BigInt(s.intent.deadline) + 3600n;
    await expectRevert(refund(), 'RefundTooEarly', [refundableAt]);
    await origin.chain.setTime(refundableAt - 1n); // the refund would be mined at exactly refundableAt: too early
    await expectRevert(refund(), 'RefundTooEarly', [refundableAt]);
    await origin.chain.setTime(refundableAt);
    const before = await balanceOf(origin, origin.d.tokens.WETH, origin.a.swapper.address);
    const receipt = await refund();
    expect(eventsOf(receipt, intentSettlementAbi, 'Refunded')).toHaveLength(1);
    expect((await balanceOf(origin, origin.d.tokens.WETH, origin.a.swapper.address)) - before).toBe(WETH_UNIT);
    await expectRevert(refund(), 'OrderClosed', [orderId, 3]);
  });

  it('refuses open for same-chain intents, by a non-awarded caller, and a replayed nonce', async () => {
    const same = await crossIntent({ destinationChainId: ORIGIN });
    await expectRevert(write(origin, origin.a.solver, openCall(same)), 'SameChainIntent');
    const s = await crossIntent();
    await expectRevert(write(origin, origin.a.otherSolver, openCall(s)), 'NotAwardedSolver', [
      origin.a.otherSolver.address,
      origin.a.solver.address,
    ]);
    await open(s);
    await expectRevert(write(origin, origin.a.solver, openCall(s)), 'NonceUsed', [
      origin.a.swapper.address,
      s.intent.nonce,
    ]);
  });
});

describe('cross-chain: destination refusals', () => {
  it('refuses a double fill, a mismatched order id, a fill below the minimum, a late fill, the wrong chain', async () => {
    const s = await crossIntent();
    const { orderId, originData } = await open(s);
    const fillAs = (id: Hex, data: Hex, amount: bigint) => fill(id, data, amount);

    await expectRevert(fillAs(orderId, originData, 2899n * USDC_UNIT), 'FillBelowMinimum', [
      2899n * USDC_UNIT,
      2900n * USDC_UNIT,
    ]);
    const wrongId = ('0x' + 'ee'.repeat(32)) as Hex;
    await expectRevert(fillAs(wrongId, originData, 2950n * USDC_UNIT), 'OrderIdMismatch', [wrongId, orderId]);
    await expectRevert(
      write(dest, dest.a.solver, {
        address: dest.d.destinationSettler,
        abi: destinationSettlerAbi,
        functionName: 'fill',
        args: [orderId, originData, '0x01'],
      }),
      'InvalidFillerData',
    );

    await fillAs(orderId, originData, 2950n * USDC_UNIT);
    await expectRevert(fillAs(orderId, originData, 2950n * USDC_UNIT), 'AlreadyFilled', [
      orderId,
      dest.a.solver.address,
    ]);

    // an intent whose destination is the origin chain cannot be filled on chain 31338
    const elsewhere = { ...s.intent, destinationChainId: 10 };
    const elsewhereId = hashIntent(elsewhere, origin.domain);
    await expectRevert(
      fillAs(
        elsewhereId,
        encodeOriginData(elsewhere, origin.d.settlement, { solver: s.award.solver, exclusiveUntil: 0n }),
        2950n * USDC_UNIT,
      ),
      'WrongDestinationChain',
      [10n],
    );

    const s2 = await crossIntent();
    const o2 = await open(s2);
    await dest.chain.setTime(BigInt(s2.intent.deadline) + 1n);
    await expectRevert(fillAs(o2.orderId, o2.originData, 2950n * USDC_UNIT), 'FillDeadlinePassed', [
      BigInt(s2.intent.deadline),
    ]);
  });
});
