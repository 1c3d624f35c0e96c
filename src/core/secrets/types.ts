/** One likely secret in a document. Never carries the secret itself: only a masked preview. */
export interface SecretFinding {
  /** Path as given to the scanner (workspace-relative POSIX in the engine). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Rule id, e.g. `atlassian-api-token`, `@secretlint/secretlint-rule-aws`. */
  rule: string;
  message: string;
  /** e.g. `ATAT****************3F9a` */
  preview: string;
  /** Stable hash of rule + secret value, for the ignore file. */
  fingerprint: string;
}
