import { MAX_SQRT_RATIO, MAX_TICK, MIN_SQRT_RATIO, MIN_TICK } from '../math/constants';
import { getTickAtSqrtRatio } from '../math/tickMath';
import type { Address, Bridge, Chain, Market, Pool, TickData, Token } from '../types';
import { tokenKey } from './tokenKey';
import { parseUnits } from './units';

type Obj = Record<string, unknown>;

function fail(path: string, msg: string): never {
  throw new Error(`invalid market: ${path}: ${msg}`);
}
function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'expected an object');
  return v as Obj;
}
function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, 'expected an array');
  return v;
}
function int(v: unknown, path: string, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    fail(path, `expected an integer in [${min}, ${max}], got ${JSON.stringify(v)}`);
  return v;
}
function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.length === 0) fail(path, 'expected a non-empty string');
  return v;
}
function big(v: unknown, path: string, signed = false): bigint {
  const re = signed ? /^-?\d+$/ : /^\d+$/;
  if (typeof v !== 'string' || !re.test(v))
    fail(path, `expected ${signed ? 'an' : 'a non-negative'} integer as a decimal string, got ${JSON.stringify(v)}`);
  return BigInt(v);
}
function addr(v: unknown, path: string): Address {
  if (typeof v !== 'string' || !/^0x[0-9a-f]{40}$/.test(v))
    fail(path, `expected a lowercase 0x-prefixed 20-byte hex address, got ${JSON.stringify(v)}`);
  return v as Address;
}

