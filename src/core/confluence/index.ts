/** The Confluence HTTP client for Cloud (REST v2 + v1) and Data Center. See README.md for endpoints and policies. */
export * from './types';
export { ConfluenceClient } from './client';
export { CloudClient } from './cloud';
export { DataCenterClient } from './datacenter';
export { connectConfluence, type ConnectOptions } from './connect';
export { ConfluenceError, isAbort, isConfluenceError, isUnauthorized, type HintContext, type ErrorTarget } from './errors';
export { credentialSecrets, redactSecrets, SecretMask } from './redact';
export { AdaptiveLimiter, type LimiterOptions, type LimiterSnapshot } from './limiter';
export type { RequestStats, RequestKind, RetryOptions } from './executor';
export { AxiosTransport, TransportError, type HttpTransport, type HttpRequest, type HttpResponse } from './transport';
