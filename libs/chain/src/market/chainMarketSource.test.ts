import {
  exchangeStableSwap,
  stableRate,
  getAmountOutConstantProduct,
  swapConcentratedExactIn,
  type ConcentratedPool,
  type ConstantProductPool,
  type Market,
  type StableSwapPool,
} from '@intentmesh/routing';
import {
  ChainMarketSource,
  memoryStateStore,
  startLocalChain,
  type LocalChain,
  type FactorySpec,
} from '@intentmesh/chain';
import { maxUint256, type Address } from 'viem';
import { mockErc20Abi, stableSwapAbi, stableSwapBytecode } from '@intentmesh/contracts';
import { abis, deployUniswap, type Uniswap } from '../../../../test/support/uniswap';

const Q96 = 2n ** 96n;
const E18 = 10n ** 18n;

let local: LocalChain;
let uni: Uniswap;
let factories: FactorySpec[];
let A: Address, B: Address, C: Address;
let pairAB: Address, pairBC: Address, poolAB: Address, poolAC: Address;

const byId = (m: Market) => [...m.pools].sort((x, y) => (x.id < y.id ? -1 : 1));
const source = (extra: Partial<ConstructorParameters<typeof ChainMarketSource>[0]> = {}) =>
  new ChainMarketSource({
    client: local.publicClient,
    chainId: 31337,
    factories,
    tokens: [{ address: A, priceUsdE18: 3000n * E18 }],
    ...extra,
  });
/** What a full load from scratch sees now. */
const fresh = async () => {
  const s = source();
  await s.start();
  return s.current();
};
const pool = <K extends 'constantProduct' | 'concentrated'>(m: Market, id: Address, kind: K) => {
  const p = m.pools.find((x) => x.id === id);
  if (!p || p.kind !== kind) throw new Error(`pool ${id} missing`);
  return p as K extends 'concentrated' ? ConcentratedPool : ConstantProductPool;
};

beforeAll(async () => {
  local = await startLocalChain({ chainId: 31337 });
  uni = await deployUniswap(local);
  factories = [
    { kind: 'v2', address: uni.v2Factory },
    { kind: 'v3', address: uni.v3Factory },
  ];
  A = await uni.token('AAA', 18);
  B = await uni.token('BBB', 6);
  C = await uni.token('CCC', 18);
  pairAB = await uni.v2Pair(A, B, 1000n * E18, 3_000_000n * 10n ** 6n);
  pairBC = await uni.v2Pair(B, C, 2_000_000n * 10n ** 6n, 500n * E18);
  // concentrated liquidity: a narrow band, a wider one and a full-range position, so swaps cross initialized ticks
  const [t0] = BigInt(A) < BigInt(B) ? [A, B] : [B, A];
  // price of token1 per token0 in raw units: A is 1e18 units for 3000e6 B units
  const sqrt = t0 === A ? sqrtPrice(3000n * 10n ** 6n, E18) : sqrtPrice(E18, 3000n * 10n ** 6n);
  const tick = Math.round(Math.log(Number(sqrt) ** 2 / 2 ** 192) / Math.log(1.0001));
  const at = (d: number) => Math.round((tick + d) / 60) * 60;
  poolAB = await uni.v3Pool(A, B, 3000, sqrt, [
    [at(-600), at(600), 50n * E18, 150_000n * 10n ** 6n],
    [at(-6000), at(4000), 500n * E18, 1_500_000n * 10n ** 6n],
    [-887220, 887220, 100n * E18, 300_000n * 10n ** 6n],
  ]);
  poolAC = await uni.v3Pool(A, C, 500, Q96, [[-1000, 1000, 100n * E18, 100n * E18]]);
}, 60_000);

afterAll(() => local?.close());

function sqrtPrice(amount1: bigint, amount0: bigint): bigint {
  // floor(sqrt(amount1 / amount0) * 2^96), by Newton's method on integers
  const n = (amount1 << 192n) / amount0;
  let x = n;
  let y = (x + 1n) / 2n;
  while (y < x) [x, y] = [y, (y + n / y) / 2n];
  return x;
}

