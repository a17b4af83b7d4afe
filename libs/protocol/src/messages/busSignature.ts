import { hashCanonicalJson } from '../canonicalJson';
import { offchainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { keccak, keccakUtf8 } from '../crypto/keccak';
import { intentDigest } from '../intent/intentDigest';
import type { Intent } from '../intent/types';
import { recoverDigestSigner } from '../crypto/recoverSigner';
import type { DigestSigner } from '../crypto/signDigest';
import { bytesToHex, hexToBytes, type Address, type Hex } from '../primitives';
import { bytesEqualHex } from '../crypto/bytesEqualHex';
import { offchainDomain } from '../typedData';

/**
 * A message the auctioneer signs on the bus (auction opens, results, status and metrics answers), so a consumer acts only on what the
 * pinned auctioneer said: anyone who can publish on NATS can forge the bytes, nobody else can forge the signature.
 * `nonce` is the requester's random challenge for request/reply answers (a replayed answer fails), zero for broadcasts.
 */
export const BUS_MESSAGE_TYPE = 'BusMessage(string kind,bytes32 nonce,bytes32 bodyHash)';
const BUS_MESSAGE_TYPEHASH = typeHash(BUS_MESSAGE_TYPE);
export const ZERO_NONCE = ('0x' + '0'.repeat(64)) as Hex;

export type BusMessageKind = 'auction.open' | 'auction.result' | 'auctioneer.status' | 'auctioneer.metrics';
/** The kinds signed over their canonical JSON; an auction open is signed over its intent hashes (auctionOpenDigest). */
export type CanonicalBusMessageKind = Exclude<BusMessageKind, 'auction.open'>;

/** Digest over the message's canonical JSON without its `signature` field (auction opens: auctionOpenDigest). */
export function busMessageDigest(
  kind: CanonicalBusMessageKind,
  body: Record<string, unknown>,
  nonce: string = ZERO_NONCE,
): Hex {
  // an open signed over its intent hashes must never pass through here, where nothing checks its intents against them
  if ((kind as BusMessageKind) === 'auction.open') throw new Error('auction.open: use auctionOpenDigest');
  const { signature: _s, ...rest } = body;
  return digestOf(kind, hashCanonicalJson(rest), nonce);
}

// the few kinds' hashes, once each
const kindHashes = new Map<string, Uint8Array>();
function kindHash(kind: BusMessageKind): Uint8Array {
  let h = kindHashes.get(kind);
  if (!h) kindHashes.set(kind, (h = keccakUtf8(kind)));
  return h;
}

function digestOf(kind: BusMessageKind, bodyHash: Hex | Uint8Array, nonce: string): Hex {
  const struct = new WordWriter(4)
    .bytes32(BUS_MESSAGE_TYPEHASH)
    .bytes32(kindHash(kind))
    .bytes32(nonce)
    .bytes32(bodyHash)
    .hash();
  return bytesToHex(typedDataDigest(offchainDomainSeparator(offchainDomain), struct));
}

export const AUCTION_OPEN_TYPE =
  'AuctionOpen(bytes32 auctionId,address auctioneer,uint256 openedAt,uint256 bidWindowMs,bytes32 intentsHash)';
const AUCTION_OPEN_TYPEHASH = typeHash(AUCTION_OPEN_TYPE);

/** What an open's signature covers: its header, and each intent's hash and swapper signature (not the intent's JSON). */
export type AuctionOpenHeader = {
  auctionId: string;
  auctioneer: string;
  openedAt: number;
  bidWindowMs: number;
  intents: readonly { hash: string; signature: string }[];
};

/**
 * The digest an `auction.open` is signed over: BusMessage('auction.open', 0, AuctionOpen(header, keccak256(hash_0 ‖
 * signature_0 ‖ hash_1 ‖ …))). Each copy costs the auctioneer one hash of 97 bytes per intent instead of canonical
 * JSON of whole intents; a verifier binds each intent to its hash by recomputing it (recoverAuctionOpenSigner).
 */
export function auctionOpenDigest(open: AuctionOpenHeader): Hex {
  const list = hexList(open.intents);
  const struct = new WordWriter(6)
    .bytes32(AUCTION_OPEN_TYPEHASH)
    .bytes32(open.auctionId)
    .address(open.auctioneer)
    .uint(open.openedAt)
    .uint(open.bidWindowMs)
    .bytes32(keccak(list))
    .hash();
  return digestOf('auction.open', struct, ZERO_NONCE);
}

// Node's native hex decoder takes the whole list in one call (several times hexToBytes per field here); browsers take the JS path
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
function hexList(intents: AuctionOpenHeader['intents']): Uint8Array {
  if (NodeBuffer) return NodeBuffer.from(intents.map((e) => e.hash.slice(2) + e.signature.slice(2)).join(''), 'hex');
  const list = new Uint8Array(97 * intents.length);
  intents.forEach((e, i) => {
    list.set(hexToBytes(e.hash), 97 * i);
    list.set(hexToBytes(e.signature), 97 * i + 32);
  });
  return list;
}

/** `open` with the auctioneer's `signature` over auctionOpenDigest. */
export function signAuctionOpen<T extends AuctionOpenHeader>(open: T, signer: DigestSigner): T & { signature: Hex } {
  return { ...open, signature: signer.signDigest(auctionOpenDigest(open)) };
}

/**
 * The signer of a parsed auction open, or undefined when it carries no readable signature or an intent whose hash is
 * not its own (the signature covers the hashes, so a copy with a swapped intent body must not pass; never throws).
 */
export function recoverAuctionOpenSigner(
  open: AuctionOpenHeader & { intents: readonly { intent: Intent }[]; signature?: string },
): Address | undefined {
  if (typeof open.signature !== 'string') return undefined;
  try {
    for (const e of open.intents) if (!bytesEqualHex(intentDigest(e.intent), e.hash)) return undefined;
    return recoverDigestSigner(auctionOpenDigest(open), open.signature);
  } catch {
    return undefined;
  }
}

/** Returns `body` with the auctioneer's `signature` added. */
export function signBusMessage<T extends Record<string, unknown>>(
  kind: CanonicalBusMessageKind,
  body: T,
  signer: DigestSigner,
  nonce?: string,
): T & { signature: Hex } {
  return { ...body, signature: signer.signDigest(busMessageDigest(kind, body, nonce)) };
}

/** The signer of a bus message, or undefined when it carries no readable signature (never throws on bad input). */
export function recoverBusMessageSigner(
  kind: CanonicalBusMessageKind,
  body: Record<string, unknown>,
  nonce?: string,
): Address | undefined {
  if (typeof body.signature !== 'string') return undefined;
  try {
    return recoverDigestSigner(busMessageDigest(kind, body, nonce), body.signature);
  } catch {
    return undefined;
  }
}
