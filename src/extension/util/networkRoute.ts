// Host-free: how the extension's requests reach Confluence (issue 13). VS Code patches Node's `http`/`https` in the
// extension host (their `request`/`get` go through its proxy support) and hands every extension its own copy. With the default
// `http.proxySupport: override` that wrapper replaces the client's keep-alive agent on every request: each request
// opens a new connection (a new TLS handshake on https), resolves the proxy again and reads VS Code's settings twice
// (measured: ~1.5 s of extension-host CPU per 2,000-page publish against a local server, before any TLS). When no
// proxy is configured (VS Code's `http.proxy`, the usual environment variables), the extension's copy is pointed at
// Node's own functions ("direct": the client's agents keep their connections, as the CLI does); a connect that gets
// no answer that way (a system proxy or PAC file only VS Code knows, a certificate only the system trusts) switches
// back to VS Code's networking for the rest of the session (see `connect`). Unit-tested in
// test/unit/extension/networkRoute.test.ts.

/** The part of an `http`/`https` module that VS Code's proxy support replaces. */
export interface RequestFunctions {
  request: unknown;
  get: unknown;
}

/** The extension's copy of a module (what `require('http')` gives it) and Node's functions from before VS Code's patch. */
export interface ModulePair {
  extension: RequestFunctions;
  node: RequestFunctions;
}

export type Route = 'direct' | 'editor';

const PROXY_ENV = ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY'];

/** Why VS Code's networking must be kept (a proxy is configured), or undefined when none is. */
export function configuredProxy(settings: { proxy?: unknown }, env: NodeJS.ProcessEnv): string | undefined {
  if (typeof settings.proxy === 'string' && settings.proxy.trim()) return 'the http.proxy setting';
  for (const name of PROXY_ENV) if (env[name]?.trim() || env[name.toLowerCase()]?.trim()) return `the ${name} environment variable`;
  return undefined;
}

export class NetworkRoute {
  readonly #editor: RequestFunctions[];
  #route: Route = 'editor';
  /** Switched back to VS Code's networking after a direct connect got no answer: stays so for the session. */
  #fellBack = false;
  #chosen = false;

  constructor(private readonly pairs: ModulePair[], private readonly log: (line: string) => void = () => undefined) {
    this.#editor = pairs.map((p) => ({ request: p.extension.request, get: p.extension.get }));
  }

  get route(): Route {
    return this.#route;
  }

  /** Whether VS Code wraps the modules at all (not in plain Node, nor in a VS Code that patches Node's own). */
  get wrapped(): boolean {
    return this.pairs.some((p, i) => this.#editor[i].request !== p.node.request || this.#editor[i].get !== p.node.get);
  }

  /** Picks the route for the next connect: direct unless a proxy is configured or a direct connect failed before. */
  choose(proxy: string | undefined): Route {
    const next: Route = proxy || this.#fellBack || !this.wrapped ? 'editor' : 'direct';
    if (!this.#chosen && next === 'editor' && !proxy) this.log("Network: Node's own request functions (VS Code does not wrap them here).");
    this.#chosen = true;
    if (next !== this.#route) {
      this.#set(next);
      this.log(next === 'direct'
        ? 'Network: direct connections to Confluence (no proxy configured in VS Code or the environment).'
        : `Network: through VS Code's proxy support${proxy ? ` (${proxy})` : ''}.`);
    }
    return next;
  }

  /**
   * Connects on the route chosen. A direct connect that got no answer is tried again at once through VS Code's
   * networking when it failed fast (`'retry'`: refused, DNS, certificate), which the session then keeps if it answers
   * there; one that timed out (`'next'`: a hanging site, or a firewall that drops what skips a proxy) is not waited for
   * twice: the next connect goes through VS Code's networking.
   */
  async connect<T>(proxy: string | undefined, attempt: () => Promise<T>, unanswered: (err: unknown) => 'retry' | 'next' | undefined): Promise<T> {
    if (this.choose(proxy) === 'editor') return attempt();
    try {
      return await attempt();
    } catch (err) {
      const how = unanswered(err);
      const why = err instanceof Error ? err.message : String(err);
      if (how === 'next') {
        this.#fellBack = true;
        this.log(`Network: no answer in time on a direct connection (${why}); the next connect goes through VS Code's proxy support.`);
      }
      if (how !== 'retry') throw err;
      this.#set('editor');
      let result: T;
      try {
        result = await attempt();
      } catch (again) {
        // No answer either way (a wrong host name, the site down): nothing learnt about the route.
        this.#set('direct');
        throw again;
      }
      this.#fellBack = true;
      this.log(`Network: no answer on a direct connection (${why}), an answer through VS Code's proxy support: kept for this session.`);
      return result;
    }
  }

  #set(route: Route): void {
    this.#route = route;
    this.pairs.forEach((p, i) => {
      const from = route === 'direct' ? p.node : this.#editor[i];
      p.extension.request = from.request;
      p.extension.get = from.get;
    });
  }
}
