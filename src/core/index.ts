/**
 * The engine's front door: the only module of `src/core` that `src/cli`, `src/extension` and `src/server` may import
 * (ESLint's no-restricted-imports enforces it, see eslint.config.mjs). Everything not exported here is internal to
 * core and may change without touching a front end. Add an export here only when a front end needs it; core's own
 * modules import each other directly, never through this file (that would create import cycles).
 */

// Confluence HTTP client (Cloud + Data Center) and its typed errors.
export {
  connectConfluence, ConfluenceError, credentialSecrets, isAbort, isConfluenceError, isUnauthorized, redactSecrets, SecretMask,
} from './confluence';
export type { ConfluenceApi, ConfluenceCredentials, Page } from './confluence';
export { isLoopbackHost, siteUrlProblem } from './confluence/site';
export type { SiteUrlProblem } from './confluence/site';

// Markdown -> Confluence storage format.
export {
  conversionOptions, convertMarkdown, flavorOfSiteUrl, linkTargetOf, workspaceDocumentResolver,
} from './markdown';
export type { AttachmentRef, LinkTarget } from './markdown';

// Storage format -> Markdown / HTML (previews, the local server's page view).
export { previewCss, scanStorageXml, storageToHtml, storageToMarkdown } from './storage';

// Secret scanner.
export { DEFAULT_SECRET_EXCLUDE_GLOBS, SECRET_IGNORE_FILE, loadSecretIgnoreFile, scanText } from './secrets';
export type { SecretFinding, SecretIgnoreList } from './secrets';

// The publish engine: workspace config, mapping file, plan and apply.
export {
  ConfigError, MappingFile, MappingFileError, PlanError, SyncEngine, computeLocalStatus, fetchRemoteMarkdown,
  globMatcher, loadWorkspaceConfig, rebuildMapping, workspaceLinkResolver,
} from './sync';
export { PlanOutdatedError, RunLockedError } from './sync/runLock';
export { attachmentSecretScanner } from './sync/attachmentScan';
export { keptOrphans, removableOrphans } from './sync/orphans';
export { withPathFindings } from './sync/pathFindings';
export { screenDocument } from './sync/screen';
export { defaultSecretScanner } from './sync/secretsPort';
export { screenLocalStatus } from './sync/statusScreen';
export type {
  ApplyOptions, LocalStatus, OrphanPolicy, PlanAction, PlanItem, SyncPlan, SyncProgress, SyncReport, SyncResult,
  WorkspaceConfig,
} from './sync';

// Files the front ends read or attach (the same guards the engine uses).
export { attachedTextFiles } from './files/attachedFiles';
export { AttachmentGuard, AttachmentRefusedError } from './files/attachmentGuard';
export { attachmentMediaType } from './files/attachmentPolicy';
export { walkFiles } from './files/walkFiles';

// Shared ports and types.
export { DocumentError } from './diagnostics';
export type { DocumentDiagnostic } from './diagnostics';
export type { Logger } from './logging';

// The file-system port (the engine reads and writes only through it).
export type { FileSystem, FileStat, DirEntry } from './files/fileSystem';
export { isNotFound } from './files/fileSystem';
export { nodeFileSystem } from './files/nodeFileSystem';
export { MemoryFileSystem } from './files/memoryFileSystem';

// Storage -> Markdown for import and pull (issue 12, storage conversion): the report of what was kept verbatim or dropped.
export { convertStorageToMarkdown, markdownAnchors } from './storage';
export type { StorageToMarkdownOptions, StorageToMarkdownResult, UnconvertedElement } from './storage';

// The publish policy (issue 11, extension architecture): which decisions a run needs (secrets, conflicts, orphans),
// the non-interactive defaults, and how the answers become apply options. Both front ends implement PublishDecisions.
export {
  applyOptionsFor, conflictItems, decidePublish, needsAnswers, orphanQuestion, publishQuestions, secretItems, writingItems,
} from './sync/publishPolicy';
export type {
  ConflictChoice, OrphansQuestion, PublishAnswers, PublishDecision, PublishDecisions, PublishStage, SecretsChoice,
  SecretsQuestion, StandingAnswers,
} from './sync/publishPolicy';
// The read side (issue 12, import): Confluence pages -> Markdown files, names, mapping entries.
export { assignNames, nameForTitle } from './read/fileNames';
export { pageToMarkdown, type PageForMarkdown, type PageLinkTarget, type PageMarkdownContext } from './read/pageMarkdown';
export { mappingEntriesFor, type RecordInput, type RecordOptions, type RecordProblem } from './read/recordMapping';
export { ImportError, runImport, SECRET_PLACEHOLDER, type ImportOptions, type ImportProgress, type ImportReport } from './read/import';

// The read side (issue 12, pull): Confluence edits merged into the working files.
export { pullFromConfluence } from './read/pull';
export { mergeConflict, type MergeConflictResult } from './read/pull/mergeConflict';
export type { PullAction, PullItem, PullOptions, PullReport } from './read/pull';

// The read side in the editor (issue 12, VS Code): the quiet, read-only check behind "changed in Confluence".
export { checkRemoteChanges, type RemoteCheck, type RemoteCheckItem, type RemoteCheckOptions } from './read/pull/check';
export type { Space } from './confluence/types';

// Shipping (issue 16): the sign-in choice (scoped API token, classic API token, personal access token).
export type { ConfluenceAuthKind } from './confluence';


// Inline comments that survive a re-publish (issue 14, inline comments): markers re-anchored in the new body; what a
// plan item / result says about them; markers-only changes are not edits (for pull and the conflict diff).
export { addCommentMarker, describeReanchor, reanchorComments, sameExceptCommentMarkers, stripCommentMarkers } from './comments/reanchor';
export type { LostComment, ReanchorResult } from './comments/reanchor';
export type { InlineCommentsNote } from './sync/types';


// Diagrams and math (issue 14): the renderer port, the render cache and its keys, the `diagrams:` config
export type { DiagramBlock, DiagramConfig, DiagramRenderer, RenderOutcome } from './diagrams/types';
export { diagramAttachmentName, diagramKey, DIAGRAM_CACHE_DIR } from './diagrams/keys';
export { prepareDiagrams, type DiagramSetup } from './diagrams/prepare';
export { diagramLookup, type DiagramLookup } from './diagrams/lookup';

// Getting started in the editor (issue 15, vscodel10n): the text of a new `.confluence.yml` (no credential in it).
export { docsFolderProblem, workspaceConfigText, type NewWorkspaceConfig } from './sync/configFile';
// The extension's offline state (issue 13, extmodel): no answer from the site
export { isUnreachable } from './confluence/errors';
// Scale (issue 13, core): the conversion cache (memory, and `.confluence/cache/` on disk), the yielding local status.
export { ConversionCache, computeLocalStatusAsync, type ConversionCacheOptions, type LocalStatusOptions } from './sync';
// The extension host never blocked > 100 ms (issue 13, extstall): the engine's time slice, for the views' rebuilds.
export { TimeSlice } from './sync/eventLoop';
