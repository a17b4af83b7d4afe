export { startApi, demoTokens, createOpenApiDocument, type RunningApi } from './main';
export { loadApiConfig, apiEnvSchema, type ApiEnv } from './config';
export type { ApiDeps, DevFaucet, TokenInfo } from './deps';
export { statusOf } from './errorFilter';
