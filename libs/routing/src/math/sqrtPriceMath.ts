import { MAX_UINT160, MAX_UINT256, Q96 } from './constants';
import { divRoundingUp, mulDivRoundingUp } from './fullMath';

/** amount0 between two prices: L * (sqrtB - sqrtA) / (sqrtA * sqrtB), as SqrtPriceMath.getAmount0Delta. */
export function getAmount0Delta(sqrtA: bigint, sqrtB: bigint, liquidity: bigint, roundUp: boolean): bigint {
  if (sqrtA > sqrtB) [sqrtA, sqrtB] = [sqrtB, sqrtA];
  const numerator1 = liquidity << 96n;
  const numerator2 = sqrtB - sqrtA;
  return roundUp
    ? divRoundingUp(mulDivRoundingUp(numerator1, numerator2, sqrtB), sqrtA)
    : (numerator1 * numerator2) / sqrtB / sqrtA;
}

/** amount1 between two prices: L * (sqrtB - sqrtA), as SqrtPriceMath.getAmount1Delta. */
export function getAmount1Delta(sqrtA: bigint, sqrtB: bigint, liquidity: bigint, roundUp: boolean): bigint {
  if (sqrtA > sqrtB) [sqrtA, sqrtB] = [sqrtB, sqrtA];
  return roundUp ? mulDivRoundingUp(liquidity, sqrtB - sqrtA, Q96) : (liquidity * (sqrtB - sqrtA)) / Q96;
}

function getNextSqrtPriceFromAmount0RoundingUp(sqrtP: bigint, liquidity: bigint, amount: bigint, add: boolean): bigint {
  if (amount === 0n) return sqrtP;
  const numerator1 = liquidity << 96n;
  // The chain detects uint256 overflow of amount*sqrtP; emulate it so the branch taken is identical.
  const product = (amount * sqrtP) & MAX_UINT256;
  if (add) {
    if (product / amount === sqrtP) {
      const denominator = (numerator1 + product) & MAX_UINT256;
      if (denominator >= numerator1) return mulDivRoundingUp(numerator1, sqrtP, denominator);
    }
    return divRoundingUp(numerator1, numerator1 / sqrtP + amount);
  }
  if (product / amount !== sqrtP || numerator1 <= product) throw new Error('SqrtPriceMath: price overflow');
  return mulDivRoundingUp(numerator1, sqrtP, numerator1 - product);
}

function getNextSqrtPriceFromAmount1RoundingDown(
  sqrtP: bigint,
  liquidity: bigint,
  amount: bigint,
  add: boolean,
): bigint {
  if (add) {
    const quotient = amount <= MAX_UINT160 ? (amount << 96n) / liquidity : (amount * Q96) / liquidity;
    return sqrtP + quotient;
  }
  const quotient = mulDivRoundingUp(amount, Q96, liquidity);
  if (sqrtP <= quotient) throw new Error('SqrtPriceMath: price underflow');
  return sqrtP - quotient;
}

/** Price after `amount` of token0 (`token0`) or of token1 is added to the pool (`add`) or taken from it. */
function getNextSqrtPrice(sqrtP: bigint, liquidity: bigint, amount: bigint, token0: boolean, add: boolean): bigint {
  if (sqrtP <= 0n || liquidity <= 0n) throw new Error('SqrtPriceMath: zero price or liquidity');
  return token0
    ? getNextSqrtPriceFromAmount0RoundingUp(sqrtP, liquidity, amount, add)
    : getNextSqrtPriceFromAmount1RoundingDown(sqrtP, liquidity, amount, add);
}

type NextSqrtPrice = (sqrtP: bigint, liquidity: bigint, amount: bigint, zeroForOne: boolean) => bigint;

/** zeroForOne: `amountIn` is token0. */
export const getNextSqrtPriceFromInput: NextSqrtPrice = (sqrtP, liquidity, amountIn, zeroForOne) =>
  getNextSqrtPrice(sqrtP, liquidity, amountIn, zeroForOne, true);

/** zeroForOne: `amountOut` is token1. */
export const getNextSqrtPriceFromOutput: NextSqrtPrice = (sqrtP, liquidity, amountOut, zeroForOne) =>
  getNextSqrtPrice(sqrtP, liquidity, amountOut, !zeroForOne, false);
