import { bidDigest, readBundledBid, serializeBid } from '../bid/bid';
import { checkSafely } from '../check';
import { canonicalJson, hashCanonicalJson } from '../canonicalJson';
import { offchainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { keccak } from '../crypto/keccak';
import { hashIntent } from '../intent/hashIntent';
import { intentCheck } from '../intent/parseIntent';
import { serializeIntent } from '../intent/serialize';
import { bytesToHex, type Address, type Hex } from '../primitives';
import { offchainDomain } from '../typedData';
import type { AuctionRecordJSON, RecordedBidJSON, RecordedIntentJSON } from './auction';

export const GENESIS_RECORD_HASH = ('0x' + '0'.repeat(64)) as Hex;

export const AUCTION_RECORD_TYPE =
  'AuctionRecord(bytes32 auctionId,uint256 seq,bytes32 recordHash,bytes32 prevRecordHash)';
const AUCTION_RECORD_TYPEHASH = typeHash(AUCTION_RECORD_TYPE);

/** Leaf of one recorded bid in a version 2 to 4 record hash: keccak256 of the entry's canonical JSON. */
export function hashRecordedBid(entry: RecordedBidJSON): Hex {
  return hashCanonicalJson(entry);
}

/**
 * recordHash = keccak256(canonical JSON of the record without recordHash and signature). From version 2 each bid
 * is replaced by its leaf (hashRecordedBid), so the auctioneer hashes bids as they arrive and only the rest at
 * close; from version 5 bids and intents are replaced by their binary leaves (recordedBidLeaf, recordedIntentLeaf).
 * `bidLeaves` and `intentLeaves` pass leaves already computed (an auditor leaves them out and recomputes them).
 */
export function hashAuctionRecord(
  record: Omit<AuctionRecordJSON, 'recordHash' | 'signature'> & Partial<AuctionRecordJSON>,
  bidLeaves?: readonly string[],
  intentLeaves?: readonly string[],
): Hex {
  const { recordHash: _h, signature: _s, ...body } = record;
  if (body.version === 1) return hashCanonicalJson(body);
  if (body.version <= 4) return hashCanonicalJson({ ...body, bids: bidLeaves ?? body.bids.map(hashRecordedBid) });
  return hashCanonicalJson({
    ...body,
    intents: intentLeaves ?? body.intents.map((e) => recordedIntentLeaf(e)),
    bids: bidLeaves ?? body.bids.map((e) => recordedBidLeaf(e)),
  });
}

// Version 5 leaves. A leaf is keccak256 of a binary layout (a tag byte that no JSON text starts with, presence flags,
// the fixed-width fields present, the one free-text field last; a bundled bid or an intent fits one keccak block) built from digests the auctioneer computed anyway (the bid's
// hashBid, the intent's hash), instead of the entry's canonical JSON. An entry outside that layout (upper-case hex, a
// bid or intent not in the exact form serializeBid / serializeIntent give, an unknown field) gets the version 2 leaf,
// keccak256 of its canonical JSON, which no honest auctioneer writes: so every change to an entry changes its leaf.
const BID_LEAF_TAG = 0x01;
const INTENT_LEAF_TAG = 0x02;
const VERDICT = /^[A-Z_]{1,64}$/;
// UTF-8 cannot carry a lone surrogate (TextEncoder writes U+FFFD for any): such a reason keeps the JSON leaf
// (a loop, not a lookbehind regular expression, which older browsers running the explorer cannot parse)
function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = s.charCodeAt(i + 1);
    if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return true;
    i++;
  }
  return false;
}
const BID_ENTRY_KEYS = new Set([
  'receivedAt',
  'solver',
  'bidHash',
  'bid',
  'signature',
  'verdict',
  'reason',
  'bundle',
  'leaf',
]);
const INTENT_ENTRY_KEYS = new Set(['hash', 'intent', 'signature', 'contractSignature']);
const CONTRACT_SIGNATURE_KEYS = new Set(['chainId', 'blockNumber', 'blockHash']);
const utf8 = new TextEncoder();

