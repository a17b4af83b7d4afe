// Our StableSwap.sol against libs/routing's stableswap math: every exchange pays what exchangeStableSwap predicts,
// and the pool's balances afterwards are the ones it predicts, to the wei.
import fc from 'fast-check';
import { exchangeStableSwap, stableRate } from '@intentmesh/routing';
import {
  mockErc20Abi,
  mockErc20Bytecode,
  stableSwapAbi,
  stableSwapBytecode,
  startLocalChain,
  type LocalChain,
} from '@intentmesh/chain';
import { maxUint256, type Address, type Hex } from 'viem';

describe('stableswap - StableSwap.sol matches libs/routing', () => {
  let chain: LocalChain;
  beforeAll(async () => {
    chain = await startLocalChain({ chainId: 31337 });
  });
  afterAll(() => chain?.close());

  it('stableswap - random pools and trades: output and balances equal exchangeStableSwap to the wei', async () => {
    const wallet = chain.walletFor(chain.accounts[0]);
    const me = chain.accounts[0].address;
    const { publicClient } = chain;
    const deploy = async (abi: readonly unknown[], bytecode: Hex, args: readonly unknown[]) =>
      (
        await publicClient.waitForTransactionReceipt({
          hash: await wallet.deployContract({ abi, bytecode, args } as never),
        })
      ).contractAddress! as Address;
    const write = async (call: unknown) =>
      publicClient.waitForTransactionReceipt({ hash: await wallet.writeContract(call as never) });
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(6, 18), { minLength: 2, maxLength: 3 }),
        fc.array(fc.integer({ min: 1_000, max: 100_000_000 }), { minLength: 3, maxLength: 3 }),
        fc.constantFrom(100n, 400n, 2000n),
        fc.constantFrom(1_000_000n, 4_000_000n),
        fc.constantFrom(0n, 5_000_000_000n),
        fc.double({ min: 0.0001, max: 0.5, noNaN: true }),
        async (decimals, sizes, amp, fee, adminFee, share) => {
          const coins: Address[] = [];
          for (const d of decimals) coins.push(await deploy(mockErc20Abi, mockErc20Bytecode, ['C', 'C', d]));
          const balances = decimals.map((d, k) => BigInt(sizes[k]) * 10n ** BigInt(d));
          const pool = await deploy(stableSwapAbi, stableSwapBytecode, [coins, decimals, amp, fee, adminFee]);
          for (const [k, c] of coins.entries())
            await write({ address: c, abi: mockErc20Abi, functionName: 'mint', args: [pool, balances[k]] });
          await write({ address: pool, abi: stableSwapAbi, functionName: 'seed', args: [] });
          const [i, j] = [0, decimals.length - 1];
          const dx = BigInt(Math.floor(sizes[i] * share)) * 10n ** BigInt(decimals[i]) + 7n;
          const predicted = exchangeStableSwap(
            { amplification: amp, fee, adminFee, rates: decimals.map(stableRate) },
            balances,
            i,
            j,
            dx,
          )!;
          await write({ address: coins[i], abi: mockErc20Abi, functionName: 'mint', args: [me, dx] });
          await write({ address: coins[i], abi: mockErc20Abi, functionName: 'approve', args: [pool, maxUint256] });
          const { result } = await publicClient.simulateContract({
            account: me,
            address: pool,
            abi: stableSwapAbi,
            functionName: 'exchange',
            args: [BigInt(i), BigInt(j), dx, 0n, me],
          });
          await write({
            address: pool,
            abi: stableSwapAbi,
            functionName: 'exchange',
            args: [BigInt(i), BigInt(j), dx, 0n, me],
          });
          expect(result).toBe(predicted.dy);
          expect(
            await publicClient.readContract({ address: pool, abi: stableSwapAbi, functionName: 'getBalances' }),
          ).toEqual(predicted.balances);
          runs++;
        },
      ),
      { seed: 15, numRuns: 25 },
    );
    expect(runs).toBe(25);
  }, 180_000);
});
