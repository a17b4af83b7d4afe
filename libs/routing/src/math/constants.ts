export const Q96 = 1n << 96n;
export const MAX_UINT256 = (1n << 256n) - 1n;
export const MAX_UINT160 = (1n << 160n) - 1n;
export const MIN_TICK = -887272;
export const MAX_TICK = 887272;
export const MIN_SQRT_RATIO = 4295128739n;
export const MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342n;
// Fees in Uniswap V3 are expressed in hundredths of a bip.
export const FEE_PIPS_DENOMINATOR = 1_000_000n;
