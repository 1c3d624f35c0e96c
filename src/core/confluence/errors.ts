/**
 * The one error type of the client: what was being done, what Confluence answered, and what the user should do.
 * Messages are built from redacted parts only (see redact.ts).
 */

export type HintContext = 'cli' | 'vscode' | 'both';

/** Stable codes of our own, used when Confluence gave none (network, bad URL, unsupported feature...). */
export type ClientErrorCode =
  | 'NETWORK'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'INVALID_URL'
  | 'INSECURE_URL'
  | 'NO_CREDENTIALS'
  | 'NOT_CONFLUENCE'
  | 'REDIRECT'
  | 'UNSUPPORTED'
  | 'INVALID_RESPONSE'
  | 'RATE_LIMITED';

/** Who or what the operation was about, so hints can name the space or page. */
export interface ErrorTarget {
  spaceKey?: string;
  spaceId?: string;
  pageId?: string;
  title?: string;
}

export interface ConfluenceErrorInit {
  status?: number;
  code: string;
  confluenceMessage: string;
  operation: string;
  hint: string;
  method?: string;
  /** Redacted URL of the failing request. */
  url?: string;
  row?: number;
  column?: number;
  retries?: number;
}

export class ConfluenceError extends Error {
  /** HTTP status, undefined when no answer arrived (network, abort, bad URL). */
  readonly status: number | undefined;
  /** Confluence's code (`BAD_REQUEST`, `CONFLICT`...) or ours (`NETWORK`, `NOT_CONFLUENCE`...). */
  readonly code: string;
  /** What Confluence said, unmodified apart from redaction. */
  readonly confluenceMessage: string;
  /** What we were doing, e.g. `update page 123 "Install"`. */
  readonly operation: string;
  /** What the user should do about it. */
  readonly hint: string;
  readonly method: string | undefined;
  readonly url: string | undefined;
  /** For invalid storage format: the position Confluence's XML parser reported. */
  readonly row: number | undefined;
  readonly column: number | undefined;
  /** How many times the request was retried before giving up. */
  readonly retries: number;

  constructor(init: ConfluenceErrorInit) {
    const statusText = init.status !== undefined ? `HTTP ${init.status}` : init.code;
    super(`${init.operation} failed (${statusText}): ${init.confluenceMessage}${init.hint ? `\n${init.hint}` : ''}`);
    this.name = 'ConfluenceError';
    this.status = init.status;
    this.code = init.code;
    this.confluenceMessage = init.confluenceMessage;
    this.operation = init.operation;
    this.hint = init.hint;
    this.method = init.method;
    this.url = init.url;
    this.row = init.row;
    this.column = init.column;
    this.retries = init.retries ?? 0;
  }
}

export function isConfluenceError(err: unknown, status?: number): err is ConfluenceError {
  return err instanceof ConfluenceError && (status === undefined || err.status === status);
}

/**
 * The run was cancelled: the client's ABORTED error, or the AbortSignal's own reason (a DOMException named
 * `AbortError`) when the engine stopped between requests. Front ends ask this instead of testing names and codes.
 */
export function isAbort(err: unknown): boolean {
  if (isConfluenceError(err)) return err.code === 'ABORTED';
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError';
}

/** Confluence refused the credentials (HTTP 401): the stored sign-in is no longer valid. */
export function isUnauthorized(err: unknown): err is ConfluenceError {
  return isConfluenceError(err, 401);
}

/** Confluence's code and message from any of its error envelopes (v2 `errors[]`, v1 `statusCode/message`, gateway). */
export function parseErrorBody(body: unknown, rawText: string): { code?: string; message: string } {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (Array.isArray(b.errors) && b.errors.length > 0) {
      const first = b.errors[0] as Record<string, unknown>;
      const parts = [first.title, first.detail].filter((p) => typeof p === 'string' && p.length > 0) as string[];
      const extra = b.errors.length > 1 ? ` (+${b.errors.length - 1} more)` : '';
      return { code: typeof first.code === 'string' ? first.code : undefined, message: parts.join(': ') + extra };
    }
    if (typeof b.message === 'string') {
      let message = b.message;
      const data = b.data as { errors?: Array<{ message?: { translation?: string } | string }> } | undefined;
      const details = (data?.errors ?? [])
        .map((e) => (typeof e.message === 'string' ? e.message : e.message?.translation))
        .filter((m): m is string => Boolean(m) && !message.includes(m as string));
      if (details.length > 0) message += ` (${details.join('; ')})`;
      const code = typeof b.reason === 'string' ? b.reason : typeof b.code === 'string' ? b.code : undefined;
      return { code, message };
    }
  }
  const text = rawText.trim();
  if (/^\s*</.test(text)) return { message: 'the server answered with an HTML page' };
  return { message: text.length > 500 ? `${text.slice(0, 500)}…` : text };
}