/** Validates JSON shaped as MARKET_SCHEMA.md and returns the Market; errors name the offending field. */
export function parseMarket(json: unknown): Market {
  const root = obj(json, 'market');
  if (root.version !== undefined && root.version !== 1) fail('market.version', 'only version 1 is supported');
  const chains: Chain[] = arr(root.chains, 'market.chains').map((c, k) => {
    const p = `market.chains[${k}]`;
    const o = obj(c, p);
    return {
      chainId: int(o.chainId, `${p}.chainId`, 1),
      name: str(o.name, `${p}.name`),
      gasPriceWei: big(o.gasPriceWei, `${p}.gasPriceWei`),
      nativeToken: addr(o.nativeToken, `${p}.nativeToken`),
    };
  });
  const chainIds = new Set<number>();
  chains.forEach((c, k) => {
    if (chainIds.has(c.chainId)) fail(`market.chains[${k}].chainId`, `duplicate chain ${c.chainId}`);
    chainIds.add(c.chainId);
  });
  const chainOk = (id: number, path: string) => {
    if (!chainIds.has(id)) fail(path, `unknown chain ${id}`);
    return id;
  };
  const tokenMap = new Map<string, Token>();
  const tokens: Token[] = arr(root.tokens, 'market.tokens').map((t, k) => {
    const p = `market.tokens[${k}]`;
    const o = obj(t, p);
    const chainId = chainOk(int(o.chainId, `${p}.chainId`), `${p}.chainId`);
    const address = addr(o.address, `${p}.address`);
    let priceUsdE18: bigint;
    try {
      priceUsdE18 = parseUnits(str(o.priceUsd, `${p}.priceUsd`), 18);
    } catch (e) {
      fail(`${p}.priceUsd`, (e as Error).message);
    }
    const token: Token = {
      chainId,
      address,
      symbol: str(o.symbol, `${p}.symbol`),
      decimals: int(o.decimals, `${p}.decimals`, 0, 36),
      priceUsdE18,
    };
    const key = tokenKey(chainId, address);
    if (tokenMap.has(key)) fail(`${p}.address`, `duplicate token ${address} on chain ${chainId}`);
    tokenMap.set(key, token);
    return token;
  });
  const tokenOn = (chainId: number, v: unknown, path: string): Token => {
    const a = addr(v, path);
    const t = tokenMap.get(tokenKey(chainId, a));
    if (!t) fail(path, `token ${a} is not listed on chain ${chainId}`);
    return t;
  };
  chains.forEach((c, k) => tokenOn(c.chainId, c.nativeToken, `market.chains[${k}].nativeToken`));
  const ids = new Set<string>();
  const uniqueId = (v: unknown, path: string): Address => {
    const id = addr(v, path);
    if (ids.has(id)) fail(path, `duplicate id ${id}`);
    ids.add(id);
    return id;
  };
  const pools: Pool[] = arr(root.pools, 'market.pools').map((x, k) =>
    parsePool(obj(x, `market.pools[${k}]`), `market.pools[${k}]`),
  );
  function parsePool(o: Obj, p: string): Pool {
    const id = uniqueId(o.id, `${p}.id`);
    const chainId = chainOk(int(o.chainId, `${p}.chainId`), `${p}.chainId`);
    switch (o.kind) {
      case 'constantProduct': {
        const t0 = tokenOn(chainId, o.token0, `${p}.token0`);
        const t1 = tokenOn(chainId, o.token1, `${p}.token1`);
        if (t0 === t1) fail(`${p}.token1`, 'same token on both sides');
        return {
          kind: 'constantProduct',
          id,
          chainId,
          token0: t0.address,
          token1: t1.address,
          reserve0: big(o.reserve0, `${p}.reserve0`),
          reserve1: big(o.reserve1, `${p}.reserve1`),
          feeBps: int(o.feeBps, `${p}.feeBps`, 0, 9999),
        };
      }
      case 'concentrated': {
        const t0 = tokenOn(chainId, o.token0, `${p}.token0`);
        const t1 = tokenOn(chainId, o.token1, `${p}.token1`);
        if (t0 === t1) fail(`${p}.token1`, 'same token on both sides');
        const tickSpacing = int(o.tickSpacing, `${p}.tickSpacing`, 1, 16384);
        const sqrtPriceX96 = big(o.sqrtPriceX96, `${p}.sqrtPriceX96`);
        if (sqrtPriceX96 < MIN_SQRT_RATIO || sqrtPriceX96 >= MAX_SQRT_RATIO)
          fail(`${p}.sqrtPriceX96`, 'outside the V3 price range');
        const tick = int(o.tick, `${p}.tick`, MIN_TICK, MAX_TICK);
        const exact = getTickAtSqrtRatio(sqrtPriceX96);
        // After a downward swap that ends exactly on a tick, the pool's tick is one below the price's tick.
        if (tick !== exact && tick !== exact - 1)
          fail(`${p}.tick`, `inconsistent with sqrtPriceX96 (expected ${exact})`);
        const ticks: TickData[] = arr(o.ticks, `${p}.ticks`).map((t, j) => {
          const q = `${p}.ticks[${j}]`;
          const to = obj(t, q);
          const index = int(to.index, `${q}.index`, MIN_TICK, MAX_TICK);
          if (index % tickSpacing !== 0) fail(`${q}.index`, `not a multiple of tickSpacing ${tickSpacing}`);
          return {
            index,
            liquidityNet: big(to.liquidityNet, `${q}.liquidityNet`, true),
            liquidityGross: big(to.liquidityGross, `${q}.liquidityGross`),
          };
        });
        let running = 0n;
        let atTick = 0n;
        ticks.forEach((t, j) => {
          if (j > 0 && t.index <= ticks[j - 1].index)
            fail(`${p}.ticks[${j}].index`, 'ticks must be strictly increasing');
          running += t.liquidityNet;
          if (running < 0n) fail(`${p}.ticks[${j}].liquidityNet`, 'cumulative liquidity goes negative');
          if (t.index <= tick) atTick = running;
        });
        if (running !== 0n) fail(`${p}.ticks`, 'liquidityNet must sum to zero');
        const liquidity = big(o.liquidity, `${p}.liquidity`);
        if (liquidity !== atTick)
          fail(`${p}.liquidity`, `does not match the ticks at the current tick (expected ${atTick})`);
        return {
          kind: 'concentrated',
          id,
          chainId,
          token0: t0.address,
          token1: t1.address,
          fee: int(o.fee, `${p}.fee`, 0, 999_999),
          tickSpacing,
          sqrtPriceX96,
          tick,
          liquidity,
          ticks,
        };
      }
      case 'stableSwap': {
        const coins = arr(o.tokens, `${p}.tokens`).map((t, j) => tokenOn(chainId, t, `${p}.tokens[${j}]`));
        if (coins.length < 2 || coins.length > 8) fail(`${p}.tokens`, 'expected 2 to 8 coins');
        if (new Set(coins).size !== coins.length) fail(`${p}.tokens`, 'duplicate coin');
        const balances = arr(o.balances, `${p}.balances`).map((b, j) => big(b, `${p}.balances[${j}]`));
        if (balances.length !== coins.length) fail(`${p}.balances`, 'one balance per coin expected');
        balances.forEach((b, j) => b === 0n && fail(`${p}.balances[${j}]`, 'must be positive'));
        const amplification = big(o.amplification, `${p}.amplification`);
        if (amplification < 1n) fail(`${p}.amplification`, 'must be >= 1');
        const fee = big(o.fee, `${p}.fee`);
        if (fee >= 10n ** 10n) fail(`${p}.fee`, 'must be below 1e10');
        const adminFee = big(o.adminFee ?? '0', `${p}.adminFee`);
        if (adminFee > 10n ** 10n) fail(`${p}.adminFee`, 'must be at most 1e10');
        return {
          kind: 'stableSwap',
          id,
          chainId,
          tokens: coins.map((c) => c.address),
          balances,
          amplification,
          fee,
          adminFee,
        };
      }
      default:
        fail(`${p}.kind`, `expected "constantProduct", "concentrated" or "stableSwap", got ${JSON.stringify(o.kind)}`);
    }
  }
  const bridges: Bridge[] = arr(root.bridges ?? [], 'market.bridges').map((x, k) => {
    const p = `market.bridges[${k}]`;
    const o = obj(x, p);
    const fromChainId = chainOk(int(o.fromChainId, `${p}.fromChainId`), `${p}.fromChainId`);
    const toChainId = chainOk(int(o.toChainId, `${p}.toChainId`), `${p}.toChainId`);
    if (fromChainId === toChainId) fail(`${p}.toChainId`, 'a bridge joins two different chains');
    const tin = tokenOn(fromChainId, o.tokenIn, `${p}.tokenIn`);
    const tout = tokenOn(toChainId, o.tokenOut, `${p}.tokenOut`);
    if (tin.decimals !== tout.decimals) fail(`${p}.tokenOut`, 'bridged tokens must have the same decimals');
    return {
      kind: 'bridge',
      id: uniqueId(o.id, `${p}.id`),
      fromChainId,
      toChainId,
      tokenIn: tin.address,
      tokenOut: tout.address,
      fixedFee: big(o.fixedFee, `${p}.fixedFee`),
      feeBps: int(o.feeBps, `${p}.feeBps`, 0, 9999),
      capacity: o.capacity === undefined || o.capacity === null ? undefined : big(o.capacity, `${p}.capacity`),
      delaySeconds: int(o.delaySeconds, `${p}.delaySeconds`, 0),
    };
  });
  return { chains, tokens, pools, bridges };
}
