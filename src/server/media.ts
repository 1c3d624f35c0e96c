/**
 * The "media" service Cloud attachment downloads redirect to: `/wiki/download/attachments/{pageId}/{file}` answers
 * 302 to `{mediaOrigin}/file/{fileId}/binary?token=…` on another origin (here another port of the same host), as
 * Cloud redirects to its media API. The bytes come only with a valid, unexpired token; credentials are not needed
 * there, and every request is logged with whether an Authorization header (or a cookie) arrived, so tests can assert
 * that a client never forwards its Confluence credentials to a redirect target.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendBytes, sendJson } from './http';
import type { AttachmentRec, Store } from './store';
import type { MediaRequestEntry } from './types';

interface Grant {
  fileId: string;
  version: number;
  expires: number;
}

export class MediaService {
  /** http://host:port of the media listener; empty when none runs (the site then serves bytes itself). */
  origin = '';
  readonly log: MediaRequestEntry[] = [];
  private readonly grants = new Map<string, Grant>();

  constructor(
    private readonly store: Store,
    private readonly ttlMs = 60_000,
  ) {}

  /** A signed URL for one version of an attachment, valid for ttlMs. */
  signedUrl(a: AttachmentRec, version: number): string {
    const token = randomBytes(24).toString('base64url');
    this.grants.set(token, { fileId: a.fileId, version, expires: Date.now() + this.ttlMs });
    const q = new URLSearchParams({ token, client: 'local-confluence', dl: 'true', name: a.title, version: String(version) });
    return `${this.origin}/file/${encodeURIComponent(a.fileId)}/binary?${q.toString()}`;
  }

  reset(): void {
    this.grants.clear();
    this.log.length = 0;
  }

  handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://media.local');
    const auth = req.headers.authorization;
    const entry: MediaRequestEntry = {
      method: req.method ?? 'GET',
      path: url.pathname,
      status: 0,
      authorization: auth !== undefined,
      ...(auth !== undefined ? { authorizationScheme: auth.split(/\s+/, 1)[0] } : {}),
      cookie: req.headers.cookie !== undefined,
    };
    const answer = (status: number, send: () => void): void => {
      entry.status = status;
      this.log.push(entry);
      if (this.log.length > 1000) this.log.splice(0, this.log.length - 1000);
      send();
    };
    const m = /^\/file\/([^/]+)\/binary$/.exec(url.pathname);
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !m) return answer(404, () => sendJson(res, 404, { code: 'NotFound', message: 'Not found' }));
    const grant = this.grants.get(url.searchParams.get('token') ?? '');
    const fileId = decodeURIComponent(m[1]);
    if (!grant || grant.fileId !== fileId || grant.expires < Date.now()) {
      return answer(401, () => sendJson(res, 401, { code: 'Unauthorized', message: 'Missing, invalid or expired token' }));
    }
    const att = this.store.data.attachments.find((a) => a.fileId === fileId);
    const v = att?.versions.find((x) => x.number === grant.version);
    if (!att || !v) return answer(404, () => sendJson(res, 404, { code: 'NotFound', message: `No file ${fileId}` }));
    answer(200, () =>
      sendBytes(res, 200, Buffer.from(v.data, 'base64'), v.mediaType, {
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(att.title)}`,
        'Cache-Control': 'private, max-age=0',
      }),
    );
  };
}
