import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keccak256, stringToBytes } from 'viem';
import { indexMarket } from './marketIndex';
import { baseStates, fMarginal } from '../route/floatSim';
import { findToken, generateMarket, parseMarket, serializeMarket, StaticMarketSource } from '../index';

describe('generateMarket', () => {
  const m = generateMarket({ seed: 42, poolCount: 1000 });

  test('is deterministic in the seed and addresses derive from (seed, chainId, symbol)', () => {
    expect(JSON.stringify(serializeMarket(generateMarket({ seed: 42, poolCount: 1000 })))).toBe(
      JSON.stringify(serializeMarket(m)),
    );
    expect(JSON.stringify(serializeMarket(generateMarket({ seed: 43, poolCount: 1000 })))).not.toBe(
      JSON.stringify(serializeMarket(m)),
    );
    const weth = findToken(m, 10, 'WETH')!;
    expect(weth.address).toBe(keccak256(stringToBytes('intentmesh:token:42:10:WETH')).slice(0, 42));
    for (const t of m.tokens) expect(t.address).toMatch(/^0x[0-9a-f]{40}$/);
  });

  test('has 3 chains of 20-50 tokens, hub tokens with real decimals, the requested pool count and mix', () => {
    expect(m.chains.map((c) => c.chainId)).toEqual([1, 10, 42161]);
    for (const c of m.chains) {
      const n = m.tokens.filter((t) => t.chainId === c.chainId).length;
      expect(n).toBeGreaterThanOrEqual(20);
      expect(n).toBeLessThanOrEqual(50);
      expect(['WETH', 'USDC', 'USDT', 'DAI', 'WBTC'].map((s) => findToken(m, c.chainId, s)!.decimals)).toEqual([
        18, 6, 6, 18, 8,
      ]);
    }
    expect(m.pools.length).toBe(1000);
    const share = (k: string) => m.pools.filter((p) => p.kind === k).length / m.pools.length;
    expect(share('constantProduct')).toBeCloseTo(0.5, 1);
    expect(share('concentrated')).toBeCloseTo(0.35, 1);
    expect(share('stableSwap')).toBeCloseTo(0.15, 1);
    const stables = new Set(['USDC', 'USDT', 'DAI', 'FRAX', 'LUSD', 'USDE', 'GHO', 'CRVUSD']);
    for (const p of m.pools)
      if (p.kind === 'stableSwap')
        for (const a of p.tokens)
          expect(stables.has(m.tokens.find((t) => t.address === a)!.symbol.toUpperCase())).toBe(true);
    // Parallel fee tiers: some token pair has several pools.
    const pairs = new Map<string, number>();
    for (const p of m.pools)
      if (p.kind !== 'stableSwap')
        pairs.set(`${p.chainId}${p.token0}${p.token1}`, (pairs.get(`${p.chainId}${p.token0}${p.token1}`) ?? 0) + 1);
    expect(Math.max(...pairs.values())).toBeGreaterThan(3);
    expect(generateMarket({ seed: 1, poolCount: 100 }).pools.length).toBe(100);
  });

  test('is arbitrage-free: every edge trades at or below the ratio of reference prices', () => {
    const index = indexMarket(m);
    const base = baseStates(index);
    const usdPerRaw = index.tokens.map((t) => Number(t.priceUsdE18) / 1e18 / 10 ** t.decimals);
    let worst = 0;
    for (const edges of index.edgesFrom)
      for (const e of edges)
        worst = Math.max(worst, (fMarginal(base[e.venue], e) * usdPerRaw[e.to]) / usdPerRaw[e.from]);
    // A ratio <= 1 on every edge means no cycle of trades returns more value than it started with.
    expect(worst).toBeLessThanOrEqual(1 + 1e-9);
    expect(worst).toBeGreaterThan(0.99);
  });

  test('round-trips through JSON', async () => {
    const json = JSON.parse(JSON.stringify(serializeMarket(m)));
    const back = parseMarket(json);
    expect(back).toEqual(m);
    expect(await new StaticMarketSource(json).getMarket()).toEqual(m);
  });
});

describe('parseMarket validation', () => {
  const json = () => JSON.parse(JSON.stringify(serializeMarket(generateMarket({ seed: 5, poolCount: 60 }))));
  const cases: Array<[string, (j: any) => void, RegExp]> = [
    [
      'reserve as a number',
      (j) => (j.pools.find((p: any) => p.kind === 'constantProduct').reserve0 = 12),
      /market\.pools\[\d+\]\.reserve0: expected a non-negative integer/,
    ],
    [
      'checksummed address',
      (j) => (j.tokens[3].address = j.tokens[3].address.toUpperCase().replace('0X', '0x')),
      /market\.tokens\[3\]\.address/,
    ],
    [
      'unknown token in a pool',
      (j) => (j.pools[0].token0 = '0x' + '1'.repeat(40)),
      /market\.pools\[0\]\.token0: token 0x1{40} is not listed on chain/,
    ],
    [
      'inconsistent liquidity',
      (j) => (j.pools.find((p: any) => p.kind === 'concentrated').liquidity = '1'),
      /market\.pools\[\d+\]\.liquidity: does not match the ticks/,
    ],
    ['unknown pool kind', (j) => (j.pools[1].kind = 'balancer'), /market\.pools\[1\]\.kind/],
    ['bad price', (j) => (j.tokens[0].priceUsd = '3,000'), /market\.tokens\[0\]\.priceUsd: not a decimal number/],
    [
      'bridge to an unknown chain',
      (j) => (j.bridges[0].toChainId = 999),
      /market\.bridges\[0\]\.toChainId: unknown chain 999/,
    ],
    ['missing pools', (j) => delete j.pools, /market\.pools: expected an array/],
  ];
  test.each(cases)('rejects %s with a message naming the field', (_name, mutate, message) => {
    const j = json();
    mutate(j);
    expect(() => parseMarket(j)).toThrow(message);
  });
});

test('the example in MARKET_SCHEMA.md parses', () => {
  const doc = readFileSync(join(__dirname, '../../MARKET_SCHEMA.md'), 'utf8');
  const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)];
  const m = parseMarket(JSON.parse(blocks[blocks.length - 1][1]));
  expect(findToken(m, 1, 'weth')!.priceUsdE18).toBe(3000n * 10n ** 18n);
  expect(m.pools[0].kind).toBe('constantProduct');
});