/** `[row,col {unknown-source}]: [11,7]` in Confluence's XHTML parser messages. */
export function parseStoragePosition(message: string): { row: number; column: number } | undefined {
  const m = /\[row,col[^\]]*\]\s*:?\s*\[(\d+)\s*,\s*(\d+)\]/i.exec(message);
  return m ? { row: Number(m[1]), column: Number(m[2]) } : undefined;
}

function signInHint(context: HintContext, flavor: 'cloud' | 'datacenter' | undefined): string {
  const cli =
    flavor === 'datacenter'
      ? 'set CONFLUENCE_PAT to a valid personal access token'
      : flavor === 'cloud'
        ? 'set CONFLUENCE_EMAIL to your Atlassian account e-mail and CONFLUENCE_API_TOKEN to a valid API token (https://id.atlassian.com/manage-profile/security/api-tokens)'
        : 'set CONFLUENCE_EMAIL and CONFLUENCE_API_TOKEN (Cloud), or CONFLUENCE_PAT (Data Center)';
  const vscode = 'run the "Confluence: Sign In" command';
  if (context === 'cli') return `CLI: ${cli}.`;
  if (context === 'vscode') return `In VS Code, ${vscode}.`;
  return `CLI: ${cli}. In VS Code, ${vscode}.`;
}

function describeTarget(target: ErrorTarget | undefined): string {
  if (!target) return 'this content';
  if (target.pageId) return `page ${target.pageId}${target.title ? ` ("${target.title}")` : ''}`;
  if (target.title) return `page "${target.title}"${target.spaceKey ? ` in space ${target.spaceKey}` : ''}`;
  if (target.spaceKey) return `space ${target.spaceKey}`;
  if (target.spaceId) return `space ${target.spaceId}`;
  return 'this content';
}

export interface HintInput {
  status: number;
  code?: string;
  message: string;
  method: string;
  target?: ErrorTarget;
  context: HintContext;
  flavor?: 'cloud' | 'datacenter';
  retries: number;
}

/** The sentence that tells the user what to do about an HTTP error. */
export function hintFor(input: HintInput): string {
  const { status, message, target, context, flavor } = input;
  const what = describeTarget(target);
  switch (status) {
    case 401:
      if (/scope does not match/i.test(message)) {
        return `The scoped API token lacks a scope this call needs (for publishing: read/write page, attachment, label, content.property, content.restriction; search). Create a token with those scopes, then ${signInHint(context, flavor).replace(/^CLI: /, 'for the CLI ')}`;
      }
      return `Confluence rejected the credentials: the e-mail or token is wrong, or the token expired or was revoked. ${signInHint(context, flavor)}`;
    case 403:
      if (/XSRF/i.test(message)) return 'Confluence refused an upload without the XSRF header; this is a bug in the client, please report it.';
      return `Your account lacks permission for this on ${what}. Ask a space admin to grant you "Add pages"/"Edit" (and "Add attachments", "Restrict" where used) in ${target?.spaceKey ? `space ${target.spaceKey}` : 'the space'}, or check the page's restrictions.`;
    case 404:
      return `${what[0].toUpperCase()}${what.slice(1)} does not exist, or your account cannot see it. Check the id or key (CONFLUENCE_SPACE / the mapping file) and your view permission.`;
    case 409:
      return `${what[0].toUpperCase()}${what.slice(1)} was changed in Confluence while we were writing it (version conflict). Run the publish again: the plan will show the remote change.`;
    case 410:
      return 'This Confluence site no longer offers this REST endpoint. Update the tool, or report the endpoint if it is current.';
    case 413:
      return `The content is larger than Confluence accepts (page bodies at most 5 MB; attachments up to the site's limit). Split the document or shrink its images.`;
    case 429:
      return `Confluence kept rate limiting after ${input.retries} retries. Wait a few minutes, or lower the concurrency.`;
    case 400: {
      const pos = parseStoragePosition(message);
      if (pos || /error parsing xhtml/i.test(message)) {
        return `Confluence could not parse the generated storage format${pos ? ` at row ${pos.row}, column ${pos.column}` : ''}. Check raw HTML in the Markdown source near that point, or report a converter bug.`;
      }
      if (/title already exists/i.test(message)) {
        return `Another page (possibly archived) in the space already has this title. Rename the document's title, or map it to the existing page.`;
      }
      if (/version/i.test(message)) return 'The version number sent was rejected; re-read the page and publish again.';
      return 'Confluence rejected the request as invalid; the message above says which field.';
    }
    default:
      if (status >= 500) {
        return `Confluence had a server error${input.retries > 0 ? ` (after ${input.retries} retries)` : ''}. Try again later; if it persists, check the site's status page.`;
      }
      return '';
  }
}

/**
 * No answer came from the site: a network error (DNS, connection refused or reset) or a timeout. The front ends
 * show "offline" and keep showing the local state.
 */
export function isUnreachable(err: unknown): boolean {
  return isConfluenceError(err) && err.status === undefined && (err.code === 'NETWORK' || err.code === 'TIMEOUT');
}
