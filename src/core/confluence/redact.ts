/**
 * One redaction function for every log line, error message and debug dump of the client. It removes the known
 * secrets (token, PAT, the Authorization header value), any Basic/Bearer credential, credentials embedded in URLs
 * and token-like query parameters, so a secret never reaches a terminal, a log file or a bug report.
 */

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