/** One buffer for every leaf (hashing is synchronous); fields are written in place and the bytes hashed at the end. */
const leaf = {
  buf: new Uint8Array(512),
  n: 0,
  /** The tag, then room for the flags (written last, by `hash`) and `room` more bytes. */
  start(tag: number, room: number): void {
    if (room + 2 > this.buf.length) this.buf = new Uint8Array(room + 2);
    this.buf[0] = tag;
    this.n = 2;
  },
  /**
   * Writes `value` if it is 0x and exactly `bytes` bytes of lower-case hex, and says whether it was (checked as it is
   * written: no regular expression per field); nothing is kept of a value that is not.
   */
  hex(value: unknown, bytes: number): boolean {
    if (
      typeof value !== 'string' ||
      value.length !== 2 + 2 * bytes ||
      value.charCodeAt(0) !== 48 ||
      value.charCodeAt(1) !== 120
    )
      return false;
    const { buf, n } = this;
    for (let i = 0, j = 2; i < bytes; i++, j += 2) {
      const hi = NIBBLE[value.charCodeAt(j)];
      const lo = NIBBLE[value.charCodeAt(j + 1)];
      // undefined (a char code past the table) or -1: not a lower-case hex digit
      if (!(hi >= 0 && lo >= 0)) return false;
      buf[n + i] = (hi << 4) | lo;
    }
    this.n += bytes;
    return true;
  },
  /** `bytes` bytes already written at `from`, written again (a field equal to one before it). */
  copy(from: number, bytes: number): void {
    this.buf.copyWithin(this.n, from, from + bytes);
    this.n += bytes;
  },
  bytes(b: Uint8Array): void {
    this.buf.set(b, this.n);
    this.n += b.length;
  },
  /** A safe integer >= 0 (checked by the caller) as 8 big-endian bytes. */
  u64(v: number): void {
    const hi = Math.floor(v / 2 ** 32);
    const lo = v >>> 0;
    const { buf, n } = this;
    buf[n] = hi >>> 24;
    buf[n + 1] = (hi >>> 16) & 255;
    buf[n + 2] = (hi >>> 8) & 255;
    buf[n + 3] = hi & 255;
    buf[n + 4] = lo >>> 24;
    buf[n + 5] = (lo >>> 16) & 255;
    buf[n + 6] = (lo >>> 8) & 255;
    buf[n + 7] = lo & 255;
    this.n += 8;
  },
  /** An integer in [0, 2^32) (checked by the caller) as 4 big-endian bytes. */
  u32(v: number): void {
    const { buf, n } = this;
    buf[n] = v >>> 24;
    buf[n + 1] = (v >>> 16) & 255;
    buf[n + 2] = (v >>> 8) & 255;
    buf[n + 3] = v & 255;
    this.n += 4;
  },
  /** ASCII of at most 255 characters (checked by the caller), after its length. */
  short(s: string): void {
    this.buf[this.n++] = s.length;
    for (let i = 0; i < s.length; i++) this.buf[this.n++] = s.charCodeAt(i);
  },
  /** The free text, last: its bytes run to the end. */
  text(s: string): void {
    this.n += utf8.encodeInto(s, this.buf.subarray(this.n)).written;
  },
  hash(flags: number): Hex {
    this.buf[1] = flags;
    return bytesToHex(keccak(this.buf.subarray(0, this.n)));
  },
};
// the value of each lower-case hex digit by char code, -1 for every other char below 128
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) NIBBLE[97 + i] = 10 + i;

const isUint = (v: unknown, max: number): v is number =>
  Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;
function onlyKeys(o: object, keys: ReadonlySet<string>): boolean {
  for (const k of Object.keys(o)) if (!keys.has(k) && (o as Record<string, unknown>)[k] !== undefined) return false;
  return true;
}
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** hashBid of a recorded bid in exactly the form serializeBid writes, as bytes; undefined for any other value. */
function recordedBidDigest(bid: unknown): Uint8Array | undefined {
  const parsed = readBundledBid(bid);
  if (!parsed || canonicalJson(serializeBid(parsed)) !== canonicalJson(bid)) return undefined;
  return bidDigest(parsed);
}

/**
 * Leaf of one recorded bid in a version 5 record hash: keccak256(0x01 ‖ flags ‖ hashBid(bid) ‖ bidHash ‖ receivedAt
 * (8 bytes) ‖ solver ‖ signature (65 bytes) ‖ bundle ‖ leaf (4 bytes each) ‖ verdict (length-prefixed) ‖ reason
 * (UTF-8)), where a null or absent field is left out and its flag unset (flags: 1 bid, 2 bidHash, 4 solver,
 * 8 signature, 16 bundle and leaf). `bidHash`: hashBid of `entry.bid`, when the caller computed it from the bid this entry serializes (the
 * auctioneer); an auditor leaves it out and the bid is read, held to serializeBid's form and hashed here.
 */
