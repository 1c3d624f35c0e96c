/**
 * The HTTP port of the client. The real one is axios over keep-alive agents; unit tests pass a fake that answers
 * from a script. Responses are raw text: the executor parses JSON and builds errors, so fakes stay simple.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AxiosInstance, AxiosStatic } from 'axios';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** JSON text, or multipart form data. */
  body?: string | FormData;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Answer the body as bytes (`HttpResponse.bytes`) instead of text: attachment downloads. */
  binary?: boolean;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** The body's bytes, when the request asked for `binary` (then `body` is empty). */
  bytes?: Uint8Array;
}

/** No HTTP answer arrived: connection refused/reset/dropped, DNS failure, timeout, or abort. */
export class TransportError extends Error {
  constructor(
    /** `ECONNRESET`, `ECONNREFUSED`, `ENOTFOUND`, `ETIMEDOUT`, `ABORTED`, ... */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface HttpTransport {
  send(request: HttpRequest): Promise<HttpResponse>;
  close?(): void;
}

export interface AxiosTransportOptions {
  /** Sockets kept per host; match the limiter's maximum. */
  maxSockets?: number;
  timeoutMs?: number;
  /**
   * A kept-alive socket idle this long is closed before the next request instead of being reused. Default 4 s: under
   * the 5 s idle timeout of Node/Apache servers (`Keep-Alive: timeout=5`), so the server never closes it first.
   */
  maxIdleSocketMs?: number;
}

/** Default idle time after which a kept-alive socket is not reused. */
export const MAX_IDLE_SOCKET_MS = 4000;

/**
 * axios, required when the first transport is made: loading it costs ~30 ms (its fetch adapter makes Node load its
 * own fetch implementation), which offline commands (`status`, `scan`, `render`) do not pay.
 */
function axiosModule(): AxiosStatic {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require (esbuild bundles it in place)
  return require('axios') as AxiosStatic;
}

/** axios with keep-alive agents; never follows redirects (a redirect is reported so the user fixes the URL). */
export class AxiosTransport implements HttpTransport {
  private readonly axios: AxiosInstance;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly idleSince = new WeakMap<object, number>();
  private readonly maxIdleSocketMs: number;

  constructor(options: AxiosTransportOptions = {}) {
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64, keepAliveMsecs: 10_000 };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent(agentOptions);
    this.maxIdleSocketMs = options.maxIdleSocketMs ?? MAX_IDLE_SOCKET_MS;
    // When a socket goes back to the pool: stamp it (see dropIdleSockets).
    for (const agent of [this.httpAgent, this.httpsAgent]) agent.on('free', (socket: object) => this.idleSince.set(socket, Date.now()));
    this.axios = axiosModule().create({
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      maxRedirects: 0,
      timeout: options.timeoutMs ?? 60_000,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      // Bodies arrive as JSON text or FormData, both sent as they are. axios's default transform re-parses JSON text
      // to check it, which measured as ~40% of the client's CPU per request on a large publish.
      transformRequest: [(data: unknown) => data],
      validateStatus: () => true,
      // Bodies may be large (attachments); Confluence enforces its own limits.
      maxBodyLength: Infinity,
      maxContentLength: Infinity,
      proxy: false,
    });
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    this.dropIdleSockets();
    try {
      const res = await this.axios.request<string>({
        method: request.method,
        url: request.url,
        headers: request.headers,
        data: request.body,
        signal: request.signal,
        timeout: request.timeoutMs,
        ...(request.binary ? { responseType: 'arraybuffer' as const } : {}),
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers ?? {})) {
        if (value === undefined || value === null) continue;
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      if (request.binary) {
        const bytes = new Uint8Array(res.data as unknown as ArrayBuffer);
        // Error answers of a download are still JSON/HTML text: keep them readable for the error message.
        return { status: res.status, headers, body: res.status >= 300 ? Buffer.from(bytes).toString('utf8') : '', bytes };
      }
      return { status: res.status, headers, body: typeof res.data === 'string' ? res.data : String(res.data ?? '') };
    } catch (err) {
      throw toTransportError(err, request.signal);
    }
  }

  /**
   * Closes pooled sockets idle for `maxIdleSocketMs` or more, synchronously before a request is handed to the agent.
   * A timer would not do: after a stretch of local work that did not yield, the server's close (at its idle timeout)
   * has not been read yet and the socket still looks alive; reusing it ends in ECONNRESET. The agent skips destroyed
   * sockets when it picks one (the most recently freed first, so when that one is stale all are and none is reused).
   */
  private dropIdleSockets(): void {
    const now = Date.now();
    for (const agent of [this.httpAgent, this.httpsAgent]) {
      for (const sockets of Object.values(agent.freeSockets)) {
        for (const socket of sockets ?? []) {
          const since = this.idleSince.get(socket);
          if (since !== undefined && now - since >= this.maxIdleSocketMs && !socket.destroyed) socket.destroy();
        }
      }
    }
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function toTransportError(err: unknown, signal: AbortSignal | undefined): TransportError {
  const axios = axiosModule();
  if (signal?.aborted || axios.isCancel(err)) return new TransportError('ABORTED', 'request aborted');
  if (err instanceof axios.AxiosError) {
    const code = err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT' ? 'ETIMEDOUT' : (err.code ?? 'ENETWORK');
    // Only the message: axios errors carry the request config (with the Authorization header).
    return new TransportError(code, err.message);
  }
  const e = err as { code?: string; message?: string };
  return new TransportError(e?.code ?? 'ENETWORK', e?.message ?? String(err));
}
