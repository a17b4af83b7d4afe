import { isStrictAddress, keccakHex } from '@intentmesh/protocol';
import type { Hex, Route } from '../types';

/** What a route commitment encodes, as an ABI parameter list (for a verifier, and for viem as the reference encoder). */
export const ROUTE_ABI = [
  { name: 'sellToken', type: 'address' },
  { name: 'buyToken', type: 'address' },
  { name: 'sourceChainId', type: 'uint256' },
  { name: 'destinationChainId', type: 'uint256' },
  { name: 'amountIn', type: 'uint256' },
  { name: 'amountOut', type: 'uint256' },
  {
    name: 'paths',
    type: 'tuple[][]',
    components: [
      { name: 'pool', type: 'address' },
      { name: 'chainIdIn', type: 'uint256' },
      { name: 'chainIdOut', type: 'uint256' },
      { name: 'tokenIn', type: 'address' },
      { name: 'tokenOut', type: 'address' },
      { name: 'amountIn', type: 'uint256' },
      { name: 'amountOut', type: 'uint256' },
    ],
  },
] as const;

/** A route as the values of ROUTE_ABI: `keccak256(encodeAbiParameters(ROUTE_ABI, routeAbiValues(r)))` equals hashRoute(r). */
export function routeAbiValues(route: Route) {
  const r = route.request;
  return [
    r.sellToken,
    r.buyToken,
    BigInt(r.sourceChainId),
    BigInt(r.destinationChainId),
    route.amountIn,
    route.amountOut,
    route.paths.map((p) =>
      p.legs.map((l) => ({
        pool: l.poolId,
        chainIdIn: BigInt(l.chainIdIn),
        chainIdOut: BigInt(l.chainIdOut),
        tokenIn: l.tokenIn,
        tokenOut: l.tokenOut,
        amountIn: l.amountIn,
        amountOut: l.amountOut,
      })),
    ),
  ] as const;
}

/*
 * Every leg of ROUTE_ABI is a static 7-word tuple, so the layout is fixed and hashRoute writes it word by word
 * (hashRoute.test.ts checks it against viem's encodeAbiParameters on random routes).
 */
const WORD = 32;
const HEAD_WORDS = 7; // six static words and the offset of `paths`
const LEG_WORDS = 7;
const MAX_UINT256 = (1n << 256n) - 1n;
const MAX_UINT64 = (1n << 64n) - 1n;

// grown on demand and reused: the hot path allocates no encoding buffer per route
let scratch = new Uint8Array(4096);
let view = new DataView(scratch.buffer);

// nibble value of each char code, -1 for anything that is not a hex digit
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) NIBBLE[65 + i] = NIBBLE[97 + i] = 10 + i;

function writeAddress(buf: Uint8Array, offset: number, address: string): void {
  if (
    typeof address !== 'string' ||
    address.length !== 42 ||
    address.charCodeAt(0) !== 48 ||
    address.charCodeAt(1) !== 120
  ) {
    throw new TypeError(`hashRoute: "${String(address)}" is not an address`);
  }
  let upper = false;
  for (let i = 0; i < 20; i++) {
    const a = address.charCodeAt(2 + 2 * i);
    const b = address.charCodeAt(3 + 2 * i);
    const hi = a < 128 ? NIBBLE[a] : -1;
    const lo = b < 128 ? NIBBLE[b] : -1;
    if (hi < 0 || lo < 0) throw new TypeError(`hashRoute: "${address}" is not an address`);
    if ((a >= 65 && a <= 70) || (b >= 65 && b <= 70)) upper = true;
    buf[offset + 12 + i] = (hi << 4) | lo;
  }
  // same acceptance as viem's encoder: mixed case must carry a valid EIP-55 checksum (rare here: routes are lowercase)
  if (upper && !isStrictAddress(address)) throw new TypeError(`hashRoute: "${address}" has a wrong EIP-55 checksum`);
}

function writeUint(offset: number, value: bigint): void {
  if (value < 0n || value > MAX_UINT256) throw new RangeError(`hashRoute: ${value} is not a uint256`);
  if (value <= MAX_UINT64) {
    view.setBigUint64(offset + 24, value);
    return;
  }
  for (let i = 24; i >= 0 && value > 0n; i -= 8) {
    view.setBigUint64(offset + i, BigInt.asUintN(64, value));
    value >>= 64n;
  }
}

function writeChainId(offset: number, chainId: number): void {
  if (!Number.isSafeInteger(chainId) || chainId < 0) throw new RangeError(`hashRoute: ${chainId} is not a chain id`);
  // below 2^53: two 32-bit halves, no bigint
  view.setUint32(offset + 24, Math.floor(chainId / 0x100000000));
  view.setUint32(offset + 28, chainId >>> 0);
}

/** bytes32 commitment to a route: keccak256 of the ABI encoding of the request, totals and every leg in order. */
export function hashRoute(route: Route): Hex {
  const r = route.request;
  const paths = route.paths;
  let words = HEAD_WORDS + 1 + paths.length;
  for (const p of paths) words += 1 + LEG_WORDS * p.legs.length;
  const size = words * WORD;
  if (size > scratch.length) {
    scratch = new Uint8Array(Math.max(size, scratch.length * 2));
    view = new DataView(scratch.buffer);
  }
  const buf = scratch;
  buf.fill(0, 0, size);

  writeAddress(buf, 0, r.sellToken);
  writeAddress(buf, 32, r.buyToken);
  writeChainId(64, r.sourceChainId);
  writeChainId(96, r.destinationChainId);
  writeUint(128, route.amountIn);
  writeUint(160, route.amountOut);
  view.setUint32(192 + 28, HEAD_WORDS * WORD); // offset of `paths` from the start

  // paths: length, one offset per inner array (from just after the length), then each inner array
  let at = HEAD_WORDS * WORD;
  view.setUint32(at + 28, paths.length);
  const base = at + WORD;
  at = base + paths.length * WORD;
  for (let i = 0; i < paths.length; i++) {
    const legs = paths[i].legs;
    view.setUint32(base + i * WORD + 28, at - base);
    view.setUint32(at + 28, legs.length);
    at += WORD;
    for (const l of legs) {
      writeAddress(buf, at, l.poolId);
      writeChainId(at + 32, l.chainIdIn);
      writeChainId(at + 64, l.chainIdOut);
      writeAddress(buf, at + 96, l.tokenIn);
      writeAddress(buf, at + 128, l.tokenOut);
      writeUint(at + 160, l.amountIn);
      writeUint(at + 192, l.amountOut);
      at += LEG_WORDS * WORD;
    }
  }
  return keccakHex(buf.subarray(0, size));
}
