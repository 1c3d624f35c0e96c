import type MarkdownIt from 'markdown-it';
import type { DocumentDiagnostic } from '../diagnostics';
import type { CodeLanguageSet } from './languages';
import type { AttachmentRef, ConvertOptions, DocumentLink, Heading } from './types';

/** An element opened by raw HTML that must be closed before its container ends (keeps the output well-formed). */
export interface OpenHtml {
  name: string;
  close: string;
}

/** Per-render state, carried in markdown-it's `env`. One per document; the markdown-it instance is shared. */
export interface RenderEnv extends MarkdownIt.Env {
  file: string;
  /** Folder of the document (workspace-relative POSIX, '' for the root). */
  dir: string;
  options: ConvertOptions;
  codeLanguages: CodeLanguageSet;
  /** Use the first heading as the title when it is an H1 (no front matter title). */
  wantH1Title: boolean;
  /** Set by the outline rule when the first H1 became the title. */
  h1Title?: string;
  /** 1-based line in the source file where the body starts minus one (front matter offset is in the source). */
  headings: Heading[];
  /** Texts of the body's headings, and names of `<a name>` anchors (set by the outline rule). */
  headingTexts: string[];
  namedAnchors: string[];
  /** What may follow "#" in a link to this page -> Confluence anchor; built on the first same-page link. */
  anchors?: Record<string, string>;
  warnings: DocumentDiagnostic[];
  links: DocumentLink[];
  attachments: Map<string, AttachmentRef>;
  attachmentNames: Set<string>;
  /** Raw HTML elements open at block level, and the stack length at each open container. */
  htmlStack: OpenHtml[];
  htmlMarks: number[];
  /** Raw HTML elements open inside the current inline run, and where the current run starts in it. */
  inlineStack: OpenHtml[];
  inlineBase: number;
  /** Skipping the content of a dropped element (script, style ...) until its end tag. */
  skipUntil?: string;
  /** A `<details>` whose expand macro waits for its `<summary>` title. */
  pendingExpand?: { title: string; inSummary: boolean };
  /** Current 1-based source line (for warnings). */
  line: number;
  /** Storage kept verbatim (confluence-storage blocks or comments) was written: the result is checked once. */
  rawStorage?: boolean;
}

export function warn(env: RenderEnv, code: string, message: string, line = env.line): void {
  env.warnings.push({ file: env.file, line, severity: 'warning', code, message });
}
