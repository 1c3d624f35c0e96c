/** Request context, a tiny router and response helpers over node:http. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, type ApiFlavor } from './errors';
import type { LocalUser } from './types';

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Path below the API prefix, e.g. /pages/123 */
  path: string;
  /** Full request path, e.g. /wiki/api/v2/pages/123 */
  fullPath: string;
  query: URLSearchParams;
  params: Record<string, string>;
  user?: LocalUser;
  flavor: ApiFlavor;
  /** The API prefix, e.g. /wiki/api/v2, /wiki/rest/api, /confluence/rest/api */
  prefix: string;
  /** Site base path for _links (/wiki on Cloud, the context path on DC). */
  sitePath: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  deployment: 'cloud' | 'dc';
  rawBody: Buffer;
  /** Parsed JSON body (undefined when empty). */
  json(): unknown;
}

export type Handler = (ctx: Ctx) => void | Promise<void>;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

/** Routes like '/pages/:id/properties/:propertyId'; params are URI-decoded. */
export class Router {
  private readonly routes: Route[] = [];
  /** Runs before every matched handler (e.g. path parameter checks); throws ApiError to refuse. */
  guard?: (ctx: Ctx) => void;

  on(method: string, path: string, handler: Handler): this {
    const keys: string[] = [];
    const source = path
      .split('/')
      .map((seg) => {
        if (seg.startsWith(':')) {
          keys.push(seg.slice(1));
          return '([^/]+)';
        }
        return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), keys, handler });
    return this;
  }

  get = (p: string, h: Handler): this => this.on('GET', p, h);
  post = (p: string, h: Handler): this => this.on('POST', p, h);
  put = (p: string, h: Handler): this => this.on('PUT', p, h);
  delete = (p: string, h: Handler): this => this.on('DELETE', p, h);

  /** Finds the handler (literal segments beat parameters); 'method' when only another method matches (405). */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | 'method' | undefined {
    let pathMatched = false;
    let best: { route: Route; m: RegExpExecArray } | undefined;
    for (const r of this.routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      if (r.method !== method && !(method === 'HEAD' && r.method === 'GET')) {
        pathMatched = true;
        continue;
      }
      if (!best || r.keys.length < best.route.keys.length) best = { route: r, m };
    }
    if (!best) return pathMatched ? 'method' : undefined;
    const params: Record<string, string> = {};
    best.route.keys.forEach((k, i) => (params[k] = safeDecode(best!.m[i + 1])));
    return { handler: best.route.handler, params };
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw badRequest(`Malformed path segment: ${s}`);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { 'Content-Type': 'application/json;charset=UTF-8' } : {}),
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/plain;charset=UTF-8', headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendBytes(res: ServerResponse, status: number, data: Buffer, contentType: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': data.length, ...headers });
  res.end(data);
}

/** Reads the whole body up to max bytes; over it → ApiError 413 (the rest is drained so the answer arrives). */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const tooLarge = () => new ApiError(413, `Request entity too large: the request body must be at most ${max} bytes`);
    if (declared > max) {
      req.resume();
      req.on('end', () => reject(tooLarge()));
      req.on('error', () => reject(tooLarge()));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) over = true;
      else chunks.push(c);
    });
    let ended = false;
    req.on('end', () => {
      ended = true;
      if (over) reject(tooLarge());
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
    // A client that went away (e.g. cut off during injected latency) settles the request instead of leaving it open.
    const gone = () => reject(new Error('the client closed the connection before its request was read'));
    if (req.destroyed) gone();
    req.on('close', () => {
      if (!ended) gone();
    });
  });
}

export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw badRequest(`Could not parse the request body as JSON: ${(err as Error).message}`);
  }
}

/** Integer query parameter with bounds; invalid → 400. */
export function intParam(q: URLSearchParams, name: string, def: number, min: number, max: number): number {
  const raw = q.get(name);
  if (raw === null || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw badRequest(`Invalid value for parameter '${name}': ${raw}`, 'INVALID_REQUEST_PARAMETER');
  return Math.min(n, max);
}

export function listParam(q: URLSearchParams, name: string): string[] | undefined {
  const all = q.getAll(name);
  if (all.length === 0) return undefined;
  return all.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
}
