// Gas report: measures receipts of the main entry points and writes contracts/GAS.md.
// Timestamps, nonces and keys are fixed, so the figures (and the file) are identical on every run.
import { getChainDomain, signAward, signIntent, type Award, type Intent } from '@intentmesh/protocol';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeFunctionData, maxUint256, type Hex, type TransactionReceipt } from 'viem';
import {
  compilerSettings,
  destinationSettlerAbi,
  encodeFillerData,
  intentSettlementAbi,
  mockErc1271WalletAbi,
  mockErc1271WalletBytecode,
  mockErc20Abi,
  signFillProof,
  signSolverConsent,
  solcVersion,
  solverRegistryAbi,
  toSolidityAward,
  toSolidityIntent,
} from '@intentmesh/chain';
import { eventsOf, lower, setupEnv, write, type Env } from './fixtures/env';
import { USDC_UNIT, WETH_UNIT, approve, fundSwapper, mint } from './fixtures/tokens';
import { makeAward, makeIntent, poolInteractions, settle, signedSettlement } from './fixtures/settlement';

jest.setTimeout(30_000);

const T0 = 2_000_000_000n;
let a: Env;
let b: Env;
beforeAll(async () => {
  [a, b] = await Promise.all([setupEnv(31337), setupEnv(31338)]);
  await Promise.all([a.chain.setTime(T0), b.chain.setTime(T0)]);
});
afterAll(async () => {
  await a?.chain.close();
  await b?.chain.close();
});

type Row = { op: string; conditions: string; gas: bigint };

// fixed nonces, deadlines and ids, so the gas of every run is the same
const intentFor = (env: Env, nonce: bigint, overrides: Partial<Intent> = {}): Intent =>
  makeIntent(env, T0, { nonce, deadline: Number(T0) + 10_000, ...overrides });
const awardFor = (env: Env, intent: Intent): Award =>
  makeAward(env, intent, T0, { auctionId: ('0x' + '5a'.repeat(32)) as Hex, settleBy: Number(T0) + 5_000 });

