import { generatePrivateKey } from 'viem/accounts';
import { createDigestSigner } from '../crypto/signDigest';
import { hashIntent } from '../intent/hashIntent';
import type { Intent } from '../intent/types';
import { parseAuctionOpen } from './auction';
import { serializeIntent } from '../intent/serialize';
import { recoverAuctionOpenSigner, signAuctionOpen } from './busSignature';
import { VerifiedIntents } from './verifiedIntents';

describe('VerifiedIntents - an intent auctioned again is bound to its hash without a second digest', () => {
  const auctioneer = createDigestSigner(generatePrivateKey());
  const swapper = createDigestSigner(generatePrivateKey());
  const intentOf = (n: number): Intent => ({
    swapper: swapper.address,
    sellToken: `0x${'11'.repeat(20)}`,
    sellAmount: 10n ** 18n,
    buyToken: `0x${'22'.repeat(20)}`,
    minBuyAmount: 1000n,
    recipient: swapper.address,
    sourceChainId: 1,
    destinationChainId: 1,
    nonce: BigInt(n),
    deadline: 4_000_000_000,
  });
  const entry = (n: number) => {
    const hash = hashIntent(intentOf(n));
    return { hash, intent: serializeIntent(intentOf(n)), signature: swapper.signDigest(hash) };
  };
  const openWith = (auction: number, intents: ReturnType<typeof entry>[]) =>
    signAuctionOpen(
      {
        auctionId: `0x${auction.toString(16).padStart(64, '0')}`,
        auctioneer: auctioneer.address,
        openedAt: 1,
        bidWindowMs: 300,
        intents,
      },
      auctioneer,
    );
  const parsed = (json: object) => parseAuctionOpen(JSON.parse(JSON.stringify(json)));

  it('remembers each verified intent once, and refuses any field changed under a remembered hash', () => {
    const verified = new VerifiedIntents();
    const [a, b] = [entry(1), entry(2)];
    expect(recoverAuctionOpenSigner(parsed(openWith(1, [a, b])), verified)).toBe(auctioneer.address);
    expect(verified.size).toBe(2);
    // requeued into a later auction, unchanged: accepted from memory
    expect(recoverAuctionOpenSigner(parsed(openWith(2, [b, a])), verified)).toBe(auctioneer.address);
    expect(verified.size).toBe(2);
    const changes: Record<string, string | number>[] = [
      { minBuyAmount: '1' },
      { minBuyAmount: '10000' },
      { sellAmount: '1' },
      { recipient: `0x${'33'.repeat(20)}` },
      { nonce: '2' },
      { deadline: 4_000_000_001 },
      { sourceChainId: 2 },
      { destinationChainId: 10 },
    ];
    for (const c of changes) {
      // the auctioneer's real signature: it covers the hash only, so the body check alone must refuse this
      const open = openWith(3, [{ ...a, intent: { ...a.intent, ...c } }, b]);
      expect(recoverAuctionOpenSigner(parsed(open), verified)).toBeUndefined();
    }
    // and the direct check, with fields the parser would never let through
    const mine = parsed(openWith(4, [a])).intents[0]!.intent;
    // not a copy of the remembered one: recomputed, so the digest decides exactly as it would with no memory
    expect(verified.matches({ ...mine, extra: 1 } as Intent, a.hash)).toBe(true);
    expect(verified.matches({ ...mine, extra: 1, nonce: 8n } as Intent, a.hash)).toBe(false);
    expect(() => verified.matches({ ...mine, nonce: { n: 1n } } as unknown as Intent, a.hash)).toThrow();
    expect(verified.matches(mine, a.hash)).toBe(true);
  });

  it('keeps its own frozen copy: a caller mutating the intent it was handed cannot make a swapped body pass', () => {
    const verified = new VerifiedIntents();
    const a = entry(7);
    const open = parsed(openWith(1, [a]));
    expect(recoverAuctionOpenSigner(open, verified)).toBe(auctioneer.address);
    open.intents[0]!.intent.minBuyAmount = 1n;
    const swapped = openWith(2, [{ ...a, intent: { ...a.intent, minBuyAmount: '1' } }]);
    expect(recoverAuctionOpenSigner(parsed(swapped), verified)).toBeUndefined();
    expect(recoverAuctionOpenSigner(parsed(openWith(3, [a])), verified)).toBe(auctioneer.address);
  });

  it('holds at most its bound, dropping the oldest, and still checks a dropped intent by its digest', () => {
    const verified = new VerifiedIntents(2);
    const es = [entry(1), entry(2), entry(3)];
    expect(recoverAuctionOpenSigner(parsed(openWith(1, es)), verified)).toBe(auctioneer.address);
    expect(verified.size).toBe(2);
    const [a] = es;
    expect(recoverAuctionOpenSigner(parsed(openWith(2, [a!])), verified)).toBe(auctioneer.address);
    const swapped = openWith(3, [{ ...a!, intent: { ...a!.intent, sellAmount: '2' } }]);
    expect(recoverAuctionOpenSigner(parsed(swapped), verified)).toBeUndefined();
    expect(() => new VerifiedIntents(0)).toThrow(RangeError);
  });
});
