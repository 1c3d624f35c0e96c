// Host-free: the text of the documents the editor worker works on, kept by the worker and brought up to date with the
// edits the host forwards as they happen (issue 13: a keystroke in a 1 MB document sends a few bytes to the worker,
// not the document; `document.getText()` of 1 MB alone blocked the extension host ~50 ms per job). The host sends the
// whole text with a document's first job, or again when the worker answers that it lacks the text of that version.

/** One change of a text document event (VS Code's `rangeOffset`, `rangeLength`, `text`), in the event's order. */
export interface TextChange {
  offset: number;
  deleteCount: number;
  text: string;
}

/**
 * Which text a job is for: the document, its version, its length and the text of the lines edited last (cheap checks
 * that the worker's copy is right: an edit applied in the wrong place keeps the length, not those lines).
 */
export interface DocumentRef {
  key: string;
  version: number;
  length: number;
  /** Lines (0-based, without their line break) as the editor has them now. */
  lines?: Array<{ line: number; text: string }>;
}

/** The host's side of a document a job is for: read when the job is sent, not when it is asked for. */
export interface DocumentSource {
  key: string;
  version(): number;
  length(): number;
  text(): string;
  /** The lines edited last, as they read now (see DocumentRef.lines). */
  lines?(): Array<{ line: number; text: string }>;
}

export class DocumentTexts {
  readonly #docs = new Map<string, { version: number; text: string }>();

  open(key: string, version: number, text: string): void {
    this.#docs.set(key, { version, text });
  }

  /**
   * Applies the changes of one document event, in order (VS Code lists a multi-cursor edit's changes from the end of
   * the document backwards, so each offset still holds when the ones before it are applied — as its own documents do).
   */
  edit(key: string, version: number, changes: readonly TextChange[]): void {
    const doc = this.#docs.get(key);
    if (!doc) return;
    if (version <= doc.version) return;
    let text = doc.text;
    for (const c of changes) {
      if (c.offset < 0 || c.offset + c.deleteCount > text.length) {
        // not the text the host edited: forget it, the next job sends it whole
        this.#docs.delete(key);
        return;
      }
      text = text.slice(0, c.offset) + c.text + text.slice(c.offset + c.deleteCount);
    }
    this.#docs.set(key, { version, text });
  }

  close(key: string): void {
    this.#docs.delete(key);
  }

  /** The text of that version, or undefined when this copy is not it (the host then sends the text). */
  text(ref: DocumentRef): string | undefined {
    const doc = this.#docs.get(ref.key);
    if (!doc || doc.version !== ref.version || doc.text.length !== ref.length || !linesMatch(doc.text, ref.lines)) {
      this.#docs.delete(ref.key);
      return undefined;
    }
    return doc.text;
  }

  get size(): number {
    return this.#docs.size;
  }
}

/** Whether `text` has these lines (one pass up to the last of them; a line's `\r` is not part of it). */
function linesMatch(text: string, lines: DocumentRef['lines']): boolean {
  if (!lines?.length) return true;
  const wanted = new Map(lines.map((l) => [l.line, l.text]));
  const last = Math.max(...wanted.keys());
  let start = 0;
  for (let line = 0; line <= last; line++) {
    if (start > text.length) return false;
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const want = wanted.get(line);
    if (want !== undefined) {
      const got = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
      if (got !== want) return false;
    }
    start = end + 1;
  }
  return true;
}
