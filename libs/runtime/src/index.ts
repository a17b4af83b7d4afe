export * from './config';
export * from './keys';
export * from './logger';
export * from './connect';
export * from './keystore';
export * from './runMain';
export * from './metrics';
export * from './verifyPool';
