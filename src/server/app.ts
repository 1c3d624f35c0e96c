/**
 * The local server as a request handler, without a socket: state (store, faults, request log), the API mounts, admin
 * endpoints and the web view. `startLocalServer` (index.ts) creates one and listens; tests and tools may mount
 * `app.handle` on a server of their own.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAdmin } from './admin';
import { handleApi, type ApiMount } from './api-handler';
import { completeUser, DEFAULT_USER } from './auth';
import { Faults } from './faults';
import { sendJson, sendText } from './http';
import { loadState, Persister } from './persistence';
import { MediaService } from './media';
import { downloadRoutes } from './routes/download';
import { v1Routes } from './routes/v1';
import { experimentalRoutes } from './routes/v1/experimental';
import { v2Routes } from './routes/v2';
import { initialSettings, updateSettings } from './settings';
import type { Services } from './services';
import { Store } from './store';
import type { FaultOptions, LocalServerOptions, LocalUser, RequestLogEntry, ServerSettings, ServerStats } from './types';
import { createWebView } from './web-view';

const FIVE_MB = 5 * 1024 * 1024;
const DEFAULT_CLOUD_ID = '0c3e5d8a-7f21-4b6e-9a4d-2f1b8c6e0d57';
const DEFAULT_SPACES = [{ key: 'DOCS', name: 'Documentation' }];

export interface LocalApp {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Where the app is reached (http://host:port): links in API answers are absolute. Set once listening. */
  setOrigin(origin: string): void;
  store: Store;
  faults: Faults;
  users: LocalUser[];
  cloudId: string;
  /** The scoped-token gateway path prefix, /ex/confluence/{cloudId}. */
  scopedPath: string;
  /** The Data Center context path ('' or e.g. /confluence). */
  contextPath: string;
  requestLog: RequestLogEntry[];
  settings: ServerSettings;
  setSettings(s: Partial<ServerSettings>): void;
  /** The media service (signed download URLs); its `handle` serves the media listener, `origin` is set by the caller. */
  media: MediaService;
  reset(): void;
  stats(): ServerStats;
  /** Writes the data file now (if any). */
  flush(): Promise<void>;
}

export async function createApp(options: LocalServerOptions = {}): Promise<LocalApp> {
  const contextPath = normaliseContextPath(options.dataCenterContextPath ?? '/confluence');
  const users = resolveUsers(options.users);
  const initialFaults: Partial<FaultOptions> = { ...options.faults, ...(options.seed !== undefined ? { seed: options.seed } : {}) };
  const faults = new Faults(initialFaults);
  const { store, persister, seedSpaces } = await openStore(options, users);

  const svc: Services = {
    store,
    limits: { maxPageSize: options.maxPageSize },
    strictEntities: options.strictEntities ?? false,
    removedCloudV1: options.removedCloudV1 ?? 410,
    maxAttachmentBytes: 100 * 1024 * 1024,
    settings: initialSettings(options),
    media: new MediaService(store, options.mediaTokenTtlMs),
  };
  const maxBody = options.maxBodyBytes ?? FIVE_MB;
  const cloudId = options.cloudId ?? DEFAULT_CLOUD_ID;
  const scopedPath = `/ex/confluence/${cloudId}`;
  const mounts = apiMounts({ v1: v1Routes(svc), v2: v2Routes(svc), download: downloadRoutes(svc), experimental: experimentalRoutes(svc) }, scopedPath, contextPath);
  const web = createWebView(store, { viewerId: () => users[0].accountId, dataCenterContextPath: contextPath });
  const log = requestLogOf(options.requestLogLimit ?? 5000);

  let origin = '';
  const reset = (): void => {
    store.replaceData(Store.empty());
    seedSpaces();
    faults.reset(initialFaults);
    log.clear();
    svc.media.reset();
  };
  let inFlight = 0;
  const stats = (): ServerStats => ({
    ...log.counts(),
    inFlight,
    spaces: store.data.spaces.length,
    pages: store.data.pages.filter((p) => p.status !== 'trashed').length,
    attachments: store.data.attachments.filter((a) => a.status === 'current').length,
  });
  const apiDeps = {
    faults,
    users,
    dataCenterAnonymousAccess: !!options.dataCenterAnonymousAccess,
    logBodies: options.logBodies !== false,
    maxBody,
    maxAttachmentBytes: svc.maxAttachmentBytes,
    origin: () => origin,
    record: log.record,
  };
  const setSettings = (patch: Partial<ServerSettings>): void => void updateSettings(svc.settings, patch);
  const adminDeps = { faults, store, users, requestLog: log.entries, maxBody, reset, stats, settings: svc.settings, setSettings, mediaRequests: svc.media.log };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname;
    const run = async (): Promise<void> => {
      if (path.startsWith('/__admin/')) return handleAdmin(adminDeps, req, res, path);
      if (path === '/_edge/tenant_info' && req.method === 'GET') return sendJson(res, 200, { cloudId });
      const mount = mounts.find((m) => path === m.prefix || path.startsWith(m.prefix + '/'));
      if (mount) {
        inFlight++;
        try {
          return await handleApi(apiDeps, req, res, mount, url);
        } finally {
          inFlight--;
        }
      }
      if (web.handle(req.method ?? 'GET', path, url.searchParams, res)) return;
      sendText(res, 404, `Not found: ${path}\n`);
    };
    run().catch((err) => {
      if (!res.headersSent) sendText(res, 500, `Internal server error: ${(err as Error).message}\n`);
      else res.destroy();
    });
  };

  return {
    handle,
    setOrigin: (o) => (origin = o),
    store,
    faults,
    users,
    cloudId,
    scopedPath,
    contextPath,
    requestLog: log.entries,
    settings: svc.settings,
    setSettings,
    media: svc.media,
    reset,
    stats,
    flush: async () => {
      if (persister) await persister.flush();
    },
  };
}

