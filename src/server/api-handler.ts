/**
 * One API request through the stack a real site puts in front of its handlers: injected faults (as a proxy or
 * gateway would), authentication, Confluence's XSRF check, the body size limit, then the mount's router.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ANONYMOUS_USER, authenticate } from './auth';
import { ApiError, errorBody, reasonPhrase, type ApiFlavor } from './errors';
import { quotaHeaders, rateLimitHeaders, type Faults } from './faults';
import { parseJsonBody, readBody, sendJson, sendText, type Ctx, type Router } from './http';
import type { LocalUser, RequestLogEntry } from './types';

export interface ApiMount {
  prefix: string;
  /** The path links are built from: the classic site path even when reached through the scoped-token gateway. */
  canonicalPrefix: string;
  sitePath: string;
  router: Router;
  flavor: ApiFlavor;
  deployment: 'cloud' | 'dc';
  /** Without an Authorization header the request runs as the first user (downloads the web view links to). */
  optionalAuth?: boolean;
}

export interface ApiDeps {
  faults: Faults;
  users: LocalUser[];
  dataCenterAnonymousAccess: boolean;
  logBodies: boolean;
  maxBody: number;
  maxAttachmentBytes: number;
  origin(): string;
  record(e: RequestLogEntry): void;
}

/** The request's log entry and how to finish it (record status and duration) or fail it (error body + record). */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  entry: RequestLogEntry;
  finish(status: number): void;
  fail(status: number, message: string, headers?: Record<string, string>, code?: string): void;
}

export async function handleApi(deps: ApiDeps, req: IncomingMessage, res: ServerResponse, mount: ApiMount, url: URL): Promise<void> {
  const started = Date.now();
  const method = req.method ?? 'GET';
  const entry: RequestLogEntry = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0, durationMs: 0, at: started };
  const finish = (status: number): void => {
    entry.status = status;
    entry.durationMs = Date.now() - started;
    deps.record(entry);
  };
  const fail = (status: number, message: string, headers: Record<string, string> = {}, code?: string): void => {
    sendJson(res, status, errorBody(mount.flavor, status, message, code), headers);
    finish(status);
  };
  const ex: Exchange = { req, res, method, entry, finish, fail };

  if (!(await applyFaults(deps, ex, url))) return;
  const user = admit(deps, ex, mount);
  if (!user) return;

  const isMultipart = /^multipart\//i.test(req.headers['content-type'] ?? '');
  let raw: Buffer;
  try {
    raw = await readBody(req, isMultipart ? deps.maxAttachmentBytes : deps.maxBody);
  } catch (err) {
    if (err instanceof ApiError) return fail(err.status, err.message, { Connection: 'close' });
    throw err;
  }
  const ctx = requestCtx(deps, ex, mount, url, user, raw);
  if (deps.logBodies && raw.length) entry.body = loggedBody(raw, isMultipart);
  await dispatch(ex, mount, ctx, url);
}

/** Faults first, as a proxy or gateway in front of Confluence would behave; false when the request was answered. */
async function applyFaults(deps: ApiDeps, ex: Exchange, url: URL): Promise<boolean> {
  const { faults } = deps;
  if (!faults.applies(ex.method, url.pathname)) return true;
  const d = faults.decide();
  if (faults.options.latencyMs > 0) {
    ex.entry.fault = 'latency';
    await sleep(faults.options.latencyMs);
  }
  if (d.kind === 'drop') {
    ex.entry.fault = 'drop';
    ex.finish(0);
    ex.req.socket.destroy();
    return false;
  }
  if (d.kind === 'lost-answer') {
    // Processed as usual, but the answer never reaches the client: the connection is cut instead.
    ex.entry.fault = 'lost-answer';
    const { res } = ex;
    res.writeHead = (() => res) as unknown as typeof res.writeHead;
    res.end = (() => {
      ex.req.socket.destroy();
      return res;
    }) as unknown as typeof res.end;
    return true;
  }
  if (d.kind === 'rate-limit') {
    ex.entry.fault = 'rate-limit';
    ex.req.resume();
    ex.fail(429, 'Rate limit exceeded. Please retry after the time given in the Retry-After header.', rateLimitHeaders(d), 'TOO_MANY_REQUESTS');
    return false;
  }
  if (d.kind === 'error') {
    ex.entry.fault = d.status === 503 ? 'unavailable' : 'error';
    ex.req.resume();
    ex.fail(d.status, `${reasonPhrase(d.status)} (injected fault)`, d.retryAfterSeconds ? { 'Retry-After': String(d.retryAfterSeconds) } : {});
    return false;
  }
  if (d.rateLimit) for (const [k, v] of Object.entries(quotaHeaders(d.rateLimit, faults.burst()))) ex.res.setHeader(k, v);
  return true;
}

