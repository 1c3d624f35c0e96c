/**
 * Sends every request of a client: limiter slot, auth header, retries (429/503 Retry-After, 5xx and dropped
 * connections for idempotent calls, look-up-before-retry for the others), typed errors, redacted logging, stats.
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from '../logging';
import { nullLogger } from '../logging';
import { AdaptiveLimiter, abortReason } from './limiter';
import { ConfluenceError, hintFor, parseErrorBody, parseStoragePosition, type ErrorTarget, type HintContext } from './errors';
import { createRedactor } from './redact';
import { classifyTransportFailure, permanentFailureHint } from './transport-failures';
import { TransportError, type HttpRequest, type HttpResponse, type HttpTransport } from './transport';
import { abortableDelay } from '../delay';
import { readRateLimit } from './rateLimitHeaders';

export type RequestKind = 'read' | 'write' | 'label' | 'property' | 'attachment';
export type QueryValue = string | number | boolean | undefined | Array<string | number>;

export interface RetryOptions {
  /** Retries after 429/503 (rate limiting). Default 10. */
  maxThrottleRetries?: number;
  /** Retries after 5xx or a dropped connection. Default 4. */
  maxFailureRetries?: number;
  /** First backoff step when the server gives no Retry-After. Default 250 ms. */
  baseDelayMs?: number;
  /** Backoff cap. Default 30 s. */
  maxDelayMs?: number;
  /** A Retry-After longer than this fails the call instead of stalling the run. Default 120 s. */
  maxRetryAfterMs?: number;
}

export interface RequestSpec {
  method: HttpRequest['method'];
  /** Absolute URL without query. */
  url: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  /** Human description for errors and logs: `update page 123 "Install"`. */
  operation: string;
  kind: RequestKind;
  target?: ErrorTarget;
  /** Safe to send twice. Default: every method but POST. */
  idempotent?: boolean;
  /**
   * For a non-idempotent request whose outcome is unknown (dropped connection, 5xx): find out whether it took
   * effect before sending it again. Returning a response ends the call with it; undefined means "send again".
   */
  recover?: () => Promise<JsonResponse | undefined>;
  /** Statuses handed back to the caller instead of thrown (404 on look-ups). */
  accept?: number[];
  signal?: AbortSignal;
  /** The answer's body as bytes (`data` is a Uint8Array): attachment downloads. */
  binary?: boolean;
  /**
   * Follow redirects (downloads: Cloud redirects to its media store). Credentials go only to the origin of the first
   * URL; a hop to another origin is sent without them. Other requests treat a redirect as a wrong site URL.
   */
  followRedirects?: boolean;
}

const MAX_REDIRECTS = 5;

/** The absolute URL a redirect points to, when it is http(s); undefined otherwise. */
function redirectTarget(from: string, location: string): string | undefined {
  if (!location) return undefined;
  try {
    const next = new URL(location, from);
    return next.protocol === 'https:' || next.protocol === 'http:' ? next.href : undefined;
  } catch {
    return undefined;
  }
}

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  data: T;
}

export interface RequestStats {
  requests: number;
  byMethod: Record<string, number>;
  byKind: Record<RequestKind, number>;
  retries: number;
  /** 429 answers received. */
  throttled: number;
  /** 503 answers received. */
  unavailable: number;
  serverErrors: number;
  networkErrors: number;
  /** Highest number of requests in flight at once, and the highest limit the limiter reached. */
  peakConcurrency: number;
  peakLimit: number;
}

export interface ExecutorOptions {
  transport: HttpTransport;
  limiter: AdaptiveLimiter;
  authorization: string;
  secrets: string[];
  logger?: Logger;
  retry?: RetryOptions;
  hintContext?: HintContext;
  flavor?: 'cloud' | 'datacenter';
  /** Random source for jitter, for tests. */
  random?: () => number;
  timeoutMs?: number;
}

export function emptyStats(): RequestStats {
  return {
    requests: 0,
    byMethod: {},
    byKind: { read: 0, write: 0, label: 0, property: 0, attachment: 0 },
    retries: 0,
    throttled: 0,
    unavailable: 0,
    serverErrors: 0,
    networkErrors: 0,
    peakConcurrency: 0,
    peakLimit: 0,
  };
}

