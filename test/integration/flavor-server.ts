/**
 * The setup integration tests share: one local server per `describe` (started before, closed after, reset before
 * each test) and, per flavor, a client of our own connected to it (Cloud: email + API token, Data Center: a PAT),
 * plus the environment the CLI reads for the same account. Register it at the top of a `describe`; its hooks run
 * before the test file's own `beforeEach`.
 */
import type { ConfluenceCredentials } from '../../src/core/index';
import { connectConfluence, type ConfluenceClient, type ConnectOptions } from '../../src/core/confluence/index';
import { startLocalServer, type LocalServer, type LocalServerOptions, type ServerSettings } from '../../src/server/index';

export const FLAVORS = ['cloud', 'datacenter'] as const;
export type Flavor = (typeof FLAVORS)[number];

/** Retries that do not slow a test down. */
export const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 50 };

/** The local server's demo account, as our client takes it. */
export function credentialsFor(server: LocalServer, flavor: Flavor): ConfluenceCredentials {
  return flavor === 'cloud'
    ? { baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' }
    : { baseUrl: server.dataCenterBaseUrl, personalAccessToken: 'local-dev-pat' };
}

/** The local server's demo account, as the CLI reads it from the environment (`space`: CONFLUENCE_SPACE too). */
export function cliEnvFor(server: LocalServer, flavor: Flavor, space?: string): NodeJS.ProcessEnv {
  const account =
    flavor === 'cloud'
      ? { CONFLUENCE_URL: server.cloudBaseUrl, CONFLUENCE_EMAIL: 'demo@example.com', CONFLUENCE_API_TOKEN: 'local-dev-token' }
      : { CONFLUENCE_URL: server.dataCenterBaseUrl, CONFLUENCE_PAT: 'local-dev-pat' };
  return space ? { ...account, CONFLUENCE_SPACE: space } : account;
}

export interface ServerSetup {
  /** Options of `startLocalServer`. */
  server?: LocalServerOptions;
  /** Settings applied after every reset. */
  settings?: Partial<ServerSettings>;
}

/** A local server for the enclosing `describe`, reset (and given `settings`) before each test. */
export function useLocalServer(setup: ServerSetup = {}): { readonly server: LocalServer } {
  let server: LocalServer | undefined;
  before(async () => {
    server = await startLocalServer(setup.server);
  });
  after(() => server?.close());
  beforeEach(() => resetServer(server!, setup));
  return {
    get server() {
      return server!;
    },
  };
}

export interface FlavorSetup extends ServerSetup {
  /** Options of `connectConfluence` (default: fast retries; pass `{}` for the client's own). */
  connect?: ConnectOptions;
}

export interface FlavorContext {
  readonly server: LocalServer;
  /** Connected anew before each test (after the reset). */
  readonly client: ConfluenceClient;
}

/** A local server for the enclosing `describe` and a client of `flavor` connected to it before each test. */
export function useFlavorClient(flavor: Flavor, setup: FlavorSetup = {}): FlavorContext {
  let server: LocalServer | undefined;
  let client: ConfluenceClient | undefined;
  before(async () => {
    server = await startLocalServer(setup.server);
  });
  after(async () => {
    client?.close();
    await server?.close();
  });
  beforeEach(async () => {
    resetServer(server!, setup);
    client?.close();
    client = await connectConfluence(credentialsFor(server!, flavor), setup.connect ?? { retry: FAST_RETRY });
  });
  return {
    get server() {
      return server!;
    },
    get client() {
      return client!;
    },
  };
}

function resetServer(server: LocalServer, setup: ServerSetup): void {
  server.reset();
  if (setup.settings) server.setSettings(setup.settings);
}
