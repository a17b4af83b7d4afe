// Shared by the benches: the built libs, a signed test intent, and the exit path.
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
