/**
 * The embedded Confluence-compatible server: Cloud (`/wiki/api/v2`, `/wiki/rest/api`) and Data Center
 * (`{contextPath}/rest/api`) on one port, a web view of the content, fault injection and admin endpoints.
 * Started by `confluence serve-local` and in-process by tests: `const srv = await startLocalServer()`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ANONYMOUS_USER, authenticate, completeUser, DEFAULT_USER } from './auth';
import { ApiError, errorBody, reasonPhrase, type ApiFlavor } from './errors';
import { Faults, quotaHeaders, rateLimitHeaders } from './faults';
import { parseJsonBody, readBody, sendJson, sendText, type Ctx, type Router } from './http';
import { loadState, Persister } from './persistence';
import { v1Routes } from './routes-v1';
import { v2Routes } from './routes-v2';
import type { Services } from './services';
import { Store, type StoreData } from './store';
import type { FaultKind, FaultOptions, LocalServer, LocalServerOptions, LocalUser, RequestLogEntry, ServerStats } from './types';
import { createWebView } from './web-view';

export type { FaultKind, FaultOptions, LocalServer, LocalServerOptions, LocalUser, RequestLogEntry, ServerStats } from './types';
export { DEFAULT_USER } from './auth';

const FIVE_MB = 5 * 1024 * 1024;
const DEFAULT_CLOUD_ID = '0c3e5d8a-7f21-4b6e-9a4d-2f1b8c6e0d57';
const DEFAULT_SPACES = [{ key: 'DOCS', name: 'Documentation' }];

interface ApiMount {
  prefix: string;
  /** The path links are built from: the classic site path even when reached through the scoped-token gateway. */
  canonicalPrefix: string;
  sitePath: string;
  router: Router;
  flavor: ApiFlavor;
  deployment: 'cloud' | 'dc';
}

