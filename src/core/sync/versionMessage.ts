import { TOOL_NAME } from './local';

/**
 * The version message of every page version we write: says who wrote it, from which file, and which content.
 * Confluence returns it with the page listing (Cloud v2 `version.message`, Data Center `expand=version`), so a
 * later run can tell "the current version is the one we wrote" (a run killed before saving the mapping) from a
 * remote edit without any extra request.
 */
const HASH_CHARS = 16; // 64 bits of the sha256: enough to tell our own versions apart, short in the page history

export function versionMessage(source: string, hash: string): string {
  return `Published from ${source} by ${TOOL_NAME} [sha256:${hash.slice(0, HASH_CHARS)}]`;
}

export interface OurVersion {
  /** Workspace-relative mapping key the version was published from. */
  source: string;
  /** Prefix of the content hash that version carries. */
  hashPrefix: string;
}

const PATTERN = new RegExp(`^Published from (.+) by ${TOOL_NAME.replace(/[-]/g, '\\-')} \\[sha256:([0-9a-f]{8,64})\\]$`);

/** The source and content of a version we wrote, or undefined for anyone else's version (or an older message). */
export function parseVersionMessage(message: string | undefined): OurVersion | undefined {
  if (!message) return undefined;
  const m = PATTERN.exec(message.trim());
  return m ? { source: m[1], hashPrefix: m[2] } : undefined;
}

/** True when `hash` (a full content hash) is the content the version carries. */
export function sameContent(version: OurVersion, hash: string | undefined): boolean {
  return hash !== undefined && hash.startsWith(version.hashPrefix);
}
