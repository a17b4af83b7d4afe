// Shared by dualUpperBound and optimizeDualPrices, so neither imports the other's module for its types.

/**
 * bridges: false = the bound only for routes without bridges. bridgeRates: per bridge id, a rate r with
 * out <= r * in for every single transfer the route can make (flat fee folded in); then no flat fee is subtracted.
 */
export type BoundOptions = { bridges?: boolean; bridgeRates?: Record<string, number> };

/** Dual prices: value of one raw unit of each token (key "chainId:address") in raw units of the buy token. */
export type DualPrices = Record<string, number>;
