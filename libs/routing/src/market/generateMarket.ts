import { MAX_TICK } from '../math/constants';
import { getTickAtSqrtRatio } from '../math/tickMath';
import type { Address, Bridge, Chain, ConcentratedPool, Market, Pool, TickData, Token } from '../types';
import { deterministicAddress, tokenAddress } from './deterministicAddress';
import { createRng, type Rng } from './rng';
import { parseUnits } from './units';

export type GenerateMarketOptions = {
  seed: number;
  chains?: number[];
  tokensPerChain?: number;
  poolCount?: number;
  /** Shares of pool kinds; default 0.5 / 0.35 / 0.15. */
  mix?: { constantProduct: number; concentrated: number; stableSwap: number };
  /** Force one fee on every constant product pool (e.g. 30 to compare with @uniswap/v2-sdk). */
  constantProductFeeBps?: number;
};

const CHAIN_INFO: Record<number, { name: string; gasPriceWei: bigint }> = {
  1: { name: 'Ethereum', gasPriceWei: 20_000_000_000n },
  10: { name: 'OP Mainnet', gasPriceWei: 50_000_000n },
  42161: { name: 'Arbitrum One', gasPriceWei: 100_000_000n },
};

type Spec = { symbol: string; decimals: number; price: number };
const HUBS: Spec[] = [
  { symbol: 'WETH', decimals: 18, price: 3000 },
  { symbol: 'USDC', decimals: 6, price: 1 },
  { symbol: 'USDT', decimals: 6, price: 1 },
  { symbol: 'DAI', decimals: 18, price: 1 },
  { symbol: 'WBTC', decimals: 8, price: 60000 },
];
const STABLES = new Set(['USDC', 'USDT', 'DAI', 'FRAX', 'LUSD', 'USDE', 'GHO', 'CRVUSD']);
const EXTRA_STABLES: Spec[] = ['FRAX', 'LUSD', 'USDe', 'GHO', 'crvUSD'].map((symbol) => ({
  symbol,
  decimals: 18,
  price: 1,
}));
const KNOWN: Spec[] = [
  ['LINK', 18, 15],
  ['UNI', 18, 8],
  ['AAVE', 18, 150],
  ['ARB', 18, 0.9],
  ['OP', 18, 1.8],
  ['CRV', 18, 0.45],
  ['MKR', 18, 2000],
  ['SNX', 18, 2.5],
  ['LDO', 18, 1.9],
  ['COMP', 18, 55],
  ['PEPE', 18, 0.000009],
  ['SHIB', 18, 0.00002],
  ['wstETH', 18, 3500],
  ['rETH', 18, 3300],
  ['cbETH', 18, 3200],
  ['RPL', 18, 25],
  ['GMX', 18, 30],
  ['BAL', 18, 3.5],
  ['SUSHI', 18, 1.1],
  ['YFI', 18, 7000],
  ['1INCH', 18, 0.4],
  ['ENS', 18, 20],
  ['GRT', 18, 0.2],
  ['POL', 18, 0.5],
  ['PENDLE', 18, 4],
  ['ENA', 18, 0.6],
  ['FXS', 18, 3],
  ['RNDR', 7, 6],
  ['APE', 18, 1.2],
  ['BLUR', 18, 0.3],
].map(([symbol, decimals, price]) => ({
  symbol: symbol as string,
  decimals: decimals as number,
  price: price as number,
}));

const CP_FEES = [30, 30, 30, 5, 100];
const CL_TIERS: ReadonlyArray<readonly [fee: number, spacing: number]> = [
  [500, 10],
  [3000, 60],
  [3000, 60],
  [10000, 200],
  [100, 1],
];

/** USD price with 12 significant digits as an 18-decimal fixed point integer. */
function priceE18(price: number): bigint {
  return parseUnits(Number(price.toPrecision(12)).toFixed(18), 18);
}

/**
 * Seeded, arbitrage-free synthetic market: every pool is priced at the tokens' reference USD prices,
 * so no cycle of trades is profitable after fees. Same options -> identical market.
 */
