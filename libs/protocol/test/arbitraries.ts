import fc from 'fast-check';

const hexBytes = (n: number) =>
  fc.uint8Array({ minLength: n, maxLength: n }).map((b) => ('0x' + Buffer.from(b).toString('hex')) as `0x${string}`);

/** fast-check arbitraries of the protocol's primitives: a 20-byte address and a 32-byte word, as lowercase hex. */
export const addr = hexBytes(20);
export const b32 = hexBytes(32);

/** A region a solver or its operator declares. */
export const regions = fc.constantFrom('eu', 'us-east', 'ap-1');

/** A HealthAttestation, version 1 (no region) or version 2. */
export const healthAttestation = fc.record({
  auctioneer: addr,
  solver: addr,
  nonce: b32,
  issuedAt: fc.nat(),
  inflight: fc.nat(1000),
  chains: fc.array(fc.nat(1_000_000), { maxLength: 8 }),
  region: fc.option(regions, { nil: undefined }),
});

/** A SolverVoucher of version 1 (version 2 adds a region). */
export const solverVoucher = fc.record({ solver: addr, operator: addr, salt: b32, expiry: fc.nat() });
