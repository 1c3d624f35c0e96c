/**
 * The embedded Confluence-compatible server: Cloud (`/wiki/api/v2`, `/wiki/rest/api`) and Data Center
 * (`{contextPath}/rest/api`) on one port, a web view of the content, fault injection and admin endpoints.
 * Started by `confluence serve-local` and in-process by tests: `const srv = await startLocalServer()`.
 * `createApp` (app.ts) is the request handler without a socket; this file only listens and closes.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createApp } from './app';
import type { LocalServer, LocalServerOptions } from './types';

export type { FaultKind, FaultOptions, LocalServer, LocalServerOptions, LocalUser, MediaRequestEntry, RequestLogEntry, ServerSettings, ServerStats } from './types';
export type { StoreData } from './store';
export { DEFAULT_USER } from './auth';
export { createApp, type LocalApp } from './app';

export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const host = options.host ?? '127.0.0.1';
  const app = await createApp(options);
  const site = await listen(app.handle, options.port ?? 0, host);
  // The "media" listener: another origin (port) that Cloud attachment downloads redirect to.
  const media = await listen(app.media.handle, options.mediaPort ?? 0, host);
  const origin = site.origin;
  const port = site.port;
  app.setOrigin(origin);
  app.media.origin = media.origin;

  let closed = false;
  return {
    url: origin,
    port,
    cloudBaseUrl: `${origin}/wiki`,
    cloudId: app.cloudId,
    scopedBaseUrl: `${origin}${app.scopedPath}/wiki`,
    dataCenterBaseUrl: `${origin}${app.contextPath}`,
    users: app.users,
    requestLog: app.requestLog,
    setFaults: (f) => app.faults.set(f),
    failNext: (n, kind) => app.faults.failNext(n, kind),
    reset: app.reset,
    stats: app.stats,
    flush: app.flush,
    settings: app.settings,
    setSettings: app.setSettings,
    mediaUrl: media.origin,
    mediaRequests: app.media.log,
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([site.close(), media.close()]);
      await app.flush();
    },
  };
}

/** Listens on host:port (0 = any free port); close() ends open connections too. */
async function listen(handler: RequestListener, port: number, host: string): Promise<{ origin: string; port: number; close(): Promise<void> }> {
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    port: bound,
    close: () => {
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      for (const s of sockets) s.destroy();
      return done;
    },
  };
}
