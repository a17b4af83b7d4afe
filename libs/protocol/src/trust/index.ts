export * from './attestation';
export * from './attestationSchema';
export * from './voucher';
export * from './adminAction';
export * from './pass';