export function recordedBidLeaf(entry: RecordedBidJSON, bidHash?: string): Hex {
  const e = entry as unknown;
  if (
    !isPlainObject(e) ||
    !onlyKeys(e, BID_ENTRY_KEYS) ||
    !isUint(e.receivedAt, Number.MAX_SAFE_INTEGER) ||
    typeof e.verdict !== 'string' ||
    !VERDICT.test(e.verdict) ||
    typeof e.reason !== 'string' ||
    hasLoneSurrogate(e.reason) ||
    (e.bundle === undefined) !== (e.leaf === undefined) ||
    (e.bundle !== undefined && (!isUint(e.bundle, 0xffffffff) || !isUint(e.leaf, 0xffffffff))) ||
    e.bid === undefined
  )
    return hashCanonicalJson(entry);
  leaf.start(BID_LEAF_TAG, 32 + 32 + 8 + 20 + 65 + 8 + 65 + e.reason.length * 3);
  let flags = 0;
  // where the bid's digest went: the recorded bidHash is most often that same string, whose bytes are then copied
  let digestAt = -1;
  if (e.bid !== null) {
    flags |= 1;
    digestAt = leaf.n;
    // the caller's digest of this very bid, or the bid read, held to its serialized form and hashed
    if (bidHash === undefined || !leaf.hex(bidHash, 32)) {
      const digest = recordedBidDigest(e.bid);
      if (!digest) return hashCanonicalJson(entry);
      leaf.bytes(digest);
      digestAt = -1;
    }
  }
  // a null field is left out (its flag unset); anything but null or lower-case hex of its width keeps the JSON leaf
  if (e.bidHash !== null) {
    if (digestAt >= 0 && e.bidHash === bidHash) leaf.copy(digestAt, 32);
    else if (!leaf.hex(e.bidHash, 32)) return hashCanonicalJson(entry);
    flags |= 2;
  }
  leaf.u64(e.receivedAt);
  if (e.solver !== null && !(leaf.hex(e.solver, 20) && (flags |= 4))) return hashCanonicalJson(entry);
  if (e.signature !== null && !(leaf.hex(e.signature, 65) && (flags |= 8))) return hashCanonicalJson(entry);
  if (e.bundle !== undefined) {
    flags |= 16;
    leaf.u32(e.bundle as number);
    leaf.u32(e.leaf as number);
  }
  leaf.short(e.verdict);
  leaf.text(e.reason);
  return leaf.hash(flags);
}

/**
 * Leaf of one recorded intent in a version 5 record hash: keccak256(0x02 ‖ flags ‖ hashIntent(intent) ‖ hash ‖
 * signature (65 bytes) ‖ contractSignature's chainId ‖ blockNumber (8 bytes each) ‖ blockHash), the citation left out
 * with flag 1 unset when absent. `intentHash`: hashIntent of `entry.intent`, when the caller knows it (the auctioneer
 * checked it at intake); an auditor leaves it out and the intent is read, held to serializeIntent's form and hashed.
 */
export function recordedIntentLeaf(entry: RecordedIntentJSON, intentHash?: string): Hex {
  const e = entry as unknown;
  if (!isPlainObject(e) || !onlyKeys(e, INTENT_ENTRY_KEYS)) return hashCanonicalJson(entry);
  const cited = e.contractSignature;
  if (
    cited !== undefined &&
    (!isPlainObject(cited) ||
      !onlyKeys(cited, CONTRACT_SIGNATURE_KEYS) ||
      !isUint(cited.chainId, Number.MAX_SAFE_INTEGER) ||
      !isUint(cited.blockNumber, Number.MAX_SAFE_INTEGER) ||
      typeof cited.blockHash !== 'string')
  )
    return hashCanonicalJson(entry);
  leaf.start(INTENT_LEAF_TAG, 32 + 32 + 65 + 16 + 32);
  // the caller's hash of this very intent, or the intent read, held to its serialized form and hashed
  if (intentHash === undefined || !leaf.hex(intentHash, 32)) {
    const intent = checkSafely(intentCheck, e.intent);
    if (!intent || canonicalJson(serializeIntent(intent)) !== canonicalJson(e.intent)) return hashCanonicalJson(entry);
    let hash: Hex;
    try {
      hash = hashIntent(intent);
    } catch {
      // a source chain this verifier has no domain for: the intent cannot be hashed here (verifyAuction says BAD_INTENT)
      return hashCanonicalJson(entry);
    }
    leaf.hex(hash, 32);
  }
  if (!leaf.hex(e.hash, 32) || !leaf.hex(e.signature, 65)) return hashCanonicalJson(entry);
  if (cited) {
    leaf.u64(cited.chainId as number);
    leaf.u64(cited.blockNumber as number);
    if (!leaf.hex(cited.blockHash, 32)) return hashCanonicalJson(entry);
  }
  return leaf.hash(cited ? 1 : 0);
}

/** Digest the auctioneer signs for a record; typed, so it can never double as a transaction or an intent. */
export function auctionRecordDigest(r: {
  auctionId: string;
  seq: number;
  recordHash: string;
  prevRecordHash: string;
}): Hex {
  const struct = new WordWriter(5)
    .bytes32(AUCTION_RECORD_TYPEHASH)
    .bytes32(r.auctionId)
    .uint(r.seq)
    .bytes32(r.recordHash)
    .bytes32(r.prevRecordHash)
    .hash();
  return bytesToHex(typedDataDigest(offchainDomainSeparator(offchainDomain), struct));
}

export { canonicalJson };

/** Auction ids are derived, not random: (auctioneer, seq, openedAt) cannot be ground for a favourable seed. */
export function deriveAuctionId(auctioneer: Address, seq: number, openedAt: number): Hex {
  return bytesToHex(new WordWriter(3).address(auctioneer).uint(seq).uint(openedAt).hash());
}