export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const host = options.host ?? '127.0.0.1';
  const contextPath = normaliseContextPath(options.dataCenterContextPath ?? '/confluence');
  const users = resolveUsers(options.users);
  const initialFaults: Partial<FaultOptions> = { ...options.faults, ...(options.seed !== undefined ? { seed: options.seed } : {}) };
  const faults = new Faults(initialFaults);
  const spaces = options.spaces ?? DEFAULT_SPACES;
  const store = new Store(
    users,
    {
      titleCaseSensitive: options.titleCaseSensitive ?? false,
      normalizeStorage: options.normalizeStorage ?? false,
      autoAppearanceProperty: options.autoAppearanceProperty ?? false,
      eventualConsistencyMs: options.eventualConsistencyMs ?? 0,
    },
    options.dataFile ? loadState(options.dataFile) : undefined,
  );
  const seedSpaces = (): void => {
    for (const sp of spaces) store.ensureSpace(sp, users[0].accountId);
  };
  seedSpaces();

  const persister = options.dataFile ? new Persister(options.dataFile, () => store.data, options.persistDebounceMs ?? 200) : undefined;
  store.onChange = () => persister?.schedule();
  if (persister) await persister.flush();

  const svc: Services = {
    store,
    limits: { maxPageSize: options.maxPageSize },
    strictEntities: options.strictEntities ?? false,
    removedCloudV1: options.removedCloudV1 ?? 410,
    maxAttachmentBytes: 100 * 1024 * 1024,
  };
  const maxBody = options.maxBodyBytes ?? FIVE_MB;
  const v2 = v2Routes(svc);
  const v1 = v1Routes(svc);
  const cloudId = options.cloudId ?? DEFAULT_CLOUD_ID;
  const scoped = `/ex/confluence/${cloudId}`;
  const mounts: ApiMount[] = [
    { prefix: '/wiki/api/v2', canonicalPrefix: '/wiki/api/v2', sitePath: '/wiki', router: v2, flavor: 'v2', deployment: 'cloud' },
    { prefix: '/wiki/rest/api', canonicalPrefix: '/wiki/rest/api', sitePath: '/wiki', router: v1, flavor: 'v1', deployment: 'cloud' },
    // Scoped API tokens go through api.atlassian.com/ex/confluence/{cloudId}; responses still link to the classic site.
    { prefix: `${scoped}/wiki/api/v2`, canonicalPrefix: '/wiki/api/v2', sitePath: '/wiki', router: v2, flavor: 'v2', deployment: 'cloud' },
    { prefix: `${scoped}/wiki/rest/api`, canonicalPrefix: '/wiki/rest/api', sitePath: '/wiki', router: v1, flavor: 'v1', deployment: 'cloud' },
    { prefix: `${contextPath}/rest/api`, canonicalPrefix: `${contextPath}/rest/api`, sitePath: contextPath, router: v1, flavor: 'v1', deployment: 'dc' },
  ];
  const web = createWebView(store, { viewerId: () => users[0].accountId, dataCenterContextPath: contextPath });

  const requestLog: RequestLogEntry[] = [];
  const logLimit = options.requestLogLimit ?? 5000;
  const counters = { requests: 0, byStatus: {} as Record<string, number>, faults: {} as Record<string, number> };
  const record = (e: RequestLogEntry): void => {
    counters.requests++;
    counters.byStatus[e.status] = (counters.byStatus[e.status] ?? 0) + 1;
    if (e.fault) counters.faults[e.fault] = (counters.faults[e.fault] ?? 0) + 1;
    requestLog.push(e);
    if (requestLog.length > logLimit) requestLog.splice(0, requestLog.length - logLimit);
  };

  let origin = '';
  const sockets = new Set<Socket>();

  const reset = (): void => {
    store.replaceData(Store.empty());
    seedSpaces();
    faults.reset(initialFaults);
    requestLog.length = 0;
    counters.requests = 0;
    counters.byStatus = {};
    counters.faults = {};
  };

  const stats = (): ServerStats => ({
    requests: counters.requests,
    byStatus: { ...counters.byStatus },
    faults: { ...counters.faults },
    spaces: store.data.spaces.length,
    pages: store.data.pages.filter((p) => p.status !== 'trashed').length,
    attachments: store.data.attachments.filter((a) => a.status === 'current').length,
  });

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    try {
      await adminRoute(req, res, path);
    } catch (err) {
      sendJson(res, 400, { message: (err as Error).message });
    }
  }

  async function adminRoute(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const body = req.method === 'POST' ? parseJsonBody(await readBody(req, maxBody)) : undefined;
    const b = (body ?? {}) as Record<string, unknown>;
    switch (`${req.method} ${path}`) {
      case 'GET /__admin/faults':
        return sendJson(res, 200, faults.options);
      case 'POST /__admin/faults':
        faults.set(pickFaults(b));
        return sendJson(res, 200, faults.options);
      case 'POST /__admin/fail-next': {
        const n = Number(b.n ?? 1);
        const kind = String(b.kind ?? 'error') as FaultKind;
        if (!['rate-limit', 'error', 'drop', 'unavailable'].includes(kind) || !Number.isInteger(n) || n < 0) {
          return sendJson(res, 400, { message: 'Expected {n: integer >= 0, kind: rate-limit|error|drop|unavailable}' });
        }
        faults.failNext(n, kind);
        return sendJson(res, 200, { queued: n, kind });
      }
      case 'POST /__admin/reset':
        reset();
        return sendJson(res, 200, { ok: true });
      case 'GET /__admin/state':
        return sendJson(res, 200, { stats: stats(), data: store.data });
      case 'GET /__admin/stats':
        return sendJson(res, 200, stats());
      case 'GET /__admin/requests':
        return sendJson(res, 200, requestLog);
      case 'GET /__admin/users':
        return sendJson(res, 200, users);
      default:
        return sendJson(res, 404, { message: `Unknown admin endpoint ${req.method} ${path}` });
    }
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, mount: ApiMount, url: URL): Promise<void> {
    const started = Date.now();
    const method = req.method ?? 'GET';
    const entry: RequestLogEntry = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      durationMs: 0,
    };
    const finish = (status: number): void => {
      entry.status = status;
      entry.durationMs = Date.now() - started;
      record(entry);
    };
    const fail = (status: number, message: string, headers: Record<string, string> = {}, code?: string): void => {
      sendJson(res, status, errorBody(mount.flavor, status, message, code), headers);
      finish(status);
    };

    // Faults first, as a proxy or gateway in front of Confluence would behave.
    if (faults.applies(method, url.pathname)) {
      const d = faults.decide();
      if (faults.options.latencyMs > 0) {
        entry.fault = 'latency';
        await sleep(faults.options.latencyMs);
      }
      if (d.kind === 'drop') {
        entry.fault = 'drop';
        finish(0);
        req.socket.destroy();
        return;
      }
      if (d.kind === 'rate-limit') {
        entry.fault = 'rate-limit';
        req.resume();
        return fail(429, 'Rate limit exceeded. Please retry after the time given in the Retry-After header.', rateLimitHeaders(d), 'TOO_MANY_REQUESTS');
      }
      if (d.kind === 'error') {
        entry.fault = d.status === 503 ? 'unavailable' : 'error';
        req.resume();
        return fail(d.status, `${reasonPhrase(d.status)} (injected fault)`, d.retryAfterSeconds ? { 'Retry-After': String(d.retryAfterSeconds) } : {});
      }
      if (d.rateLimit) for (const [k, v] of Object.entries(quotaHeaders(d.rateLimit, faults.burst()))) res.setHeader(k, v);
    }

    let user = authenticate(req, users);
    if (!user && mount.deployment === 'dc' && options.dataCenterAnonymousAccess) user = ANONYMOUS_USER;
    if (!user) {
      req.resume();
      return fail(401, 'Client must be authenticated to access this resource.', { 'WWW-Authenticate': 'Basic realm="Confluence"' }, 'UNAUTHORIZED');
    }
    entry.user = user === ANONYMOUS_USER ? 'anonymous' : user.email;
    if (user === ANONYMOUS_USER && method !== 'GET' && method !== 'HEAD') {
      req.resume();
      return fail(403, 'Anonymous users are not permitted to change content');
    }
    // Confluence's XSRF check: requests a browser form could send need X-Atlassian-Token (JSON bodies are exempt).
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    const token = String(req.headers['x-atlassian-token'] ?? '').toLowerCase();
    if (
      method !== 'GET' &&
      method !== 'HEAD' &&
      /^(multipart\/form-data|application\/x-www-form-urlencoded|text\/plain)/.test(type) &&
      token !== 'no-check' &&
      token !== 'nocheck'
    ) {
      req.resume();
      sendText(res, 403, 'XSRF check failed');
      return finish(403);
    }

    const isMultipart = /^multipart\//i.test(req.headers['content-type'] ?? '');
    let raw: Buffer;
    try {
      raw = await readBody(req, isMultipart ? svc.maxAttachmentBytes : maxBody);
    } catch (err) {
      if (err instanceof ApiError) return fail(err.status, err.message, { Connection: 'close' });
      throw err;
    }
    let parsed: unknown;
    let parsedDone = false;
    const ctx: Ctx = {
      req,
      res,
      method,
      path: url.pathname.slice(mount.prefix.length) || '/',
      fullPath: mount.canonicalPrefix + url.pathname.slice(mount.prefix.length),
      query: url.searchParams,
      params: {},
      user,
      flavor: mount.flavor,
      prefix: mount.prefix,
      sitePath: mount.sitePath,
      origin,
      deployment: mount.deployment,
      rawBody: raw,
      json: () => {
        if (!parsedDone) {
          parsed = parseJsonBody(raw);
          parsedDone = true;
        }
        return parsed;
      },
    };
    if (options.logBodies !== false && raw.length) {
      if (isMultipart) entry.body = { multipart: true, bytes: raw.length };
      else {
        try {
          entry.body = raw.length <= 32 * 1024 ? JSON.parse(raw.toString('utf8')) : { bytes: raw.length };
        } catch {
          entry.body = raw.toString('utf8').slice(0, 4096);
        }
      }
    }
    try {
      const m = mount.router.match(method, ctx.path);
      if (m === undefined) throw new ApiError(404, `No API endpoint ${method} ${url.pathname}`);
      if (m === 'method') throw new ApiError(405, `Method ${method} is not allowed on ${url.pathname}`);
      ctx.params = m.params;
      mount.router.guard?.(ctx);
      await m.handler(ctx);
      if (!res.headersSent) sendJson(res, 204, undefined);
      finish(res.statusCode);
    } catch (err) {
      if (err instanceof ApiError) {
        // The XSRF failure is plain text in real Confluence.
        if (err.status === 403 && err.message === 'XSRF check failed') {
          sendText(res, 403, 'XSRF check failed');
          return finish(403);
        }
        return fail(err.status, err.message, {}, err.code);
      }
      return fail(500, `Internal server error: ${(err as Error).message}`);
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname;
    const run = async (): Promise<void> => {
      if (path.startsWith('/__admin/')) return handleAdmin(req, res, path);
      if (path === '/_edge/tenant_info' && req.method === 'GET') return sendJson(res, 200, { cloudId });
      const mount = mounts.find((m) => path === m.prefix || path.startsWith(m.prefix + '/'));
      if (mount) return handleApi(req, res, mount, url);
      if (web.handle(req.method ?? 'GET', path, url.searchParams, res)) return;
      sendText(res, 404, `Not found: ${path}\n`);
    };
    run().catch((err) => {
      if (!res.headersSent) sendText(res, 500, `Internal server error: ${(err as Error).message}\n`);
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closed = false;
  return {
    url: origin,
    port,
    cloudBaseUrl: `${origin}/wiki`,
    cloudId,
    scopedBaseUrl: `${origin}${scoped}/wiki`,
    dataCenterBaseUrl: `${origin}${contextPath}`,
    users,
    requestLog,
    setFaults: (f) => faults.set(f),
    failNext: (n, kind) => faults.failNext(n, kind),
    reset,
    stats,
    flush: async () => {
      if (persister) await persister.flush();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      for (const s of sockets) s.destroy();
      await done;
      if (persister) await persister.flush();
    },
  };
}

function resolveUsers(given: LocalServerOptions['users']): LocalUser[] {
  if (!given || given.length === 0) return [{ ...DEFAULT_USER }];
  return given.map((u, i) => (u.email === DEFAULT_USER.email ? { ...DEFAULT_USER, ...u } : completeUser(u, i)));
}

function normaliseContextPath(p: string): string {
  if (!p || p === '/') return '';
  const withSlash = p.startsWith('/') ? p : `/${p}`;
  const trimmed = withSlash.replace(/\/+$/, '');
  if (trimmed === '/wiki') throw new Error('dataCenterContextPath cannot be /wiki (that is the Cloud site path)');
  return trimmed;
}

/** Only known fault knobs with the right types pass from the admin endpoint. */
function pickFaults(b: Record<string, unknown>): Partial<FaultOptions> {
  const out: Partial<FaultOptions> = {};
  const num = (k: keyof FaultOptions, min: number, max: number): void => {
    if (b[k] === undefined) return;
    const n = Number(b[k]);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`Invalid fault option ${k}: ${String(b[k])}`);
    (out as Record<string, number>)[k] = n;
  };
  num('latencyMs', 0, 600000);
  num('rateLimitPerSecond', 0, 1e6);
  num('rateLimitBurst', 1, 1e6);
  num('errorRate', 0, 1);
  num('dropRate', 0, 1);
  num('seed', -2147483648, 4294967295);
  if (typeof b.pathPattern === 'string') out.pathPattern = b.pathPattern;
  if (Array.isArray(b.methods)) out.methods = b.methods.map(String);
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export type { StoreData };
