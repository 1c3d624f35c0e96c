/** Public option and result types of the embedded Confluence-compatible server. */

/** `lost-answer`: the request is processed, then the connection is cut before the answer (a write that landed). */
export type FaultKind = 'rate-limit' | 'error' | 'drop' | 'unavailable' | 'lost-answer';

export interface FaultOptions {
  /** Added delay before every API request is handled. */
  latencyMs: number;
  /** Token bucket refill rate; 0 disables the limit. Over it: 429 + Retry-After. */
  rateLimitPerSecond: number;
  /** Bucket size; defaults to rateLimitPerSecond (one second of burst). */
  rateLimitBurst?: number;
  /** Probability (0..1) that an API request is answered with a 5xx. */
  errorRate: number;
  /** Probability (0..1) that the socket is destroyed without a response. */
  dropRate: number;
  /** Seed of the PRNG deciding errorRate/dropRate, so runs are reproducible. */
  seed: number;
  /** Restrict faults to API paths matching this regular expression (source text). */
  pathPattern?: string;
  /** Restrict faults to these HTTP methods (upper case). */
  methods?: string[];
}

export interface LocalUser {
  accountId: string;
  email: string;
  displayName: string;
  /** Cloud API token (Basic email:token). */
  apiToken: string;
  /** Data Center personal access token (Bearer). */
  pat: string;
  /** Data Center user name (Basic username:password uses apiToken as password). */
  username: string;
}

export interface SpaceSeed {
  key: string;
  name: string;
}

/** Settings that change at runtime (server option at start, `setSettings` / `POST /__admin/settings` later). */
export interface ServerSettings {
  /**
   * IANA time zone of the user (every user here): CQL date literals (`lastmodified >= "2026-01-02 10:00"`) are read
   * in it, as Cloud reads them in the searching user's time zone; the Cloud user object carries it as `timeZone`.
   * Default 'UTC'.
   */
  timeZone: string;
  /** Search index lag: CQL search sees every page as it was this many ms ago (recent edits invisible). Default 0. */
  searchIndexLagMs: number;
}

/** One request that reached the "media" listener (where Cloud redirects attachment downloads). */
export interface MediaRequestEntry {
  method: string;
  path: string;
  status: number;
  /** Whether an Authorization header arrived (a client must not forward its Confluence credentials here). */
  authorization: boolean;
  /** The scheme of that header (Basic, Bearer), when one arrived. */
  authorizationScheme?: string;
  /** Whether a Cookie header arrived. */
  cookie: boolean;
}

export interface LocalServerOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Load state from and persist state to this JSON file. */
  dataFile?: string;
  faults?: Partial<FaultOptions>;
  /** Seed of the fault PRNG (same as faults.seed). */
  seed?: number;
  /** Users; the first is the default. Default: demo@example.com / local-dev-token / local-dev-pat. */
  users?: Array<Partial<LocalUser> & { email: string }>;
  /** Spaces created at start when absent. Default [{ key: 'DOCS', name: 'Documentation' }]. */
  spaces?: SpaceSeed[];
  /** Site id for the scoped-token gateway paths `/ex/confluence/{cloudId}/wiki/…` and `GET /_edge/tenant_info`. */
  cloudId?: string;
  /** Context path of the Data Center API, e.g. '/confluence' (→ /confluence/rest/api). Default '/confluence'. */
  dataCenterContextPath?: string;
  /** Compare titles case-sensitively for uniqueness. Default false: "Install" and "INSTALL" clash, as in Confluence. */
  titleCaseSensitive?: boolean;
  /** Reject HTML named entities (&nbsp;) in storage; only the 5 XML entities and numeric references pass. */
  strictEntities?: boolean;
  /** Answer removed Cloud v1 endpoints (GET/POST /wiki/rest/api/content …) with this status, or serve them. Default 410. */
  removedCloudV1?: 410 | 404 | 'serve';
  /** Cap every list page at this size (exercise clients' pagination loops). */
  maxPageSize?: number;
  /** Maximum request body in bytes (Confluence: 5 MB). */
  maxBodyBytes?: number;
  /** Debounce of writes to dataFile. Default 200 ms. */
  persistDebounceMs?: number;
  /** Keep at most this many request log entries (oldest dropped). Default 5000. */
  requestLogLimit?: number;
  /** Log request bodies (parsed JSON up to 32 KB, else a size note) in requestLog. Default true. */
  logBodies?: boolean;
  /** Data Center: a missing or wrong credential runs as the anonymous user instead of 401 (CONFSERVER-98199). */
  dataCenterAnonymousAccess?: boolean;
  /** A new page answers 404 on direct reads for this long after creation (eventual consistency). Default 0. */
  eventualConsistencyMs?: number;
  /** Rewrite stored storage as Confluence does (ac:schema-version, ac:macro-id on macros), so read-back differs. */
  normalizeStorage?: boolean;
  /** Create the `content-appearance-published` property on every new page, as Cloud does (a later POST → 409). */
  autoAppearanceProperty?: boolean;
  /** See ServerSettings.timeZone. Default 'UTC'. */
  timeZone?: string;
  /** See ServerSettings.searchIndexLagMs. Default 0. */
  searchIndexLagMs?: number;
  /** Port of the "media" listener Cloud attachment downloads redirect to (another origin). Default 0 (any free port). */
  mediaPort?: number;
  /** How long a signed media URL is valid. Default 60000 ms. */
  mediaTokenTtlMs?: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** Request body (parsed JSON, or text) when small. */
  body?: unknown;
  /** Which fault, if any, produced the answer. */
  fault?: FaultKind | 'latency';
  user?: string;
  durationMs: number;
  /** When the request arrived (ms since the epoch): benchmarks measure how a client paces its requests. */
  at?: number;
}

export interface ServerStats {
  requests: number;
  byStatus: Record<string, number>;
  /**
   * API requests the API handled (not refused by an injected 429, 5xx or drop; a lost answer was handled), by HTTP
   * method: what a benchmark counts as reads and writes, beyond the bounded request log.
   */
  byMethod: Record<string, number>;
  faults: Record<string, number>;
  spaces: number;
  pages: number;
  attachments: number;
  /** API requests received and not yet answered (tests interrupt a client while some are in flight). */
  inFlight: number;
}

export interface LocalServer {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** Cloud site base: `${url}/wiki`. */
  cloudBaseUrl: string;
  cloudId: string;
  /** Scoped-token style base: `${url}/ex/confluence/${cloudId}/wiki` (links in answers still use /wiki). */
  scopedBaseUrl: string;
  /** Data Center base: `${url}${contextPath}`. */
  dataCenterBaseUrl: string;
  users: LocalUser[];
  close(): Promise<void>;
  setFaults(f: Partial<FaultOptions>): void;
  /** The next n API requests fail with this kind (deterministic tests). */
  failNext(n: number, kind: FaultKind): void;
  /** Clears content back to the initial spaces, request log, faults and counters. */
  reset(): void;
  requestLog: RequestLogEntry[];
  stats(): ServerStats;
  /** Writes the data file now (if any). */
  flush(): Promise<void>;
  /** Current runtime settings (time zone, search index lag). */
  settings: ServerSettings;
  setSettings(s: Partial<ServerSettings>): void;
  /** Origin of the media listener (http://127.0.0.1:OTHERPORT), where Cloud downloads redirect. */
  mediaUrl: string;
  /** Requests the media listener received (also `GET /__admin/media-requests`). */
  mediaRequests: MediaRequestEntry[];
}