/** Authentication, the anonymous read-only rule and the XSRF check; undefined when the request was answered. */
function admit(deps: ApiDeps, ex: Exchange, mount: ApiMount): LocalUser | undefined {
  const { req, method } = ex;
  let user = authenticate(req, deps.users);
  if (!user && mount.optionalAuth && req.headers.authorization === undefined) user = deps.users[0];
  if (!user && mount.deployment === 'dc' && deps.dataCenterAnonymousAccess) user = ANONYMOUS_USER;
  if (!user) {
    req.resume();
    ex.fail(401, 'Client must be authenticated to access this resource.', { 'WWW-Authenticate': 'Basic realm="Confluence"' }, 'UNAUTHORIZED');
    return undefined;
  }
  ex.entry.user = user === ANONYMOUS_USER ? 'anonymous' : user.email;
  if (user === ANONYMOUS_USER && method !== 'GET' && method !== 'HEAD') {
    req.resume();
    ex.fail(403, 'Anonymous users are not permitted to change content');
    return undefined;
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
    sendText(ex.res, 403, 'XSRF check failed');
    ex.finish(403);
    return undefined;
  }
  return user;
}

function requestCtx(deps: ApiDeps, ex: Exchange, mount: ApiMount, url: URL, user: LocalUser, raw: Buffer): Ctx {
  let parsed: unknown;
  let parsedDone = false;
  return {
    req: ex.req,
    res: ex.res,
    method: ex.method,
    path: url.pathname.slice(mount.prefix.length) || '/',
    fullPath: mount.canonicalPrefix + url.pathname.slice(mount.prefix.length),
    query: url.searchParams,
    params: {},
    user,
    flavor: mount.flavor,
    prefix: mount.prefix,
    sitePath: mount.sitePath,
    origin: deps.origin(),
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
}

function loggedBody(raw: Buffer, isMultipart: boolean): unknown {
  if (isMultipart) return { multipart: true, bytes: raw.length };
  try {
    return raw.length <= 32 * 1024 ? JSON.parse(raw.toString('utf8')) : { bytes: raw.length };
  } catch {
    return raw.toString('utf8').slice(0, 4096);
  }
}

async function dispatch(ex: Exchange, mount: ApiMount, ctx: Ctx, url: URL): Promise<void> {
  const { method, res } = ex;
  try {
    const m = mount.router.match(method, ctx.path);
    if (m === undefined) throw new ApiError(404, `No API endpoint ${method} ${url.pathname}`);
    if (m === 'method') throw new ApiError(405, `Method ${method} is not allowed on ${url.pathname}`);
    ctx.params = m.params;
    mount.router.guard?.(ctx);
    await m.handler(ctx);
    if (!res.headersSent) sendJson(res, 204, undefined);
    ex.finish(res.statusCode);
  } catch (err) {
    if (err instanceof ApiError) {
      // The XSRF failure is plain text in real Confluence.
      if (err.status === 403 && err.message === 'XSRF check failed') {
        sendText(res, 403, 'XSRF check failed');
        return ex.finish(403);
      }
      return ex.fail(err.status, err.message, {}, err.code);
    }
    return ex.fail(500, `Internal server error: ${(err as Error).message}`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
