export * from './attestation';
export * from './voucher';
export * from './adminAction';
export * from './pass';
