import type { DiagramConfig } from '../diagrams/types';
import type { DocumentDiagnostic } from '../diagnostics';
import type { SecretFinding } from '../secrets/types';

/** The committed workspace configuration (`.confluence.yml`), with defaults applied. Never holds credentials. */
export interface WorkspaceConfig {
  /** Site URL; the CLI's CONFLUENCE_URL wins over it. */
  baseUrl?: string;
  spaceKey?: string;
  /** Workspace-relative POSIX folder holding the docs ('.' for the workspace root). */
  docsRoot: string;
  /** Title of the page every published page hangs under. */
  rootPageTitle: string;
  /** Title or numeric id of the page the root page is created under (default: the space homepage). */
  rootParent?: string;
  /** minimatch globs of documents to publish (matched against workspace- and docs-root-relative paths). */
  include: string[];
  exclude: string[];
  /** Files never published because they are meant to hold secrets (e.g. `**\/*.secrets.md`). */
  secretExclude: string[];
  /** Labels added to every page. */
  labels: string[];
  /** Restrict editing of published pages to the publishing account. */
  readOnly: boolean;
  /** Upper bound of parallel requests. */
  concurrency: number;
  /** Workspace-relative path of the mapping file. */
  mappingFile: string;
  /** Jira issue key shown on every page (front matter `jira` wins). */
  jiraTicket?: string;
  codeLineNumbers?: boolean;
  /**
   * Inline comments of a page being updated: `keep` (default) carries their markers over to the new body and reports
   * those that could not be re-anchored; `drop` publishes the body as converted (their comments lose their anchor).
   */
  comments?: 'keep' | 'drop';
  /** `diagrams:` — format, source for readers, theme, browser, PlantUML command (see core/diagrams/types.ts). */
  diagrams?: DiagramConfig;
}

export type PlanAction = 'create' | 'update' | 'unchanged' | 'move' | 'conflict' | 'blocked' | 'orphan' | 'error';

/**
 * Why an item needs a decision, so apply options can resolve it:
 * `title-taken` (--adopt), `remote-deleted` (recreate), `remote-edited` and `remote-moved` (--force), `secrets` (allowSecrets);
 * `orphan-kept`: nothing resolves it, the page is not ours to remove.
 */
export type PlanCode =
  | 'title-taken'
  | 'title-duplicate'
  | 'remote-deleted'
  | 'remote-edited'
  | 'remote-moved'
  | 'secrets'
  | 'front-matter-invalid'
  | 'space-mismatch'
  | 'read-failed'
  | 'convert-failed'
  | 'missing-parent'
  | 'body-too-large'
  | 'not-text'
  | 'secret-in-path'
  /** The document holds merge conflict markers (`confluence pull`, git): resolve them first. */
  | 'conflict-markers'
  /** An orphan whose page archive/delete leave alone (not provably published from that file, or still live). */
  | 'orphan-kept';

export interface PlanItem {
  /** Workspace-relative POSIX path: a `.md` file, or a folder ending in `/` for generated folder pages. */
  file: string;
  kind: 'document' | 'folder';
  action: PlanAction;
  title: string;
  pageId?: string;
  /** Title of the parent page this item is published under. */
  parentTitle?: string;
  /** The mapping key (`file`) of the parent item, or undefined when the parent is outside the publish (root's parent). */
  parentFile?: string;
  reason?: string;
  code?: PlanCode;
  findings?: SecretFinding[];
  diagnostics?: DocumentDiagnostic[];
  /** Version of the page in Confluence now. */
  remoteVersion?: number;
  /** Version we last published (mapping). */
  localVersion?: number;
  /** Content hash of what would be written. */
  hash?: string;
  /** The page moves to a new parent (also set for updates that move). */
  moves?: boolean;
  /** Content differs from what we last published. */
  changed?: boolean;
  /** Inline comments of the page (updates only, when it has any): kept in the new body, and those that could not be. */
  inlineComments?: InlineCommentsNote;
}

/** What happens to a page's inline comments on update (plan items and results). */
export interface InlineCommentsNote {
  kept: number;
  /** Of `kept`, placed on text that had changed a little (approximate match). */
  approximate: number;
  /** The texts of the comments that could not be re-anchored (or all of them with `comments: drop`). */
  notAnchored: string[];
  dropped?: boolean;
  /** "3 inline comments kept, 1 could not be re-anchored: '…'" */
  message: string;
}

export interface PlanSummary {
  [action: string]: number;
}

export interface SyncPlan {
  items: PlanItem[];
  rootPageTitle: string;
  spaceKey: string;
  summary: PlanSummary;
  /** Files of the docs tree left out for safety (symbolic links leaving the docs root, broken links), each named. */
  warnings?: DocumentDiagnostic[];
  /** Everything apply needs that is not in the items (storage bodies, listing). Opaque to front ends. */
  readonly internal?: unknown;
}

export type ResultAction =
  | 'created'
  | 'updated'
  | 'skipped'
  | 'moved'
  | 'conflict'
  | 'blocked'
  | 'error'
  | 'orphan'
  | 'archived'
  | 'deleted';

export interface SyncResult {
  file: string;
  action: ResultAction;
  pageId?: string;
  title: string;
  url?: string;
  version?: number;
  message?: string;
  /** Inline comments carried over (or not) by this update. */
  inlineComments?: InlineCommentsNote;
}

export interface SyncReport {
  results: SyncResult[];
  summary: Record<string, number>;
}

export interface SyncProgress {
  done: number;
  total: number;
  file?: string;
  result?: SyncResult;
}

export type OrphanPolicy = 'report' | 'archive' | 'delete';

export interface ApplyOptions {
  /** Overwrite pages edited in Confluence: all, or only these files. */
  force?: boolean | string[];
  /** Publish files with secret findings: all, or only these files. */
  allowSecrets?: boolean | string[];
  /** Take over pages found by title that we did not create. */
  adopt?: boolean;
  /** Recreate mapped pages that were deleted in Confluence: all, or only these files. */
  recreate?: boolean | string[];
  orphans?: OrphanPolicy;
  /** Aborts requests in flight too (a page whose write was cut off may be written but not recorded). */
  signal?: AbortSignal;
  /** Stops starting pages: those in flight finish and are recorded (the CLI's first Ctrl-C). */
  stop?: AbortSignal;
  onProgress?: (e: SyncProgress) => void;
  /** How often the mapping file is saved during the publish (default: every second or 500 pages, and at the end). */
  saveBatch?: { ms: number; changes: number };
  /** Most pages started and unfinished at once (default: 4 × concurrency; tests). */
  window?: number;
}

export interface PlanOptions {
  /** Workspace-relative or absolute files/folders to limit the publish to (their parent folders come along). */
  paths?: string[];
  signal?: AbortSignal;
}

export type LocalState = 'in-sync' | 'changed' | 'new' | 'excluded' | 'error';
