// bench:open-signing: what signing an `auction.open` copy costs the auctioneer, and verifying it a solver, side by side:
//   before  canonical JSON of the whole copy per signature (as auction.open was signed; measured here with the same
//           work under the kind 'auction.result', which still hashes its canonical JSON),
//   after   signAuctionOpen: over the header and each intent's hash and swapper signature (97 bytes an intent); a
//           verifier recomputes each intent's hash from its body (recoverAuctionOpenSigner), so nothing goes unchecked.
// Verifying is timed on the parsed open both ways (a solver parses it either way; parsing is not counted).
// An auction of `--intents` intents goes out as `--copies` distinct copies (the full open and fan-out subsets).
//   npm run bench:open-signing -- [--intents 100] [--copies 4] [--rounds 300]
import { parseArgs } from 'node:util';
import { lib, require, runMain } from './lib/common.mjs';

const P = lib('protocol');
const { generatePrivateKey, privateKeyToAccount } = require('viem/accounts');
const { values: opt } = parseArgs({
  options: {
    intents: { type: 'string', default: '100' },
    copies: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '300' },
  },
});
const N = Number(opt.intents);
const COPIES = Number(opt.copies);
const ROUNDS = Number(opt.rounds);

const signer = P.createDigestSigner(generatePrivateKey());
const swapper = privateKeyToAccount(generatePrivateKey());

/** A fresh auction each round (new objects, so no cache outlives its auction), with its distinct copies. */
function auction(round) {
  const intents = Array.from({ length: N }, (_, i) => {
    const intent = {
      swapper: swapper.address.toLowerCase(),
      sellToken: '0x1111111111111111111111111111111111111111',
      sellAmount: 10n ** 18n + BigInt(i),
      buyToken: '0x2222222222222222222222222222222222222222',
      minBuyAmount: 1n,
      recipient: swapper.address.toLowerCase(),
      sourceChainId: 1,
      destinationChainId: i % 2 ? 10 : 1,
      nonce: BigInt(round * N + i),
      deadline: 2_000_000_000,
    };
    return { hash: P.hashIntent(intent), intent: P.serializeIntent(intent), signature: `0x${'ab'.repeat(65)}` };
  });
  const open = {
    auctionId: P.bytesToHex(P.keccakUtf8(`a${round}`)),
    auctioneer: signer.address,
    openedAt: 1,
    bidWindowMs: 300,
  };
  // the full copy, then subsets (every other intent dropped in turn), as a fan-out by routes and exclusions makes
  return Array.from({ length: COPIES }, (_, c) => ({
    ...open,
    intents: c === 0 ? intents : intents.filter((_, i) => i % COPIES !== c),
  }));
}

const ways = {
  before: (copies) => copies.map((o) => P.signBusMessage('auction.result', o, signer)),
  after: (copies) => copies.map((o) => P.signAuctionOpen(o, signer)),
};
const verify = {
  before: (signed) => signed.forEach((o) => P.recoverBusMessageSigner('auction.result', o)),
  after: (parsed) => parsed.forEach((o) => P.recoverAuctionOpenSigner(o)),
};
// what each verifier is handed: the JSON as it arrived (canonical JSON hashes that), or the parsed open
const received = {
  before: (signed) => signed,
  after: (signed) => signed.map((o) => P.parseAuctionOpen(JSON.parse(JSON.stringify(o)))),
};

async function main() {
  const sample = auction(0);
  // the signatures check out the way a solver checks them, or the bench measures nothing
  for (const o of received.after(ways.after(sample)))
    if (P.recoverAuctionOpenSigner(o) !== signer.address) throw new Error('after: signature does not verify');
  const totals = { before: { sign: 0, verify: 0 }, after: { sign: 0, verify: 0 } };
  for (let r = 0; r < ROUNDS; r++) {
    // alternate which way goes first, so neither always runs on a warmer cache
    for (const way of r % 2 ? ['after', 'before'] : ['before', 'after']) {
      const copies = auction(r + 1);
      let t = performance.now();
      const signed = ways[way](copies);
      totals[way].sign += performance.now() - t;
      const arrived = received[way](signed);
      t = performance.now();
      verify[way](arrived);
      totals[way].verify += performance.now() - t;
    }
  }
  const per = (ms) => Number((ms / ROUNDS / COPIES).toFixed(3));
  const out = {
    intents: N,
    copies: COPIES,
    rounds: ROUNDS,
    secp: P.secpBackend().name,
    keccak: P.keccakBackend().name,
  };
  for (const way of ['before', 'after'])
    out[way] = { signMsPerCopy: per(totals[way].sign), verifyMsPerCopy: per(totals[way].verify) };
  out.signAfterOverBefore = Number((totals.after.sign / totals.before.sign).toFixed(2));
  out.verifyAfterOverBefore = Number((totals.after.verify / totals.before.verify).toFixed(2));
  console.log(JSON.stringify(out, null, 2));
}

runMain(main);
