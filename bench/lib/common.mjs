// Shared by the benches: the built libs, a signed test intent, seeded randomness, quantiles and the exit path.
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const require = createRequire(import.meta.url);
export const root = new URL('../..', import.meta.url).pathname;

/** A workspace lib as built (npm run build first): `lib('protocol')` is libs/protocol/dist. */
export const lib = (name) => require(join(root, 'libs', name, 'dist/index.js'));

/** The i-th intent of trader `signer` (distinct nonce per i); `over` replaces any field. */
export const benchIntent = (signer, i, over = {}) => ({
  swapper: signer.address,
  sellToken: '0x1111111111111111111111111111111111111111',
  sellAmount: 10n ** 18n,
  buyToken: '0x2222222222222222222222222222222222222222',
  minBuyAmount: 1n,
  recipient: signer.address,
  sourceChainId: 1,
  destinationChainId: 10,
  nonce: BigInt(i),
  deadline: 2_000_000_000,
  ...over,
});

/** A seeded uniform [0, 1) generator (mulberry32), so a bench draws the same requests on every run. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The q-quantile (0..1) of xs by rank, null when empty. */
export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : null;
};

/** Rounded to three decimals; null stays null. */
export const r3 = (x) => (x === null ? null : Math.round(x * 1000) / 1000);

/** A routing request selling `usd` dollars' worth of token `s` (by its priceUsdE18) for token `b`. */
export function requestWorth(s, b, usd) {
  return {
    sellToken: s.address,
    buyToken: b.address,
    sourceChainId: s.chainId,
    destinationChainId: b.chainId,
    sellAmount: BigInt(Math.floor((usd / (Number(s.priceUsdE18) / 1e18)) * 10 ** s.decimals)),
  };
}

/** Runs a bench's main and exits: NATS and pg clients left open would otherwise keep the process alive. */
export function runMain(main) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
