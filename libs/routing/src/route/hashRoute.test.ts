import fc from 'fast-check';
import { keccakBackend, useKeccakBackend } from '@intentmesh/protocol';
import { encodeAbiParameters, getAddress, keccak256 } from 'viem';
import type { Address, Hex, Leg, Route } from '../types';
import { createQuoter, findToken, generateMarket } from '../index';
import { ROUTE_ABI, hashRoute, routeAbiValues } from './hashRoute';

// The oracle: the generic viem encoding of the same ABI, which hashRoute used before it wrote the words itself.
function viemHashRoute(route: Route): Hex {
  return keccak256(encodeAbiParameters(ROUTE_ABI, routeAbiValues(route)));
}

const MAX_UINT256 = (1n << 256n) - 1n;
const hex40 = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => `0x${Buffer.from(b).toString('hex')}`);
// lowercase (what the quoter emits) or EIP-55 checksummed (mixed case), which viem also accepts
const address = fc.tuple(hex40, fc.boolean()).map(([a, checksum]) => (checksum ? getAddress(a) : a) as Address);
const chainId = fc.oneof(fc.constantFrom(1, 10, 42161), fc.integer({ min: 0, max: 2 ** 32 + 5 }), fc.maxSafeNat());
const amount = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 64n }),
  fc.bigInt({ min: 0n, max: MAX_UINT256 }),
  fc.constantFrom(0n, 2n ** 64n - 1n, 2n ** 64n, MAX_UINT256),
);
const leg: fc.Arbitrary<Leg> = fc.record({
  kind: fc.constantFrom('constantProduct', 'concentrated', 'stableSwap', 'bridge') as fc.Arbitrary<Leg['kind']>,
  poolId: address,
  chainIdIn: chainId,
  chainIdOut: chainId,
  tokenIn: address,
  tokenOut: address,
  amountIn: amount,
  amountOut: amount,
  gas: fc.bigInt({ min: 0n, max: 10n ** 6n }),
});
const route: fc.Arbitrary<Route> = fc.record({
  request: fc.record({
    sellToken: address,
    buyToken: address,
    sourceChainId: chainId,
    destinationChainId: chainId,
    sellAmount: amount,
  }),
  amountIn: amount,
  amountOut: amount,
  gasCostInSellToken: amount,
  paths: fc.array(fc.record({ amountIn: amount, amountOut: amount, legs: fc.array(leg, { maxLength: 6 }) }), {
    maxLength: 9,
  }),
});

describe('hashRoute (direct ABI words + native keccak)', () => {
  test('equals keccak256(encodeAbiParameters(...)) on random multi-path, multi-leg routes', () => {
    fc.assert(
      fc.property(route, (r) => {
        expect(hashRoute(r)).toBe(viemHashRoute(r));
      }),
      { seed: 8, numRuns: 600 },
    );
  });

  test('equals the viem encoding on routes the quoter produces, bridges included', () => {
    const m = generateMarket({ seed: 3, poolCount: 400 });
    const quoter = createQuoter(m);
    const pairs: Array<[string, number, string, number]> = [
      ['WETH', 1, 'USDC', 1],
      ['WETH', 1, 'USDC', 10],
      ['USDC', 42161, 'WBTC', 1],
      ['USDT', 10, 'DAI', 42161],
    ];
    let bridged = 0;
    let multiPath = 0;
    for (const [ss, sc, bs, dc] of pairs) {
      for (const whole of [1n, 30n, 3000n]) {
        const s = findToken(m, sc, ss)!;
        const r = quoter.quote({
          sellToken: s.address,
          buyToken: findToken(m, dc, bs)!.address,
          sourceChainId: sc,
          destinationChainId: dc,
          sellAmount: whole * 10n ** BigInt(s.decimals),
        });
        if (!r) continue;
        if (r.paths.some((p) => p.legs.some((l) => l.kind === 'bridge'))) bridged++;
        if (r.paths.length > 1) multiPath++;
        expect(hashRoute(r)).toBe(viemHashRoute(r));
      }
    }
    expect(bridged).toBeGreaterThan(0);
    expect(multiPath).toBeGreaterThan(0);
  });

  test('same result on the pure-JS keccak fallback (no native binding, e.g. a browser)', () => {
    const prev = keccakBackend().name;
    useKeccakBackend('noble');
    try {
      expect(keccakBackend().name).toBe('noble');
      for (const r of fc.sample(route, { seed: 9, numRuns: 60 })) expect(hashRoute(r)).toBe(viemHashRoute(r));
    } finally {
      useKeccakBackend(prev);
    }
  });

  test('zero paths, an empty path, and a large route after a small one (the reused buffer is cleared)', () => {
    const base = fc.sample(route, { seed: 1, numRuns: 1 })[0];
    const none = { ...base, paths: [] };
    const empty = { ...base, paths: [{ amountIn: 0n, amountOut: 0n, legs: [] }] };
    expect(hashRoute(none)).toBe(viemHashRoute(none));
    expect(hashRoute(empty)).toBe(viemHashRoute(empty));
    const big = fc.sample(
      route.filter((r) => r.paths.length >= 8),
      { seed: 2, numRuns: 1 },
    )[0];
    const longPath = {
      ...big,
      paths: [{ amountIn: 1n, amountOut: 1n, legs: fc.sample(leg, { seed: 3, numRuns: 200 }) }],
    };
    for (const r of [big, none, longPath, empty, big]) expect(hashRoute(r)).toBe(viemHashRoute(r));
  });

  test('refuses what the ABI encoder refuses: out-of-range amounts, bad chain ids, bad addresses or checksums', () => {
    const base = fc.sample(
      route.filter((r) => r.paths.length > 0 && r.paths[0].legs.length > 0),
      { seed: 4, numRuns: 1 },
    )[0];
    const lower = '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed'; // EIP-55: 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed
    const withLeg = (patch: Partial<Leg>): Route => ({
      ...base,
      paths: [{ ...base.paths[0], legs: [{ ...base.paths[0].legs[0], ...patch }] }],
    });
    const bad: Route[] = [
      { ...base, amountOut: MAX_UINT256 + 1n },
      { ...base, amountIn: -1n },
      withLeg({ amountIn: -5n }),
      { ...base, request: { ...base.request, sourceChainId: -1 } },
      { ...base, request: { ...base.request, destinationChainId: 1.5 } },
      { ...base, request: { ...base.request, sellToken: '0x1234' as Address } },
      { ...base, request: { ...base.request, buyToken: `0x${'g'.repeat(40)}` as Address } },
      withLeg({ tokenIn: ('0x' + lower.slice(2).toUpperCase()) as Address }),
      withLeg({ poolId: getAddress(lower).replace('A', 'a') as Address }),
    ];
    for (const r of bad) {
      expect(() => viemHashRoute(r)).toThrow();
      expect(() => hashRoute(r)).toThrow();
    }
    // a correct checksum is accepted by both, and hashes as the lowercase address does
    const good = withLeg({ poolId: getAddress(lower) });
    expect(hashRoute(good)).toBe(viemHashRoute(good));
    expect(hashRoute(good)).toBe(hashRoute(withLeg({ poolId: lower as Address })));
  });
});
