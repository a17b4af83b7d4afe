import fc from 'fast-check';
import { hashTypedData } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import {
  adminActionTypes,
  createDigestSigner,
  hashAdminAction,
  hashHealthAttestation,
  hashSolverVoucher,
  healthAttestationTypedData,
  healthAttestationV2TypedData,
  offchainDomain,
  parseSignedHealthAttestation,
  parseSignedSolverVoucher,
  consentSolverVoucher,
  hashSolverConsent,
  recoverSolverConsentSigner,
  solverConsentTypedData,
  solverConsentV2TypedData,
  recoverAdminActionSigner,
  recoverHealthAttestationSigner,
  recoverSolverVoucherSigner,
  signAdminAction,
  signHealthAttestation,
  signSolverVoucher,
  solverVoucherTypedData,
  solverVoucherV2TypedData,
  type HealthAttestation,
} from '../index';
import { healthAttestation, regions, solverVoucher } from '../../test/arbitraries';

describe('protocol trust - attestations, vouchers and admin actions', () => {
  it('hashes a HealthAttestation (v1, and v2 with a region) exactly as viem hashTypedData does (uint256[] chains included)', () => {
    fc.assert(
      fc.property(healthAttestation, (a: HealthAttestation) => {
        const h = hashHealthAttestation(a);
        expect(h).toBe(
          a.region
            ? hashTypedData(healthAttestationV2TypedData({ ...a, region: a.region }))
            : hashTypedData(healthAttestationTypedData(a)),
        );
        // version 1 (no region) and version 2 never share a digest
        if (a.region) expect(h).not.toBe(hashHealthAttestation({ ...a, region: undefined }));
      }),
      { numRuns: 200 },
    );
  });

  it('hashes a SolverVoucher (v1, and v2 with a region) and an AdminAction exactly as viem does', () => {
    fc.assert(
      fc.property(solverVoucher, regions, fc.bigInt({ min: 0n, max: 1n << 200n }), (v, region, amount) => {
        const { operator, expiry } = v;
        expect(hashSolverVoucher(v)).toBe(hashTypedData(solverVoucherTypedData(v)));
        expect(hashSolverConsent(v)).toBe(hashTypedData(solverConsentTypedData(v)));
        expect(hashSolverConsent(v)).not.toBe(hashSolverVoucher(v));
        const v2 = { ...v, region };
        expect(hashSolverVoucher(v2)).toBe(hashTypedData(solverVoucherV2TypedData(v2)));
        expect(hashSolverConsent(v2)).toBe(hashTypedData(solverConsentV2TypedData(v2)));
        // the region is signed: neither version nor another region shares a digest
        expect(hashSolverVoucher(v2)).not.toBe(hashSolverVoucher(v));
        expect(hashSolverVoucher(v2)).not.toBe(hashSolverVoucher({ ...v, region: `${region}x` }));
        expect(hashSolverConsent(v2)).not.toBe(hashSolverVoucher(v2));
        const act = { action: 'setBond' as const, operator, amount, nonce: amount + 1n, expiry };
        expect(hashAdminAction(act)).toBe(
          hashTypedData({
            domain: offchainDomain,
            types: adminActionTypes,
            primaryType: 'AdminAction',
            message: act as any,
          }),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('round-trips signed attestations and vouchers through the wire schema and recovers the signer', async () => {
    const solverKey = generatePrivateKey();
    const solver = createDigestSigner(solverKey);
    const a: HealthAttestation = {
      auctioneer: ('0x' + '11'.repeat(20)) as any,
      solver: solver.address,
      nonce: ('0x' + 'ab'.repeat(32)) as any,
      issuedAt: 1_700_000_000_000,
      inflight: 3,
      chains: [1, 10],
    };
    const signed = parseSignedHealthAttestation(JSON.parse(JSON.stringify(signHealthAttestation(a, solver))));
    expect(signed.attestation).toEqual(a);
    expect(recoverHealthAttestationSigner(signed.attestation, signed.signature)).toBe(solver.address);
    // viem's own signer produces the same signature bytes' signer
    const viemSig = await privateKeyToAccount(solverKey).signTypedData(healthAttestationTypedData(a));
    expect(recoverHealthAttestationSigner(a, viemSig)).toBe(solver.address);
    // one changed field: another signer
    expect(recoverHealthAttestationSigner({ ...a, inflight: 4 }, signed.signature)).not.toBe(solver.address);

    const operator = createDigestSigner(generatePrivateKey());
    const v = parseSignedSolverVoucher(
      JSON.parse(
        JSON.stringify(
          signSolverVoucher(
            { solver: solver.address, operator: operator.address, salt: a.nonce, expiry: 2_000_000_000 },
            operator,
          ),
        ),
      ),
    );
    expect(recoverSolverVoucherSigner(v.voucher, v.signature)).toBe(operator.address);
    const consented = parseSignedSolverVoucher(
      JSON.parse(JSON.stringify(consentSolverVoucher(signSolverVoucher(v.voucher, operator), solver))),
    );
    expect(recoverSolverConsentSigner(consented.voucher, consented.solverSignature!)).toBe(solver.address);
    // version 2: the region round-trips, is covered by both signatures, and a changed region recovers someone else
    const withRegion = parseSignedSolverVoucher(
      JSON.parse(
        JSON.stringify(consentSolverVoucher(signSolverVoucher({ ...v.voucher, region: 'eu' }, operator), solver)),
      ),
    );
    expect(withRegion.voucher.region).toBe('eu');
    expect(recoverSolverVoucherSigner(withRegion.voucher, withRegion.signature)).toBe(operator.address);
    expect(recoverSolverConsentSigner(withRegion.voucher, withRegion.solverSignature!)).toBe(solver.address);
    expect(recoverSolverVoucherSigner({ ...withRegion.voucher, region: 'us' }, withRegion.signature)).not.toBe(
      operator.address,
    );
    expect(recoverSolverVoucherSigner({ ...withRegion.voucher, region: undefined }, withRegion.signature)).not.toBe(
      operator.address,
    );
    const viemV2 = await privateKeyToAccount(solverKey).signTypedData(
      solverVoucherV2TypedData({ ...v.voucher, region: 'eu' }),
    );
    expect(recoverSolverVoucherSigner({ ...v.voucher, region: 'eu' }, viemV2)).toBe(solver.address);
    expect(() =>
      parseSignedSolverVoucher({ ...withRegion, voucher: { ...withRegion.voucher, region: 'EU!' } }),
    ).toThrow(/region/);

    const admin = createDigestSigner(generatePrivateKey());
    const act = { action: 'eject' as const, operator: operator.address, amount: 0n, nonce: 7n, expiry: 2_000_000_000 };
    const sa = signAdminAction(act, admin);
    expect(recoverAdminActionSigner(act, sa.signature)).toBe(admin.address);
    expect(recoverAdminActionSigner({ ...act, action: 'readmit' }, sa.signature)).not.toBe(admin.address);
  });
});