export function buildUrl(url: string, query?: Record<string, QueryValue>): string {
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    // Atlassian documents list filters as comma-separated values.
    params.append(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const qs = params.toString();
  return qs ? `${url}${url.includes('?') ? '&' : '?'}${qs}` : url;
}

export { parseRetryAfter } from './rateLimitHeaders';

export class RequestExecutor {
  readonly stats: RequestStats = emptyStats();
  flavor: 'cloud' | 'datacenter' | undefined;
  private readonly transport: HttpTransport;
  readonly limiter: AdaptiveLimiter;
  private readonly authorization: string;
  private readonly redactor: (text: string) => string;
  private readonly logger: Logger;
  private readonly retry: Required<RetryOptions>;
  private readonly hintContext: HintContext;
  private readonly random: () => number;
  private readonly timeoutMs: number | undefined;
  /** The server's rate-limit headers showed the bucket running low: every start is paced from then on. */
  private pacing = false;

  constructor(options: ExecutorOptions) {
    this.transport = options.transport;
    this.limiter = options.limiter;
    this.authorization = options.authorization;
    this.redactor = createRedactor([...options.secrets, options.authorization, options.authorization.replace(/^\w+\s+/, '')]);
    this.logger = options.logger ?? nullLogger;
    this.retry = {
      maxThrottleRetries: options.retry?.maxThrottleRetries ?? 10,
      maxFailureRetries: options.retry?.maxFailureRetries ?? 4,
      baseDelayMs: options.retry?.baseDelayMs ?? 250,
      maxDelayMs: options.retry?.maxDelayMs ?? 30_000,
      maxRetryAfterMs: options.retry?.maxRetryAfterMs ?? 120_000,
    };
    this.hintContext = options.hintContext ?? 'both';
    this.flavor = options.flavor;
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs;
  }

  /** The redaction every message of this client goes through. */
  redact(text: string): string {
    return this.redactor(text);
  }

  close(): void {
    this.transport.close?.();
  }

  async request<T = unknown>(spec: RequestSpec): Promise<JsonResponse<T>> {
    let url = buildUrl(spec.url, spec.query);
    const origin = new URL(url).origin;
    let redirects = 0;
    const idempotent = spec.idempotent ?? spec.method !== 'POST';
    const retriable = idempotent || spec.recover !== undefined;
    let throttleRetries = 0;
    let failureRetries = 0;
    let outcomeUnknown = false;
    // One signal usually cancels a whole run of concurrent requests: each adds a listener, which is expected.
    if (spec.signal) setMaxListeners(0, spec.signal);

    for (;;) {
      if (outcomeUnknown && spec.recover) {
        const recovered = await spec.recover();
        if (recovered) {
          this.logger.info(this.redact(`${spec.operation}: the earlier attempt had succeeded; not sending it again`));
          return recovered as JsonResponse<T>;
        }
      }
      const permit = await this.limiter.acquire(spec.signal).catch((err) => {
        throw this.abortError(spec, url, err);
      });
      this.count(spec);
      const started = Date.now();
      const sentAt = this.limiter.now();
      let res: HttpResponse;
      try {
        res = await this.transport.send({
          method: spec.method,
          url,
          headers: this.headersFor(spec, new URL(url).origin === origin),
          body: spec.form ?? (spec.json !== undefined ? JSON.stringify(spec.json) : undefined),
          signal: spec.signal,
          timeoutMs: this.timeoutMs,
          ...(spec.binary ? { binary: true } : {}),
        });
      } catch (err) {
        permit.release('neutral');
        if (spec.signal?.aborted || (err instanceof TransportError && err.code === 'ABORTED')) {
          throw this.abortError(spec, url, spec.signal ? abortReason(spec.signal) : err);
        }
        this.stats.networkErrors++;
        const code = err instanceof TransportError ? err.code : 'ENETWORK';
        const message = this.redact(err instanceof Error ? err.message : String(err));
        // DNS and certificate failures give the same answer on every retry: fail at once (no request was sent).
        const transient = classifyTransportFailure(code) === 'transient';
        if (transient && retriable && failureRetries < this.retry.maxFailureRetries) {
          failureRetries++;
          outcomeUnknown = !idempotent;
          const delay = this.backoff(failureRetries);
          this.logger.warn(this.redact(`${spec.operation}: ${code} (${message}); retry ${failureRetries} in ${delay} ms`));
          await this.sleepOrAbort(delay, spec, url);
          continue;
        }
        throw this.networkError(spec, url, code, message, failureRetries, idempotent);
      }
      if (this.logger !== nullLogger) this.logger.debug(this.redact(`${spec.method} ${url} -> ${res.status} (${Date.now() - started} ms)`));

      const retryAfter = this.paceFrom(res);
      if (res.status === 429 || res.status === 503) {
        permit.release('throttled');
        if (res.status === 429) this.stats.throttled++;
        else this.stats.unavailable++;
        if (retryAfter !== undefined) this.limiter.pauseFor(Math.min(retryAfter, this.retry.maxRetryAfterMs), sentAt);
        // 429 means "not processed"; a 503 on a non-idempotent call may have been, so it needs the look-up.
        const canRetry = res.status === 429 || retriable;
        if (canRetry && throttleRetries < this.retry.maxThrottleRetries && (retryAfter ?? 0) <= this.retry.maxRetryAfterMs) {
          throttleRetries++;
          if (res.status === 503 && !idempotent) outcomeUnknown = true;
          const delay = retryAfter ?? this.backoff(throttleRetries);
          this.logger.debug(this.redact(`${spec.operation}: ${res.status}; retry ${throttleRetries} in ${delay} ms`));
          await this.sleepOrAbort(delay, spec, url);
          continue;
        }
        throw this.httpError(spec, url, res, throttleRetries + failureRetries);
      }
      if (res.status >= 500) {
        permit.release('neutral');
        this.stats.serverErrors++;
        if (retriable && failureRetries < this.retry.maxFailureRetries) {
          failureRetries++;
          outcomeUnknown = !idempotent;
          const delay = this.backoff(failureRetries);
          this.logger.warn(this.redact(`${spec.operation}: HTTP ${res.status}; retry ${failureRetries} in ${delay} ms`));
          await this.sleepOrAbort(delay, spec, url);
          continue;
        }
        throw this.httpError(spec, url, res, throttleRetries + failureRetries);
      }
      permit.release(res.headers['x-ratelimit-nearlimit'] === 'true' ? 'neutral' : 'success');
      this.stats.peakConcurrency = Math.max(this.stats.peakConcurrency, this.limiter.snapshot().peakActive);
      this.stats.peakLimit = Math.max(this.stats.peakLimit, this.limiter.snapshot().peakLimit);

      if (res.status >= 300 && res.status < 400) {
        const next = this.redirectOrThrow(spec, url, res, redirects);
        redirects++;
        url = next;
        continue;
      }
      if (res.status >= 200 && res.status < 300) {
        if (spec.binary) return { status: res.status, headers: res.headers, data: (res.bytes ?? Buffer.from(res.body)) as T };
        return { status: res.status, headers: res.headers, data: this.parseJson(spec, url, res) as T };
      }
      if (spec.accept?.includes(res.status)) {
        // An accepted error status (404 on a look-up) may come from a proxy with an HTML page: no data then.
        let data: unknown;
        try {
          data = this.parseJson(spec, url, res);
        } catch {
          data = undefined;
        }
        return { status: res.status, headers: res.headers, data: data as T };
      }
      throw this.httpError(spec, url, res, throttleRetries + failureRetries);
    }
  }

  /**
   * Paces ahead from the server's rate-limit headers (client-side spacing at the server's rate), from the first answer
   * that shows the bucket running low (under 20 % once the requests in flight are counted, or a 429) on: 429s then
   * stay rare instead of coming in bursts. The next start waits until the bucket has room for the requests in flight.
   * Returns the answer's Retry-After in ms.
   */
  private paceFrom(res: HttpResponse): number | undefined {
    const info = readRateLimit(res.headers);
    const rate = info.ratePerSecond;
    if (rate === undefined) return info.retryAfterMs;
    // What the bucket holds once the requests in flight (sent before or after the server decided this one) are counted.
    const projected = res.status === 429 ? 0 : (info.remaining ?? Infinity) - (this.limiter.snapshot().active - 1);
    if (!this.pacing && !info.nearLimit && res.status !== 429 && projected >= (info.limit ?? rate) * 0.2) return info.retryAfterMs;
    this.pacing = true;
    this.limiter.pace(rate, projected < 0 ? (-projected / rate) * 1000 : 0);
    return info.retryAfterMs;
  }

  /** Where a redirect answer leads when the request follows redirects; otherwise the error that names the wrong URL. */
  private redirectOrThrow(spec: RequestSpec, url: string, res: HttpResponse, redirects: number): string {
    const location = res.headers.location ?? '';
    const next = spec.followRedirects && redirects < MAX_REDIRECTS ? redirectTarget(url, location) : undefined;
    if (next) return next;
    throw new ConfluenceError({
      status: res.status,
      code: 'REDIRECT',
      confluenceMessage: this.redact(`the server redirects to ${location || 'another address'}`),
      operation: spec.operation,
      hint: spec.followRedirects
        ? 'The download was redirected too many times or to an address that is not http(s).'
        : 'Use the address Confluence redirects to (https, with the right context path) as the Confluence URL.',
      method: spec.method,
      url: this.redact(url),
    });
  }

  /** `withCredentials` false: a redirect hop to another origin (never send the site's credentials there). */
  private headersFor(spec: RequestSpec, withCredentials = true): Record<string, string> {
    const headers: Record<string, string> = {
      ...(withCredentials ? { Authorization: this.authorization } : {}),
      Accept: spec.binary ? '*/*' : 'application/json',
      ...spec.headers,
    };
    // Confluence's XSRF check refuses writes a browser form could send (multipart, and body-less requests to which
    // HTTP stacks add a form content type) unless this header is present; it is harmless on the others.
    if (spec.method !== 'GET') headers['X-Atlassian-Token'] = 'no-check';
    if (spec.json !== undefined) headers['Content-Type'] = 'application/json';
    return headers;
  }

  private count(spec: RequestSpec): void {
    this.stats.requests++;
    this.stats.byMethod[spec.method] = (this.stats.byMethod[spec.method] ?? 0) + 1;
    this.stats.byKind[spec.kind]++;
  }

  private parseJson(spec: RequestSpec, url: string, res: HttpResponse): unknown {
    if (res.body.trim() === '') return undefined;
    try {
      return JSON.parse(res.body);
    } catch {
      throw new ConfluenceError({
        status: res.status,
        code: 'INVALID_RESPONSE',
        confluenceMessage: /^\s*</.test(res.body) ? 'the server answered with an HTML page, not JSON' : 'the answer is not JSON',
        operation: spec.operation,
        hint: 'This URL does not look like the Confluence REST API. Check the Confluence URL (Data Center: include the context path, e.g. /confluence).',
        method: spec.method,
        url: this.redact(url),
      });
    }
  }

  /** Exponential backoff with jitter (50–100 % of the step), capped. */
  backoff(attempt: number): number {
    const step = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(step * (0.5 + this.random() * 0.5));
  }

  private sleepOrAbort(ms: number, spec: RequestSpec, url: string): Promise<void> {
    this.stats.retries++;
    return abortableDelay(ms, spec.signal, (signal) => this.abortError(spec, url, abortReason(signal)));
  }

  httpError(spec: RequestSpec, url: string, res: HttpResponse, retries: number): ConfluenceError {
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      parsed = undefined;
    }
    const { code, message } = parseErrorBody(parsed, res.body);
    const confluenceMessage = this.redact(message || `HTTP ${res.status}`);
    const pos = res.status === 400 ? parseStoragePosition(confluenceMessage) : undefined;
    return new ConfluenceError({
      status: res.status,
      code: code ?? statusCode(res.status),
      confluenceMessage,
      operation: spec.operation,
      hint: this.redact(
        hintFor({
          status: res.status,
          code,
          message: confluenceMessage,
          method: spec.method,
          target: spec.target,
          context: this.hintContext,
          flavor: this.flavor,
          retries,
        }),
      ),
      method: spec.method,
      url: this.redact(url),
      row: pos?.row,
      column: pos?.column,
      retries,
    });
  }

  private networkError(spec: RequestSpec, url: string, code: string, message: string, retries: number, idempotent: boolean): ConfluenceError {
    const host = safeHost(url);
    const kind = classifyTransportFailure(code);
    const unknownOutcome = !idempotent && kind === 'transient'
      ? ' The request may or may not have been applied; the next run re-reads the state first.'
      : '';
    return new ConfluenceError({
      code: code === 'ETIMEDOUT' ? 'TIMEOUT' : 'NETWORK',
      confluenceMessage: `${code}: ${message}`,
      operation: spec.operation,
      hint: kind !== 'transient' ? permanentFailureHint(kind, code, host) : `Could not get an answer from ${host}${retries ? ` after ${retries} retries` : ''}. Check the Confluence URL, your network or proxy, and that the site is up.${unknownOutcome}`,
      method: spec.method,
      url: this.redact(url),
      retries,
    });
  }

  private abortError(spec: RequestSpec, url: string, reason: unknown): ConfluenceError {
    return new ConfluenceError({
      code: 'ABORTED',
      confluenceMessage: this.redact(reason instanceof Error ? reason.message : String(reason ?? 'aborted')),
      operation: spec.operation,
      hint: 'The operation was cancelled.',
      method: spec.method,
      url: this.redact(url),
    });
  }
}

function statusCode(status: number): string {
  const names: Record<number, string> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHORIZED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    409: 'CONFLICT',
    410: 'GONE',
    413: 'PAYLOAD_TOO_LARGE',
    429: 'TOO_MANY_REQUESTS',
    503: 'SERVICE_UNAVAILABLE',
  };
  return names[status] ?? `HTTP_${status}`;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}
