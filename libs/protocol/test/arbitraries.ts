import fc from 'fast-check';

const hexBytes = (n: number) =>
  fc.uint8Array({ minLength: n, maxLength: n }).map((b) => ('0x' + Buffer.from(b).toString('hex')) as `0x${string}`);

/** fast-check arbitraries of the protocol's primitives: a 20-byte address and a 32-byte word, as lowercase hex. */
export const addr = hexBytes(20);
export const b32 = hexBytes(32);
