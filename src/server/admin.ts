/** The `/__admin/*` endpoints tests and `serve-local` users drive: faults, reset, state, stats, request log, users. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults } from './faults';
import { addInlineComment, inlineCommentsOf, resolutionOf } from './inline-comments';
import { parseJsonBody, readBody, sendJson } from './http';
import type { Store } from './store';
import type { FaultKind, FaultOptions, LocalUser, MediaRequestEntry, RequestLogEntry, ServerSettings, ServerStats } from './types';

export interface AdminDeps {
  faults: Faults;
  store: Store;
  users: LocalUser[];
  requestLog: RequestLogEntry[];
  maxBody: number;
  reset(): void;
  stats(): ServerStats;
  settings: ServerSettings;
  setSettings(s: Partial<ServerSettings>): void;
  mediaRequests: MediaRequestEntry[];
}

export async function handleAdmin(deps: AdminDeps, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  try {
    await adminRoute(deps, req, res, path);
  } catch (err) {
    sendJson(res, 400, { message: (err as Error).message });
  }
}

async function adminRoute(deps: AdminDeps, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const { faults } = deps;
  const body = req.method === 'POST' ? parseJsonBody(await readBody(req, deps.maxBody)) : undefined;
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
      if (!['rate-limit', 'error', 'drop', 'unavailable', 'lost-answer'].includes(kind) || !Number.isInteger(n) || n < 0) {
        return sendJson(res, 400, { message: 'Expected {n: integer >= 0, kind: rate-limit|error|drop|unavailable|lost-answer}' });
      }
      faults.failNext(n, kind);
      return sendJson(res, 200, { queued: n, kind });
    }
    case 'POST /__admin/reset':
      deps.reset();
      return sendJson(res, 200, { ok: true });
    case 'GET /__admin/state':
      return sendJson(res, 200, { stats: deps.stats(), data: deps.store.data });
    case 'GET /__admin/stats':
      return sendJson(res, 200, deps.stats());
    case 'GET /__admin/requests':
      return sendJson(res, 200, deps.requestLog);
    case 'GET /__admin/users':
      return sendJson(res, 200, deps.users);
    case 'GET /__admin/settings':
      return sendJson(res, 200, deps.settings);
    case 'POST /__admin/settings':
      deps.setSettings({ timeZone: b.timeZone as string | undefined, searchIndexLagMs: b.searchIndexLagMs as number | undefined });
      return sendJson(res, 200, deps.settings);
    case 'POST /__admin/inline-comments': {
      // What a reviewer does in the editor, on either site flavour (Data Center has no v2 comment API here).
      const page = deps.store.page(String(b.pageId ?? ''));
      if (!page) return sendJson(res, 404, { message: `No page ${String(b.pageId)}` });
      const c = addInlineComment(deps.store, {
        page, textSelection: b.text, matchIndex: b.matchIndex, body: String(b.body ?? '<p>comment</p>'), authorId: page.authorId,
      });
      return sendJson(res, 200, { id: c.id, ref: c.ref });
    }
    case 'GET /__admin/inline-comments': {
      const pageId = new URL(req.url ?? '/', 'http://x').searchParams.get('pageId') ?? '';
      return sendJson(res, 200, inlineCommentsOf(deps.store, pageId).map((c) => ({ ...c, resolutionStatus: resolutionOf(deps.store, c) })));
    }
    case 'GET /__admin/media-requests':
      return sendJson(res, 200, deps.mediaRequests);
    default:
      return sendJson(res, 404, { message: `Unknown admin endpoint ${req.method} ${path}` });
  }
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