/** The market's answer for a V3 swap against the pool's own (SwapRouter.exactInputSingle, simulated at the head). */
async function expectV3Exact(m: Market, id: Address, tokenIn: Address, amountIn: bigint) {
  const p = pool(m, id, 'concentrated');
  const zeroForOne = p.token0 === tokenIn;
  const model = swapConcentratedExactIn(p, p, zeroForOne, amountIn);
  const chain = await uni.swapV3(tokenIn, zeroForOne ? p.token1 : p.token0, p.fee, amountIn, true);
  expect(model?.amountOut).toBe(chain);
  return model!;
}

describe('chain market - a fresh full load', () => {
  it('equals the deployed state: reserves, slot0, liquidity and every initialized tick in the window', async () => {
    const s = source();
    const { resumed, block } = await s.start();
    expect(resumed).toBe(false);
    const m = s.current();
    expect(m.pools.map((p) => p.id).sort()).toEqual([pairAB, pairBC, poolAB, poolAC].sort());
    expect(m.tokens.map((t) => t.address).sort()).toEqual([A, B, C].map((a) => a.toLowerCase()).sort());
    expect(m.tokens.find((t) => t.address === B)).toMatchObject({ symbol: 'BBB', decimals: 6, priceUsdE18: 0n });
    expect(m.tokens.find((t) => t.address === A)?.priceUsdE18).toBe(3000n * E18);
    for (const pair of [pairAB, pairBC]) {
      const [r0, r1] = (await local.publicClient.readContract({
        address: pair,
        abi: abis.v2Pair,
        functionName: 'getReserves',
        blockNumber: block.number,
      })) as [bigint, bigint];
      expect(pool(m, pair, 'constantProduct')).toMatchObject({ reserve0: r0, reserve1: r1, feeBps: 30 });
    }
    const p = pool(m, poolAB, 'concentrated');
    const [sqrtPriceX96, tick] = (await local.publicClient.readContract({
      address: poolAB,
      abi: abis.v3Pool,
      functionName: 'slot0',
    })) as [bigint, number];
    const liquidity = await local.publicClient.readContract({
      address: poolAB,
      abi: abis.v3Pool,
      functionName: 'liquidity',
    });
    expect(p).toMatchObject({ sqrtPriceX96, tick, liquidity, fee: 3000, tickSpacing: 60 });
    for (const t of p.ticks) {
      const [gross, net] = (await local.publicClient.readContract({
        address: poolAB,
        abi: abis.v3Pool,
        functionName: 'ticks',
        args: [t.index],
      })) as [bigint, bigint];
      // the two window edges carry the liquidity that continues beyond them (plus what the chain has there)
      if (t.index !== p.ticks[0].index && t.index !== p.ticks[p.ticks.length - 1].index)
        expect(t).toEqual({ index: t.index, liquidityNet: net, liquidityGross: gross });
    }
    expect(p.ticks.length).toBeGreaterThanOrEqual(4);
    expect(p.ticks.reduce((s, t) => s + t.liquidityNet, 0n)).toBe(0n);
  });

  it('quotes to the wei what the pools deliver, V2 and V3, across initialized ticks', async () => {
    const m = await fresh();
    const pair = pool(m, pairAB, 'constantProduct');
    const amountIn = 7n * E18;
    const [rin, rout] = pair.token0 === A ? [pair.reserve0, pair.reserve1] : [pair.reserve1, pair.reserve0];
    expect(getAmountOutConstantProduct(amountIn, rin, rout, 30)).toBe(
      (amountIn * 997n * rout) / (rin * 1000n + amountIn * 997n),
    );
    for (const amount of [E18, 50n * E18, 400n * E18]) await expectV3Exact(m, poolAB, A, amount);
    const crossing = await expectV3Exact(m, poolAB, A, 400n * E18);
    expect(crossing.ticksCrossed).toBeGreaterThan(0);
    await expectV3Exact(m, poolAB, B, 2_000_000n * 10n ** 6n);
    await expectV3Exact(m, poolAC, C, 30n * E18);
  });

  it('reads the same state through plain eth_call batches where the chain has no Multicall3', async () => {
    const s = source({ multicall3: null });
    await s.start();
    expect(byId(s.current())).toEqual(byId(await fresh()));
  });
});