export function generateMarket(options: GenerateMarketOptions): Market {
  const seed = options.seed;
  const rng = createRng(seed);
  const chainIds = options.chains ?? [1, 10, 42161];
  const poolCount = options.poolCount ?? 300;
  const perChain = chainIds.map(
    (_, k) => Math.floor(poolCount / chainIds.length) + (k < poolCount % chainIds.length ? 1 : 0),
  );

  // One universe of symbols so a symbol has the same reference price on every chain.
  const synthetic: Spec[] = [];
  for (let k = 0; synthetic.length < 60; k++)
    synthetic.push({
      symbol: `TKN${k}`,
      decimals: rng.pick([18, 18, 18, 18, 6, 8, 9]),
      price: Math.exp(Math.log(0.001) + rng.next() * Math.log(5e6)),
    });
  const longTail = [...EXTRA_STABLES, ...KNOWN, ...synthetic];

  const chains: Chain[] = [];
  const tokens: Token[] = [];
  const pools: Pool[] = [];
  const bridges: Bridge[] = [];
  const specBySymbol = new Map<string, Spec>();
  for (const s of [...HUBS, ...longTail]) specBySymbol.set(s.symbol, s);

  chainIds.forEach((chainId, ci) => {
    const info = CHAIN_INFO[chainId] ?? { name: `Chain ${chainId}`, gasPriceWei: 1_000_000_000n };
    const n = Math.max(
      HUBS.length + 1,
      options.tokensPerChain ?? Math.min(rng.int(20, 50), Math.max(20, Math.floor(perChain[ci] / 1.5))),
    );
    const tail = shuffled(rng, longTail).slice(0, Math.min(n - HUBS.length, longTail.length));
    const specs = [...HUBS, ...tail];
    const chainTokens = specs.map((s) => ({
      chainId,
      address: tokenAddress(seed, chainId, s.symbol),
      symbol: s.symbol,
      decimals: s.decimals,
      priceUsdE18: priceE18(s.price),
    }));
    tokens.push(...chainTokens);
    chains.push({ chainId, name: info.name, gasPriceWei: info.gasPriceWei, nativeToken: chainTokens[0].address });
    pools.push(...generateChainPools(rng, seed, chainId, chainTokens, specs, perChain[ci], options));
  });

  // Bridges for the hub tokens between every ordered pair of chains: a cheap canonical one and a capped fast one.
  for (const a of chainIds)
    for (const b of chainIds) {
      if (a === b) continue;
      for (const hub of HUBS) {
        const tin = tokens.find((t) => t.chainId === a && t.symbol === hub.symbol)!;
        const tout = tokens.find((t) => t.chainId === b && t.symbol === hub.symbol)!;
        const units = (usd: number) => BigInt(Math.round((usd / hub.price) * 10 ** hub.decimals));
        const bridge = (name: string, terms: Pick<Bridge, 'fixedFee' | 'feeBps' | 'capacity' | 'delaySeconds'>) =>
          bridges.push({
            kind: 'bridge',
            id: deterministicAddress(`intentmesh:bridge:${seed}:${a}:${b}:${hub.symbol}:${name}`),
            fromChainId: a,
            toChainId: b,
            tokenIn: tin.address,
            tokenOut: tout.address,
            ...terms,
          });
        // the terms are drawn in this order: the seed's market depends on it
        bridge('canonical', {
          fixedFee: units(0.5 + rng.next() * 2),
          feeBps: rng.int(0, 2),
          delaySeconds: a === 1 ? 900 : 7 * 24 * 3600,
        });
        bridge('fast', {
          fixedFee: units(1 + rng.next() * 4),
          feeBps: rng.int(3, 8),
          capacity: units(1e6 * (1 + rng.next() * 9)),
          delaySeconds: rng.int(30, 300),
        });
      }
    }
  return { chains, tokens, pools, bridges };
}