/** The store (loaded from the data file when given), seeded with the configured spaces, and its persister. */
async function openStore(options: LocalServerOptions, users: LocalUser[]): Promise<{ store: Store; persister?: Persister; seedSpaces(): void }> {
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
  return { store, persister, seedSpaces };
}

interface Routers {
  v1: ApiMount['router'];
  v2: ApiMount['router'];
  download: ApiMount['router'];
  experimental: ApiMount['router'];
}

function apiMounts(r: Routers, scoped: string, contextPath: string): ApiMount[] {
  return [
    { prefix: '/wiki/api/v2', canonicalPrefix: '/wiki/api/v2', sitePath: '/wiki', router: r.v2, flavor: 'v2', deployment: 'cloud' },
    { prefix: '/wiki/rest/api', canonicalPrefix: '/wiki/rest/api', sitePath: '/wiki', router: r.v1, flavor: 'v1', deployment: 'cloud' },
    // Scoped API tokens go through api.atlassian.com/ex/confluence/{cloudId}; responses still link to the classic site.
    { prefix: `${scoped}/wiki/api/v2`, canonicalPrefix: '/wiki/api/v2', sitePath: '/wiki', router: r.v2, flavor: 'v2', deployment: 'cloud' },
    { prefix: `${scoped}/wiki/rest/api`, canonicalPrefix: '/wiki/rest/api', sitePath: '/wiki', router: r.v1, flavor: 'v1', deployment: 'cloud' },
    { prefix: `${contextPath}/rest/api`, canonicalPrefix: `${contextPath}/rest/api`, sitePath: contextPath, router: r.v1, flavor: 'v1', deployment: 'dc' },
    { prefix: `${contextPath}/rest/experimental`, canonicalPrefix: `${contextPath}/rest/experimental`, sitePath: contextPath, router: r.experimental, flavor: 'v1', deployment: 'dc' },
    // Attachment bytes (downloadLink / _links.download): Cloud redirects to the media origin, DC serves them.
    { prefix: '/wiki/download', canonicalPrefix: '/wiki/download', sitePath: '/wiki', router: r.download, flavor: 'v1', deployment: 'cloud', optionalAuth: true },
    { prefix: `${contextPath}/download`, canonicalPrefix: `${contextPath}/download`, sitePath: contextPath, router: r.download, flavor: 'v1', deployment: 'dc', optionalAuth: true },
  ];
}

/** The bounded request log (the array is shared with callers, so it is trimmed in place) and its counters. */
function requestLogOf(limit: number) {
  const entries: RequestLogEntry[] = [];
  const empty = () => ({ requests: 0, byStatus: {} as Record<string, number>, byMethod: {} as Record<string, number>, faults: {} as Record<string, number> });
  let counters = empty();
  return {
    entries,
    record: (e: RequestLogEntry): void => {
      counters.requests++;
      counters.byStatus[e.status] = (counters.byStatus[e.status] ?? 0) + 1;
      if (!e.fault || e.fault === 'latency' || e.fault === 'lost-answer') counters.byMethod[e.method] = (counters.byMethod[e.method] ?? 0) + 1;
      if (e.fault) counters.faults[e.fault] = (counters.faults[e.fault] ?? 0) + 1;
      entries.push(e);
      if (entries.length > limit) entries.splice(0, entries.length - limit);
    },
    clear: (): void => {
      entries.length = 0;
      counters = empty();
    },
    counts: () => ({ requests: counters.requests, byStatus: { ...counters.byStatus }, byMethod: { ...counters.byMethod }, faults: { ...counters.faults } }),
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
