export * from './primitives';
export * from './address';
export * from './chains';
export * from './errors';
export * from './typedData';
export * from './schema';
export * from './canonicalJson';
export * from './subjects';
export type { Log } from './log';
export {
  keccakHex,
  keccakUtf8,
  keccakBackend,
  keccakReady,
  useKeccakBackend,
  nobleKeccak,
  type KeccakBackend,
} from './crypto/keccak';
export { isInternalFailure, parseSignature, recoverDigestSigner, type SignatureParts } from './crypto/recoverSigner';
export {
  createNobleBackend,
  nativeSecpBackends,
  secpBackend,
  useSecpBackend,
  nobleBackend,
  type SecpBackend,
} from './crypto/secp256k1';
export { createDigestSigner, type DigestSigner } from './crypto/signDigest';
export { chainDomainSeparator, offchainDomainSeparator } from './crypto/domain';
export * from './intent/types';
export * from './intent/schema';
export * from './intent/parseIntent';
// apart from the schemas (and re-exported from here only), so a browser bundle that signs and sends carries no zod
export * from './intent/serialize';
export * from './intent/hashIntent';
export * from './intent/signIntent';
export * from './intent/recoverIntentSigner';
export * from './intent/contractSignature';
export * from './intent/validateIntent';
export * from './bid/bid';
export * from './bid/bidSchema';
export * from './bid/bundle';
export * from './bid/bundleSchema';
export * from './merkle/merkle';
export * from './award/award';
export * from './award/awardSchema';
export * from './award/settlementFailure';
export * from './award/settlementFailureSchema';
export * from './messages/auction';
export * from './messages/record';
export * from './messages/stream';
export * from './messages/busSignature';
export * from './trust/index';
export * from './intent/cancel';
export * from './messages/quote';
export * from './messages/audit';
export * from './messages/slippage';
