import type { DocumentDiagnostic } from '../diagnostics';
import type { DiagramLookup } from '../diagrams/lookup';

/** Where a relative link to another document of the publish set points. */
export interface LinkTarget {
  title: string;
  spaceKey: string;
  /**
   * Optional: what may follow "#" in a link to that document (GitHub-style slug or Confluence anchor) -> the
   * Confluence heading anchor (see `scanDocument`). Without it, fragments are kept as written.
   */
  anchors?: Record<string, string>;
  /**
   * The document is held back from publishing (likely secrets): a link to it stays text and names nothing of it,
   * with a `link-withheld` warning (title and anchors are then empty).
   */
  withheld?: boolean;
}

export interface ConvertOptions {
  /** Workspace-relative POSIX path of the document (used for warnings and to resolve relative links/images). */
  path: string;
  /**
   * Resolves a workspace-relative POSIX path of another document to its page, or undefined when the document is
   * not in the publish set. Without it, every relative `.md` link is reported as unresolved.
   */
  resolveDocument?: (targetPath: string) => LinkTarget | undefined;
  /**
   * Wiki links (`[[Other Page]]`): the workspace-relative path of the document of the publish set whose title or file
   * name (without extension) is `name` (case-insensitive), or undefined. Without it, only `name.md` beside the
   * document (through `resolveDocument`) is found.
   */
  findDocument?: (name: string) => string | undefined;
  /**
   * Rendered diagrams and formulas (the render cache, see src/core/diagrams). Without it, ```mermaid / ```plantuml
   * blocks and math are published as code with a `diagram-not-rendered` warning.
   */
  diagrams?: DiagramLookup;
  /** Reads a workspace-relative file (images); undefined when it does not exist. */
  readFile?: (path: string) => Uint8Array | undefined;
  /**
   * Why a workspace-relative file may not become an attachment, or undefined when it may. Default: the name rules
   * of `core/files/attachmentPolicy` (type allow-list, no hidden, key or environment files); the publish passes an
   * `AttachmentGuard`, which adds the file-system rules (symbolic links, git-ignored files).
   */
  checkAttachment?: (path: string) => string | undefined;
  /** Space of this document (for page links); defaults to the target's space. */
  spaceKey?: string;
  /** Show line numbers in code macros (default false). */
  codeLineNumbers?: boolean;
  /** Code macro languages to target: Cloud knows more (typescript, go, json ...) than Data Center (default 'cloud'). */
  codeLanguages?: 'cloud' | 'datacenter';
  /**
   * Put an anchor macro named like the heading's anchor in every heading (default false). Cloud resolves
   * `ac:link ac:anchor` against its own heading ids; Data Center ids carry the page title, so links to headings
   * there need these macros.
   */
  headingAnchorMacros?: boolean;
  /**
   * The text is a part of a document with headings before it (the preview converts one run of sections of a large
   * document alone): no H1 in it is the document's title.
   */
  afterHeadings?: boolean;
}

export interface FrontMatter {
  title?: string;
  labels?: string[];
  parent?: string;
  space?: string;
  page_id?: string;
  publish?: boolean;
  [key: string]: unknown;
}

export interface AttachmentRef {
  /** Workspace-relative POSIX path of the local file. */
  path: string;
  /** Attachment file name on the page (unique per page). */
  name: string;
  /** sha256 hex of the file content. */
  hash: string;
  size: number;
}

export interface DocumentLink {
  /** Workspace-relative POSIX path of the linked document. */
  target: string;
  anchor?: string;
  line: number;
  resolved: boolean;
}

export interface Heading {
  text: string;
  /** The anchor Confluence uses for this heading. */
  anchor: string;
  level: number;
  line: number;
}

export interface ConvertResult {
  title: string;
  titleSource: 'front-matter' | 'h1' | 'file-name';
  /** Confluence storage format (well-formed XHTML fragment). */
  storage: string;
  frontMatter: FrontMatter;
  labels: string[];
  /** false when front matter says `publish: false`. */
  publish: boolean;
  attachments: AttachmentRef[];
  links: DocumentLink[];
  headings: Heading[];
  warnings: DocumentDiagnostic[];
}
