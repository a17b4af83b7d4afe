import { generatePrivateKey } from 'viem/accounts';
import { createDigestSigner } from '../crypto/signDigest';
import { hashIntent } from '../intent/hashIntent';
import { parseAuctionOpen } from './auction';
import { serializeIntent } from '../intent/serialize';
import { parseIntent } from '../intent/parseIntent';
import type { Intent } from '../intent/types';
import { recoverAuctionOpenSigner, recoverBusMessageSigner, signAuctionOpen, signBusMessage } from './busSignature';

describe('bus signature - auction opens signed over their intent hashes', () => {
  const auctioneer = createDigestSigner(generatePrivateKey());
  const swapper = createDigestSigner(generatePrivateKey());
  // every intent of the open differs only in its nonce
  const one = (a: string) => `0x${a.repeat(20)}` as const;
  const base = { sellToken: one('11'), buyToken: one('22'), swapper: swapper.address, recipient: swapper.address };
  const entry = (n: number) => {
    const intent: Intent = {
      ...base,
      ...{ sellAmount: 10n ** 18n, minBuyAmount: 1000n, sourceChainId: 1, destinationChainId: 1 },
      ...{ nonce: BigInt(n), deadline: 4_000_000_000 },
    };
    const hash = hashIntent(intent);
    return { hash, intent: serializeIntent(intent), signature: swapper.signDigest(hash) };
  };
  const open = {
    auctionId: `0x${'ab'.repeat(32)}`,
    auctioneer: auctioneer.address,
    openedAt: 1_000,
    bidWindowMs: 300,
    intents: [entry(1), entry(2)],
  };
  const signer = (json: object) => recoverAuctionOpenSigner(parseAuctionOpen(JSON.parse(JSON.stringify(json))));

  it('recovers the auctioneer from a signed open, and nobody from one changed anywhere after signing', () => {
    const signed = signAuctionOpen(open, auctioneer);
    expect(signer(signed)).toBe(auctioneer.address);
    const [a, b] = signed.intents;
    const changed = [
      { ...signed, auctionId: `0x${'cd'.repeat(32)}` },
      { ...signed, auctioneer: swapper.address },
      { ...signed, openedAt: 1_001 },
      { ...signed, bidWindowMs: 10_000 },
      { ...signed, intents: [b, a] },
      { ...signed, intents: [a] },
      // the body swapped under a genuine hash: the signature covers the hash only, so the hash check must catch it
      { ...signed, intents: [{ ...a, intent: { ...a.intent, minBuyAmount: '1' } }, b] },
      { ...signed, intents: [{ ...a, signature: b.signature }, b] },
    ];
    for (const c of changed) expect(signer(c)).not.toBe(auctioneer.address);
    const { signature: _s, ...unsigned } = signed;
    expect(signer(unsigned)).toBeUndefined();
  });

  it('checks each intent against its hash in either case, and refuses a hash one digit or one byte off', () => {
    const signed = signAuctionOpen(open, auctioneer);
    // the hashes as given (not through parseAuctionOpen, which lowercases them and refuses a malformed one)
    type Entry = { hash: string; intent: (typeof signed.intents)[number]['intent']; signature: string };
    const direct = (json: Omit<typeof signed, 'intents'> & { intents: Entry[] }) =>
      recoverAuctionOpenSigner({
        ...json,
        intents: json.intents.map((e) => ({ ...e, intent: parseIntent(e.intent) })),
      });
    // the parsed open lowercases hashes; a caller may hand the raw JSON with upper-case hex
    const upper = {
      ...signed,
      intents: signed.intents.map((e) => ({ ...e, hash: `0x${e.hash.slice(2).toUpperCase()}` })),
    };
    expect(direct(JSON.parse(JSON.stringify(upper)))).toBe(auctioneer.address);
    const [a, b] = signed.intents;
    const last = a.hash.slice(-1) === '0' ? '1' : '0';
    for (const hash of [a.hash.slice(0, -1) + last, a.hash.slice(0, -2), `${a.hash}00`, `0y${a.hash.slice(2)}`]) {
      expect(direct({ ...signed, intents: [{ ...a, hash }, b] })).toBeUndefined();
    }
  });

  it('never takes an open through the canonical-JSON path (its digest there would check no intent)', () => {
    const asOpen = signBusMessage as (kind: string, body: object, s: typeof auctioneer) => object;
    expect(() => asOpen('auction.open', open, auctioneer)).toThrow('auctionOpenDigest');
    const recover = recoverBusMessageSigner as (kind: string, body: Record<string, unknown>) => unknown;
    expect(recover('auction.open', signAuctionOpen(open, auctioneer))).toBeUndefined();
  });
});
