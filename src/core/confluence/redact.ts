/**
 * One redaction function for every log line, error message and debug dump of the client. It removes the known
 * secrets (token, PAT, the Authorization header value), any Basic/Bearer credential, credentials embedded in URLs
 * and token-like query parameters, so a secret never reaches a terminal, a log file or a bug report.
 */

import type { ConfluenceCredentials } from './types';

const REDACTED = '[REDACTED]';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every form a secret may take in text we print: as is, URL-encoded, and base64 (of itself). */
function secretVariants(secret: string): string[] {
  const variants = new Set<string>([secret]);
  try {
    variants.add(encodeURIComponent(secret));
  } catch {
    // lone surrogates: the plain form is enough
  }
  return [...variants];
}

export function redactSecrets(text: string, knownSecrets: Iterable<string | undefined> = []): string {
  return createRedactor(knownSecrets)(text);
}

/** The same redaction with the secret patterns compiled once (the client redacts every log line). */
export function createRedactor(knownSecrets: Iterable<string | undefined>): (text: string) => string {
  // Longest first, so a secret containing another one is removed whole.
  const secrets = [...knownSecrets].filter((s): s is string => typeof s === 'string' && s.length >= 4);
  secrets.sort((a, b) => b.length - a.length);
  const variants = secrets.flatMap(secretVariants).map(escapeRegExp);
  // Whole occurrences only: a secret glued to letters or digits is part of another word (a token `test` must not
  // turn "latest" into "la[REDACTED]"), so ordinary text stays readable while the secret itself is always masked.
  const known = variants.length > 0 ? new RegExp(`(?<![A-Za-z0-9])(?:${variants.join('|')})(?![A-Za-z0-9])`, 'g') : undefined;
  return (text: string): string => {
    let out = known ? text.replace(known, REDACTED) : text;
    // Authorization headers in any dump format: `Authorization: Basic x`, `"authorization":"Bearer x"`, `authorization=x`.
    out = out.replace(
      /((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(basic|bearer|token)\s+)?[^\s"',}]+/gi,
      (_m, prefix: string, scheme: string | undefined) => `${prefix}${scheme ? `${scheme} ` : ''}${REDACTED}`,
    );
    // Bare credentials after a scheme word, e.g. in a curl line or an axios config dump.
    // An all-lowercase word is prose ("Basic authentication"), not a credential.
    out = out.replace(/\b(Basic|Bearer)\s+(?!\[REDACTED\])(?![a-z]+\b)[A-Za-z0-9._~+/-]{8,}=*/g, `$1 ${REDACTED}`);
    // user:password@ in URLs.
    out = out.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@"']+:[^/\s@"']+@/gi, `$1${REDACTED}@`);
    // Token-like query parameters.
    out = out.replace(/([?&](?:access_token|api_token|apitoken|token|password|pat)=)[^&\s"']+/gi, `$1${REDACTED}`);
    return out;
  };
}

/**
 * What is secret in a set of credentials: the API token, the PAT, and the Authorization header values built from
 * them (the Basic value is base64 of `email:token`, which contains neither as text). The client and every front end
 * mask the same list, so a token is masked the same way in a log line, an error and a terminal.
 */
export function credentialSecrets(credentials: Partial<ConfluenceCredentials> | undefined): string[] {
  if (!credentials) return [];
  const { email, apiToken, personalAccessToken } = credentials;
  const out = [apiToken, personalAccessToken].map((s) => s?.trim()).filter((s): s is string => Boolean(s));
  if (email && apiToken) out.push(Buffer.from(`${email}:${apiToken}`, 'utf8').toString('base64'));
  return out;
}

/**
 * The secrets met so far by a long-lived front end (the extension signs in and out), with the one redaction over
 * them: front ends remember credentials here instead of keeping their own list of strings.
 */
export class SecretMask {
  readonly #secrets = new Set<string>();
  #redact = createRedactor([]);

  /** Remembers the secrets of these credentials (kept in memory only) for every later `clean`. */
  remember(credentials: Partial<ConfluenceCredentials> | undefined): void {
    const before = this.#secrets.size;
    for (const secret of credentialSecrets(credentials)) this.#secrets.add(secret);
    if (this.#secrets.size !== before) this.#redact = createRedactor(this.#secrets);
  }

  clean(text: string): string {
    return this.#redact(text);
  }
}
