// Property (issue 23): whatever the solver's interactions do — route into the executor, pay the recipient directly,
// make a third party pay it, fill other orders to it, move tokens around — a settle that succeeds pays the recipient
// exactly award.buyAmount on top of what the interactions themselves sent it, leaves the executor empty, and the
// same award can never be satisfied again.
import { getChainDomain, hashIntent, type Intent } from '@intentmesh/protocol';
import fc from 'fast-check';
import { maxUint256, type Address, type Hex } from 'viem';
import {
  destinationSettlerAbi,
  encodeFillerData,
  encodeOriginData,
  intentSettlementAbi,
  mockErc20Abi,
  mockPoolAbi,
  mockVestingWalletAbi,
  mockVestingWalletBytecode,
  type Interaction,
} from '@intentmesh/chain';
import { eventsOf, expectRevert, lower, setupEnv, type Env } from './fixtures/env';
import { USDC_UNIT, WETH_UNIT, approve, balanceOf, fundSwapper, mint } from './fixtures/tokens';
import { call, executorOf, makeAward, makeIntent, settle, signedSettlement } from './fixtures/settlement';

jest.setTimeout(120_000);

let env: Env;
let base: Hex;
let vesting: Address;

beforeAll(async () => {
  env = await setupEnv();
  await fundSwapper(env);
  const hash = await env.chain.walletFor(env.a.owner).deployContract({
    abi: mockVestingWalletAbi,
    bytecode: mockVestingWalletBytecode,
    args: [env.a.recipient.address],
  });
  vesting = lower((await env.chain.publicClient.waitForTransactionReceipt({ hash })).contractAddress!);
  base = await env.chain.snapshot();
});
afterAll(() => env?.chain.close());

/** One step of a solver's interactions, with its effect on the model. */
type Step =
  | { kind: 'route' } // approve + swap 1 WETH → 3000 USDC into the executor (once)
  | { kind: 'routeToRecipient' } // the old way: swap straight to the recipient (does not count)
  | { kind: 'thirdParty'; amount: bigint } // vesting.release(): the recipient is paid its own money
  | { kind: 'payRecipient'; amount: bigint } // the executor transfers USDC to the recipient itself
  | { kind: 'mintToExecutor'; amount: bigint } // the solver brings its own USDC into the executor
  | { kind: 'nestedFill'; amount: bigint; exclusive: boolean }; // fill another order to the same recipient

const usdcAmount = fc.bigInt({ min: 0n, max: 4000n }).map((n) => n * USDC_UNIT);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>({ kind: 'route' }),
  fc.constant<Step>({ kind: 'routeToRecipient' }),
  usdcAmount.map<Step>((amount) => ({ kind: 'thirdParty', amount })),
  usdcAmount.map<Step>((amount) => ({ kind: 'payRecipient', amount })),
  usdcAmount.map<Step>((amount) => ({ kind: 'mintToExecutor', amount })),
  fc
    .record({ amount: usdcAmount.map((a) => a + USDC_UNIT), exclusive: fc.boolean() })
    .map<Step>((r) => ({ kind: 'nestedFill', ...r })),
);

let orderNonce = 1n;
/** Interactions for `steps`, and what the model predicts: success, and USDC sent to the recipient by them. */
async function plan(steps: Step[], buyAmount: bigint, solverFunded: boolean) {
  const { USDC, WETH } = env.d.tokens;
  const executor = executorOf(env);
  const recipient = lower(env.a.recipient.address);
  const now = await env.chain.now();
  const interactions: Interaction[] = [];
  let held = 0n; // USDC in the executor
  let wethHeld = WETH_UNIT; // the sell tokens arrive first
  let byInteractions = 0n; // USDC the interactions themselves sent to the recipient
  let ok = true;
  for (const step of steps) {
    switch (step.kind) {
      case 'route':
      case 'routeToRecipient': {
        interactions.push(call(WETH, mockErc20Abi, 'approve', [env.d.pool, maxUint256]));
        interactions.push(
          call(env.d.pool, mockPoolAbi, 'swap', [WETH, USDC, WETH_UNIT, step.kind === 'route' ? executor : recipient]),
        );
        if (wethHeld < WETH_UNIT) ok = false;
        wethHeld -= WETH_UNIT;
        if (step.kind === 'route') held += 3000n * USDC_UNIT;
        else byInteractions += 3000n * USDC_UNIT;
        break;
      }
      case 'thirdParty': {
        await mint(env, USDC, vesting, step.amount);
        interactions.push(call(vesting, mockVestingWalletAbi, 'release', [USDC]));
        byInteractions += step.amount;
        break;
      }
      case 'payRecipient': {
        interactions.push(call(USDC, mockErc20Abi, 'transfer', [recipient, step.amount]));
        if (held < step.amount) ok = false;
        held -= step.amount;
        byInteractions += step.amount;
        break;
      }
      case 'mintToExecutor': {
        interactions.push(call(USDC, mockErc20Abi, 'mint', [executor, step.amount]));
        held += step.amount;
        break;
      }
      case 'nestedFill': {
        // an order from another chain to the same recipient; exclusive = the real window for another solver
        const intent: Intent = {
          ...makeIntent(env, now, { recipient, buyToken: USDC, minBuyAmount: 1n }),
          sourceChainId: 31338,
          destinationChainId: 31337,
          nonce: orderNonce++,
        };
        const origin = '0x00000000000000000000000000000000000051e7' as Address;
        const orderId = hashIntent(intent, getChainDomain(31338, origin));
        const terms = step.exclusive
          ? { solver: lower(env.a.otherSolver.address), exclusiveUntil: now + 600n }
          : { solver: executor, exclusiveUntil: 0n };
        interactions.push(call(USDC, mockErc20Abi, 'approve', [env.d.destinationSettler, step.amount]));
        interactions.push(
          call(env.d.destinationSettler, destinationSettlerAbi, 'fill', [
            orderId,
            encodeOriginData(intent, origin, terms),
            encodeFillerData(step.amount),
          ]),
        );
        if (step.exclusive || held < step.amount) ok = false;
        held -= step.amount;
        byInteractions += step.amount;
        break;
      }
    }
  }
  if (ok && held < buyAmount && !solverFunded) ok = false;
  return { interactions, ok, byInteractions, held };
}

