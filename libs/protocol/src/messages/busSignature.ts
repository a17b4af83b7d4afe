import { hashCanonicalJson } from '../canonicalJson';
import { offchainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { keccakUtf8 } from '../crypto/keccak';
import { recoverDigestSigner } from '../crypto/recoverSigner';
import type { DigestSigner } from '../crypto/signDigest';
import { bytesToHex, type Address, type Hex } from '../primitives';
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

/** Digest over the message's canonical JSON without its `signature` field. */
export function busMessageDigest(kind: BusMessageKind, body: Record<string, unknown>, nonce: string = ZERO_NONCE): Hex {
  const { signature: _s, ...rest } = body;
  const struct = new WordWriter(4)
    .bytes32(BUS_MESSAGE_TYPEHASH)
    .bytes32(keccakUtf8(kind))
    .bytes32(nonce)
    .bytes32(hashCanonicalJson(rest))
    .hash();
  return bytesToHex(typedDataDigest(offchainDomainSeparator(offchainDomain), struct));
}

/** Returns `body` with the auctioneer's `signature` added. */
export function signBusMessage<T extends Record<string, unknown>>(
  kind: BusMessageKind,
  body: T,
  signer: DigestSigner,
  nonce?: string,
): T & { signature: Hex } {
  return { ...body, signature: signer.signDigest(busMessageDigest(kind, body, nonce)) };
}

/** The signer of a bus message, or undefined when it carries no readable signature (never throws on bad input). */
export function recoverBusMessageSigner(
  kind: BusMessageKind,
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
