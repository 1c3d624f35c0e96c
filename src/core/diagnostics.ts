/** A problem found in a document, shared by the converter, the secret scanner and the sync planner. */
export interface DocumentDiagnostic {
  /** Workspace-relative POSIX path of the document. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column, when known. */
  column?: number;
  severity: 'error' | 'warning' | 'info';
  /** Stable machine-readable code, e.g. `link-unresolved`, `image-missing`, `front-matter-invalid`. */
  code: string;
  message: string;
}

/** An error that belongs to one document: the message names the file and says what to do. */
export class DocumentError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly code: string,
    message: string,
  ) {
    super(line ? `${file}:${line}: ${message}` : `${file}: ${message}`);
    this.name = 'DocumentError';
  }
}
