/**
 * The embedded Confluence-compatible server: Cloud (`/wiki/api/v2`, `/wiki/rest/api`) and Data Center
 * (`{contextPath}/rest/api`) on one port, a web view of the content, fault injection and admin endpoints.
 * Started by `confluence serve-local` and in-process by tests: `const srv = await startLocalServer()`.
 * `createApp` (app.ts) is the request handler without a socket; this file only listens and closes.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createApp } from './app';
import type { LocalServer, LocalServerOptions } from './types';

export type { FaultKind, FaultOptions, LocalServer, LocalServerOptions, LocalUser, RequestLogEntry, ServerStats } from './types';
export type { StoreData } from './store';
export { DEFAULT_USER } from './auth';
export { createApp, type LocalApp } from './app';

export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const host = options.host ?? '127.0.0.1';
  const app = await createApp(options);
  const server = createServer(app.handle);
  const sockets = new Set<Socket>();
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
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  app.setOrigin(origin);

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
    close: async () => {
      if (closed) return;
      closed = true;
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      for (const s of sockets) s.destroy();
      await done;
      await app.flush();
    },
  };
}
