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
  /** 1-based column just after the secret on `line` (for editor ranges); may equal column + length of the value. */
  endColumn?: number;
}

/** Known false positives from `.confluence-secrets-ignore`: by fingerprint, optionally limited to one file. */
export interface SecretIgnoreList {
  /** Fingerprints ignored in every file. */
  readonly global: ReadonlySet<string>;
  /** Workspace-relative POSIX path -> fingerprints ignored only in that file. */
  readonly byPath: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface ScanOptions {
  ignore?: SecretIgnoreList;
}