describe('chain market - kept current', () => {
  it('an outside swap moves a pool between two reads, and the next sync (one block later) reflects it', async () => {
    const s = source();
    await s.start();
    const before = pool(s.current(), poolAB, 'concentrated');
    await uni.swapV3(A, B, 3000, 20n * E18);
    await uni.swapV2(pairAB, A, 3n * E18);
    const r = await s.sync();
    expect(r).toMatchObject({ reorg: false, changed: 2 });
    expect(r.toBlock).toBe(await local.publicClient.getBlockNumber()); // every block since the last read, one sync
    const after = s.current();
    expect(pool(after, poolAB, 'concentrated').sqrtPriceX96).not.toBe(before.sqrtPriceX96);
    expect(byId(after)).toEqual(byId(await fresh()));
    await expectV3Exact(after, poolAB, A, 100n * E18);
    expect(await s.sync()).toMatchObject({ changed: 0 });
  });

  it('takes in new pools, and liquidity added to a V3 pool, from the blocks it syncs', async () => {
    const s = source();
    await s.start();
    const D = await uni.token('DDD', 8);
    const pairAD = await uni.v2Pair(A, D, 10n * E18, 10n ** 10n);
    const poolCD = await uni.v3Pool(C, D, 10000, Q96, [[-20000, 20000, E18, E18]]);
    await uni.v3Pool(A, C, 500, Q96, [[-200, 200, 50n * E18, 50n * E18]]); // minted into the existing pool
    const r = await s.sync();
    expect(r.added).toBe(2);
    const m = s.current();
    expect(m.pools.map((p) => p.id)).toEqual(expect.arrayContaining([pairAD, poolCD]));
    expect(m.tokens.find((t) => t.address === D)?.decimals).toBe(8);
    expect(byId(m)).toEqual(byId(await fresh()));
    await expectV3Exact(m, poolAC, A, 60n * E18);
  });

  it('a restart resumes from its saved cursor and agrees with a fresh full load', async () => {
    const store = memoryStateStore();
    const first = source({ store });
    await first.start();
    await first.close();
    const saved = first.block!;
    await uni.swapV3(B, A, 3000, 100_000n * 10n ** 6n);
    await uni.swapV2(pairBC, C, E18);
    const second = source({ store });
    const { resumed, block } = await second.start();
    expect(resumed).toBe(true);
    expect(block.number).toBeGreaterThan(saved.number);
    expect(block.number).toBe(await local.publicClient.getBlockNumber());
    expect(byId(second.current())).toEqual(byId(await fresh()));
    // a changed configuration does not reuse state saved for another one
    expect((await source({ store, maxPools: 3 }).start()).resumed).toBe(false);
  });

  it('a reorg (the cursor block replaced) rewinds, forgets the orphaned pool and reads the new branch', async () => {
    const store = memoryStateStore();
    const s = source({ store });
    await s.start();
    const snap = await local.snapshot();
    const E = await uni.token('EEE', 18);
    const orphan = await uni.v2Pair(A, E, E18, E18);
    await uni.swapV2(pairAB, B, 1000n * 10n ** 6n);
    await s.sync();
    expect(s.current().pools.some((p) => p.id === orphan)).toBe(true);
    await local.revert(snap);
    // the other branch: a different trade, to a height past the orphaned one
    for (let i = 0; i < 3; i++) await uni.swapV2(pairAB, A, E18 / 10n);
    const r = await s.sync();
    expect(r.reorg).toBe(true);
    const m = s.current();
    expect(m.pools.some((p) => p.id === orphan)).toBe(false);
    expect(byId(m)).toEqual(byId(await fresh()));
    // and a restart after the reorg starts from the rewound cursor
    await s.close();
    const again = source({ store });
    expect((await again.start()).resumed).toBe(true);
    expect(byId(again.current())).toEqual(byId(m));
  });
});

