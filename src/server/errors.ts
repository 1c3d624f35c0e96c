/** API errors and the two real error envelopes (v2 `errors[]`, v1 `statusCode/data/message`). */

export type ApiFlavor = 'v2' | 'v1';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const V2_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  410: 'GONE',
  413: 'REQUEST_ENTITY_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

/** Java exception classes Confluence prefixes v1 messages with. */
const V1_EXCEPTIONS: Record<number, string> = {
  400: 'com.atlassian.confluence.api.service.exceptions.BadRequestException',
  403: 'com.atlassian.confluence.api.service.exceptions.PermissionException',
  404: 'com.atlassian.confluence.api.service.exceptions.NotFoundException',
  409: 'com.atlassian.confluence.api.service.exceptions.ConflictException',
  413: 'com.atlassian.confluence.api.service.exceptions.BadRequestException',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Error';
}

/** Thrown by the store and route handlers; rendered in the envelope of the route's API. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** v2 `code` override (e.g. INVALID_REQUEST_PARAMETER). */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (m: string, code?: string) => new ApiError(400, m, code);
export const notFound = (m = 'Not Found') => new ApiError(404, m);
export const conflict = (m: string) => new ApiError(409, m);
export const forbidden = (m: string) => new ApiError(403, m);

export function v2ErrorBody(status: number, title: string, code?: string): unknown {
  return { errors: [{ status, code: code ?? V2_CODES[status] ?? 'ERROR', title, detail: null }] };
}

export function v1ErrorBody(status: number, message: string): unknown {
  const cls = V1_EXCEPTIONS[status];
  return {
    statusCode: status,
    data: { authorized: status !== 401 && status !== 403, valid: false, allowedInReadOnlyMode: true, errors: [], successful: false },
    message: cls ? `${cls}: ${message}` : message,
    reason: reasonPhrase(status),
  };
}

export function errorBody(flavor: ApiFlavor, status: number, message: string, code?: string): unknown {
  return flavor === 'v2' ? v2ErrorBody(status, message, code) : v1ErrorBody(status, message);
}