function shuffled<T>(rng: Rng, xs: readonly T[]): T[] {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function generateChainPools(
  rng: Rng,
  seed: number,
  chainId: number,
  tokens: Token[],
  specs: Spec[],
  count: number,
  options: GenerateMarketOptions,
): Pool[] {
  const pools: Pool[] = [];
  const hubs = tokens.slice(0, HUBS.length);
  const stable = tokens.filter((t) => STABLES.has(t.symbol.toUpperCase()));
  const mix = options.mix ?? { constantProduct: 0.5, concentrated: 0.35, stableSwap: 0.15 };
  const total = mix.constantProduct + mix.concentrated + mix.stableSwap;
  const nStable = Math.round((count * mix.stableSwap) / total);
  const nCl = Math.round((count * mix.concentrated) / total);
  const nCp = count - nStable - nCl;
  const price = (t: Token) => specs[tokens.indexOf(t)].price;
  const id = () => deterministicAddress(`intentmesh:pool:${seed}:${chainId}:${pools.length}`);
  // Log-normal TVL; deeper for hub pairs, as on real chains.
  const tvl = (a: Token, b: Token) => {
    const hubsIn = Number(hubs.includes(a)) + Number(hubs.includes(b));
    const median = [3e5, 2e6, 2e7][hubsIn];
    return Math.min(5e8, Math.max(2e4, median * Math.exp(1.2 * rng.normal())));
  };
  const pickHub = () => hubs[rng.pick([0, 0, 0, 0, 1, 1, 1, 2, 3, 4])];
  const pairs: Array<[Token, Token]> = [];
  // Spanning pairs first so every token is reachable from a hub.
  for (const t of tokens.slice(HUBS.length)) pairs.push([t, STABLES.has(t.symbol.toUpperCase()) ? hubs[1] : pickHub()]);
  const hubPairs: Array<[Token, Token]> = [];
  for (let i = 0; i < hubs.length; i++) for (let j = i + 1; j < hubs.length; j++) hubPairs.push([hubs[i], hubs[j]]);
  pairs.splice(0, 0, ...hubPairs.slice(0, 4));
  while (pairs.length < nCp + nCl) {
    const r = rng.next();
    if (r < 0.35) pairs.push(rng.pick(hubPairs));
    else if (r < 0.8) pairs.push([rng.pick(tokens.slice(HUBS.length)), pickHub()]);
    else {
      const a = rng.pick(tokens);
      const b = rng.pick(tokens);
      if (a !== b) pairs.push([a, b]);
    }
  }
  const volatile = pairs.slice(0, nCp + nCl);
  const kinds = shuffled(rng, [...Array(nCp).fill('cp'), ...Array(nCl).fill('cl')] as Array<'cp' | 'cl'>);
  volatile.forEach(([x, y], k) => {
    const [a, b] = x.address < y.address ? [x, y] : [y, x];
    const usd = tvl(a, b);
    if (kinds[k] === 'cp') {
      pools.push({
        kind: 'constantProduct',
        id: id(),
        chainId,
        token0: a.address,
        token1: b.address,
        reserve0: BigInt(Math.floor((usd / 2 / price(a)) * 10 ** a.decimals)),
        reserve1: BigInt(Math.floor((usd / 2 / price(b)) * 10 ** b.decimals)),
        feeBps: options.constantProductFeeBps ?? rng.pick(CP_FEES),
      });
    } else {
      const bothStable = STABLES.has(a.symbol.toUpperCase()) && STABLES.has(b.symbol.toUpperCase());
      const [fee, spacing] = bothStable
        ? rng.pick([
            [100, 1],
            [500, 10],
          ] as const)
        : rng.pick(CL_TIERS);
      pools.push(concentratedPool(rng, id(), chainId, a, b, price(a), price(b), fee, spacing, usd));
    }
  });
  // StableSwap only among stables: the 3pool first, then pairs with the long-tail stables.
  const three = stable.filter((t) => ['USDC', 'USDT', 'DAI'].includes(t.symbol));
  for (let k = 0; k < nStable; k++) {
    const coins = k % 3 === 0 || stable.length < 3 ? three : shuffled(rng, stable).slice(0, rng.pick([2, 2, 3]));
    const usd = Math.min(5e8, 1e7 * Math.exp(1.2 * rng.normal()));
    pools.push({
      kind: 'stableSwap',
      id: id(),
      chainId,
      tokens: coins.map((t) => t.address),
      balances: coins.map((t) => BigInt(Math.floor((usd / coins.length) * 10 ** t.decimals))),
      amplification: BigInt(rng.pick([100, 200, 400, 1000, 2000])),
      fee: BigInt(rng.pick([1_000_000, 4_000_000])),
      adminFee: 5_000_000_000n,
    });
  }
  return pools;
}

function concentratedPool(
  rng: Rng,
  id: Address,
  chainId: number,
  a: Token,
  b: Token,
  pa: number,
  pb: number,
  fee: number,
  spacing: number,
  usd: number,
): ConcentratedPool {
  // Raw price of token0 in token1 units, and USD value of one raw unit of each token.
  const ua = pa / 10 ** a.decimals;
  const ub = pb / 10 ** b.decimals;
  const sp = Math.sqrt(ua / ub);
  const sqrtPriceX96 = BigInt(Math.floor(sp * 2 ** 96));
  const tick = getTickAtSqrtRatio(sqrtPriceX96);
  const maxUsable = Math.floor(MAX_TICK / spacing) * spacing;
  const net = new Map<number, bigint>();
  const gross = new Map<number, bigint>();
  let liquidity = 0n;
  const addPosition = (lower: number, upper: number, share: number) => {
    const sa = Math.pow(1.0001, lower / 2);
    const sb = Math.pow(1.0001, upper / 2);
    const usdPerL = (1 / sp - 1 / sb) * ua + (sp - sa) * ub;
    const l = BigInt(Math.floor((usd * share) / usdPerL));
    if (l <= 0n) return;
    net.set(lower, (net.get(lower) ?? 0n) + l);
    net.set(upper, (net.get(upper) ?? 0n) - l);
    gross.set(lower, (gross.get(lower) ?? 0n) + l);
    gross.set(upper, (gross.get(upper) ?? 0n) + l);
    if (lower <= tick && tick < upper) liquidity += l;
  };
  addPosition(-maxUsable, maxUsable, 0.4);
  const positions = rng.int(2, 5);
  for (let k = 0; k < positions; k++) {
    const width = Math.max(spacing, Math.round(Math.log(1 + 0.005 + rng.next() * 0.3) / Math.log(1.0001)));
    const skew = rng.next();
    const lower = Math.floor((tick - width * skew) / spacing) * spacing;
    let upper = Math.ceil((tick + width * (1 - skew)) / spacing) * spacing;
    if (upper <= tick) upper += spacing;
    addPosition(Math.max(lower, -maxUsable), Math.min(upper, maxUsable), 0.6 / positions);
  }
  const ticks: TickData[] = [...net.keys()]
    .sort((x, y) => x - y)
    .filter((t) => gross.get(t)! > 0n)
    .map((index) => ({ index, liquidityNet: net.get(index)!, liquidityGross: gross.get(index)! }));
  return {
    kind: 'concentrated',
    id,
    chainId,
    token0: a.address,
    token1: b.address,
    fee,
    tickSpacing: spacing,
    sqrtPriceX96,
    tick,
    liquidity,
    ticks,
  };
}
