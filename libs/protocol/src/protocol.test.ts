import fc from 'fast-check';
import { TypedDataEncoder, Signature as EthersSignature } from 'ethers';
import {
  hashTypedData,
  recoverTypedDataAddress,
  createWalletClient,
  getAddress,
  http,
  keccak256 as viemKeccak,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import {
  ADMIN_ACTION_TYPE,
  AWARD_TYPE,
  BID_TYPE,
  HEALTH_ATTESTATION_V2_TYPE,
  INTENT_TYPE,
  SECP256K1_N,
  SOLVER_CONSENT_TYPE,
  adminActionTypes,
  awardTypes,
  healthAttestationV2Types,
  solverConsentTypes,
  bidTypes,
  createDigestSigner,
  getChainDomain,
  hashAward,
  hashBid,
  hashIntent,
  intentTypedData,
  intentTypes,
  offchainDomain,
  parseIntent,
  parseSignedBid,
  recoverAwardSigner,
  recoverBidSigner,
  recoverDigestSigner,
  recoverIntentSigner,
  serializeIntent,
  serializeSignedBid,
  signAward,
  signBid,
  signIntent,
  verifyIntentSignature,
  useSecpBackend,
  useKeccakBackend,
  keccakBackend,
  keccakReady,
  keccakHex,
  merkleRoot,
  recoverBidBundleSigner,
  secpBackend,
  signBidBundle,
  type Award,
  type Bid,
  type Intent,
} from './index';
import { addr, b32 } from '../test/arbitraries';

const u256 = fc.bigInt({ min: 1n, max: (1n << 256n) - 1n });
const chainId = fc.constantFrom(1, 10, 42161, 31337);
const intentArb: fc.Arbitrary<Intent> = fc.record({
  swapper: addr,
  sellToken: addr,
  sellAmount: u256,
  buyToken: addr,
  minBuyAmount: u256,
  recipient: addr,
  sourceChainId: chainId,
  destinationChainId: chainId,
  nonce: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
  deadline: fc.integer({ min: 0, max: 2 ** 40 }),
});
const bidArb: fc.Arbitrary<Bid> = fc.record({
  auctionId: b32,
  solver: addr,
  fills: fc.array(fc.record({ intentHash: b32, buyAmount: u256 }), { minLength: 1, maxLength: 5 }),
  routeHash: b32,
  validUntil: fc.integer({ min: 0, max: 2 ** 40 }),
});
/** An intent of 1:1 test tokens; `over` sets the fields a test cares about. */
const sampleIntent = (over: Partial<Intent> = {}): Intent => ({
  swapper: '0x52908400098527886e0f7030069857d2e4169ee7',
  sellToken: '0x1111111111111111111111111111111111111111',
  sellAmount: 1n,
  buyToken: '0x2222222222222222222222222222222222222222',
  minBuyAmount: 1n,
  recipient: '0x2222222222222222222222222222222222222222',
  sourceChainId: 1,
  destinationChainId: 10,
  nonce: 7n,
  deadline: 1,
  ...over,
});

/** Runs `run` on the noble backend, then on the native one, expects the same answers and returns the native ones. */
function sameOnBothBackends<T, N extends string>(
  use: (name: N) => { name: N },
  current: () => { name: string },
  run: () => T,
): T {
  const prev = use('noble' as N);
  const viaNoble = run();
  use('native' as N);
  expect(current().name).toBe('native');
  const viaNative = run();
  use(prev.name);
  expect(viaNative).toEqual(viaNoble);
  return viaNative;
}

const ethersIntentTypes = { Intent: [...intentTypes.Intent] };

describe('protocol - EIP-712 hashing', () => {
  it('each struct table read from its encodeType string encodes back to that string (ethers)', () => {
    const structs = [
      [INTENT_TYPE, intentTypes, 'Intent'],
      [BID_TYPE, bidTypes, 'Bid'],
      [AWARD_TYPE, awardTypes, 'Award'],
      [HEALTH_ATTESTATION_V2_TYPE, healthAttestationV2Types, 'HealthAttestationV2'],
      [SOLVER_CONSENT_TYPE, solverConsentTypes, 'SolverConsent'],
      [ADMIN_ACTION_TYPE, adminActionTypes, 'AdminAction'],
    ] as const;
    for (const [encodeType, types, primary] of structs) {
      const copy = Object.fromEntries(Object.entries(types).map(([k, fields]) => [k, [...fields]]));
      expect(TypedDataEncoder.from(copy).encodeType(primary)).toBe(encodeType);
    }
  });

  it('intent hash equals viem hashTypedData and ethers TypedDataEncoder on random intents', () => {
    fc.assert(
      fc.property(intentArb, (intent) => {
        const ours = hashIntent(intent);
        const td = intentTypedData(intent);
        expect(ours).toBe(hashTypedData(td));
        expect(ours).toBe(TypedDataEncoder.hash(td.domain, ethersIntentTypes, td.message));
      }),
      { numRuns: 300 },
    );
  });

  it('intent hash equals viem on checksummed addresses, and the shared encoding buffer carries nothing over', () => {
    fc.assert(
      fc.property(intentArb, intentArb, (a, b) => {
        const checksummed = { ...a, swapper: getAddress(a.swapper), recipient: getAddress(a.recipient) };
        const expected = hashTypedData(intentTypedData(checksummed));
        expect(hashIntent(checksummed)).toBe(expected);
        // a large intent, then one that throws mid-encoding (a fractional deadline, its last word), then the first again
        expect(hashIntent(b)).toBe(hashTypedData(intentTypedData(b)));
        expect(() => hashIntent({ ...b, deadline: 1.5 })).toThrow(RangeError);
        expect(hashIntent(checksummed)).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('bid hash equals ethers on random bids (nested Fill[] array)', () => {
    const types = { Bid: [...bidTypes.Bid], Fill: [...bidTypes.Fill] };
    fc.assert(
      fc.property(bidArb, (bid) => {
        expect(hashBid(bid)).toBe(
          TypedDataEncoder.hash(offchainDomain, types, { ...bid, validUntil: BigInt(bid.validUntil) }),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("a bundle's bids (one auction, one solver: the encoding they share is reused) hash as ethers does, interleaved with others; its root is the Merkle root of those hashes", () => {
    const types = { Bid: [...bidTypes.Bid], Fill: [...bidTypes.Fill] };
    const signer = createDigestSigner(generatePrivateKey());
    fc.assert(
      fc.property(b32, fc.array(bidArb, { minLength: 1, maxLength: 6 }), bidArb, (auctionId, drafts, other) => {
        const bids = drafts.map((b) => ({ ...b, auctionId, solver: signer.address }));
        const ethersHash = (b: Bid) =>
          TypedDataEncoder.hash(offchainDomain, types, { ...b, validUntil: BigInt(b.validUntil) });
        // another auction's bid between two of this one's must not reuse (or spoil) the shared words
        for (const b of bids) {
          expect(hashBid(b)).toBe(ethersHash(b));
          expect(hashBid(other)).toBe(ethersHash(other));
        }
        const m = signBidBundle(bids, signer);
        expect(m.bundle.root).toBe(merkleRoot(bids.map(ethersHash)));
        expect(recoverBidBundleSigner({ ...m.bundle, count: bids.length } as never, m.signature)).toBe(signer.address);
      }),
      { numRuns: 100 },
    );
  });

  it('award hash equals ethers on random awards', () => {
    const types = { Award: [...awardTypes.Award] };
    fc.assert(
      fc.property(
        b32,
        b32,
        addr,
        u256,
        fc.integer({ min: 0, max: 2 ** 40 }),
        chainId,
        (auctionId, intentHash, solver, buyAmount, settleBy, cid) => {
          const award: Award = { auctionId, intentHash, solver, buyAmount, settleBy };
          const domain = getChainDomain(cid);
          expect(hashAward(award, domain)).toBe(
            TypedDataEncoder.hash(domain, types, { ...award, settleBy: BigInt(settleBy) }),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('protocol - signing and recovery', () => {
  const account = privateKeyToAccount(generatePrivateKey());
  const swapper = account.address.toLowerCase() as `0x${string}`;
  const base = sampleIntent({
    swapper,
    sellAmount: 10n ** 19n,
    minBuyAmount: 30_000n * 10n ** 6n,
    recipient: swapper,
    deadline: 2_000_000_000,
  });

  it('signs with a LocalAccount and a WalletClient and recovers the swapper', async () => {
    const sigLocal = await signIntent(base, account);
    const wallet = createWalletClient({ account, transport: http('http://127.0.0.1:1') });
    const sigWallet = await signIntent(base, wallet);
    expect(sigWallet).toBe(sigLocal);
    expect(recoverIntentSigner(base, sigLocal)).toBe(swapper);
    expect(verifyIntentSignature(base, sigLocal)).toBe(hashIntent(base));
    expect(await recoverTypedDataAddress({ ...intentTypedData(base), signature: sigLocal })).toBe(account.address);
  });

  it('refuses a signature by another key, and a high-s twin of a valid signature', async () => {
    const other = privateKeyToAccount(generatePrivateKey());
    const sig = await signIntent(base, other);
    expect(() => verifyIntentSignature(base, sig)).toThrow(
      expect.objectContaining({
        code: 'INVALID_SIGNATURE',
        details: expect.objectContaining({ reason: 'not-swapper' }),
      }),
    );

    const good = await signIntent(base, account);
    const parsed = EthersSignature.from(good);
    const highS = (SECP256K1_N - BigInt(parsed.s)).toString(16).padStart(64, '0');
    const flippedV = parsed.v === 27 ? '1c' : '1b';
    const malleable = `${good.slice(0, 66)}${highS}${flippedV}`;
    expect(() => verifyIntentSignature(base, malleable)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ reason: 'high-s' }) }),
    );
  });

  it('refuses v as a bare recovery id 0/1, as the settlement contract does, and says to add 27', async () => {
    const good = await signIntent(base, account);
    const v = parseInt(good.slice(130), 16);
    const bare = `${good.slice(0, 130)}${(v - 27).toString(16).padStart(2, '0')}`;
    expect(() => verifyIntentSignature(base, bare)).toThrow(
      expect.objectContaining({ code: 'INVALID_SIGNATURE', details: { reason: 'v', v: v - 27 } }),
    );
    expect(() => verifyIntentSignature(base, bare)).toThrow(/add 27/);
  });

  it('an intent signed for chain A does not verify for chain B', async () => {
    const sig = await signIntent(base, account);
    expect(() => verifyIntentSignature({ ...base, sourceChainId: 42161 }, sig)).toThrow(
      expect.objectContaining({ code: 'INVALID_SIGNATURE' }),
    );
  });

  it('bids and awards round-trip through sign and recover; the digest signer matches viem', async () => {
    const bid: Bid = {
      auctionId: `0x${'ab'.repeat(32)}`,
      solver: swapper,
      fills: [{ intentHash: hashIntent(base), buyAmount: 31_000n * 10n ** 6n }],
      routeHash: `0x${'cd'.repeat(32)}`,
      validUntil: 2_000_000_000,
    };
    const bidSig = await signBid(bid, account);
    expect(recoverBidSigner(bid, bidSig)).toBe(swapper);

    const key = generatePrivateKey();
    const auctioneer = privateKeyToAccount(key);
    const award: Award = {
      auctionId: bid.auctionId,
      intentHash: hashIntent(base),
      solver: swapper,
      buyAmount: 31_000n * 10n ** 6n,
      settleBy: 2_000_000_000,
    };
    const domain = getChainDomain(1);
    const viaViem = await signAward(award, domain, auctioneer);
    const viaDigest = createDigestSigner(key).signDigest(hashAward(award, domain));
    expect(viaDigest).toBe(viaViem); // RFC 6979 is deterministic, so both paths give the same bytes
    expect(recoverAwardSigner(award, domain, viaDigest)).toBe(auctioneer.address.toLowerCase());
    expect(recoverDigestSigner(hashAward(award, getChainDomain(10)), viaDigest)).not.toBe(
      auctioneer.address.toLowerCase(),
    );
  });
});

describe('protocol - JSON wire forms', () => {
  it('parseIntent(serializeIntent(x)) equals x', () => {
    fc.assert(
      fc.property(intentArb, (intent) => expect(parseIntent(serializeIntent(intent))).toEqual(intent)),
      { numRuns: 300 },
    );
  });
  it('parseSignedBid(serializeSignedBid(x)) equals x', () => {
    const sig = ('0x' + '11'.repeat(65)) as `0x${string}`;
    fc.assert(
      fc.property(bidArb, (bid) =>
        expect(parseSignedBid(serializeSignedBid({ bid, signature: sig }))).toEqual({ bid, signature: sig }),
      ),
      { numRuns: 200 },
    );
  });
  const minimalIntent: Intent = {
    swapper: '0x52908400098527886e0f7030069857d2e4169ee7',
    sellToken: '0x1111111111111111111111111111111111111111',
    sellAmount: 1n,
    buyToken: '0x2222222222222222222222222222222222222222',
    minBuyAmount: 1n,
    recipient: '0x52908400098527886e0f7030069857d2e4169ee7',
    sourceChainId: 1,
    destinationChainId: 1,
    nonce: 1n,
    deadline: 1,
  };
  it.each([
    ['sellAmount', 0, 'INVALID_AMOUNT'],
    ['sellAmount', '0', 'INVALID_AMOUNT'],
    ['sellAmount', '-1', 'INVALID_AMOUNT'],
    ['sellAmount', '1.5', 'INVALID_AMOUNT'],
    ['sellAmount', '1e18', 'INVALID_AMOUNT'],
    ['minBuyAmount', (1n << 256n).toString(), 'INVALID_AMOUNT'],
    ['swapper', '0x1234', 'INVALID_ADDRESS'],
    ['swapper', '0x52908400098527886E0F7030069857D2E4169Ee7', 'INVALID_ADDRESS'],
    ['sourceChainId', 1.5, 'SCHEMA_INVALID'],
    ['nonce', undefined, 'SCHEMA_INVALID'],
  ])('refuses %s = %p with %s', (field, value, code) => {
    const json: Record<string, unknown> = {
      ...serializeIntent(minimalIntent),
    };
    json[field] = value;
    expect(() => parseIntent(json)).toThrow(
      expect.objectContaining({ code, details: expect.objectContaining({ field }) }),
    );
  });
  it('accepts a correctly checksummed mixed-case address and lowercases it', () => {
    const json = {
      ...serializeIntent(minimalIntent),
      swapper: '0x52908400098527886E0F7030069857D2E4169EE7',
    };
    expect(parseIntent(json).swapper).toBe('0x52908400098527886e0f7030069857d2e4169ee7');
  });
  it('refuses unknown keys, including __proto__', () => {
    const json = JSON.parse('{"__proto__":{"x":1},"swapper":"0x52908400098527886e0f7030069857d2e4169ee7"}');
    expect(() => parseIntent(json)).toThrow(expect.objectContaining({ code: 'SCHEMA_INVALID' }));
  });
});

describe('protocol - secp256k1 backends', () => {
  it('native and noble sign and recover identically on the same vectors', async () => {
    const keys = Array.from({ length: 20 }, () => generatePrivateKey());
    const digests = keys.map((k, i) =>
      hashIntent(
        sampleIntent({
          swapper: privateKeyToAccount(k).address.toLowerCase() as `0x${string}`,
          sellAmount: BigInt(i + 1),
          destinationChainId: 1,
          nonce: BigInt(i),
        }),
      ),
    );
    const run = () =>
      keys.map((k, i) => {
        const sig = createDigestSigner(k).signDigest(digests[i]);
        return [sig, recoverDigestSigner(digests[i], sig)];
      });
    const viaNative = sameOnBothBackends(useSecpBackend, secpBackend, run);
    viaNative.forEach(([, who], i) => expect(who).toBe(privateKeyToAccount(keys[i]).address.toLowerCase()));
  });
});

describe('protocol - keccak256 backends', () => {
  it('native and noble hash identically on the same vectors, and match viem', () => {
    // empty, one byte, across the 136-byte block boundary, a large record-sized input, and an intent digest
    const vectors = [0, 1, 135, 136, 137, 272, 100_000].map((n) =>
      Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff),
    );
    const intent = sampleIntent({ swapper: '0x52908400098527886e0f7030069857d2e4169ee7', sellAmount: 5n });
    const run = () => [
      ...vectors.map((v) => keccakHex(v)),
      keccakHex(new TextEncoder().encode('IntentMesh')),
      hashIntent(intent),
    ];
    const viaNative = sameOnBothBackends(useKeccakBackend, keccakBackend, run);
    expect(viaNative.slice(0, vectors.length)).toEqual(vectors.map((v) => viemKeccak(v)));
    expect(viaNative[0]).toBe('0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
  });

  // 16 KiB: the one-call path's buffer; longer inputs are absorbed in chunks of it
  it('the WebAssembly sponge hashes as native does, on every input size', async () => {
    const prev = keccakBackend();
    await keccakReady();
    const vectors = [0, 1, 31, 32, 64, 66, 135, 136, 137, 272, 4_095, 16_383, 16_384, 16_385, 32_768, 100_000].map(
      (n) => Uint8Array.from({ length: n }, (_, i) => (i * 17 + n) & 0xff),
    );
    const intent = sampleIntent({ swapper: '0x52908400098527886e0f7030069857d2e4169ee7', sellAmount: 7n });
    const run = () => [...vectors.map((v) => keccakHex(v)), hashIntent(intent)];
    useKeccakBackend('native');
    const viaNative = run();
    useKeccakBackend('wasm');
    expect(keccakBackend().name).toBe('wasm');
    // twice: one hasher is reused for every call, so a state left over from the last hash would show here
    expect(run()).toEqual(viaNative);
    expect(run()).toEqual(viaNative);
    expect(viaNative.slice(0, vectors.length)).toEqual(vectors.map((v) => viemKeccak(v)));
    useKeccakBackend(prev.name);
  });
});
