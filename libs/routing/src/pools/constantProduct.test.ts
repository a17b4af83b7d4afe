import { CurrencyAmount, Token } from '@uniswap/sdk-core';
import { Pair } from '@uniswap/v2-sdk';
import fc from 'fast-check';
import { getAmountOutConstantProduct } from './constantProduct';

const A = new Token(1, '0x0000000000000000000000000000000000000001', 18);
const B = new Token(1, '0x0000000000000000000000000000000000000002', 6);

describe('constant product', () => {
  test('equals @uniswap/v2-sdk Pair.getOutputAmount to the wei on 1,000 random 0.3% cases', () => {
    let compared = 0;
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1000n, max: 10n ** 30n }),
        fc.bigInt({ min: 1000n, max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 31n }),
        fc.boolean(),
        (r0, r1, amountIn, aToB) => {
          const pair = new Pair(
            CurrencyAmount.fromRawAmount(A, r0.toString()),
            CurrencyAmount.fromRawAmount(B, r1.toString()),
          );
          const ours = aToB
            ? getAmountOutConstantProduct(amountIn, r0, r1, 30)
            : getAmountOutConstantProduct(amountIn, r1, r0, 30);
          let sdk: bigint;
          try {
            sdk = BigInt(
              pair
                .getOutputAmount(CurrencyAmount.fromRawAmount(aToB ? A : B, amountIn.toString()))[0]
                .quotient.toString(),
            );
          } catch {
            sdk = 0n; // InsufficientInputAmountError: the sdk refuses a zero output
          }
          expect(ours).toBe(sdk);
          compared++;
        },
      ),
      { seed: 20240601, numRuns: 1000 },
    );
    expect(compared).toBe(1000);
  });

  test('hand vector: 1 in, 1000/1000 reserves, 0.3% fee', () => {
    // 1*9970*1000 / (1000*10000 + 9970) = 0.996... floors to 0; with 10 in: 99700000/10099700 = 9.87 -> 9
    expect(getAmountOutConstantProduct(1n, 1000n, 1000n, 30)).toBe(0n);
    expect(getAmountOutConstantProduct(10n, 1000n, 1000n, 30)).toBe(9n);
    expect(getAmountOutConstantProduct(10n ** 18n, 100n * 10n ** 18n, 300_000n * 10n ** 6n, 30)).toBe(2_961_474_103n);
  });
});