it('reports gas for settle and the other entry points, and writes contracts/GAS.md', async () => {
  const rows: Row[] = [];
  const record = (op: string, conditions: string, r: TransactionReceipt) => {
    expect(r.status).toBe('success');
    rows.push({ op, conditions, gas: r.gasUsed });
  };
  await fundSwapper(a);

  // -- single chain
  let intent = intentFor(a, 1n);
  record(
    'settle',
    '2 interactions (approve + pool swap); first settlement: deploys the executor, cold nonce word',
    await settle(a, await signedSettlement(a, intent, awardFor(a, intent))),
  );
  intent = intentFor(a, 2n);
  const steady = await settle(
    a,
    await signedSettlement(a, intent, awardFor(a, intent), poolInteractions(a, intent, false)),
  );
  expect(eventsOf(steady, intentSettlementAbi, 'Settled')).toHaveLength(1);
  record(
    '**settle**',
    '**1 interaction (pool swap); steady state: warm nonce word, executor approval in place**',
    steady,
  );
  intent = intentFor(a, 3n, { recipient: lower(a.a.stranger.address) });
  record(
    'settle',
    '1 interaction; recipient receives its first USDC (zero → non-zero balance in the buy token)',
    await settle(a, await signedSettlement(a, intent, awardFor(a, intent), poolInteractions(a, intent, false))),
  );

  // EIP-1271 swapper
  const wallet = lower(
    (
      await a.chain.publicClient.waitForTransactionReceipt({
        hash: await a.chain.walletFor(a.a.owner).deployContract({
          abi: mockErc1271WalletAbi,
          bytecode: mockErc1271WalletBytecode,
          args: [a.a.otherSolver.address],
        }),
      })
    ).contractAddress!,
  );
  await mint(a, a.d.tokens.WETH, wallet, 10n * WETH_UNIT);
  await write(a, a.a.otherSolver, {
    address: wallet,
    abi: mockErc1271WalletAbi,
    functionName: 'execute',
    args: [
      a.d.tokens.WETH,
      0n,
      encodeFunctionData({ abi: mockErc20Abi, functionName: 'approve', args: [a.d.settlement, maxUint256] }),
    ],
  });
  for (const n of [1n, 2n]) {
    intent = intentFor(a, n, { swapper: wallet });
    const r = await settle(
      a,
      await signedSettlement(a, intent, awardFor(a, intent), poolInteractions(a, intent, false), a.a.otherSolver),
    );
    if (n === 2n) record('settle', '1 interaction; EIP-1271 contract-wallet swapper, steady state', r);
  }

  record(
    'cancelNonce',
    'fresh nonce word',
    await write(a, a.a.swapper, {
      address: a.d.settlement,
      abi: intentSettlementAbi,
      functionName: 'cancelNonce',
      args: [1000n],
    }),
  );

  // -- cross chain: a (31337) → b (31338)
  await write(a, a.a.owner, {
    address: a.d.settlement,
    abi: intentSettlementAbi,
    functionName: 'setDestinationSettler',
    args: [31338n, b.d.destinationSettler],
  });
  await mint(b, b.d.tokens.USDC, b.a.solver.address, 10_000n * USDC_UNIT);
  await approve(b, b.a.solver, b.d.tokens.USDC, b.d.destinationSettler);
  const cross = intentFor(a, 10n, { destinationChainId: 31338, buyToken: b.d.tokens.USDC });
  const award = awardFor(a, cross);
  const opened = await write(a, a.a.solver, {
    address: a.d.settlement,
    abi: intentSettlementAbi,
    functionName: 'open',
    args: [
      toSolidityIntent(cross),
      await signIntent(cross, a.a.swapper, a.domain),
      toSolidityAward(award),
      await signAward(award, a.domain, a.a.auctioneer),
    ],
  });
  record('open', 'cross-chain origin: escrow the sell tokens (warm nonce word)', opened);
  const { orderId, originData } = eventsOf(opened, intentSettlementAbi, 'Opened')[0].args as {
    orderId: Hex;
    originData: Hex;
  };
  const filled = await write(b, b.a.solver, {
    address: b.d.destinationSettler,
    abi: destinationSettlerAbi,
    functionName: 'fill',
    args: [orderId, originData, encodeFillerData(2950n * USDC_UNIT)],
  });
  record('fill', 'destination settler; recipient had no USDC on the destination', filled);
  const ev = eventsOf(filled, destinationSettlerAbi, 'Filled')[0].args as {
    amount: bigint;
    filledAt: bigint;
  };
  const proof = {
    orderId,
    destinationChainId: 31338n,
    destinationSettler: b.d.destinationSettler,
    filler: b.a.solver.address,
    amount: ev.amount,
    filledAt: ev.filledAt,
  };
  record(
    'repay',
    'origin: attester-signed fill proof releases the escrow to the solver',
    await write(a, a.a.stranger, {
      address: a.d.settlement,
      abi: intentSettlementAbi,
      functionName: 'repay',
      args: [orderId, proof, await signFillProof(proof, getChainDomain(31337, a.d.settlement), a.a.attester)],
    }),
  );

  // -- registry
  const op = a.a.stranger;
  record(
    'SolverRegistry.bond',
    'native, first bond',
    await write(a, op, {
      address: a.d.registry,
      abi: solverRegistryAbi,
      functionName: 'bond',
      args: [WETH_UNIT],
      value: WETH_UNIT,
    }),
  );
  const deadline = T0 + 50_000n; // within the registry's MAX_CONSENT_LIFETIME (1 day)
  const consent = await signSolverConsent({
    solver: a.a.solver,
    operator: op.address,
    nonce: 0n,
    deadline,
    registry: a.d.registry,
    chainId: 31337,
  });
  record(
    'SolverRegistry.vouch',
    'with the solver key consent signature',
    await write(a, op, {
      address: a.d.registry,
      abi: solverRegistryAbi,
      functionName: 'vouch',
      args: [a.a.solver.address, deadline, consent],
    }),
  );

  // Aligned the way prettier formats markdown tables, so `npm run format` leaves the file unchanged.
  const head = ['operation', 'conditions', 'gas used (receipt)'];
  const body = rows.map((r) => [r.op, r.conditions, r.gas.toLocaleString('en-US')]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((c) => c[i].length)));
  const line = (cells: string[]) =>
    '| ' + cells.map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ') + ' |';
  const table = [
    line(head),
    '| ' + widths.map((w, i) => (i === 2 ? '-'.repeat(w - 1) + ':' : '-'.repeat(w))).join(' | ') + ' |',
    ...body.map(line),
  ].join('\n');
  console.log('Gas report\n' + table);
  const md = `# Gas report

Generated by \`contracts/test/gas.test.ts\` (run \`npx jest contracts/test/gas\`); do not edit by hand.

Receipt \`gasUsed\` on Hardhat EDR (hardfork cancun), so every figure includes the 21,000 intrinsic gas and the
calldata cost. Compiler: solc ${solcVersion}, evmVersion ${compilerSettings.evmVersion}, optimizer
with ${compilerSettings.optimizer.runs} runs. Timestamps, keys and nonces are fixed, so the figures are reproducible.
The headline figure is the steady-state single-chain \`settle\` with one interaction (in bold): both signatures
checked (ECDSA), nonce bit set in an already-used word, recipient checked against the executors, sell tokens
pulled into the solver's executor, one pool swap that pulls them from the executor (approval given by an earlier
settlement) and pays the buy tokens into the executor, then the settlement's own payment of exactly the award to
the recipient (with its arrival check) and the sweep of the surplus to the solver, \`Settled\` event.

Before issue 23 (one shared executor; delivery = any rise of the recipient's balance, the pool paying the
recipient directly) the same steady-state \`settle\` used **126,651** gas. The difference is the price of
paying the award from the settlement: the executor's buy-token balance goes 0 → award → 0, one more token
transfer with its balance reads, the surplus sweep (a transfer to the solver), and the executor-recipient check.

${table}
`;
  // the award study (awardGas.test.ts) writes its own section: kept as it is
  const path = join(__dirname, '..', 'GAS.md');
  const prev = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const study = prev.indexOf('<!-- award-study:start -->');
  writeFileSync(path, study === -1 ? md : `${md}\n${prev.slice(study)}`);
});