describe('chain market - StableSwap (ours: no factory; its Seeded event announces it)', () => {
  let S: Address, X: Address, Y: Address;
  const balancesAtSeed = [2_000_000n * E18, 1_500_000n * 10n ** 6n, 1_800_000n * 10n ** 6n];
  const withStable = (extra: Partial<ConstructorParameters<typeof ChainMarketSource>[0]> = {}) =>
    source({ factories: [...factories, { kind: 'stable' }], ...extra });
  const stable = (m: Market): StableSwapPool => {
    const p = m.pools.find((x) => x.id === S);
    if (!p || p.kind !== 'stableSwap') throw new Error(`stable pool ${S} missing`);
    return p;
  };
  const write = async (call: unknown) => {
    const wallet = local.walletFor(local.accounts[0]);
    const r = await local.publicClient.waitForTransactionReceipt({ hash: await wallet.writeContract(call as never) });
    if (r.status !== 'success') throw new Error('transaction failed');
  };

  beforeAll(async () => {
    X = await uni.token('XUSD', 18);
    Y = await uni.token('YUSD', 6);
    const wallet = local.walletFor(local.accounts[0]);
    const hash = await wallet.deployContract({
      abi: stableSwapAbi,
      bytecode: stableSwapBytecode,
      args: [[X, Y, B], [18, 6, 6], 200n, 4_000_000n, 5_000_000_000n],
    });
    S = (await local.publicClient.waitForTransactionReceipt({ hash })).contractAddress!.toLowerCase() as Address;
    for (const [k, t] of [X, Y, B].entries())
      await write({ address: t, abi: mockErc20Abi, functionName: 'transfer', args: [S, balancesAtSeed[k]] });
    await write({ address: S, abi: stableSwapAbi, functionName: 'seed', args: [] });
    await write({ address: X, abi: mockErc20Abi, functionName: 'approve', args: [S, maxUint256] });
  });

  it('is found from its Seeded event, or read by address, with the balances and parameters the chain holds', async () => {
    const found = withStable();
    await found.start();
    expect(stable(found.current())).toEqual({
      kind: 'stableSwap',
      id: S,
      chainId: 31337,
      tokens: [X, Y, B],
      balances: balancesAtSeed,
      amplification: 200n,
      fee: 4_000_000n,
      adminFee: 5_000_000_000n,
    });
    const listed = source({ factories: [], pools: [{ kind: 'stable', address: S }] });
    await listed.start();
    expect(stable(listed.current())).toEqual(stable(found.current()));
    // without the 'stable' discovery and not listed, it is not part of the market
    const plain = source();
    await plain.start();
    expect(plain.current().pools.some((p) => p.id === S)).toBe(false);
  });

  it('an outside exchange is reflected by the next sync; the quote equals what exchange pays; a restart agrees with a fresh load', async () => {
    const store = memoryStateStore();
    const first = withStable({ store });
    await first.start();
    const live = withStable();
    await live.start();
    await first.close();
    const before = stable(live.current()).balances;
    await write({
      address: S,
      abi: stableSwapAbi,
      functionName: 'exchange',
      args: [0n, 1n, 50_000n * E18, 0n, uni.owner],
    });
    expect(await live.sync()).toMatchObject({ changed: 1, reread: 1 });
    const moved = stable(live.current());
    expect(moved.balances).not.toEqual(before);
    expect(moved.balances).toEqual(
      await local.publicClient.readContract({ address: S, abi: stableSwapAbi, functionName: 'getBalances' }),
    );
    // the next trade, predicted from the synced state, is what the pool pays to the wei
    const params = { ...moved, rates: [18, 6, 6].map(stableRate) };
    const dx = 12_345n * E18 + 7n;
    const predicted = exchangeStableSwap(params, moved.balances, 0, 2, dx)!;
    const { result } = await local.publicClient.simulateContract({
      account: uni.owner,
      address: S,
      abi: stableSwapAbi,
      functionName: 'exchange',
      args: [0n, 2n, dx, 0n, uni.owner],
    });
    expect(result).toBe(predicted.dy);
    // restart: the saved cursor predates the exchange
    const second = withStable({ store });
    expect((await second.start()).resumed).toBe(true);
    const fresh = withStable();
    await fresh.start();
    expect(byId(second.current())).toEqual(byId(fresh.current()));
    expect(stable(second.current())).toEqual(moved);
  });
});
