/** The publish engine: workspace config, mapping file, plan and apply. Shared by the CLI and the extension. */
export * from './types';
export { loadWorkspaceConfig, parseConfigText, ConfigError, CONFIG_FILE_NAME, DEFAULT_ROOT_PAGE_TITLE } from './config';
export { MappingFile, MappingFileError, type MappingEntry } from './mapping';
export { SyncEngine, type SyncEngineOptions } from './engine';
export { PlanError } from './planner';
export { computeLocalStatus, computeLocalStatusAsync, type LocalStatus, type LocalStatusOptions } from './status';
export { ConversionCache, type ConversionCacheOptions } from './conversionCache';
export { rebuildMapping, type RebuildResult } from './rebuild';
export { fetchRemoteMarkdown } from './remote';
export { PROPERTY_KEY, TOOL_NAME, contentHash } from './local';
export { discoverDocs, globMatcher } from './discover';
export { workspaceLinkResolver } from './links';
export { removableOrphans, keptOrphans } from './orphans';