it('the recipient receives exactly award.buyAmount from the settlement, and no award is satisfied twice', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(stepArb, { minLength: 0, maxLength: 6 }),
      fc.bigInt({ min: 2900n, max: 3500n }).map((n) => n * USDC_UNIT),
      fc.boolean(),
      async (steps, buyAmount, solverFunded) => {
        await env.chain.revert(base);
        base = await env.chain.snapshot();
        const { USDC } = env.d.tokens;
        if (solverFunded) {
          await mint(env, USDC, env.a.solver.address, buyAmount);
          await approve(env, env.a.solver, USDC, env.d.settlement);
        }
        const now = await env.chain.now();
        const intent = makeIntent(env, now);
        const award = makeAward(env, intent, now, { buyAmount });
        const model = await plan(steps, buyAmount, solverFunded);
        const s = await signedSettlement(env, intent, award, model.interactions);
        const recipientBefore = await balanceOf(env, USDC, env.a.recipient.address);
        const solverBefore = await balanceOf(env, USDC, env.a.solver.address);

        const outcome = await settle(env, s).then(
          (r) => r,
          () => undefined,
        );
        expect(outcome !== undefined).toBe(model.ok);
        const received = (await balanceOf(env, USDC, env.a.recipient.address)) - recipientBefore;
        if (!outcome) {
          expect(received).toBe(0n);
          return;
        }
        // what the settlement paid = the rise minus what the interactions sent on their own
        expect(received - model.byInteractions).toBe(buyAmount);
        const [settled] = eventsOf(outcome, intentSettlementAbi, 'Settled');
        expect((settled.args as { delivered: bigint }).delivered).toBe(buyAmount);
        // the executor is empty; the solver got the executor's surplus (minus the award if it paid it itself)
        expect(await balanceOf(env, USDC, executorOf(env))).toBe(0n);
        expect(await balanceOf(env, env.d.tokens.WETH, executorOf(env))).toBe(0n);
        expect((await balanceOf(env, USDC, env.a.solver.address)) - solverBefore).toBe(model.held - buyAmount);
        // the award is spent: the same settlement cannot pay out again
        await expectRevert(settle(env, s), 'NonceUsed');
      },
    ),
    { numRuns: 100 },
  );
});

it('a nested fill inside settle is a separate payment: the recipient gets both amounts', async () => {
  await env.chain.revert(base);
  base = await env.chain.snapshot();
  const now = await env.chain.now();
  const intent = makeIntent(env, now);
  const award = makeAward(env, intent, now);
  const steps: Step[] = [
    { kind: 'route' },
    { kind: 'mintToExecutor', amount: 2950n * USDC_UNIT },
    { kind: 'nestedFill', amount: 2950n * USDC_UNIT, exclusive: false },
  ];
  const model = await plan(steps, award.buyAmount, false);
  expect(model.ok).toBe(true);
  const receipt = await settle(env, await signedSettlement(env, intent, award, model.interactions));
  expect(eventsOf(receipt, destinationSettlerAbi, 'Filled')).toHaveLength(1);
  expect(await balanceOf(env, env.d.tokens.USDC, env.a.recipient.address)).toBe(5900n * USDC_UNIT);
});
