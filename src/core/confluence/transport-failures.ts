/**
 * Which transport failures are worth a retry. A dropped or refused connection may be gone a second later; a host name
 * that does not resolve or a certificate that does not match will not change between retries, so those fail at once
 * with a message that says what to fix (retrying them only added seconds and log lines before the same answer).
 */

export type TransportFailureKind = 'dns' | 'tls' | 'transient';

/** getaddrinfo failures: the name does not resolve (typo, offline, VPN, DNS). */
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL']);

/** OpenSSL / Node certificate verification codes (the name and trust checks of the server's certificate). */
const TLS_CODES = new Set([
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'HOSTNAME_MISMATCH',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

export function classifyTransportFailure(code: string): TransportFailureKind {
  if (DNS_CODES.has(code)) return 'dns';
  // CERT_HAS_EXPIRED, CERT_NOT_YET_VALID, CERT_REVOKED, CERT_UNTRUSTED, CERT_SIGNATURE_FAILURE, ...
  if (TLS_CODES.has(code) || /^CERT_/.test(code) || /^ERR_TLS_CERT/.test(code)) return 'tls';
  return 'transient';
}

/** The sentence telling the user what to do about a failure that no retry fixes. */
export function permanentFailureHint(kind: Exclude<TransportFailureKind, 'transient'>, code: string, host: string): string {
  if (kind === 'dns') {
    return `The host name ${host} could not be resolved (${code}). Check the Confluence URL for typos, and your network, VPN or DNS.`;
  }
  const why =
    code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH'
      ? 'the certificate was issued for another host name'
      : /SELF_SIGNED|ISSUER|LEAF_SIGNATURE|INVALID_CA|UNTRUSTED/.test(code)
        ? 'the certificate is not signed by a trusted authority'
        : code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID'
          ? 'the certificate is outside its validity dates'
          : code === 'ERR_SSL_WRONG_VERSION_NUMBER'
            ? 'the port does not speak TLS (an http:// service on an https:// URL?)'
            : 'the certificate was refused';
  return (
    `The TLS connection to ${host} was refused (${code}): ${why}. Check the Confluence URL (use the host name the site's ` +
    `certificate names). For a company certificate authority, point NODE_EXTRA_CA_CERTS at its certificate file; do not turn certificate checks off.`
  );
}
